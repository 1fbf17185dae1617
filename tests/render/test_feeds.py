"""Feeds: RSS 2.0 and Atom per language, tag and category, read back with feedparser and
ElementTree as a feed reader would: valid, complete, stable, absolute and inert."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from vnportal.render.feeds import absolute_html

from ..corpus import story

ORIGIN = "http://127.0.0.1:8000"
PUBLIC = "https://pbgdpl.example.vn"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
LANGS = {"vi": "", "en": "en/"}
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
RFC822_OFFSET = re.compile(r"^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0700$")


def feeds_of(site: Path, lang: str) -> list[Path]:
    return sorted((site / LANGS[lang] / "feeds").rglob("*.xml"))


def all_feeds(site: Path) -> list[Path]:
    return [path for lang in LANGS for path in feeds_of(site, lang)]


def parse(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes())


def file_of(site: Path, url: str) -> Path:
    """The output file an absolute or root-relative URL of the site points to."""
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def raw_items(path: Path) -> list[ElementTree.Element]:
    root = ElementTree.parse(path).getroot()
    return root.findall("channel/item") if root.tag == "rss" else root.findall(f"{ATOM}entry")


def raw_content(item: ElementTree.Element) -> str:
    found = item.find(f"{CONTENT}encoded")
    return (found if found is not None else item.find(f"{ATOM}content")).text or ""


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ---- the sample site, built locally -------------------------------------------------


def test_every_feed_parses_without_errors(built_site):
    feeds = all_feeds(built_site)
    assert len(feeds) > 20
    for path in feeds:
        parsed = parse(path)
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == ("atom10" if path.name.endswith(".atom.xml") else "rss20"), path


def test_each_language_tag_and_category_has_an_rss_and_an_atom_feed_and_nothing_else(built_site):
    for lang, prefix in LANGS.items():
        expected = {"all", "events", "documents"}  # documents: the library's feed
        for kind in ("tags", "categories"):
            expected |= {
                f"{kind}/{folder.name}"
                for folder in (built_site / prefix / kind).iterdir()
                if (folder / "index.html").is_file() and folder.name != "page"
            }
        found = {
            path.relative_to(built_site / prefix / "feeds").as_posix()
            for path in feeds_of(built_site, lang)
        }
        assert found == {f"{name}.{fmt}.xml" for name in expected for fmt in ("rss", "atom")}


def test_channels_carry_every_required_field(built_site):
    for lang in LANGS:
        for path in feeds_of(built_site, lang):
            parsed = parse(path)
            channel = parsed.feed
            own_url = f"{ORIGIN}/{path.relative_to(built_site).as_posix()}"
            assert channel.title and channel.subtitle, path
            assert channel.language == lang, path
            assert {link.rel: link.href for link in channel.links}["self"] == own_url
            assert file_of(built_site, channel.link).is_file(), channel.link
            logo = channel.image.href if "image" in channel else channel.logo
            assert file_of(built_site, logo).is_file(), path
            # Never the build time: the newest entry's, or the epoch for no entry
            # (the events feed when no event is coming).
            times = [entry.updated_parsed for entry in parsed.entries]
            newest = max(times) if times else time.gmtime(0)
            assert channel.updated_parsed == newest, path


def test_feed_times_carry_the_vietnam_offset(built_site):
    for path in all_feeds(built_site):
        root = ElementTree.parse(path).getroot()
        if root.tag == "rss":
            assert RFC822_OFFSET.match(root.findtext("channel/lastBuildDate")), path
            for item in raw_items(path):
                assert RFC822_OFFSET.match(item.findtext("pubDate")), path
                assert ISO_OFFSET.match(item.findtext(f"{DC}date")), path
        else:
            assert ISO_OFFSET.match(root.findtext(f"{ATOM}updated")), path
            for entry in raw_items(path):
                assert ISO_OFFSET.match(entry.findtext(f"{ATOM}published")), path
                assert ISO_OFFSET.match(entry.findtext(f"{ATOM}updated")), path


def test_entries_carry_every_required_field(built_site):
    for path in all_feeds(built_site):
        for entry in parse(path).entries:
            where = f"{path.name}: {entry.get('link')}"
            assert entry.title and entry.summary and entry.author, where
            assert entry.link.startswith(f"{ORIGIN}/"), where
            assert file_of(built_site, entry.link).is_file(), where
            assert entry.published_parsed and entry.updated_parsed, where
            assert entry.updated_parsed >= entry.published_parsed, where
            assert entry.tags and all(tag.term for tag in entry.tags), where
            assert entry.content[0].type == "text/html" and entry.content[0].value, where
            assert entry.id.startswith("tag:127.0.0.1,"), where


def test_ids_are_unique_and_one_story_has_one_id_in_every_feed(built_site):
    ids_by_link: dict[str, set[str]] = {}
    for path in all_feeds(built_site):
        entries = parse(path).entries
        assert len({e.id for e in entries}) == len(entries), path
        for entry in entries:
            ids_by_link.setdefault(entry.link, set()).add(entry.id)
    assert all(len(ids) == 1 for ids in ids_by_link.values())
    every_id = [next(iter(ids)) for ids in ids_by_link.values()]
    assert len(set(every_id)) == len(every_id)  # a story and its translation differ too
    seed = ids_by_link[f"{ORIGIN}/2024/07/tap-huan-ky-nang-pbgdpl/"]
    assert seed == {"tag:127.0.0.1,2024-07-11:vi/2024/07/tap-huan-ky-nang-pbgdpl.md"}


def test_feeds_are_newest_first_and_capped(built_site):
    for path in all_feeds(built_site):
        entries = parse(path).entries
        dates = [entry.published_parsed for entry in entries]
        assert dates == sorted(dates, reverse=True), path
        assert len(entries) <= (50 if path.name.startswith("all.") else 20), path


def test_local_feed_content_links_and_images_work_on_the_preview_server(built_site):
    for path in feeds_of(built_site, "vi"):
        for item in raw_items(path):
            for element in BeautifulSoup(raw_content(item), "html.parser").select("[href], [src]"):
                url = element.get("href") or element.get("src")
                if url.startswith(ORIGIN):
                    assert file_of(built_site, url.split("#")[0]).is_file(), url


def test_every_page_autodiscovers_the_site_feeds(built_site):
    for path in sorted(built_site.rglob("*.html")):
        prefix = "en/" if path.relative_to(built_site).parts[0] == "en" else ""
        links = page(path).select('head link[rel="alternate"][type$="+xml"]')
        hrefs = {link["href"] for link in links}
        assert {f"/{prefix}feeds/all.rss.xml", f"/{prefix}feeds/all.atom.xml"} <= hrefs, path
        assert all(link.get("title") for link in links), path


def test_tag_and_category_pages_autodiscover_their_own_feeds(built_site):
    for kind in ("tags", "categories"):
        for folder in (built_site / kind).iterdir():
            if not (folder / "index.html").is_file() or folder.name == "page":
                continue
            hrefs = {
                link["href"]
                for link in page(folder / "index.html").select('head link[rel="alternate"][type]')
            }
            own = {f"/feeds/{kind}/{folder.name}.rss.xml", f"/feeds/{kind}/{folder.name}.atom.xml"}
            assert own <= hrefs, folder
            assert all(file_of(built_site, href).is_file() for href in own)


def test_a_story_page_autodiscovers_only_the_site_feeds(built_site):
    links = page(built_site / "2024/07/tap-huan-ky-nang-pbgdpl/index.html").select(
        'head link[rel="alternate"][type$="+xml"]'
    )
    assert {link["href"] for link in links} == {"/feeds/all.rss.xml", "/feeds/all.atom.xml"}


@pytest.mark.parametrize(
    ("lang", "explanation"),
    [("vi", "Kênh tin RSS giúp bạn theo dõi trang này"), ("en", "A news feed lets you follow")],
)
def test_feeds_page_explains_feeds_and_lists_every_one(built_site, lang, explanation):
    prefix = LANGS[lang]
    html_page = page(built_site / prefix / "feeds/index.html")
    assert explanation in html_page.select_one("main").get_text()
    # Its own language's feeds; links to the other language's carry hreflang.
    listed = {a["href"] for a in html_page.select("main a[href$='.xml']:not([hreflang])")}
    on_disk = {f"/{p.relative_to(built_site).as_posix()}" for p in feeds_of(built_site, lang)}
    assert listed == on_disk
    opml = html_page.select_one("main a[href$='.opml']")
    assert opml["href"] == f"/{prefix}feeds/feeds.opml" and file_of(built_site, opml["href"])
    footer = {a["href"] for a in page(built_site / prefix / "index.html").select("footer a")}
    assert f"/{prefix}feeds/" in footer


def test_feeds_page_links_a_paired_topic_to_its_feed_in_the_other_language(built_site):
    for path, topic, other in (
        ("en/feeds/index.html", "Events", "/feeds/categories/su-kien.rss.xml"),
        ("feeds/index.html", "hòa giải ở cơ sở", "/en/feeds/tags/grassroots-mediation.rss.xml"),
    ):
        rows = page(built_site / path).select(".feed-list li")
        row = next(r for r in rows if r.select_one(".feed-list-name").get_text() == topic)
        link = row.select_one("a[hreflang]")
        assert link["href"] == other and file_of(built_site, other).is_file()
        assert link["lang"] == link["hreflang"] == ("vi" if path.startswith("en/") else "en")
    # A topic with no pair has no such link.
    rows = page(built_site / "feeds/index.html").select(".feed-list li")
    lonely = next(r for r in rows if r.select_one(".feed-list-name").get_text() == "Luật Đất đai")
    assert not lonely.select_one("a[hreflang]")


@pytest.mark.parametrize("lang", LANGS)
def test_opml_lists_every_feed_of_its_language(built_site, lang):
    opml = ElementTree.parse(built_site / LANGS[lang] / "feeds/feeds.opml").getroot()
    assert opml.get("version") == "2.0" and opml.findtext("head/title")
    outlines = [o for o in opml.iter("outline") if o.get("xmlUrl")]
    rss_files = [p for p in feeds_of(built_site, lang) if p.name.endswith(".rss.xml")]
    assert len(outlines) == len(rss_files)
    for outline in outlines:
        assert outline.get("type") == "rss" and outline.get("language") == lang
        assert outline.get("text") and file_of(built_site, outline.get("xmlUrl")).is_file()
        assert file_of(built_site, outline.get("htmlUrl")).is_file()


def test_every_feed_names_the_css_stylesheet_of_its_language_and_no_xslt(built_site):
    for lang, prefix in LANGS.items():
        for path in feeds_of(built_site, lang):
            head = path.read_text(encoding="utf-8").split("\n", 3)[:3]
            assert head[1] == f'<?xml-stylesheet type="text/css" href="/{prefix}feeds/feed.css"?>'
            assert not head[2].startswith("<?xml-stylesheet"), path
        assert not (built_site / prefix / "feeds/feed.xsl").exists()
        css = (built_site / prefix / "feeds/feed.css").read_text(encoding="utf-8")
        wanted = {"vi": "Đây là một kênh tin RSS", "en": "This page is a news feed"}[lang]
        assert wanted in css
        # The explanation lives on the feeds page: the notice gives its address.
        assert f'"{ORIGIN}/{prefix}feeds/"' in css


def test_every_entry_link_carries_its_address_as_text(built_site):
    """What a browser shows of a feed with CSS alone: each story's address."""
    for path in all_feeds(built_site):
        for item in raw_items(path):
            if item.tag == "item":
                assert item.findtext("link").startswith(f"{ORIGIN}/"), path
            else:
                links = item.findall(f"{ATOM}link")
                pages = [link for link in links if link.get("rel", "alternate") == "alternate"]
                assert pages and all(link.text == link.get("href") for link in pages), path


