"""invoke new: complete front matter in the right folder, translations beside their original."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.check import check_content
from vnportal.editors import scaffold
from vnportal.editors.scaffold import git_author, new_story, run_new, translate_story
from vnportal.model.errors import ContentError
from vnportal.model.frontmatter import read_story
from vnportal.model.vietnamese import TIMEZONE

from ..corpus import ROOT, story, write_corpus

BASE = read_base_settings(ROOT / "pelicanconf.py")
NOW = datetime(2024, 7, 11, 11, 17, 42, tzinfo=TIMEZONE)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a few stories in both languages; git's user is Cao Thắng."""
    monkeypatch.setattr(scaffold, "git_author", lambda project: "Cao Thắng")
    write_corpus(
        tmp_path,
        {
            "vi/2024/06/a.md": story(category="Hòa giải ở cơ sở", tags="[hòa giải, tập huấn]"),
            "vi/2024/06/b.md": story(category="Phổ biến pháp luật", tags="[hòa giải]"),
            "vi/2024/06/c.md": story(category="Phổ biến pháp luật"),
            "en/2024/06/a.md": story(category="Grassroots mediation"),
            "en/2024/06/b.md": story(category="Legal dissemination"),
            "en/2024/06/c.md": story(category="Legal dissemination"),
        },
    )
    return tmp_path


def test_new_story_goes_to_its_year_and_month_with_the_title_as_file_name(project):
    path = new_story(project, "Hội nghị tập huấn: Đặng Thị Phụng", now=NOW)
    assert path == project / "content/vi/2024/07/hoi-nghi-tap-huan-dang-thi-phung.md"


def test_new_story_has_complete_front_matter_that_reads_back(project):
    path = new_story(project, "Hội nghị “tập huấn”: hòa giải", now=NOW)
    story = read_story(path)
    assert story.title == "Hội nghị “tập huấn”: hòa giải"
    assert story.date == datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE)
    assert (story.author, story.tags, story.status) == ("Cao Thắng", [], "published")
    text = path.read_text(encoding="utf-8")
    for line in ("date: 2024-07-11 11:17 +07:00", "tags: []", 'summary: ""', 'image_alt: ""'):
        assert f"\n{line}" in text


def test_date_is_now_in_vietnam_time(project):
    path = new_story(project, "Tin đêm", now=datetime(2024, 7, 31, 20, 30, tzinfo=UTC))
    assert path.parent == project / "content/vi/2024/08"
    assert "date: 2024-08-01 03:30 +07:00" in path.read_text(encoding="utf-8")


def test_category_is_the_most_used_and_the_others_are_listed(project):
    text = new_story(project, "Tin", now=NOW).read_text(encoding="utf-8")
    assert "category: Phổ biến pháp luật  # Hòa giải ở cơ sở\n" in text
    assert 'tags: []  # e.g. ["hòa giải", "tập huấn"]' in text


def test_new_story_passes_the_checker_but_for_its_template_text(project):
    new_story(project, "Tin mới", now=NOW)
    report = check_content(project / "content", BASE)
    assert report.errors == [] and len(report.warnings) == 2
    assert all("template" in warning.what for warning in report.warnings)


def test_english_original(project):
    path = new_story(project, "Law Day 2024", "en", now=NOW)
    assert path == project / "content/en/2024/07/law-day-2024.md"
    assert "Opening paragraph" in path.read_text(encoding="utf-8")
    assert read_story(path).category == "Legal dissemination"


def test_an_existing_file_is_never_overwritten(project, capsys):
    path = new_story(project, "Tin", now=NOW)
    path.write_text(story("Bài đã viết"), encoding="utf-8")
    with pytest.raises(ContentError, match="already exists"):
        new_story(project, "Tin", now=NOW)
    assert read_story(path).title == "Bài đã viết"


def test_run_new_says_where_the_file_is_or_why_there_is_none(project, capsys):
    assert run_new(project, "Tin thử") == 0
    assert capsys.readouterr().out.startswith("Created content/vi/")
    assert run_new(project, "!!!") == 1
    assert "gives an empty web address" in capsys.readouterr().err


def test_translation_goes_to_the_same_path_with_the_shared_fields(project):
    original = project / "content/vi/2024/06/e.md"
    original.write_text(
        story(
            "Hội nghị hòa giải",
            category="Hòa giải ở cơ sở",
            author="Cao Thắng",
            source="ABO",
            slug="hoi-nghi",
            image="images/a.svg",
            image_alt="Ảnh hội nghị",
            tags="[hòa giải]",
            summary="Tóm tắt.",
            event="{location: Mỹ Tho, start: 2024-07-11 08:00}",
            body="Đoạn một.\n\n![Đại biểu]({static}/images/a.svg)",
        ),
        encoding="utf-8",
    )
    path = translate_story(project, original)
    assert path == project / "content/en/2024/06/e.md"
    translation, source = read_story(path), read_story(original)
    for shared in ("date", "author", "slug", "image", "body"):
        assert getattr(translation, shared) == getattr(source, shared)
    assert translation.extra == {"source": "ABO"}
    assert translation.event == source.event
    assert translation.event.location == "Mỹ Tho"
    assert translation.category == "Grassroots mediation"  # as in the translation of a.md
    assert (translation.title, translation.status, translation.tags) == (source.title, "draft", [])
    assert "# translate" in path.read_text(encoding="utf-8")


def test_translation_takes_the_title_given(project):
    (project / "content/en/2024/06/b.md").unlink()
    path = translate_story(project, project / "content/vi/2024/06/b.md", "Law dissemination")
    assert read_story(path).title == "Law dissemination"


def test_translation_of_an_english_original_goes_to_vietnamese(project):
    english = new_story(project, "Law Day", "en", now=NOW)
    path = translate_story(project, english)
    assert path == project / "content/vi/2024/07/law-day.md"


def test_translation_pair_passes_the_checker_without_date_warning(project):
    (project / "content/en/2024/06/c.md").unlink()
    translate_story(project, project / "content/vi/2024/06/c.md")
    assert check_content(project / "content", BASE).problems == []


def test_existing_translation_is_never_overwritten(project):
    before = (project / "content/en/2024/06/a.md").read_bytes()
    with pytest.raises(ContentError, match="already exists"):
        translate_story(project, project / "content/vi/2024/06/a.md")
    assert (project / "content/en/2024/06/a.md").read_bytes() == before


def test_only_a_story_under_a_language_folder_can_be_translated(project, tmp_path):
    elsewhere = tmp_path / "bai.md"
    elsewhere.write_text(story(), encoding="utf-8")
    with pytest.raises(ContentError, match="not a story in content/vi/"):
        translate_story(project, elsewhere)


def test_author_comes_from_the_git_configuration(tmp_path, monkeypatch):
    for name in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"):
        monkeypatch.setenv(name, "/dev/null")
    assert git_author(tmp_path) == ""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "config", "user.name", "Lê Hoàng Yến"], cwd=tmp_path, check=True)
    assert git_author(tmp_path) == "Lê Hoàng Yến"
