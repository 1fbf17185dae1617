"""Builds never publish less than the content says without saying why: text swallowed by
an open tag, files a language folder cannot publish, symbolic links, links to drafts."""

from __future__ import annotations

import os

import pytest

from vnportal.check import one_file
from vnportal.model.errors import BuildError

from ..corpus import story
from ..photo_files import camera_photo


def problems(build_corpus, files, settings="") -> str:
    with pytest.raises(BuildError) as caught:
        build_corpus(files, settings)
    return "\n".join(caught.value.problems)


def test_a_story_cut_short_by_an_unclosed_style_stops_the_build_at_its_line(build_corpus):
    body = "Đoạn đầu.\n\n<style>\n\nĐoạn hai, sẽ mất nếu không báo."
    found = problems(build_corpus, {"vi/2024/07/a.md": story(body=body)})
    assert "content/vi/2024/07/a.md:8: error: the <style> opened here is never closed" in found


def test_text_vanishing_in_conversion_stops_the_build_even_when_the_checker_misses_it(
    build_corpus, monkeypatch
):
    monkeypatch.setattr(one_file, "unclosed_elements", lambda body, line: [], raising=False)
    body = "Đoạn đầu.\n\n<style>\n\n" + "Hội nghị tập huấn phổ biến, giáo dục pháp luật. " * 3
    found = problems(build_corpus, {"vi/2024/07/a.md": story(body=body)})
    assert "content/vi/2024/07/a.md: the page would show 7 of the" in found
    assert "never closed" in found


def test_a_story_ending_in_capital_md_stops_the_build_instead_of_vanishing(build_corpus):
    found = problems(build_corpus, {"vi/2024/07/a.md": story(), "vi/2024/07/b.MD": story()})
    assert "content/vi/2024/07/b.MD: error: this file is not published" in found
    assert "rename it to 'b.md'" in found


def test_hidden_files_and_editor_backups_are_left_out_of_the_build(build_corpus):
    output = build_corpus(
        {
            "vi/2024/07/a.md": story(),
            "vi/2024/07/.nhap.md": story(title="Nháp ẩn"),
            "vi/2024/07/a.md~": story(title="Bản cũ"),
            "images/.DS_Store": b"\x00",
            "images/anh.jpg": camera_photo((640, 480)),
        }
    )
    assert (output / "2024/07/a/index.html").is_file()
    assert not (output / "2024/07/nhap").exists() and not (output / "2024/07/.nhap").exists()
    assert (output / "images/anh.jpg").is_file() and not (output / "images/.DS_Store").exists()


def test_a_folder_link_added_after_a_build_stops_the_next_build(build_corpus, tmp_path):
    files = {"vi/2025/01/a.md": story(date="2025-01-02"), "en/2024/07/b.md": story()}
    build_corpus(files)
    os.symlink("../vi/2025", tmp_path / "content/en/2025", target_is_directory=True)
    found = problems(build_corpus, files)
    assert "content/en/2025: error: this is a symbolic link (to '../vi/2025')" in found


def test_a_link_loop_among_the_images_stops_the_build_naming_it(build_corpus, tmp_path):
    (tmp_path / "content/images").mkdir(parents=True)
    os.symlink(".", tmp_path / "content/images/loop")
    found = problems(build_corpus, {"vi/2024/07/a.md": story()})
    assert found.startswith("content/images/loop:") and "Errno" not in found
    assert not (tmp_path / "output").exists()


def test_a_link_to_a_draft_stops_the_build_naming_the_draft(build_corpus):
    files = {
        "vi/2024/07/a.md": story(body="Xem [bài sắp đăng]({filename}b.md)."),
        "vi/2024/07/b.md": story(status="draft"),
    }
    found = problems(build_corpus, files)
    assert "content/vi/2024/07/a.md:6: error: the link to content/vi/2024/07/b.md" in found


def test_with_draft_links_dropped_pages_and_feeds_keep_the_text_without_the_link(
    build_corpus, capfd
):
    files = {
        "vi/2024/07/a.md": story(body="Xem [bài sắp đăng]({filename}b.md) và [c]({filename}c.md)."),
        "vi/2024/07/b.md": story(status="draft"),
        "vi/2024/07/c.md": story(),
    }
    output = build_corpus(files, 'PORTAL_DRAFT_LINKS = "drop"\n')
    page = (output / "2024/07/a/index.html").read_text(encoding="utf-8")
    feed = (output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "Xem bài sắp đăng và" in page and 'href="/2024/07/c/"' in page
    assert "drafts/" not in page and "drafts/" not in feed and "bài sắp đăng" in feed
    assert "a.md:6: warning: the link to content/vi/2024/07/b.md is left out" in (
        capfd.readouterr().err
    )


def test_a_static_link_to_a_story_stops_the_build_instead_of_showing_as_text(build_corpus):
    files = {
        "vi/2024/07/a.md": story(body="[Bài]({static}/vi/2024/07/bai.md)"),
        "vi/2024/07/bai.md": story(),
    }
    found = problems(build_corpus, files)
    assert "content/vi/2024/07/a.md:6:" in found and "{filename}/vi/2024/07/bai.md" in found


def test_a_translation_key_shared_by_three_files_stops_the_build(build_corpus):
    files = {
        "vi/2024/07/a.md": story(translation_key="k"),
        "vi/2024/07/b.md": story(translation_key="k"),
        "en/2024/07/a.md": story(translation_key="k"),
    }
    found = problems(build_corpus, files)
    assert (
        "content/en/2024/07/a.md and content/vi/2024/07/a.md and content/vi/2024/07/b.md" in found
    )
