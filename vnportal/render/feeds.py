"""News feeds with feedgen: RSS 2.0 and Atom for each language, tag and category.

Addresses, under each language's prefix ('' for Vietnamese, 'en/' for English):

    feeds/                              the page that explains feeds and lists them
    feeds/all.rss.xml, all.atom.xml     the latest stories
    feeds/events.rss.xml, ...           upcoming events, soonest first (as of the build date)
    feeds/tags/<slug>.rss.xml, ...      one tag (<slug> as on its page /tags/<slug>/)
    feeds/categories/<slug>.rss.xml     one category (and .atom.xml)
    feeds/feeds.opml                    every feed of the language, to import at once
    feeds/feed.css                      how a browser shows a feed opened as a page

Choices that keep feeds trustworthy for readers:

- Every link inside a feed is absolute, from ``FEED_DOMAIN`` (the public
  ``SITEURL`` in publish mode, the local preview server otherwise); links and
  image sources in the content are made absolute with beautifulsoup4.
- Entry ids are ``tag:`` URIs (RFC 4151): ``tag:<domain>,<first publication
  date>:<lang>/<translation key>``. They survive rebuilds, a changed title or
  slug, and a move of the site when ``PORTAL_ENTRY_ID_DOMAIN`` keeps the old
  domain; the language keeps a story and its translation apart.
- Output is byte-identical for the same input: no build time anywhere; a
  feed's updated time is its newest entry's (the Unix epoch when it is empty).
- Summaries are plain text: Atom says so (``type="text"``), RSS descriptions
  are HTML, so the text is escaped once more there. Content is ``type="html"``.
- A feed opened in a browser is styled by CSS alone (``feed.css``; browsers are
  dropping XSLT): each entry's title, date, summary and address show. RSS has
  the address as the text of ``<link>``; an Atom link is an empty element by
  habit, but RFC 4287 allows it content, so the entry's page link carries its
  address as text too (feed readers ignore it). The explanation of feeds is
  the /feeds/ page, whose address the stylesheet shows above the entries.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit
from xml.etree import ElementTree

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from markupsafe import Markup

from ..incremental.page_keys import content_digest
from ..model.digests import digest
from ..model.errors import BuildError
from ..model.events import upcoming_events
from ..model.index import SiteIndex
from ..model.sources import url_prefix
from ..model.taxonomy import name_order
from ..model.vietnamese import iso_datetime
from ..model.whole_numbers import is_whole_number
from .alternates import absolute_origin, other_language
from .i18n import load_translations
from .run import language_run, run_today

# Settings this module adds, with their defaults; read only by feed_options().
# (Names avoid "FEED_": the English build prefixes string settings containing it.)
DEFAULTS: dict[str, Any] = {
    "PORTAL_MAIN_FEED_ITEMS": 50,  # stories in each language's main feed
    "PORTAL_TERM_FEED_ITEMS": 20,  # stories in each tag and category feed
    # Authority of entry ids; '' takes FEED_DOMAIN's host name. After moving
    # the site, set the old one so that readers do not see every story again.
    "PORTAL_ENTRY_ID_DOMAIN": "",
}

FORMATS = ("rss", "atom")
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom"}
FEEDS_FOLDER = "feeds/"
STYLESHEET = "feed.css"
# RSS <image>: 144×144, the largest width RSS 2.0 allows; Atom <icon> is square
# and <logo> twice as wide as it is tall (RFC 4287).
SQUARE_LOGO = ("theme/img/feed-logo.png", 144, 144)
WIDE_LOGO = "theme/img/feed-logo-wide.png"  # 288×144
# Never the build time; in Vietnam time like every other time in a feed.
EMPTY_FEED_TIME = datetime(1970, 1, 1, 7, tzinfo=timezone(timedelta(hours=7)))  # the epoch
URL_ATTRIBUTES = ("href", "src", "poster", "cite")


@dataclass(frozen=True)
class FeedOptions:
    main_items: int
    term_items: int
    id_domain: str


def feed_options(settings: dict[str, Any]) -> FeedOptions:
    """The feed settings, checked; a wrong value stops the build with its name."""
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    problems = [
        f"pelicanconf.py: {name} must be a whole number above 0, not {values[name]!r}"
        for name in ("PORTAL_MAIN_FEED_ITEMS", "PORTAL_TERM_FEED_ITEMS")
        if not is_whole_number(values[name], 1)
    ]
    if not isinstance(values["PORTAL_ENTRY_ID_DOMAIN"], str):
        problems.append("pelicanconf.py: PORTAL_ENTRY_ID_DOMAIN must be a domain name in quotes")
    if problems:
        raise BuildError(problems)
    origin_host = urlsplit(feed_origin(settings)).hostname or "localhost"
    return FeedOptions(
        main_items=values["PORTAL_MAIN_FEED_ITEMS"],
        term_items=values["PORTAL_TERM_FEED_ITEMS"],
        id_domain=values["PORTAL_ENTRY_ID_DOMAIN"] or origin_host,
    )


@dataclass(frozen=True)
class FeedSite:
    """What every feed of one language says about the site."""

    lang: str
    origin: str  # absolute base of every link inside a feed, no trailing slash
    site_url: str  # SITEURL: how the site's own pages link (for the stylesheet)
    prefix: str  # '' or 'en/'
    name: str
    publisher: str
    publisher_email: str
    tags_url: str  # the tag index, as the scheme of entry categories
    options: FeedOptions

    def absolute(self, url: str) -> str:
        return f"{self.origin}/{url}"

    def stylesheet_href(self) -> str:
        return f"{self.site_url}/{self.prefix}{FEEDS_FOLDER}{STYLESHEET}"


def feed_origin(settings: dict[str, Any]) -> str:
    """Where links inside feeds point: FEED_DOMAIN, else an absolute SITEURL."""
    origin = settings.get("FEED_DOMAIN") or absolute_origin(settings)
    return origin.rstrip("/")


def feed_site(settings: dict[str, Any]) -> FeedSite:
    agency = settings.get("AGENCY") or {}
    return FeedSite(
        lang=language_run(settings).lang,
        origin=feed_origin(settings),
        site_url=settings["SITEURL"],
        prefix=settings.get("LANG_PREFIX", ""),
        name=settings["SITENAME"],
        publisher=agency.get("name") or settings["SITENAME"],
        publisher_email=agency.get("email", ""),
        tags_url=settings["TAGS_URL"],
        options=feed_options(settings),
    )


# ---- which feeds exist --------------------------------------------------------


@dataclass(frozen=True)
class FeedLink:
    """One format of one feed, as templates link to it."""

    format: str
    url: str  # site-relative
    title: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self.format]


@dataclass(frozen=True)
class OtherLanguageFeed:
    """A paired topic's feed in the other language, as the feeds page links to it."""

    lang: str
    name: str  # the topic's name in that language
    url: str  # site-relative, RSS


