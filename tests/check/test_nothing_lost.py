"""What the checker says about text, files, links and translations that would otherwise be
lost or wrong without a word: open raw-text tags, files a language folder cannot publish,
symbolic links, links to drafts or of the wrong kind, translation keys shared too widely."""

from __future__ import annotations

import os

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.check import CheckReport, Problem, check_content

from ..corpus import ROOT, story, write_corpus
from ..photo_files import camera_photo

BASE = read_base_settings(ROOT / "pelicanconf.py")
RAW_TEXT_TAGS = [
    "style",
    "script",
    "title",
    "xmp",
    "noembed",
    "plaintext",
    "textarea",
    "noscript",
    "iframe",
    "noframes",
    "template",
]


def check(tmp_path, files, settings=BASE) -> CheckReport:
    write_corpus(tmp_path, files)
    return check_content(tmp_path / "content", settings)


def lines(report: CheckReport) -> list[str]:
    return [str(problem) for problem in report.problems]


def only(report: CheckReport) -> Problem:
    assert len(report.problems) == 1, lines(report)
    return report.problems[0]


# --- a tag left open swallows the rest of the story -------------------------------------


@pytest.mark.parametrize("tag", RAW_TEXT_TAGS)
def test_an_unclosed_tag_that_would_swallow_the_rest_of_the_story_is_an_error_at_its_line(
    tmp_path, tag
):
    body = f"Đoạn đầu.\n\n<{tag}>\n\nĐoạn hai dài hơn một chút.\n\nĐoạn ba."
    problem = only(check(tmp_path, {"vi/a.md": story(body=body)}))
    assert (problem.path, problem.line, problem.severity) == ("content/vi/a.md", 8, "error")
    assert f"<{tag}>" in problem.what


def test_a_tag_opened_mid_sentence_or_written_self_closing_is_reported_too(tmp_path):
    body = "Một <STYLE type='x'> giữa câu.\n\n<script src='x'/>\n\nĐoạn hai."
    problem = only(check(tmp_path, {"vi/a.md": story(body=body)}))
    assert problem.line == 6 and "<style>" in problem.what and "</style>" in problem.fix


def test_an_unclosed_tag_in_a_list_item_is_reported(tmp_path):
    body = "Đoạn.\n\n- Mục một.\n\n    <iframe src='x'>\n\nĐoạn hai."
    assert only(check(tmp_path, {"vi/a.md": story(body=body)})).line == 10


def test_closed_tags_and_tags_written_as_code_are_fine(tmp_path):
    body = (
        "<style>\n\np {}\n\n</STYLE >\n\n"
        "Thẻ `<style>` và `<title>` trong chữ.\n\n"
        "```\n<script>\n```\n\n"
        "Đoạn.\n\n    <textarea>\n\n"
        "<title>Tiêu đề</title> và <iframe src='x'></iframe>"
    )
    assert check(tmp_path, {"vi/a.md": story(body=body)}).problems == []


# --- files a language folder cannot publish ---------------------------------------------


@pytest.mark.parametrize("name", ["bai.MD", "bai.markdown", "bai.mdown", "bai.mkd", "bai.Md"])
def test_a_story_with_another_ending_is_an_error_saying_to_rename_it_to_md(tmp_path, name):
    problem = only(check(tmp_path, {f"vi/2024/07/{name}": story()}))
    assert (problem.path, problem.severity) == (f"content/vi/2024/07/{name}", "error")
    assert "not published" in problem.what and "rename it to 'bai.md'" in problem.fix


def test_an_image_in_a_language_folder_is_an_error_saying_to_move_it_to_images(tmp_path):
    problem = only(check(tmp_path, {"en/2024/07/anh.jpg": b"\xff\xd8\xff"}))
    assert problem.path == "content/en/2024/07/anh.jpg" and "content/images/" in problem.fix


@pytest.mark.parametrize("name", ["bai.txt", "bai.html"])
def test_an_old_portal_article_in_a_language_folder_is_an_error_naming_invoke_import(
    tmp_path, name
):
    problem = only(check(tmp_path, {f"vi/{name}": "Tin cũ."}))
    assert problem.path == f"content/vi/{name}" and "invoke import" in problem.fix


def test_any_other_file_in_a_language_folder_is_an_error_naming_it(tmp_path):
    problem = only(check(tmp_path, {"vi/pages/bang-gia.pdf": b"%PDF", "vi/a.md": story()}))
    assert problem.path == "content/vi/pages/bang-gia.pdf" and "move the file" in problem.fix


def test_hidden_files_and_editor_backups_are_ignored(tmp_path):
    files = {
        "vi/a.md": story(),
        "vi/.DS_Store": b"\x00\x00",
        "vi/._a.md": b"\x00\x05\x16\x07",  # a macOS copy's resource fork
        "vi/.nhap.md": "không phải front matter",
        "vi/a.md~": "bản cũ",
        "vi/#a.md#": "tự lưu",
        "images/.DS_Store": b"\x00",
    }
    write_corpus(tmp_path, files)
    os.symlink("root@host.123", tmp_path / "content/vi/.#a.md")  # an Emacs lock
    report = check_content(tmp_path / "content", BASE)
    assert report.problems == [] and report.files == 1


# --- symbolic links ---------------------------------------------------------------------


def test_a_story_that_is_a_link_to_etc_passwd_is_reported_as_a_link(tmp_path):
    write_corpus(tmp_path, {})
    os.symlink("/etc/passwd", tmp_path / "content/vi/x.md")
    problem = only(check_content(tmp_path / "content", BASE))
    assert (problem.path, problem.severity) == ("content/vi/x.md", "error")
    assert "symbolic link to '/etc/passwd', outside content/" in problem.what
    assert "front matter" not in problem.what and "copy" in problem.fix