def test_rss_image_has_its_size_and_atom_logo_is_wide_and_icon_square(built_site):
    for path in feeds_of(built_site, "vi"):
        root = ElementTree.parse(path).getroot()
        if root.tag == "rss":
            image = root.find("channel/image")
            size = (int(image.findtext("width")), int(image.findtext("height")))
            assert size == image_size(built_site, image.findtext("url"))
            assert size[0] <= 144 and size[1] <= 400  # RSS 2.0's limits
            assert image.findtext("link") == root.findtext("channel/link")
        else:
            width, height = image_size(built_site, root.findtext(f"{ATOM}logo"))
            assert width == 2 * height, path
            width, height = image_size(built_site, root.findtext(f"{ATOM}icon"))
            assert width == height, path


def image_size(site: Path, url: str) -> tuple[int, int]:
    with Image.open(file_of(site, url)) as image:
        return image.size


def test_the_preview_server_serves_feeds_so_that_browsers_show_them(site_server):
    expected = {
        "/feeds/all.rss.xml": "text/xml",
        "/en/feeds/all.atom.xml": "text/xml",
        "/feeds/feed.css": "text/css",
        "/feeds/feeds.opml": "text/x-opml",
    }
    for path, media_type in expected.items():
        with urllib.request.urlopen(site_server + path) as response:
            assert response.headers["Content-Type"].split(";")[0] == media_type, path