@dataclass(frozen=True)
class Channel:
    """One feed (in both formats): the site's latest stories, a tag or a category."""

    kind: str  # "site", "tag" or "category"
    label: str  # how lists name it: "All stories", the tag's name...
    slug: str  # '' for the site feed
    title: str
    subtitle: str
    page_url: str  # the HTML page it follows, site-relative
    path: str  # site-relative, without the extension: "en/feeds/tags/an"
    articles: tuple[Any, ...]
    # The same topic's feed in the other language (content/topics.yml), if it has one.
    counterpart: OtherLanguageFeed | None = None

    def url(self, fmt: str) -> str:
        return f"{self.path}.{fmt}.xml"

    @property
    def links(self) -> list[FeedLink]:
        return [
            FeedLink(fmt, self.url(fmt), f"{self.title} ({FORMAT_LABELS[fmt]})") for fmt in FORMATS
        ]


@dataclass(frozen=True)
class FeedCatalog:
    """Every feed of one language; templates read it as ``feed_catalog``."""

    site: Channel
    categories: tuple[Channel, ...]
    tags: tuple[Channel, ...]
    opml_url: str
    events: Channel | None = None  # upcoming events, soonest first
    documents: Channel | None = None  # new documents of the library, newest first

    @property
    def channels(self) -> tuple[Channel, ...]:
        events = (self.events,) if self.events else ()
        documents = (self.documents,) if self.documents else ()
        return (self.site, *events, *documents, *self.categories, *self.tags)

    def for_tag(self, tag: Any) -> Channel | None:
        return self._by_slug.get(("tag", tag.slug))

    def for_category(self, category: Any) -> Channel | None:
        return self._by_slug.get(("category", category.slug))

    @property
    def key(self) -> str:
        """What the feeds page shows beyond the names and counts of the topics."""
        return digest(*(repr(channel.counterpart) for channel in self.channels))

    @cached_property
    def _by_slug(self) -> dict[tuple[str, str], Channel]:
        # Every tag page asks: a scan per page would grow with the square of the tags.
        return {(c.kind, c.slug): c for c in (*self.tags, *self.categories)}


