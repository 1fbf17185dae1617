"""The index: translations paired by path, addresses, and what stops a build early."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnportal.build.settings import language_settings, read_base_settings
from vnportal.model.errors import BuildError
from vnportal.model.index import build_index

from ..corpus import ROOT, story

BASE = read_base_settings(ROOT / "pelicanconf.py")


def make(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def problems(content: Path) -> str:
    with pytest.raises(BuildError) as caught:
        build_index(content, BASE)
    return "\n".join(caught.value.problems)


def test_translation_is_the_file_at_the_same_path_in_the_other_language(tmp_path):
    content = make(
        tmp_path,
        {
            "vi/2024/07/hoi-nghi.md": story("Hội nghị"),
            "en/2024/07/hoi-nghi.md": story("Conference"),
            "vi/2024/07/chi-tieng-viet.md": story("Chỉ tiếng Việt"),
        },
    )
    index = build_index(content, BASE)
    vi = index.entry("vi", "2024/07/hoi-nghi.md")
    en = index.translation_of(vi, "en")
    assert en is not None and en.title == "Conference"
    assert (vi.url, en.url) == ("2024/07/hoi-nghi/", "en/2024/07/hoi-nghi/")
    assert index.translation_of(index.entry("vi", "2024/07/chi-tieng-viet.md"), "en") is None


def test_translation_key_pairs_files_with_different_paths(tmp_path):
    content = make(
        tmp_path,
        {
            "vi/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\ntranslation_key: about\n---\nx\n",
            "en/pages/about.md": "---\ntitle: About\ntranslation_key: about\n---\nx\n",
        },
    )
    index = build_index(content, BASE)
    page = index.entry("vi", "pages/gioi-thieu.md")
    assert page.kind == "page" and page.url == "gioi-thieu/"
    assert index.translation_of(page, "en").url == "en/about/"


def test_draft_has_no_translation_link(tmp_path):
    content = make(
        tmp_path,
        {"vi/2024/07/a.md": story("A", status="draft"), "en/2024/07/a.md": story("A")},
    )
    index = build_index(content, BASE)
    assert index.translation_of(index.entry("en", "2024/07/a.md"), "vi") is None


def test_slug_comes_from_the_file_name_with_d_stroke_as_d(tmp_path):
    content = make(tmp_path, {"vi/2024/07/Đặng Thị Phụng.md": story()})
    assert build_index(content, BASE).entries[0].slug == "dang-thi-phung"


def test_two_stories_at_one_address_stop_the_build_naming_both(tmp_path):
    content = make(
        tmp_path,
        {"vi/2024/07/a.md": story(slug="trung"), "vi/2024/07/b.md": story(slug="trung")},
    )
    found = problems(content)
    assert "content/vi/2024/07/a.md and content/vi/2024/07/b.md" in found
    assert "slug" in found


def test_clashes_are_named_in_address_order_and_files_listed_by_the_checker_give_the_same_index(
    tmp_path,
):
    content = make(
        tmp_path,
        {
            "vi/2024/07/z.md": story(slug="trung-b"),
            "vi/2024/07/y.md": story(slug="trung-b"),
            "vi/2024/07/b.md": story(slug="trung-a"),
            "vi/2024/07/a.md": story(slug="trung-a"),
            "vi/2024/07/rieng.md": story(slug="rieng"),
        },
    )
    found = problems(content)
    assert found.index("a.md and") < found.index("y.md and")
    (content / "vi/2024/07/y.md").unlink()
    (content / "vi/2024/07/b.md").unlink()
    (content / "en").mkdir()
    walked = build_index(content, BASE)
    listed = {
        "vi": sorted((content / "vi").rglob("*.md")),
        "en": [],
    }
    assert build_index(content, BASE, listed=listed) == walked


def test_unknown_language_folder_stops_the_build(tmp_path):
    content = make(tmp_path, {"vi/2024/07/a.md": story(), "fr/2024/07/a.md": story()})
    found = problems(content)
    assert "'fr' is not a language folder" in found and "content/vi/" in found


def test_every_invalid_file_is_reported_at_once(tmp_path):
    content = make(
        tmp_path,
        {"vi/a.md": "---\ndate: 2024-07-11\n---\nx\n", "en/b.md": story(date="hôm qua")},
    )
    found = problems(content)
    assert "a.md" in found and "no title" in found
    assert "b.md" in found and "hôm qua" in found


def test_page_may_not_take_an_address_of_the_portal(tmp_path):
    content = make(tmp_path, {"vi/pages/tags.md": "---\ntitle: Thẻ\n---\nx\n"})
    assert "used by the portal itself" in problems(content)


def test_most_used_spelling_of_a_tag_is_shown_for_all_its_variants(tmp_path):
    content = make(
        tmp_path,
        {
            "vi/a.md": story(tags="[hòa giải]"),
            "vi/b.md": story(tags="[hoà giải]"),
            "vi/c.md": story(tags="[Hoà giải]"),
            "vi/d.md": story(tags="[hoà giải]"),
        },
    )
    index = build_index(content, BASE)
    assert {index.spelling("vi", "tag", name) for name in ("hòa giải", "Hoà giải")} == {"hoà giải"}


def test_tie_between_spellings_is_broken_the_same_way_every_time(tmp_path):
    content = make(
        tmp_path, {"vi/a.md": story(tags="[hoà giải]"), "vi/b.md": story(tags="[hòa giải]")}
    )
    first = build_index(content, BASE).spelling("vi", "tag", "hoà giải")
    (content / "vi/c.md").write_text(story(tags="[khác]"), encoding="utf-8")
    assert build_index(content, BASE).spelling("vi", "tag", "hòa giải") == first


def test_english_addresses_live_under_en():
    english = language_settings(BASE, "en")
    assert english["ARTICLE_SAVE_AS"] == "en/{date:%Y}/{date:%m}/{slug}/index.html"
    assert english["TAG_URL"] == "en/tags/{slug}/"
    assert english["INDEX_SAVE_AS"] == "en/index.html"
    assert english["INDEX_URL"] == "en/"
    assert "MONTH_ARCHIVE_SAVE_AS" not in english  # empty: not written at all
    assert english["404_SAVE_AS"] == "en/404.html"
    assert english["FEEDS_SAVE_AS"] == "en/feeds/index.html"
    assert "STATIC_URL" not in english and english["THEME_STATIC_PATHS"] == []
    assert english["DEFAULT_LANG"] == "en" and english["SITENAME"] != BASE["SITENAME"]


def test_category_keeps_its_own_spelling_beside_a_same_word_tag(tmp_path):
    content = make(
        tmp_path,
        {
            "vi/a.md": story(category="Hòa giải ở cơ sở", tags="[hòa giải ở cơ sở]"),
            "vi/b.md": story(tags="[hòa giải ở cơ sở]"),
        },
    )
    index = build_index(content, BASE)
    assert index.spelling("vi", "category", "hòa giải ở cơ sở") == "Hòa giải ở cơ sở"
    assert index.spelling("vi", "tag", "Hòa giải ở cơ sở") == "hòa giải ở cơ sở"
