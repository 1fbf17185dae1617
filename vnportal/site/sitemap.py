"""Stage 3: what search engines read first: the sitemap, the news sitemap, robots.txt.

Made from the index alone (no page is read back), so they are the same in a
cold build and an incremental one:

- ``sitemap.xml``: every published story and page of both languages, the
  two home pages and the portal's own pages named in each language's words
  (``PORTAL_PAGE_ADDRESSES``: events, statistics, contacts; not the search
  page), with absolute addresses, ``lastmod`` from the content
  (``modified``, else ``date``; a home page takes its newest story's) and, for
  a translated pair, ``xhtml:link`` alternates for each language and
  ``x-default`` (the Vietnamese page). Past ``MAX_URLS`` addresses it becomes a
  sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml``...
- ``sitemap-news.xml``: Google News' sitemap of the stories published on the
  build date or the day before (``PORTAL_BUILD_DATE``, vnportal/model/events.py).
- ``robots.txt``: every crawler welcome, and where the sitemaps are.

Drafts are never listed (they carry ``noindex`` themselves, theme/templates/base.html).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

from ..model.index import Entry, SiteIndex
from ..model.sources import LANGUAGES, url_prefix
from ..model.vietnamese import TIMEZONE

SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "sitemap-news.xml"
ROBOTS = "robots.txt"
MAX_URLS = 50_000  # the sitemaps protocol's limit per file
NEWS_DAYS = 2  # the build date and the day before
_FILES = re.compile(r"^(?:sitemap(?:-[a-z0-9]+)?\.xml|robots\.txt)$")

_URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
_NEWS_URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
)
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def is_sitemap_file(relpath: str) -> bool:
    """A file of output/ that this step makes (none of the language runs makes one)."""
    return _FILES.match(relpath) is not None


@dataclass(frozen=True)
class Address:
    """One line of the sitemap: a page, when it last changed, its language versions."""

    loc: str
    lastmod: datetime | None
    alternates: tuple[tuple[str, str], ...] = ()


# Portal pages that are no content of their own: a search page shows only what is typed.
_UNLISTED_PORTAL_PAGES = {"search"}


def addresses(
    index: SiteIndex, origin: str, portal_pages: Mapping[str, Mapping[str, str]] | None = None
) -> list[Address]:
    """Both home pages, the portal's pages, then every published story and page, in
    address order. ``portal_pages``: PORTAL_PAGE_ADDRESSES, each page's folder per language."""
    published = [e for e in index.entries if e.status == "published"]
    found: list[Address] = []
    homes = {lang: f"{origin}/{url_prefix(lang)}" for lang in LANGUAGES}
    home_alternates = _with_default(tuple((lang, homes[lang]) for lang in LANGUAGES))
    for lang in LANGUAGES:
        dates = [_changed(e) for e in published if e.lang == lang and e.kind == "article"]
        newest = max((d for d in dates if d is not None), default=None)
        found.append(Address(homes[lang], newest, home_alternates))
    for name, folders in sorted((portal_pages or {}).items()):
        if name in _UNLISTED_PORTAL_PAGES:
            continue
        urls = {lang: f"{origin}/{url_prefix(lang)}{folders[lang]}" for lang in LANGUAGES}
        page_alternates = _with_default(tuple((lang, urls[lang]) for lang in LANGUAGES))
        found += [Address(urls[lang], None, page_alternates) for lang in LANGUAGES]
    for entry in sorted(published, key=lambda e: e.url):
        versions = [(entry.lang, f"{origin}/{entry.url}")]
        for lang in LANGUAGES:
            other = index.translation_of(entry, lang) if lang != entry.lang else None
            if other is not None:
                versions.append((lang, f"{origin}/{other.url}"))
        versions.sort(key=lambda pair: LANGUAGES.index(pair[0]))
        alternates = _with_default(tuple(versions)) if len(versions) > 1 else ()
        found.append(Address(f"{origin}/{entry.url}", _changed(entry), alternates))
    return found


def _with_default(versions: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    default = next(url for lang, url in versions if lang == LANGUAGES[0])
    return (*versions, ("x-default", default))


def _changed(entry: Entry) -> datetime | None:
    return entry.modified or entry.date


def _time(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=TIMEZONE)
    return value.isoformat(timespec="seconds")


def _url_element(address: Address) -> str:
    lines = [f"<url><loc>{escape(address.loc)}</loc>"]
    if address.lastmod is not None:
        lines.append(f"<lastmod>{_time(address.lastmod)}</lastmod>")
    for lang, url in address.alternates:
        lines.append(
            f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(url)}/>'
        )
    return "".join(lines) + "</url>\n"


def urlset(found: list[Address]) -> str:
    return _HEAD + _URLSET + "".join(map(_url_element, found)) + "</urlset>\n"


def sitemap_files(found: list[Address], origin: str, limit: int = MAX_URLS) -> dict[str, str]:
    """``sitemap.xml`` alone, or past ``limit`` addresses an index and its parts."""
    if len(found) <= limit:
        return {SITEMAP: urlset(found)}
    files: dict[str, str] = {}
    entries = []
    for number, start in enumerate(range(0, len(found), limit), start=1):
        part = found[start : start + limit]
        name = f"sitemap-{number}.xml"
        files[name] = urlset(part)
        changed = max((a.lastmod for a in part if a.lastmod is not None), default=None)
        lastmod = f"<lastmod>{_time(changed)}</lastmod>" if changed is not None else ""
        entries.append(f"<sitemap><loc>{escape(f'{origin}/{name}')}</loc>{lastmod}</sitemap>\n")
    files[SITEMAP] = (
        _HEAD
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(entries)
        + "</sitemapindex>\n"
    )
    return files


def news_sitemap(index: SiteIndex, origin: str, today: date, names: Mapping[str, str]) -> str:
    """The stories published on ``today`` or the day before, newest first."""
    first = today - timedelta(days=NEWS_DAYS - 1)
    recent = [
        e
        for e in index.entries
        if e.status == "published"
        and e.kind == "article"
        and e.date is not None
        and first <= _local_day(e.date) <= today
    ]
    recent.sort(key=lambda e: (-e.date.timestamp(), e.url))  # type: ignore[union-attr]
    items = [
        f"<url><loc>{escape(f'{origin}/{e.url}')}</loc><news:news><news:publication>"
        f"<news:name>{escape(names[e.lang])}</news:name>"
        f"<news:language>{escape(e.lang)}</news:language></news:publication>"
        f"<news:publication_date>{_time(e.date)}</news:publication_date>"  # type: ignore[arg-type]
        f"<news:title>{escape(e.title)}</news:title></news:news></url>\n"
        for e in recent
    ]
    return _HEAD + _NEWS_URLSET + "".join(items) + "</urlset>\n"


def _local_day(value: datetime) -> date:
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(TIMEZONE).date()


def robots_txt(origin: str) -> str:
    return (
        "User-agent: *\n"
        "Allow: /\n"
        "\n"
        f"Sitemap: {origin}/{SITEMAP}\n"
        f"Sitemap: {origin}/{NEWS_SITEMAP}\n"
    )


def make_discovery_files(
    index: SiteIndex,
    origin: str,
    today: date,
    names: Mapping[str, str],
    portal_pages: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, bytes]:
    """Every file of this step, by its path in output/."""
    files = sitemap_files(addresses(index, origin, portal_pages), origin)
    files[NEWS_SITEMAP] = news_sitemap(index, origin, today, names)
    files[ROBOTS] = robots_txt(origin)
    return {name: text.encode("utf-8") for name, text in files.items()}