# ---- small corpora ----------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script> & <b>đậm</b>"


def numbered_stories(count: int, **fields: str) -> dict[str, str]:
    return {
        f"vi/2024/07/tin-{n:02}.md": story(
            f"Tin số {n}", f"2024-07-{n:02} 08:00", tags="[tập huấn]", **fields
        )
        for n in range(1, count + 1)
    }


def test_feeds_are_byte_identical_across_rebuilds_and_ids_survive_new_stories(build_corpus):
    files = numbered_stories(3, modified="2024-08-01 09:00")
    first = {p: p.read_bytes() for p in all_feeds(build_corpus(files))}
    output = build_corpus(files)
    assert {p: p.read_bytes() for p in all_feeds(output)} == first
    old_ids = {e.link: e.id for e in parse(output / "feeds/all.atom.xml").entries}
    files["vi/2024/07/tin-moi.md"] = story("Tin mới", "2024-07-20 08:00")
    output = build_corpus(files)
    new_ids = {e.link: e.id for e in parse(output / "feeds/all.atom.xml").entries}
    assert {link: new_ids[link] for link in old_ids} == old_ids


def test_updated_time_follows_modified_and_the_newest_entry(build_corpus):
    output = build_corpus(numbered_stories(2, modified="2024-08-01 09:00 +07:00"))
    for name in ("all.atom.xml", "all.rss.xml"):
        parsed = parse(output / "feeds" / name)
        assert [e.updated for e in parsed.entries] == ["2024-08-01T09:00:00+07:00"] * 2
        assert parsed.feed.updated_parsed[:5] == (2024, 8, 1, 2, 0)  # 09:00 at +07:00, in UTC