def newest_first(articles: Iterable[Any]) -> list[Any]:
    # By URL first, so that stories published in the same minute keep one order.
    return sorted(sorted(articles, key=lambda a: a.url), key=lambda a: a.date, reverse=True)


def build_catalog(generator: Any) -> FeedCatalog:
    """The feeds of one language, from what the articles generator found."""
    site = feed_site(generator.settings)
    _ = load_translations(Path(generator.settings["THEME"]), site.lang).gettext
    main = Channel(
        kind="site",
        label=_("All stories"),
        slug="",
        title=site.name,
        subtitle=_("The latest stories from %(site)s") % {"site": site.name},
        page_url=site.prefix,
        path=f"{site.prefix}{FEEDS_FOLDER}all",
        articles=tuple(newest_first(generator.articles)[: site.options.main_items]),
    )
    category_texts = (
        _("Category: %(name)s – %(site)s"),
        _("Stories in the category “%(name)s” on %(site)s"),
    )
    tag_texts = (_("Tag: %(name)s – %(site)s"), _("Stories tagged “%(name)s” on %(site)s"))
    order = name_order(site.lang)
    index = language_run(generator.settings).index
    categories = (
        _term_channel("category", *pair, site, category_texts, index)
        for pair in generator.categories
    )
    tags = (_term_channel("tag", *pair, site, tag_texts, index) for pair in generator.tags.items())
    events = Channel(
        kind="events",
        label=_("Upcoming events"),
        slug="",
        title=_("Upcoming events – %(site)s") % {"site": site.name},
        subtitle=_("Events announced by %(site)s, soonest first") % {"site": site.name},
        page_url=generator.settings.get("EVENTS_URL", f"{site.prefix}events/"),
        path=f"{site.prefix}{FEEDS_FOLDER}events",
        articles=tuple(upcoming_events(generator.articles, run_today(generator.settings))),
    )
    return FeedCatalog(
        events=events,
        site=main,
        categories=tuple(sorted(categories, key=lambda c: order(c.label))),
        tags=tuple(sorted(tags, key=lambda c: order(c.label))),
        opml_url=f"{site.prefix}{FEEDS_FOLDER}feeds.opml",
    )


def _term_channel(
    kind: str,
    term: Any,
    articles: list[Any],
    site: FeedSite,
    texts: tuple[str, str],
    index: SiteIndex,
) -> Channel:
    """The feed of one tag or category; ``texts`` are its title and subtitle patterns."""
    names = {"name": term.name, "site": site.name}
    folder = "tags" if kind == "tag" else "categories"
    other = other_language(site.lang)
    paired = index.paired_topic(kind, site.lang, term.name, other)
    counterpart = None
    if paired is not None:
        slug = index.slug(other, kind, paired)
        if slug in index.listing_slugs(other).get(folder, set()):
            url = f"{url_prefix(other)}{FEEDS_FOLDER}{folder}/{slug}.rss.xml"
            counterpart = OtherLanguageFeed(other, index.spelling(other, kind, paired), url)
    return Channel(
        kind=kind,
        label=term.name,
        slug=term.slug,
        title=texts[0] % names,
        subtitle=texts[1] % names,
        page_url=term.url,
        path=f"{site.prefix}{FEEDS_FOLDER}{folder}/{term.slug}",
        articles=tuple(newest_first(articles)[: site.options.term_items]),
        counterpart=counterpart,
    )


# ---- one feed as XML ----------------------------------------------------------


