"""The built sample portal, read back with beautifulsoup4 as a reader's browser would."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from vnportal.build.settings import read_base_settings
from vnportal.model.index import build_index
from vnportal.model.vietnamese import canonical_key

from .corpus import ROOT

SEED = "2024/07/tap-huan-ky-nang-pbgdpl/index.html"
ORIGIN = "http://127.0.0.1:8000"


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def index():
    base = read_base_settings(ROOT / "pelicanconf.py")
    return build_index(ROOT / "content", base)


def test_every_published_file_has_its_page(built_site, index):
    for entry in index.entries:
        if entry.status == "published":
            assert (built_site / entry.url / "index.html").is_file(), entry.source


def test_every_page_declares_its_language(built_site):
    for path in html_files(built_site):
        lang = "en" if path.relative_to(built_site).parts[0] == "en" else "vi"
        assert parse(path).html["lang"] == lang, path


def test_seed_article_shows_its_date_title_author_and_photos(built_site):
    page = parse(built_site / SEED)
    assert page.h1.get_text(strip=True) == (
        "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật"
    )
    assert "Thứ Năm, 11/07/2024, 11:17 (GMT+7)" in page.get_text()
    assert page.find("time", datetime="2024-07-11T11:17:00+07:00")
    assert "Cao Thắng" in page.get_text()
    captions = [c.get_text(strip=True) for c in page.select("main figcaption")]
    assert "Các đại biểu làm việc tại Hội nghị." in captions
    assert "Các đại biểu tham dự hội nghị." in captions


def test_english_article_dates_are_in_english(built_site):
    page = parse(built_site / "en" / SEED)
    assert "Thursday, 11 July 2024, 11:17 (GMT+7)" in page.get_text()


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }


def test_translated_article_has_reciprocal_absolute_hreflang(built_site):
    vi, en = parse(built_site / SEED), parse(built_site / "en" / SEED)
    expected = {
        "vi": f"{ORIGIN}/2024/07/tap-huan-ky-nang-pbgdpl/",
        "en": f"{ORIGIN}/en/2024/07/tap-huan-ky-nang-pbgdpl/",
        "x-default": f"{ORIGIN}/2024/07/tap-huan-ky-nang-pbgdpl/",
    }
    assert alternates(vi) == alternates(en) == expected
    assert vi.find("link", rel="canonical")["href"] == expected["vi"]
    assert en.find("link", rel="canonical")["href"] == expected["en"]


def test_switcher_leads_to_the_translation(built_site):
    vi = parse(built_site / SEED)
    switch = vi.select_one('a[hreflang="en"]')
    assert switch["href"] == "/en/2024/07/tap-huan-ky-nang-pbgdpl/"


def test_untranslated_story_switches_to_other_home_with_a_note(built_site, index):
    lonely = next(
        e
        for e in index.in_language("vi")
        if e.kind == "article" and e.status == "published" and not index.translation_of(e, "en")
    )
    page = parse(built_site / lonely.url / "index.html")
    assert page.select_one('a[hreflang="en"]')["href"] == "/en/"
    assert not alternates(page)
    assert "no English version" in page.select_one(".language-switcher").get_text()


# The switcher's target on each kind of page, both ways: (page, where it leads).
SWITCH_TARGETS = [
    (SEED, "/en/2024/07/tap-huan-ky-nang-pbgdpl/"),
    ("en/" + SEED, "/2024/07/tap-huan-ky-nang-pbgdpl/"),
    ("gioi-thieu/index.html", "/en/about/"),
    ("en/about/index.html", "/gioi-thieu/"),
    ("index.html", "/en/"),
    ("en/index.html", "/"),
    ("tags/index.html", "/en/tags/"),
    ("categories/index.html", "/en/categories/"),
    ("authors/index.html", "/en/authors/"),
    ("archives/index.html", "/en/archives/"),
    ("archives/2024/index.html", "/en/archives/2024/"),
    ("feeds/index.html", "/en/feeds/"),
    ("tim-kiem/index.html", "/en/search/"),
    ("en/search/index.html", "/tim-kiem/"),
    ("su-kien/index.html", "/en/events/"),
    ("so-lieu/index.html", "/en/statistics/"),
    ("lien-he/index.html", "/en/contacts/"),
    ("en/contacts/index.html", "/lien-he/"),
    # Served at every missing address: the other language's 404.html would answer 200.
    ("404.html", "/en/"),
    ("en/404.html", "/"),
]


@pytest.mark.parametrize(("path", "target"), SWITCH_TARGETS)
def test_switcher_target_on_every_page_kind(built_site, path, target):
    switch = parse(built_site / path).select_one(".language-switcher-link")
    assert switch["href"] == target


@pytest.mark.parametrize(
    ("vi_page", "en_page"),
    [
        ("categories/su-kien/", "en/categories/events/"),
        ("tags/hoa-giai-o-co-so/", "en/tags/grassroots-mediation/"),
        ("tags/phap-luat-hoc-duong/", "en/tags/school-legal-education/"),
    ],
)
def test_paired_topic_pages_point_at_each_other(built_site, vi_page, en_page):
    vi, en = parse(built_site / vi_page / "index.html"), parse(built_site / en_page / "index.html")
    expected = {"vi": ORIGIN + "/" + vi_page, "en": ORIGIN + "/" + en_page}
    expected["x-default"] = expected["vi"]
    assert alternates(vi) == alternates(en) == expected
    assert vi.select_one(".language-switcher-link")["href"] == "/" + en_page
    assert en.select_one(".language-switcher-link")["href"] == "/" + vi_page
    assert not vi.select_one(".language-switcher-note")


def test_a_topic_without_english_pages_switches_home_with_a_note(built_site):
    page = parse(built_site / "tags/luat-dat-dai/index.html")
    assert not alternates(page)
    assert page.select_one(".language-switcher-link")["href"] == "/en/"
    assert "no English version" in page.select_one(".language-switcher-note").get_text()


def test_not_found_switcher_has_no_untranslated_note(built_site):
    for path in ("404.html", "en/404.html"):
        assert not parse(built_site / path).select_one(".language-switcher-note"), path


def test_home_pages_point_at_each_other(built_site):
    vi, en = parse(built_site / "index.html"), parse(built_site / "en/index.html")
    assert alternates(vi) == alternates(en)
    assert alternates(vi)["en"] == f"{ORIGIN}/en/"


def test_every_internal_link_and_image_resolves(built_site):
    broken = []
    for path in html_files(built_site):
        for element in parse(path).select("[href], [src]"):
            target = element.get("href") or element.get("src")
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "tel") or (
                parts.netloc and target.split("/")[2] != "127.0.0.1:8000"
            ):
                continue
            if not parts.path:
                continue
            file = built_site / unquote(parts.path).lstrip("/")
            if parts.path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{path.relative_to(built_site)} -> {target}")
    assert not broken, "\n".join(broken)


def test_home_paginates_with_page_folders(built_site):
    assert (built_site / "page/2/index.html").is_file()
    page2 = parse(built_site / "page/2/index.html")
    assert page2.select_one('a[href="/"]')


def test_tone_variants_share_one_tag_page(built_site, index):
    key = canonical_key("hòa giải ở cơ sở")
    tagged = [
        e
        for e in index.in_language("vi")
        if e.kind == "article"
        and e.status == "published"
        and any(canonical_key(t) == key for t in e.tags)
    ]
    spellings = {t for e in tagged for t in e.tags if canonical_key(t) == key}
    assert len(spellings) > 1, "the sample content should use both tone styles"
    tag_folders = [p.parent.name for p in (built_site / "tags").glob("*/index.html")]
    assert tag_folders.count("hoa-giai-o-co-so") == 1
    page = parse(built_site / "tags/hoa-giai-o-co-so/index.html")
    listed = {a["href"] for a in page.select("main a[href]")}
    for entry in tagged[:10]:
        assert f"/{entry.url}" in listed, entry.source


def test_every_page_kind_exists_in_both_languages(built_site):
    for prefix in ("", "en/"):
        for page in (
            "index.html",
            "tags/index.html",
            "categories/index.html",
            "authors/index.html",
            "archives/index.html",
            "404.html",
        ):
            assert (built_site / prefix / page).is_file(), prefix + page
    assert (built_site / "gioi-thieu/index.html").is_file()
    assert (built_site / "en/about/index.html").is_file()
    assert (built_site / "archives/2024/index.html").is_file()


def test_no_inline_scripts_or_styles(built_site):
    for path in html_files(built_site):
        page = parse(path)
        assert not page.find("style"), path
        assert not page.find(style=True), path
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path
        assert not any(
            attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs
        ), path


def test_ui_strings_are_translated(built_site):
    vi = parse(built_site / "index.html").get_text()
    en = parse(built_site / "en/index.html").get_text()
    assert "Tin mới" in vi and "Latest" not in vi
    assert "Latest" in en


LISTINGS = [
    ("index.html", "vi_VN"),
    ("tags/index.html", "vi_VN"),
    ("archives/index.html", "vi_VN"),
    ("categories/su-kien/index.html", "vi_VN"),
    ("en/index.html", "en_US"),
    ("en/tags/index.html", "en_US"),
]


@pytest.mark.parametrize(("path", "locale"), LISTINGS)
def test_listing_pages_are_shared_as_the_website_not_as_a_story(built_site, path, locale):
    page = parse(built_site / path)
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:type"] == "website"
    assert og["og:locale"] == locale
    assert og["og:url"] == page.find("link", rel="canonical")["href"]
    assert "article:published_time" not in og


def test_story_carries_open_graph_and_news_article_data(built_site):
    page = parse(built_site / SEED)
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:url"] == f"{ORIGIN}/2024/07/tap-huan-ky-nang-pbgdpl/"
    assert og["og:locale"] == "vi_VN"
    assert og["article:published_time"] == "2024-07-11T11:17:00+07:00"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật"
    assert data["author"]["name"] == "Cao Thắng"
    assert data["inLanguage"] == "vi"


def test_tag_index_and_feeds_page_exist_in_both_languages(built_site):
    from vnportal.model.vietnamese import sort_key

    for prefix in ("", "en/"):
        tags = parse(built_site / prefix / "tags/index.html")
        headings = [h.get_text() for h in tags.select("main h2.letter-index-letter")]
        assert headings and headings == sorted(headings, key=sort_key), prefix
        assert tags.select("main .term-index .term-count"), prefix
        feeds = parse(built_site / prefix / "feeds/index.html")
        assert feeds.select("main .feed-list a[type='application/rss+xml']"), prefix


def test_tag_index_counts_match_the_tag_pages(built_site):
    index = parse(built_site / "tags/index.html")
    for item in index.select("main .term-index li"):
        count = int("".join(c for c in item.select_one(".term-count").get_text() if c.isdigit()))
        folder = built_site / item.a["href"].strip("/")
        pages = [folder / "index.html", *sorted(folder.glob("page/*/index.html"))]
        listed = sum(len(parse(path).select("main .card")) for path in pages)
        assert listed == count, item.a["href"]


def _current_links(page: BeautifulSoup, selector: str) -> list[str]:
    return [a["href"] for a in page.select(f"{selector} a[aria-current=page]")]


def test_section_bar_and_footer_mark_only_the_current_page(built_site):
    """The header's section bar and the footer are made once and shared by many pages."""
    home = parse(built_site / "index.html")
    assert _current_links(home, ".category-nav") == ["/"]
    category = parse(built_site / "categories/tro-giup-phap-ly/index.html")
    assert _current_links(category, ".category-nav") == ["/categories/tro-giup-phap-ly/"]
    assert _current_links(parse(built_site / SEED), ".category-nav") == []
    assert _current_links(parse(built_site / SEED), ".site-footer") == []
    about = parse(built_site / "gioi-thieu/index.html")
    assert _current_links(about, ".site-footer") == ["/gioi-thieu/"]
    assert _current_links(parse(built_site / "tags/index.html"), ".site-footer") == ["/tags/"]
    english = parse(built_site / "en/index.html")
    assert _current_links(english, ".category-nav") == ["/en/"]
    assert english.select_one(".site-footer").find(string="Tags")