def test_feeds_hold_at_most_the_configured_number_of_stories(build_corpus):
    output = build_corpus(numbered_stories(25), "PORTAL_MAIN_FEED_ITEMS = 3\n")
    main = parse(output / "feeds/all.rss.xml").entries
    assert [e.title for e in main] == ["Tin số 25", "Tin số 24", "Tin số 23"]
    tag = parse(output / "feeds/tags/tap-huan.atom.xml").entries
    assert len(tag) == 20 and tag[0].title == "Tin số 25"
    empty = parse(output / "en/feeds/all.atom.xml")  # English has no stories: still valid
    assert not empty.bozo and not empty.entries and empty.feed.updated.startswith("1970-01-01")


def test_a_wrong_cap_setting_stops_the_build_naming_it(build_corpus):
    from vnportal.model.errors import BuildError

    with pytest.raises(BuildError) as caught:
        build_corpus(numbered_stories(1), "PORTAL_TERM_FEED_ITEMS = 'hai mươi'\n")
    assert "PORTAL_TERM_FEED_ITEMS" in str(caught.value)


def test_markup_in_titles_and_summaries_stays_text(build_corpus):
    text = story(title=PAYLOAD.replace('"', ""), summary=f'"{PAYLOAD}"', tags=f'["{PAYLOAD}"]')
    output = build_corpus({"vi/2024/07/a.md": text})
    for path in all_feeds(output):
        assert "<script" not in path.read_text(encoding="utf-8"), path
    atom = parse(output / "feeds/all.atom.xml").entries[0]
    assert atom.title == PAYLOAD and atom.summary == PAYLOAD
    assert atom.title_detail.type == "text/plain" and atom.summary_detail.type == "text/plain"
    rss_item = raw_items(output / "feeds/all.rss.xml")[0]
    assert rss_item.findtext("title") == PAYLOAD
    # RSS descriptions are HTML: a reader must see the text, so it is escaped once more.
    assert rss_item.findtext("description") == html.escape(PAYLOAD, quote=False)


