"""Whole builds of small corpora: errors stop the build, nothing unsafe gets through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from bs4 import BeautifulSoup

from vnportal.build.launch import Launch
from vnportal.build.site import build_site
from vnportal.model.errors import BuildError
from vnportal.site import search_index
from vnportal.site.search_index import PARALLEL_PARTS

from ..corpus import ROOT, story, write_corpus

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
QUOTED = json.dumps(PAYLOAD)  # a valid YAML double-quoted string


def problems_of(build_corpus, files) -> str:
    with pytest.raises(BuildError) as caught:
        build_corpus(files)
    return "\n".join(caught.value.problems)


def test_payloads_in_metadata_come_out_escaped(build_corpus):
    text = (
        "---\n"
        f"title: {QUOTED}\n"
        "date: 2024-07-11 11:17 +07:00\n"
        f"author: {QUOTED}\n"
        f"category: {QUOTED}\n"
        f"tags: [{QUOTED}, thường]\n"
        f"summary: {QUOTED}\n"
        "---\n\nNội dung an toàn.\n"
    )
    output = build_corpus({"vi/2024/07/a.md": text, "en/2024/07/a.md": text})
    pages = list(output.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        page = BeautifulSoup(html, "html.parser")
        assert not page.find(attrs={"onerror": True}), path
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path
    article = (output / "2024/07/a/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    data = BeautifulSoup(article, "html.parser").find("script", type="application/ld+json")
    assert "</" not in data.string and json.loads(data.string)["headline"] == PAYLOAD
    for feed in output.rglob("*.xml"):
        assert "<script>alert" not in feed.read_text(encoding="utf-8"), feed


def test_missing_title_stops_the_build_naming_the_file(build_corpus):
    found = problems_of(build_corpus, {"vi/2024/07/a.md": "---\ndate: 2024-07-11\n---\nx\n"})
    assert "vi/2024/07/a.md:" in found and "no title" in found


def test_bad_date_stops_the_build_with_the_line(build_corpus):
    found = problems_of(build_corpus, {"vi/2024/07/a.md": story(date="ngày 11 tháng 7")})
    assert "vi/2024/07/a.md:3:" in found and "2024-07-11 11:17 +07:00" in found


def test_unknown_language_folder_stops_the_build(build_corpus):
    found = problems_of(build_corpus, {"vi/a.md": story(), "vn/a.md": story()})
    assert "'vn' is not a language folder" in found


def test_two_articles_at_one_url_stop_the_build_naming_both(build_corpus):
    found = problems_of(
        build_corpus,
        {"vi/2024/07/a.md": story(slug="x"), "vi/2024/07/b.md": story(slug="x")},
    )
    assert "vi/2024/07/a.md" in found and "vi/2024/07/b.md" in found


def test_missing_body_image_stops_the_build(build_corpus):
    body = "![Ảnh]({static}/images/khong-co.svg)"
    found = problems_of(build_corpus, {"vi/2024/07/a.md": story(body=body)})
    assert "khong-co.svg" in found


def test_failed_build_leaves_the_previous_site_intact(tmp_path):
    settings = write_corpus(tmp_path, {"vi/2024/07/a.md": story("Bài cũ")})
    output = tmp_path / "site"
    build_site(settings, output)
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    (tmp_path / "content/vi/2024/07/b.md").write_text("---\ndate: x\n---\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build_site(settings, output)
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert _beside(tmp_path / "site") == [".site.lock"]  # no staging folder left behind


def test_a_link_to_no_page_stops_the_build_and_keeps_the_previous_site(tmp_path):
    """Checks across files run while the languages build; an error there stops them."""
    settings = write_corpus(tmp_path, {"vi/2024/07/a.md": story("Bài cũ")})
    output = tmp_path / "site"
    build_site(settings, output)
    before = _tree(output)
    broken = story("Bài mới", body="Xem [bài này](/2024/07/khong-co/).")
    (tmp_path / "content/vi/2024/07/b.md").write_text(broken, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(settings, output)
    assert any("/2024/07/khong-co/" in problem for problem in caught.value.problems)
    assert _tree(output) == before  # not even an empty folder for the new story
    assert _beside(tmp_path / "site") == [".site.lock"]  # no staging folder left behind


def _beside(output):
    """What a build left beside its output folder: only its lock file."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


def _tree(root):
    return {p.relative_to(root): p.read_bytes() if p.is_file() else None for p in root.rglob("*")}