class ChannelFeeds:
    """A channel's RSS and Atom feeds, from one FeedGenerator: its entries are made once."""

    def __init__(self, channel: Channel, site: FeedSite) -> None:
        self.channel = channel
        self.site = site
        self._feed: FeedGenerator | None = None

    def render(self, fmt: str) -> bytes:
        """The feed's bytes, with the stylesheet that shows it as a page in a browser."""
        feed = self._generator()
        _set_format(feed, self.channel, fmt, self.site)
        xml = feed.rss_str(pretty=True) if fmt == "rss" else feed.atom_str(pretty=True)
        return with_stylesheet(xml, self.site.stylesheet_href())

    def _generator(self) -> FeedGenerator:
        if self._feed is None:
            self._feed = _feed_generator(self.channel, self.site)
            for article in self.channel.articles:
                _add_entry(self._feed, article, self.site)
        return self._feed


def _feed_generator(channel: Channel, site: FeedSite) -> FeedGenerator:
    """What both formats say alike; ``_set_format`` adds what differs."""
    feed = FeedGenerator()
    # RSS has no author name without an e-mail address, nor an updated time:
    # Dublin Core's creator and date carry them (feedparser reads both).
    feed.load_extension("dc", atom=False, rss=True)
    feed.register_extension("visible_address", _NoNamespace, _VisibleAddress, atom=True, rss=False)
    feed.title(channel.title)
    feed.language(site.lang)
    feed.author(
        {"name": site.publisher, "email": site.publisher_email}
        if site.publisher_email
        else {"name": site.publisher}
    )
    feed.generator("vnportal")
    feed.updated(max((updated_time(a) for a in channel.articles), default=EMPTY_FEED_TIME))
    return feed


def _set_format(feed: FeedGenerator, channel: Channel, fmt: str, site: FeedSite) -> None:
    self_url = site.absolute(channel.url(fmt))
    feed.id(self_url)
    # RSS readers render the channel description as HTML (Atom's subtitle is
    # text), and it carries tag and category names: escape it there.
    feed.subtitle(html.escape(channel.subtitle, quote=False) if fmt == "rss" else channel.subtitle)
    feed.link(href=self_url, rel="self", type=MEDIA_TYPES[fmt], replace=True)
    feed.link(href=site.absolute(channel.page_url), rel="alternate", type="text/html")
    square, width, height = SQUARE_LOGO
    if fmt == "rss":
        feed.image(
            url=site.absolute(square),
            title=channel.title,
            link=site.absolute(channel.page_url),
            width=str(width),
            height=str(height),
        )
    else:
        feed.logo(site.absolute(WIDE_LOGO))
        feed.icon(site.absolute(square))


class _NoNamespace(BaseExtension):
    """The feed side of ``_VisibleAddress``: it adds no element, so no namespace."""

    def extend_ns(self) -> dict[str, str]:
        return {}


class _VisibleAddress(BaseEntryExtension):
    """An Atom entry's page link with its address as text, for the CSS view."""

    def extend_atom(self, entry: Any) -> Any:
        # feedgen's elements carry no namespace of their own (the feed's xmlns covers
        # them), and it writes the page link without rel, which means "alternate".
        for link in entry:
            is_link = str(link.tag).rpartition("}")[2] == "link"
            if is_link and link.get("rel", "alternate") == "alternate":
                link.text = link.get("href")
        return entry


def _add_entry(feed: FeedGenerator, article: Any, site: FeedSite) -> None:
    entry = feed.add_entry(order="append")  # feedgen prepends by default
    permalink = site.absolute(article.url)
    entry.guid(entry_id(article, site), permalink=False)
    entry.title(article.title)
    entry.link(href=permalink, rel="alternate", type="text/html")
    entry.published(local_time(article.date))
    entry.updated(updated_time(article))
    entry.dc.dc_date(updated_time(article).isoformat())
    author = getattr(article, "author", None)
    document = getattr(article, "document", None)
    name = author.name if author is not None else document.issuer if document else None
    if name:  # a document's author is its issuer
        entry.author(name=name)
        entry.dc.dc_creator(name)
    for tag in getattr(article, "tags", []):
        entry.category(term=tag.name, scheme=site.absolute(site.tags_url))
    if document is not None:  # its type, with the address of that type's listing
        entry.category(term=document.type_name, scheme=site.absolute(document.type_url))
    summary = str(article.summary)
    entry.summary(summary)  # Atom: plain text
    entry.description(html.escape(summary, quote=False))  # RSS: HTML, so escaped
    entry.content(entry_content(article, site, permalink), type="html")