PUBLISH_SETTINGS = f'SITEURL = "{PUBLIC}"\nFEED_DOMAIN = SITEURL\n'
LINKING_BODY = """\
Xem [bài khác]({filename}/vi/2024/07/b.md), [giới thiệu](/gioi-thieu/) và [mục dưới](#muc).

![Quang cảnh]({static}/images/a.svg "Quang cảnh hội nghị.")

<p><a href="../b/">tương đối</a>
<img src="../../images/a.svg" alt="Ảnh" srcset="/images/a.svg 2x"></p>

<a href="mailto:stp@tiengiang.gov.vn">thư</a>
"""


def test_publish_mode_feeds_contain_only_absolute_public_addresses(build_corpus):
    files = {
        "vi/2024/07/a.md": story(body=LINKING_BODY, image="images/a.svg", image_alt="Ảnh"),
        "vi/2024/07/b.md": story("Bài khác", "2024-07-12 08:00"),
        "vi/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n",
        "images/a.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
    }
    output = build_corpus(files, PUBLISH_SETTINGS)
    checked = 0
    for path in all_feeds(output):
        text = path.read_text(encoding="utf-8")
        assert re.search(f'href="{PUBLIC}/(en/)?feeds/feed.css"', text.split("\n")[1]), path
        assert ORIGIN not in text, path
        for item in raw_items(path):
            fragment = BeautifulSoup(raw_content(item), "html.parser")
            for element in fragment.select("[href], [src], [srcset]"):
                for attribute in ("href", "src"):
                    if element.has_attr(attribute):
                        assert_absolute(element[attribute], path)
                        checked += 1
                for candidate in element.get("srcset", "").split(","):
                    if candidate.strip():
                        assert_absolute(candidate.split()[0], path)
    assert checked >= 8 * 2  # links and images of story a, in the RSS and Atom main feeds
    parsed = parse(output / "feeds/all.atom.xml")
    assert all(link.href.startswith(f"{PUBLIC}/") for link in parsed.feed.links)
    assert all(entry.link.startswith(f"{PUBLIC}/2024/07/") for entry in parsed.entries)
    assert all(entry.id.startswith("tag:pbgdpl.example.vn,2024-07-") for entry in parsed.entries)


