"""The sitemaps and robots.txt: parsed back from built sites and generated indexes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

from vnportal.model.index import Entry, SiteIndex
from vnportal.model.vietnamese import TIMEZONE
from vnportal.site.sitemap import MAX_URLS, addresses, make_discovery_files, sitemap_files

from ..corpus import story

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
ORIGIN = "https://pbgdpl.example.vn"
PUBLIC = f"SITEURL = {ORIGIN!r}\nPORTAL_BUILD_DATE = '2024-07-12'\n"


def _urls(path_or_text) -> dict[str, ET.Element]:
    text = path_or_text if isinstance(path_or_text, str) else path_or_text.read_text("utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {url.findtext("sm:loc", namespaces=NS): url for url in root.findall("sm:url", NS)}


def _alternates(url: ET.Element) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}


def test_sample_sitemap_lists_existing_pages_with_absolute_urls(built_site):
    urls = _urls(built_site / "sitemap.xml")
    origin = "http://127.0.0.1:8000/"
    assert origin in urls and origin + "en/" in urls
    for loc, url in urls.items():
        assert loc.startswith(origin)
        assert (built_site / loc[len(origin) :] / "index.html").is_file(), loc
        alternates = _alternates(url)
        for lang, href in alternates.items():
            # Reciprocal: each alternate is listed and names the same versions.
            assert _alternates(urls[href]) == alternates, (loc, lang)
        if alternates:
            assert alternates["x-default"] == alternates["vi"]
    assert not any("/drafts/" in loc for loc in urls)
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {origin}sitemap.xml" in robots
    assert f"Sitemap: {origin}sitemap-news.xml" in robots
    ET.fromstring((built_site / "sitemap-news.xml").read_bytes())


def test_lastmod_news_drafts_and_escaping(build_corpus):
    title = 'Tin <mới> & \\"nóng\\" </script>'
    output = build_corpus(
        {
            "vi/2024/07/a.md": story("Cũ", date="2024-07-01 09:00 +07:00", modified="2024-07-05"),
            "en/2024/07/a.md": story("Old", date="2024-07-01 09:00 +07:00"),
            "vi/2024/07/b.md": story(title, date="2024-07-11 23:30 +07:00"),
            "vi/2024/07/c.md": story("Hôm nay", date="2024-07-12 06:00 +07:00"),
            "vi/2024/07/d.md": story("Bản nháp", date="2024-07-12 07:00 +07:00", status="draft"),
            "vi/2024/07/e.md": story("Hôm kia", date="2024-07-10 23:59 +07:00"),
        },
        PUBLIC,
    )
    urls = _urls(output / "sitemap.xml")
    a = urls[f"{ORIGIN}/2024/07/a/"]
    assert a.findtext("sm:lastmod", namespaces=NS) == "2024-07-05T00:00:00+07:00"
    assert _alternates(a) == {
        "vi": f"{ORIGIN}/2024/07/a/",
        "en": f"{ORIGIN}/en/2024/07/a/",
        "x-default": f"{ORIGIN}/2024/07/a/",
    }
    en = urls[f"{ORIGIN}/en/2024/07/a/"]
    assert en.findtext("sm:lastmod", namespaces=NS) == "2024-07-01T09:00:00+07:00"
    assert _alternates(en) == _alternates(a)
    assert _alternates(urls[f"{ORIGIN}/2024/07/c/"]) == {}
    assert urls[f"{ORIGIN}/"].findtext("sm:lastmod", namespaces=NS) == "2024-07-12T06:00:00+07:00"
    assert not any("drafts" in loc or loc.endswith("/d/") for loc in urls)

    news = _urls(output / "sitemap-news.xml")
    assert list(news) == [f"{ORIGIN}/2024/07/c/", f"{ORIGIN}/2024/07/b/"]
    item = news[f"{ORIGIN}/2024/07/b/"]
    assert item.findtext("news:news/news:title", namespaces=NS) == title.replace("\\", "")
    assert item.findtext("news:news/news:publication/news:language", namespaces=NS) == "vi"
    assert item.findtext("news:news/news:publication_date", namespaces=NS) == (
        "2024-07-11T23:30:00+07:00"
    )
    assert "<mới>" not in (output / "sitemap-news.xml").read_text("utf-8")

    draft = (output / "drafts/d/index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex">' in draft
    assert "noindex" not in (output / "2024/07/c/index.html").read_text("utf-8")
    assert (output / "robots.txt").read_text("utf-8").startswith("User-agent: *\n")


def _generated_index(count: int) -> SiteIndex:
    start = datetime(2015, 1, 1, 8, tzinfo=TIMEZONE)
    entries = []
    for number in range(count):
        day = start + timedelta(hours=number)
        entries.append(
            Entry(
                lang="vi",
                relpath=f"{day:%Y/%m}/tin-{number}.md",
                kind="article",
                slug=f"tin-{number}",
                url=f"{day:%Y/%m}/tin-{number}/",
                title=f"Tin {number}",
                date=day,
                status="published",
                translation_key=f"{day:%Y/%m}/tin-{number}.md",
            )
        )
    return SiteIndex(entries)


def test_past_fifty_thousand_urls_the_sitemap_becomes_an_index():
    index = _generated_index(MAX_URLS)  # with the two home pages: 50,002 addresses
    files = make_discovery_files(index, ORIGIN, date(2020, 9, 14), {"vi": "A", "en": "B"})
    assert sorted(files) == [
        "robots.txt",
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-news.xml",
        "sitemap.xml",
    ]
    root = ET.fromstring(files["sitemap.xml"])
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    parts = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    assert parts == [f"{ORIGIN}/sitemap-1.xml", f"{ORIGIN}/sitemap-2.xml"]
    listed = []
    for name in ("sitemap-1.xml", "sitemap-2.xml"):
        urls = _urls(files[name].decode("utf-8"))
        assert len(urls) <= MAX_URLS
        listed += urls
    assert len(listed) == len(set(listed)) == MAX_URLS + 2
    news = _urls(files["sitemap-news.xml"].decode("utf-8"))
    recent = [e for e in index.entries if e.date.date() in (date(2020, 9, 13), date(2020, 9, 14))]
    assert 24 < len(recent) <= 48  # one story an hour, the last one on 14 September
    assert sorted(news) == sorted(f"{ORIGIN}/{e.url}" for e in recent)


def test_at_most_the_limit_stays_one_sitemap():
    found = addresses(_generated_index(8), ORIGIN)
    assert list(sitemap_files(found, ORIGIN, limit=10)) == ["sitemap.xml"]
    assert list(sitemap_files(found, ORIGIN, limit=4)) == [
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
        "sitemap.xml",
    ]
