"""Canonical tags: one page per word whatever its spelling, distinct pages for distinct words,
and an A–Z index in each language's own order."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vnportal.build.site import build_site
from vnportal.model.taxonomy import IndexedTerm, assign_slugs, letter_groups
from vnportal.model.vietnamese import canonical_key, initial_letter, telex

from ..corpus import story, write_corpus

NFD_HOA_GIAI = unicodedata.normalize("NFD", "hòa giải")
# Every word of vietnamese.md §4's example, plus a number, as tags of one story.
LETTER_TAGS = [
    "2024", "anh", "áo", "âm", "ba", "cả", "cá", "dân", "đất", "Đồng Tháp",
    "e", "ê", "ong", "ông", "ơn", "uống", "ưu",
]  # fmt: skip
VIETNAMESE_ORDER = [
    "2024", "an", "anh", "áo", "ăn", "âm", "ân", "ba", "cả", "cá", "dân", "đất", "Đồng Tháp",
    "e", "ê", "hòa giải", "ong", "ông", "ơn", "tập huấn", "uống", "ưu",
]  # fmt: skip
VIETNAMESE_HEADINGS = ["#", "A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", "H", "O", "Ô", "Ơ", "T",
                       "U", "Ư"]  # fmt: skip
ENGLISH_TAGS = ["Zebra", "éclair", "Dog", "Đà Nẵng", "banana", "apple", "2020"]
ENGLISH_ORDER = ["2020", "apple", "banana", "Đà Nẵng", "Dog", "éclair", "Zebra"]


def tags(*names: str) -> str:
    return "[" + ", ".join(f'"{name}"' for name in names) + "]"


def tricky_corpus() -> dict[str, str]:
    """Tone, case and NFD variants of one tag; ASCII twins; every letter; a long tag."""
    files = {
        "vi/2024/01/s01.md": story("Tin một", "2024-01-01 08:00", tags=tags("hòa giải", "ăn")),
        "vi/2024/01/s02.md": story("Tin hai", "2024-01-02 08:00", tags=tags("hòa giải", "an")),
        "vi/2024/01/s03.md": story("Tin ba", "2024-01-03 08:00", tags=tags("hoà giải", "ân")),
        "vi/2024/01/s04.md": story(
            "Tin bốn", "2024-01-04 08:00", tags=tags(NFD_HOA_GIAI, "hoà giải")
        ),
        "vi/2024/01/s05.md": story("Tin năm", "2024-01-05 08:00", tags=tags("HÒA GIẢI")),
        "vi/2024/01/s06.md": story("Tin sáu", "2024-01-06 08:00", tags=tags(*LETTER_TAGS)),
        "en/2024/01/s01.md": story("One", "2024-01-01 08:00", tags=tags(*ENGLISH_TAGS)),
    }
    for day in range(7, 18):  # 11 stories: two pages of a tag at 10 per page
        files[f"vi/2024/01/s{day:02}.md"] = story(
            f"Tập huấn số {day}",
            f"2024-01-{day:02} 08:00",
            summary=f"Tóm tắt tin tập huấn số {day}.",
            tags=tags("tập huấn"),
        )
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tricky corpus built once for the module (as build_corpus does, per test)."""
    root = tmp_path_factory.mktemp("tricky-tags")
    output = root / "output"
    build_site(write_corpus(root, tricky_corpus()), output)
    return output


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def story_links(site: Path, url: str) -> set[str]:
    return {a["href"] for a in page(site, url).select("main .card-title a")}


def index_entries(site: Path, url: str) -> list[tuple[str, str, int]]:
    """(name, href, count) of every tag in an index page, in page order."""
    entries = []
    for item in page(site, url).select("main .term-index li"):
        count = int(re.search(r"\d+", item.select_one(".term-count").get_text())[0])
        entries.append((item.a.get_text(), item.a["href"], count))
    return entries


# ---- the rules, one function at a time --------------------------------------------


def test_telex_keeps_letters_and_tones_apart():
    assert [telex(w) for w in ("an", "ăn", "ân", "đất", "má", "mà")] == [
        "an", "awn", "aan", "ddaats", "mas", "maf",
    ]  # fmt: skip
    assert telex("hòa giải") == telex("hoà giải") == telex("HÒA GIẢI")