def entry_id(article: Any, site: FeedSite) -> str:
    """``tag:<domain>,<YYYY-MM-DD>:<lang>/<translation key>`` (see the module doc)."""
    key = getattr(article, "translation_key", None) or Path(article.source_path).name
    day = local_time(article.date).date().isoformat()
    return f"tag:{site.options.id_domain},{day}:{site.lang}/{quote(key, safe='/')}"


def local_time(value: datetime) -> datetime:
    """Vietnam time with its offset, so feeds say +07:00 whatever the input was."""
    return datetime.fromisoformat(iso_datetime(value))


def updated_time(article: Any) -> datetime:
    return local_time(getattr(article, "modified", None) or article.date)


def entry_content(article: Any, site: FeedSite, permalink: str) -> str:
    """The story's HTML, lead photo first, with every link and source absolute.

    A story is in several feeds (site, each tag, its category; RSS and Atom):
    its content is made once per build, and kept compressed (most stories of a
    language are in one feed or another, and the run holds them all).
    """
    cached = getattr(article, "_portal_feed_content", None)
    if cached is not None and cached[0] == permalink:
        return zlib.decompress(cached[1]).decode("utf-8")
    body = article.get_content(site.origin)  # {static}/{filename} links made absolute
    document = getattr(article, "document", None)
    if document is not None and not body.strip():
        # A document with no text of its own: its abstract and its files.
        body = _document_summary(document, site)
    image = getattr(article, "image_url", None)
    if image:
        alt = html.escape(getattr(article, "image_alt", None) or "")
        source = html.escape(urljoin(permalink, image))
        body = f'<p><img src="{source}" alt="{alt}"></p>\n{body}'
    made = absolute_html(body, permalink)
    article._portal_feed_content = (permalink, zlib.compress(made.encode("utf-8"), 1))
    return made


def _document_summary(document: Any, site: FeedSite) -> str:
    parts = [f"<p>{html.escape(document.abstract)}</p>"] if document.abstract else []
    links = [
        f'<li><a href="{html.escape(site.absolute(attachment.url))}">'
        f"{html.escape(attachment.name)}</a> ({attachment.label}, {attachment.size})</li>"
        for attachment in document.attachments
    ]
    if links:
        parts.append(f"<ul>{''.join(links)}</ul>")
    return "\n".join(parts) or f"<p>{html.escape(document.number)}</p>"


def absolute_html(fragment: str, base: str) -> str:
    """``fragment`` with relative ``href``/``src``/``srcset``… resolved against ``base``.

    Only those attribute values change; the rest stays byte for byte (``fragment``
    itself when nothing was relative). The fragment is HTML this build made (rendered
    Markdown, sanitised, whose serialiser escapes every "<" of text), so its start tags
    are found by pattern: parsing each story with bs4 cost an edit's rebuild 0.1 s of
    imports, and a full build a few milliseconds per story in a feed.
    """
    attribute = partial(_absolute_attribute, base)  # made once, not once a tag
    made = _START_TAG.sub(lambda tag: _ATTRIBUTE.sub(attribute, tag.group()), fragment)
    return fragment if made == fragment else made