def test_drafts_are_built_apart_and_not_listed(build_corpus):
    output = build_corpus(
        {
            "vi/2024/07/a.md": story("Công khai"),
            "vi/2024/07/b.md": story("Bản nháp", status="draft"),
        }
    )
    assert (output / "drafts/b/index.html").is_file()
    assert "Bản nháp" not in (output / "index.html").read_text(encoding="utf-8")


def test_command_line_build_exits_non_zero_and_names_the_file(tmp_path):
    settings = write_corpus(tmp_path, {"vi/2024/07/hong.md": "---\ntitle: A\n---\nx\n"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vnportal",
            "build",
            "--settings",
            str(settings),
            "--output",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "hong.md" in result.stderr and "no date" in result.stderr
    assert not (tmp_path / "out").exists()


def test_same_input_gives_byte_identical_output(built_site, tmp_path):
    again = tmp_path / "again"
    build_site(ROOT / "pelicanconf.py", again)

    def tree(root):
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    first, second = tree(built_site), tree(again)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    assert str(ROOT) not in "".join(b.decode("utf-8", "ignore") for b in second.values())


def test_unsafe_html_in_a_body_is_removed_with_a_warning(build_corpus, capfd):
    body = (
        "Đoạn **an toàn**.\n\n<script>alert(1)</script>\n\n"
        '<p><img src="x.png" alt="x" onerror="alert(2)"> <a href="javascript:alert(3)">bấm</a></p>'
    )
    output = build_corpus({"vi/2024/07/a.md": story(body=body)})
    html = (output / "2024/07/a/index.html").read_text(encoding="utf-8")
    assert "<strong>an toàn</strong>" in html
    for marker in ("<script>alert", "onerror", "javascript:"):
        assert marker not in html
    assert "a.md: unsafe HTML" in capfd.readouterr().err


def test_stories_published_at_the_same_minute_keep_their_order(tmp_path):
    """Pelican lists files in a set, whose order follows Python's per-run hash seed."""
    files = {
        f"vi/2024/07/bai-{n}.md": story(f"Bài {n}", tags="[hòa giải, chung]", body=f"Bài {n}.")
        for n in range(8)
    }
    settings = write_corpus(tmp_path, files)
    trees = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"out-{seed}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "vnportal",
                "build",
                "--fresh",
                "--settings",
                str(settings),
                "--output",
                str(output),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        trees.append({p.relative_to(output): p.read_bytes() for p in output.rglob("*.html")})
    assert trees[0] == trees[1] == trees[2]


def test_a_story_without_category_is_filed_under_the_language_default(build_corpus):
    output = build_corpus(
        {
            "vi/2024/08/tin.md": story(title="Tin không chuyên mục"),
            "en/2024/08/news.md": story(title="A story with no category"),
        }
    )
    assert not (output / "categories/08").exists()
    assert not (output / "en/categories/08").exists()
    vi = BeautifulSoup((output / "categories/tin-tuc/index.html").read_text(), "html.parser")
    en = BeautifulSoup((output / "en/categories/news/index.html").read_text(), "html.parser")
    assert vi.h1.get_text(strip=True).endswith("Tin tức")
    assert en.h1.get_text(strip=True).endswith("News")
    assert "A story with no category" in en.get_text()


def test_the_default_category_is_a_setting_per_language(build_corpus):
    output = build_corpus(
        {"en/2024/08/news.md": story(title="Uncategorised")},
        'PORTAL_DEFAULT_CATEGORY = {"vi": "Thông báo", "en": "Notices"}\n',
    )
    assert (output / "en/categories/notices/index.html").is_file()


def test_a_default_category_missing_for_a_language_stops_the_build(tmp_path):
    settings = write_corpus(
        tmp_path, {"vi/2024/08/tin.md": story()}, 'PORTAL_DEFAULT_CATEGORY = {"vi": "Tin tức"}\n'
    )
    with pytest.raises(BuildError) as caught:
        build_site(settings, tmp_path / "output")
    assert caught.value.problems == [
        "pelicanconf.py: error: PORTAL_DEFAULT_CATEGORY gives no category name for the "
        'language \'en\' — set PORTAL_DEFAULT_CATEGORY = {"vi": "Tin tức", "en": "News"}'
    ]


def test_a_tag_pair_guessed_from_a_translation_links_the_two_tag_pages(build_corpus):
    output = build_corpus(
        {
            "vi/2024/07/a.md": story(tags="[tập huấn]"),
            "en/2024/07/a.md": story(title="Training", category="News", tags="[training]"),
        }
    )
    page = BeautifulSoup((output / "tags/tap-huan/index.html").read_text(), "html.parser")
    hreflang = {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}
    assert hreflang["en"] == "http://127.0.0.1:8000/en/tags/training/"
    assert page.select_one(".language-switcher-link")["href"] == "/en/tags/training/"


def featured_titles(output, prefix: str = "") -> list[str]:
    home = BeautifulSoup((output / prefix / "index.html").read_text(), "html.parser")
    block = home.select_one("section.featured")
    return [a.get_text(strip=True) for a in block.select("h3 a")] if block else []


def test_featured_stories_are_shown_newest_first_beside_the_lead_story(build_corpus):
    files = {
        f"vi/2024/07/tin-{n}.md": story(
            f"Tin {n}", f"2024-07-{n:02} 08:00", **({"featured": "true"} if n % 2 else {})
        )
        for n in range(1, 12)  # more than one page of 10
    }
    files["en/2024/07/news.md"] = story("English news", category="News", featured="true")
    output = build_corpus(files, "PORTAL_FEATURED_STORIES = 2\n")
    # Tin 11 is the newest, so the lead story: it is not repeated among the featured.
    assert featured_titles(output) == ["Tin 9", "Tin 7"]
    home = BeautifulSoup((output / "index.html").read_text(), "html.parser")
    assert home.select_one("section.featured h2").get_text() == "Tin nổi bật"
    assert not (output / "page/2/index.html").read_text().count('class="featured"')
    en = BeautifulSoup((output / "en/index.html").read_text(), "html.parser")
    assert en.select_one(".lead-story-title").get_text(strip=True) == "English news"
    assert featured_titles(output, "en") == []


def test_no_featured_story_means_no_featured_block(build_corpus):
    output = build_corpus({"vi/2024/07/a.md": story(), "vi/2024/07/b.md": story("Khác")})
    assert featured_titles(output) == []


def test_a_wrong_featured_count_stops_the_build_naming_the_setting(build_corpus):
    problems = problems_of_settings(build_corpus, 'PORTAL_FEATURED_STORIES = "ba"\n')
    assert "PORTAL_FEATURED_STORIES must be a whole number" in problems


def test_a_wrong_search_part_size_stops_the_build_naming_the_setting(build_corpus):
    problems = problems_of_settings(build_corpus, "PORTAL_SEARCH_NEWEST_PART_PAGES = 0\n")
    assert "PORTAL_SEARCH_NEWEST_PART_PAGES must be a whole number above 0, not 0" in problems


def problems_of_settings(build_corpus, settings: str) -> str:
    with pytest.raises(BuildError) as caught:
        build_corpus({"vi/2024/07/a.md": story(featured="true")}, settings)
    return "\n".join(caught.value.problems)


def test_one_pagefind_beside_the_language_workers_then_as_many_as_allowed(
    build_corpus, monkeypatch
):
    """Each Pagefind process takes a core and holds its part's index in memory: beside
    the language workers only one runs; once they have ended, PARALLEL_PARTS at once."""
    building = threading.Event()
    runs = Launch.runs

    def runs_marked(self, *args, **kwargs):
        building.set()
        try:
            return runs(self, *args, **kwargs)
        finally:
            building.clear()

    running, most = 0, {True: 0, False: 0}
    count = threading.Lock()
    index_part = search_index._index_part

    def counted(*args, **kwargs):
        nonlocal running
        with count:
            running += 1
            beside_workers = building.is_set()
            most[beside_workers] = max(most[beside_workers], running)
        try:
            time.sleep(0.1)  # so that the parts overlap as large ones do
            return index_part(*args, **kwargs)
        finally:
            with count:
                running -= 1

    monkeypatch.setattr(Launch, "runs", runs_marked)
    monkeypatch.setattr(search_index, "_index_part", counted)
    years = range(2016, 2022)
    files = {
        f"{lang}/{year}/07/tin-{year}.md": story(f"Tin năm {year}", f"{year}-07-11 11:17 +07:00")
        for lang in ("vi", "en")
        for year in years
    }

    output = build_corpus(files)

    assert most[True] <= 1
    assert most[False] == PARALLEL_PARTS
    for lang in ("vi", "en"):
        parts = json.loads((output / "pagefind" / f"{lang}.json").read_text(encoding="utf-8"))
        dated = [name for name in parts["parts"] if name != "pages"]
        assert dated == [str(year) for year in reversed(years)]