def test_initial_letter_keeps_letter_marks_and_drops_tones():
    assert [initial_letter(w) for w in ("áo", "ăn", "ấm", "Đồng", "ước", "2024")] == [
        "A", "Ă", "Â", "Đ", "Ư", "",
    ]  # fmt: skip


def names(*words: str) -> dict[str, str]:
    return {canonical_key(word): word for word in words}


def test_the_plain_word_keeps_its_slug_and_marked_twins_spell_theirs_in_telex():
    slugs = assign_slugs("tag", names("ăn", "an", "ân")).slugs
    assert slugs == {"an": "an", "ăn": "awn", "ân": "aan"}


def test_a_word_without_twins_keeps_the_usual_slug():
    assert assign_slugs("tag", names("đất", "Đồng Tháp")).slugs == {
        "đất": "dat",
        "đồng tháp": "dong-thap",
    }


def test_slugs_do_not_depend_on_the_order_names_come_in():
    words = ["ăn", "an", "ân", "cả", "cá", "covid-19", "covid 19", "aan", "…"]
    first = assign_slugs("tag", names(*words)).slugs
    for seed in range(5):
        random.Random(seed).shuffle(words)
        assert assign_slugs("tag", names(*words)).slugs == first


def test_what_telex_cannot_separate_is_numbered_and_every_slug_is_unique():
    result = assign_slugs("tag", names("covid-19", "covid 19", "aan", "an", "ân"))
    assert sorted(result.slugs.values()) == ["aan", "aan-2", "an", "covid-19", "covid-19-2"]
    assert result.slugs["aan"] == "aan"  # the word that is spelled 'aan' keeps it


def test_a_name_without_letters_gets_a_stable_slug():
    first = assign_slugs("tag", names("…")).slugs["…"]
    assert re.fullmatch(r"tag-[0-9a-f]{8}", first)
    assert assign_slugs("tag", names("…", "an")).slugs["…"] == first


def test_colliding_names_are_reported_with_their_addresses():
    warnings = assign_slugs("tag", names("ăn", "an")).warnings
    assert len(warnings) == 1
    assert "“an” → tags/an/" in warnings[0] and "“ăn” → tags/awn/" in warnings[0]
    assert not assign_slugs("tag", names("đất", "an")).warnings


def test_letter_groups_follow_the_vietnamese_alphabet():
    terms = [IndexedTerm(name, f"tags/{name}/", 1) for name in reversed(VIETNAMESE_ORDER)]
    groups = letter_groups(terms, "vi")
    assert [g.letter for g in groups] == VIETNAMESE_HEADINGS
    assert [t.name for g in groups for t in g.terms] == VIETNAMESE_ORDER
    assert len({g.anchor for g in groups}) == len(groups)
    assert all(re.fullmatch(r"[a-z]+", g.anchor) for g in groups)


def test_letter_groups_in_english_ignore_vietnamese_letters():
    groups = letter_groups([IndexedTerm(n, "", 1) for n in ENGLISH_TAGS], "en")
    assert [g.letter for g in groups] == ["#", "A", "B", "D", "E", "Z"]
    assert [t.name for g in groups for t in g.terms] == ENGLISH_ORDER


# ---- the built site -----------------------------------------------------------------


def test_tone_case_and_nfd_variants_share_one_page_one_feed_one_count(site):
    folders = sorted(p.name for p in (site / "tags").iterdir() if p.name.startswith("hoa"))
    assert folders == ["hoa-giai"]
    assert story_links(site, "tags/hoa-giai") == {f"/2024/01/s0{n}/" for n in range(1, 6)}
    feeds = sorted(p.name for p in (site / "feeds/tags").glob("hoa*"))
    assert feeds == ["hoa-giai.atom.xml", "hoa-giai.rss.xml"]
    entry = next(e for e in index_entries(site, "tags") if e[1] == "/tags/hoa-giai/")
    assert entry == ("hòa giải", "/tags/hoa-giai/", 5)  # the most used spelling, every story