# A start tag: its name, then attributes with a quoted, bare or no value. A quoted value
# may hold ">", so a tag is not simply everything up to the next ">".
_START_TAG = re.compile(
    r"<[A-Za-z][^\s/>]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*\s*/?>"
)
# One attribute of a start tag, value and all: matched in turn from the tag's name on, so
# that a value's text ("xem href=...") is never taken for an attribute.
_ATTRIBUTE = re.compile(r"(\s+)([^\s\"'>/=]+)(?:(\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_RESOLVED = frozenset((*URL_ATTRIBUTES, "srcset"))


def _absolute_attribute(base: str, attribute: re.Match[str]) -> str:
    space, name, equals, quoted = attribute.groups()
    lowered = name.lower()
    if quoted is None or lowered not in _RESOLVED:
        return attribute.group()
    value = html.unescape(quoted[1:-1] if quoted[0] in "\"'" else quoted)
    if lowered == "srcset":
        resolved = ", ".join(
            " ".join([urljoin(base, parts[0]), *parts[1:]])
            for candidate in value.split(",")
            if (parts := candidate.split())
        )
    else:
        resolved = urljoin(base, value.strip())
    if resolved == value:
        return attribute.group()  # already absolute: left as written
    return f'{space}{name}{equals}"{html.escape(resolved, quote=True)}"'


def with_stylesheet(xml: bytes, css_href: str) -> bytes:
    """Add an ``<?xml-stylesheet?>`` instruction (feedgen has no API for it)."""
    declaration, newline, rest = xml.partition(b"\n")
    if not declaration.startswith(b"<?xml "):
        declaration, newline, rest = b"", b"", xml
    instruction = b'<?xml-stylesheet type="text/css" href="' + _quoted(css_href) + b'"?>\n'
    return declaration + newline + instruction + rest


def _quoted(value: str) -> bytes:
    return html.escape(value, quote=True).encode()


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal (for the fallback stylesheet's messages)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\\n<>&' else char for char in text)
    return Markup(f'"{escaped}"')


# ---- OPML: every feed at once -------------------------------------------------


def render_opml(catalog: FeedCatalog, site: FeedSite, title: str, groups: dict[str, str]) -> bytes:
    """An OPML 2.0 list of the language's RSS feeds, categories and tags in folders."""
    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "ownerName").text = site.publisher
    body = ElementTree.SubElement(opml, "body")
    _outline(body, catalog.site, site)
    if catalog.events is not None:
        _outline(body, catalog.events, site)
    if catalog.documents is not None:
        _outline(body, catalog.documents, site)
    for kind, channels in (("category", catalog.categories), ("tag", catalog.tags)):
        if channels:
            folder = ElementTree.SubElement(body, "outline", text=groups[kind])
            for channel in channels:
                _outline(folder, channel, site)
    ElementTree.indent(opml)
    return ElementTree.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"


def _outline(parent: ElementTree.Element, channel: Channel, site: FeedSite) -> None:
    ElementTree.SubElement(
        parent,
        "outline",
        type="rss",
        text=channel.title,
        title=channel.title,
        xmlUrl=site.absolute(channel.url("rss")),
        htmlUrl=site.absolute(channel.page_url),
        language=site.lang,
    )


# ---- Pelican stages -----------------------------------------------------------


def plan_feeds(generator: Any) -> None:
    """After the articles are read: which feeds exist, for templates (``feed_catalog``)."""
    generator.context["feed_catalog"] = build_catalog(generator)


def write_feeds(generator: Any, writer: Any) -> None:
    """After the article pages are written: every feed, the OPML list and the stylesheet."""
    settings = generator.settings
    catalog: FeedCatalog = generator.context["feed_catalog"]
    site = feed_site(settings)
    salt = writer.reuse.salt(generator.context)
    for channel in catalog.channels:
        feeds = ChannelFeeds(channel, site)
        for fmt in FORMATS:
            key = digest(
                salt,
                channel.url(fmt),
                channel.title,
                channel.subtitle,
                *(content_digest(article) for article in channel.articles),
            )
            writer.write_bytes(channel.url(fmt), key, partial(feeds.render, fmt))
    ui = load_translations(Path(settings["THEME"]), site.lang)
    opml = render_opml(
        catalog,
        site,
        ui.gettext("News feeds of %(site)s") % {"site": site.name},
        {"category": ui.gettext("Categories"), "tag": ui.gettext("Tags")},
    )
    writer.write_staged(catalog.opml_url, opml)
    template = generator.env.get_template(STYLESHEET)
    feeds_page = site.absolute(settings["FEEDS_URL"])
    text = template.render(
        {**generator.context, "css_string": css_string, "feeds_page_address": feeds_page}
    )
    writer.write_staged(f"{site.prefix}{FEEDS_FOLDER}{STYLESHEET}", text.encode() + b"\n")