def test_a_folder_linked_into_another_language_is_one_error_naming_the_link(tmp_path):
    write_corpus(tmp_path, {"vi/2025/01/a.md": story(date="2025-01-02")})
    (tmp_path / "content/en").mkdir()
    os.symlink("../vi", tmp_path / "content/en/2025", target_is_directory=True)
    problem = only(check_content(tmp_path / "content", BASE))
    assert problem.path == "content/en/2025" and "symbolic link (to '../vi')" in problem.what


def test_a_link_loop_among_the_images_is_one_error_naming_the_link(tmp_path):
    write_corpus(tmp_path, {"vi/a.md": story(), "images/anh.jpg": camera_photo((64, 48))})
    os.symlink(".", tmp_path / "content/images/loop")
    problem = only(check_content(tmp_path / "content", BASE))
    assert problem.path == "content/images/loop" and "symbolic link" in problem.what


# --- links to drafts --------------------------------------------------------------------


def test_a_published_story_linking_to_a_draft_is_an_error_naming_the_draft(tmp_path):
    files = {
        "vi/2024/07/a.md": story(body="Đoạn.\n\nXem [bài nháp]({filename}b.md)."),
        "vi/2024/07/b.md": story(status="draft"),
    }
    problem = only(check(tmp_path, files))
    assert (problem.path, problem.line, problem.severity) == ("content/vi/2024/07/a.md", 8, "error")
    assert "content/vi/2024/07/b.md" in problem.what and "draft" in problem.what


def test_a_draft_may_link_to_a_draft_and_anyone_to_a_published_story(tmp_path):
    files = {
        "vi/2024/07/a.md": story(status="draft", body="[b]({filename}/vi/2024/07/b.md)"),
        "vi/2024/07/b.md": story(status="draft", body="[c]({filename}c.md)"),
        "vi/2024/07/c.md": story(),
    }
    assert check(tmp_path, files).problems == []


def test_with_draft_links_dropped_a_link_to_a_draft_is_a_warning(tmp_path):
    files = {
        "vi/2024/07/a.md": story(body="[b]({filename}b.md)"),
        "vi/2024/07/b.md": story(status="draft"),
    }
    problem = only(check(tmp_path, files, {**BASE, "PORTAL_DRAFT_LINKS": "drop"}))
    assert problem.severity == "warning" and "left out" in problem.what


# --- {static} and {filename} of the wrong kind ------------------------------------------


def test_a_static_link_to_a_story_is_an_error_saying_to_use_filename(tmp_path):
    files = {
        "vi/2024/07/a.md": story(body="Đoạn.\n\n[xem]({static}/vi/2024/07/bai.md)"),
        "vi/2024/07/bai.md": story(),
    }
    problem = only(check(tmp_path, files))
    assert (problem.line, problem.severity) == (8, "error")
    assert "{filename}/vi/2024/07/bai.md" in problem.fix


def test_a_filename_link_to_an_image_is_an_error_saying_to_use_static(tmp_path):
    files = {
        "vi/a.md": story(body="![Ảnh]({filename}/images/anh.jpg)"),
        "images/anh.jpg": camera_photo((64, 48)),
    }
    problem = only(check(tmp_path, files))
    assert problem.line == 6 and "{static}/images/anh.jpg" in problem.fix


# --- translation keys -------------------------------------------------------------------


def test_a_translation_key_shared_by_three_files_is_one_error_naming_all_three(tmp_path):
    files = {
        "vi/2024/07/a.md": story(translation_key="hoi-nghi"),
        "vi/2024/07/b.md": story(translation_key="hoi-nghi"),
        "en/2024/07/c.md": story(translation_key="hoi-nghi"),
    }
    problem = only(check(tmp_path, files))
    assert problem.path == (
        "content/en/2024/07/c.md and content/vi/2024/07/a.md and content/vi/2024/07/b.md"
    )
    assert "3 files share the translation key 'hoi-nghi', 2 in Vietnamese" in problem.what


def test_two_stories_of_one_language_with_one_translation_key_are_an_error(tmp_path):
    files = {
        "en/2024/07/a.md": story(translation_key="x"),
        "en/2024/07/b.md": story(translation_key="x"),
    }
    problem = only(check(tmp_path, files))
    assert problem.severity == "error" and "2 in English" in problem.what


def test_a_key_that_is_another_file_s_path_is_an_error_saying_why(tmp_path):
    files = {"vi/2024/07/b.md": story(translation_key="2024/07/a.md"), "vi/2024/07/a.md": story()}
    problem = only(check(tmp_path, files))
    assert "content/vi/2024/07/a.md has no 'translation_key'" in problem.what


def test_a_translation_at_the_same_path_with_its_own_key_is_a_warning_naming_both(tmp_path):
    files = {"vi/2024/07/a.md": story(translation_key="k"), "en/2024/07/a.md": story()}
    report = check(tmp_path, files)
    assert [(p.path, p.severity) for p in report.problems] == [
        ("content/en/2024/07/a.md", "warning"),
        ("content/vi/2024/07/a.md", "warning"),
    ]
    english = report.problems[0]
    assert "content/vi/2024/07/a.md is not paired with it" in english.what
    assert "'k'" in english.what and "translation_key: k" in english.fix
    assert english.what.count("content/") == 1