def test_a_story_with_two_spellings_of_one_tag_lists_it_once(site):
    listed = [a["href"] for a in page(site, "tags/hoa-giai").select("main .card-title a")]
    assert listed.count("/2024/01/s04/") == 1
    story_tags = [a["href"] for a in page(site, "2024/01/s04").select(".tag-list a")]
    assert story_tags == ["/tags/hoa-giai/"]


def test_ascii_twins_keep_their_own_pages_and_feeds(site):
    assert story_links(site, "tags/an") == {"/2024/01/s02/"}
    assert story_links(site, "tags/awn") == {"/2024/01/s01/"}
    assert story_links(site, "tags/aan") == {"/2024/01/s03/"}
    for slug, title in (("an", "an"), ("awn", "ăn"), ("aan", "ân")):
        assert page(site, f"tags/{slug}").h1.get_text() == title
        feed = (site / f"feeds/tags/{slug}.atom.xml").read_text(encoding="utf-8")
        assert feed.count("<entry>") == 1, slug


def test_story_pages_link_to_the_twin_they_carry(site):
    hrefs = {a["href"] for a in page(site, "2024/01/s01").select(".tag-list a")}
    assert "/tags/awn/" in hrefs and "/tags/an/" not in hrefs


def test_tag_index_lists_every_tag_in_vietnamese_order_under_letter_headings(site):
    index = page(site, "tags")
    headings = [h.get_text() for h in index.select("main h2.letter-index-letter")]
    assert headings == VIETNAMESE_HEADINGS
    assert [name for name, _, _ in index_entries(site, "tags")] == VIETNAMESE_ORDER
    jumps = [a.get_text() for a in index.select("main .letter-index-jump a")]
    assert jumps == headings
    for link in index.select("main .letter-index-jump a"):
        assert index.find(id=link["href"][1:]), link


def test_tag_index_counts_stories(site):
    counts = {name: count for name, _, count in index_entries(site, "tags")}
    assert counts["tập huấn"] == 11 and counts["an"] == 1 and counts["hòa giải"] == 5


def test_tag_index_links_resolve(site):
    for _, href, _ in index_entries(site, "tags"):
        assert (site / href.strip("/") / "index.html").is_file(), href


def test_english_tag_index_is_in_english_order(site):
    index = page(site, "en/tags")
    assert [h.get_text() for h in index.select("main h2")] == ["#", "A", "B", "D", "E", "Z"]
    assert [name for name, _, _ in index_entries(site, "en/tags")] == ENGLISH_ORDER
    assert index.html["lang"] == "en"


def test_tag_page_paginates_with_dates_summaries_feeds_and_a_way_back(site):
    first, second = page(site, "tags/tap-huan"), page(site, "tags/tap-huan/page/2")
    assert len(first.select("main .card")) == 10 and len(second.select("main .card")) == 1
    card = first.select_one("main .card")
    assert card.select_one("time[datetime]")["datetime"].endswith("+07:00")
    assert "Tóm tắt tin tập huấn số 17." in card.select_one(".card-summary").get_text()
    for html in (first, second):
        feeds = {a["href"] for a in html.select("main .feed-links a[type]")}
        assert feeds == {"/feeds/tags/tap-huan.rss.xml", "/feeds/tags/tap-huan.atom.xml"}
        assert html.select_one("main .listing-back a")["href"] == "/tags/"
        discovered = {
            link["href"] for link in html.select('head link[rel="alternate"][type$="+xml"]')
        }
        assert feeds | {"/feeds/all.rss.xml", "/feeds/all.atom.xml"} == discovered


def test_build_warns_once_per_group_of_ascii_twins(build_corpus, capfd):
    build_corpus(
        {
            "vi/a.md": story(tags=tags("ăn", "cả")),
            "vi/b.md": story(tags=tags("an", "cá")),
            "vi/c.md": story(tags=tags("đất")),
        }
    )
    warnings = [line for line in capfd.readouterr().err.splitlines() if "ASCII address" in line]
    assert len(warnings) == 2, warnings
    assert all(line.startswith("[vi] warning:") for line in warnings)
    assert any("“ăn” → tags/awn/" in line and "“an” → tags/an/" in line for line in warnings)