def assert_absolute(url: str, where: Path) -> None:
    parts = urlsplit(url)
    assert parts.scheme in {"https", "mailto"}, f"{where}: relative address {url!r}"
    if parts.scheme == "https":
        assert url.startswith(f"{PUBLIC}/"), f"{where}: {url!r}"


def test_entry_ids_can_keep_an_old_domain_after_a_move(build_corpus):
    output = build_corpus(
        numbered_stories(1), PUBLISH_SETTINGS + 'PORTAL_ENTRY_ID_DOMAIN = "old.example.vn"\n'
    )
    entry = parse(output / "feeds/all.atom.xml").entries[0]
    assert entry.id == "tag:old.example.vn,2024-07-01:vi/2024/07/tin-01.md"
    assert datetime.fromisoformat(entry.published).utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="/2024/07/a/">a</a>', '<a href="https://x.vn/2024/07/a/">a</a>'),
        (
            '<img alt="" src="images/a.svg"/>',
            '<img alt="" src="https://x.vn/2024/07/b/images/a.svg"/>',
        ),
        ('<a href="#fn:1">1</a>', '<a href="https://x.vn/2024/07/b/#fn:1">1</a>'),
        (
            "<img alt='' srcset='/a.jpg 1x, /b.jpg 2x'/>",
            "<img alt='' srcset=\"https://x.vn/a.jpg 1x, https://x.vn/b.jpg 2x\"/>",
        ),
        ('<A HREF="/a/">A</A>', '<A HREF="https://x.vn/a/">A</A>'),
        ('<a href="/tim?q=hoà&amp;trang=2">', '<a href="https://x.vn/tim?q=hoà&amp;trang=2">'),
        # A ">" or an attribute's name inside a value is text, not the end of the tag.
        (
            '<img alt="Hội nghị > 200 người, href=/x" src="/anh.jpg">',
            '<img alt="Hội nghị > 200 người, href=/x" src="https://x.vn/anh.jpg">',
        ),
        # Text that looks like an attribute, outside any tag, stays text.
        (
            '<p>Mã nhúng: src="/khung/" và &lt;a href="/x"&gt;</p>',
            '<p>Mã nhúng: src="/khung/" và &lt;a href="/x"&gt;</p>',
        ),
        (
            '<figure><img src="anh.jpg" width="640" srcset="anh-480.jpg 480w,anh.jpg 640w">'
            '<figcaption><a href="../a/">Bài trước</a></figcaption></figure>',
            '<figure><img src="https://x.vn/2024/07/b/anh.jpg" width="640" '
            'srcset="https://x.vn/2024/07/b/anh-480.jpg 480w, https://x.vn/2024/07/b/anh.jpg 640w">'
            '<figcaption><a href="https://x.vn/2024/07/a/">Bài trước</a></figcaption></figure>',
        ),
    ],
)
def test_relative_addresses_in_content_become_absolute(fragment, expected):
    """Only the addresses change: the rest of the story's HTML stays as it was written."""
    assert absolute_html(fragment, "https://x.vn/2024/07/b/") == expected


def test_content_that_is_already_absolute_is_left_exactly_as_it_is():
    fragment = '<p><a href="https://moj.gov.vn/">Bộ</a> <a href="mailto:a@b.vn">thư</a></p>'
    assert absolute_html(fragment, "https://x.vn/") is fragment


def test_making_addresses_absolute_never_loads_bs4():
    """The rewrite of one edited story imports this module; bs4 (with soupsieve) would
    add about 0.1 s to it, and most stories have a photo or a link to resolve."""
    script = (
        "import sys\n"
        "from vnportal.render.feeds import absolute_html\n"
        "made = absolute_html('<a href=\"/bai/\">Bài</a>', 'https://sotuphap.example/')\n"
        "print('bs4' in sys.modules, made)\n"
    )
    said = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split(" ", 1)
    assert said[0] == "False"
    assert said[1].strip() == '<a href="https://sotuphap.example/bai/">Bài</a>'
