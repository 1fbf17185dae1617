"""Feeds and exports: each item of an RSS/Atom feed or a WordPress export is a story.

* RSS 0.9x/1.0/2.0 and Atom are read by feedparser: title, link, published
  date, author, category, summary, and the full text when the feed carries it
  (``content:encoded``, Atom ``content``); a feed with summaries only gives
  stories whose text is the summary, and the report says where the full text is.
* A WordPress export (WXR, ``Tools → Export``) is read item by item with
  lxml's ``iterparse`` (memory stays small on ten years of news; no entity
  or network access). Published posts become stories; pages, drafts, menu
  items and other kinds are skipped with their reason; attachments give
  their photos' addresses. Post text is written the WordPress way (blank
  lines between paragraphs, ``[caption]`` around photos); both are read.

The body of every item goes through the same cleaning, sanitiser and
converter as a saved page's (``html.read_fragment``), and its date, authors
and lead through the same rules.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...model.errors import ContentError
from ...model.vietnamese import TIMEZONE
from .dates import DateLine, NoDateError, parse_machine_date
from .html import read_fragment
from .markup import plain_text
from .papers import source_for
from .people import read_byline
from .story import ImportedStory
from .text_rules import finish, split_source

WXR_NAMESPACE = "wordpress.org/export/"
_BLOCK_START = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|table|figure|pre)\b", re.I)
_CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.I | re.S)
_SHORTCODE = re.compile(
    r"\[(?:/?(?:gallery|embed|video|audio|playlist|vc_[\w-]*|et_pb_[\w-]*|fusion_[\w-]*))\b[^\]]*\]",
    re.I,
)


@dataclass
class Item:
    """One item of a feed or export: a story, or why it is not one."""

    label: str  # '#3 Tiêu đề' for the report
    story: ImportedStory | None = None
    skipped: str = ""  # why the item is not a story
    error: ContentError | None = None


def looks_like_feed(head: str) -> str:
    """'wxr', 'feed' or '' from the first characters of an XML file."""
    start = head[:4000].lower()
    if WXR_NAMESPACE in start and "<rss" in start:
        return "wxr"
    if re.search(r"<(?:rss|feed|rdf:rdf)\b", start):
        return "feed"
    return ""


# ---------------------------------------------------------------- shared


def _date_of(*values: str | None) -> DateLine | None:
    for value in values:
        if not value or not value.strip() or value.startswith("0000-00-00"):
            continue
        text = value.strip()
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=TIMEZONE)
            has_time = (parsed.hour, parsed.minute, parsed.second) != (0, 0, 0)
            return DateLine(parsed.astimezone(TIMEZONE), has_time)
        if found := parse_machine_date(text):
            return found
    return None


def _story(
    origin: str,
    title: str,
    dated: DateLine,
    body_html: str,
    link: str,
    *,
    summary: str = "",
    authors: Sequence[str] = (),
    section: str = "",
    site: str = "",
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
) -> ImportedStory:
    story = ImportedStory(origin=origin, title=title, date=dated.moment, has_time=dated.has_time)
    blocks, cleaned = read_fragment(body_html, link, title)
    lead = plain_text(summary)
    if lead and blocks and not body_html.strip():
        lead = ""
    story.blocks = blocks
    source, story.lead = split_source(lead)
    names: list[str] = []
    for author in authors:
        byline = read_byline(plain_text(author), [site])
        if byline is not None:
            names += byline.names
    story.authors = list(dict.fromkeys(names))
    story.source = source or source_for(link, site) or None
    story.url = link
    story.section = section
    story.cleaned = cleaned
    if section:
        story.missing.append(f"the old page's section was '{section}'")
    finish(story, tag_keywords)
    return story


def wordpress_html(text: str) -> str:
    """WordPress post text as HTML: [caption] as figures, blank lines as paragraphs."""
    text = _CAPTION.sub(_caption_figure, text)
    text = _SHORTCODE.sub("", text)
    if re.search(r"<p[\s>]", text, re.I):
        return text
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_START.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)


def _caption_figure(match: re.Match[str]) -> str:
    inner = match[1]
    image = re.search(r"<img\b[^>]*>", inner, re.I)
    if image is None:
        return inner
    caption = re.sub(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", "", inner, flags=re.I)
    return f"<figure>{image[0]}<figcaption>{caption.strip()}</figcaption></figure>"


# ---------------------------------------------------------------- RSS and Atom


def read_feed(
    data: bytes,
    origin: str,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    given_date: DateLine | None = None,
) -> Iterator[Item]:
    """Each entry of an RSS or Atom feed as a story."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.entries:
        problem = "the feed has no items"
        if parsed.get("bozo"):
            problem = f"the feed cannot be read ({type(parsed.get('bozo_exception')).__name__})"
        raise ContentError(origin, problem, "check that this is an RSS or Atom file")
    site = plain_text(parsed.feed.get("title", ""))
    for number, entry in enumerate(parsed.entries, start=1):
        title = plain_text(entry.get("title", ""))
        label = f"#{number} {title}".strip()
        if not title:
            yield Item(label, error=ContentError(origin, f"item {number} has no title", "skipped"))
            continue
        # dict.get: feedparser's own get() warns when it maps 'updated' to 'published'.
        dated = _date_of(*(dict.get(entry, key) for key in ("published", "updated", "dc_date")))
        dated = dated or given_date
        if dated is None:
            yield Item(
                label,
                error=NoDateError(origin, f"item {number} '{title}' has no date", "add a pubDate"),
            )
            continue
        content = entry.get("content") or []
        full = content[0].get("value", "") if content else ""
        summary = entry.get("summary", "")
        body = full or summary
        authors = [entry.get("author", "")] if entry.get("author") else []
        authors += [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
        terms = [t.get("term", "") for t in entry.get("tags", []) if t.get("term")]
        try:
            story = _story(
                f"{origin}#{number}",
                title,
                dated,
                body,
                entry.get("link", ""),
                summary=summary if full else "",
                authors=authors,
                section=plain_text(terms[0]) if terms else "",
                site=site,
                tag_keywords=tag_keywords,
            )
        except ContentError as error:
            yield Item(label, error=error)
            continue
        if not full and story.url:
            story.notes.append(f"the feed holds a summary only: the full text is at {story.url}")
        yield Item(label, story)


# ---------------------------------------------------------------- WordPress export


def _local(tag: object) -> str:
    name = str(tag)
    return name.rsplit("}", 1)[-1] if "}" in name else name.rsplit(":", 1)[-1]


def _children(element) -> dict[str, list]:
    found: dict[str, list] = {}
    for child in element:
        if isinstance(child.tag, str):
            found.setdefault(_local(child.tag), []).append(child)
    return found


def _text_of(found: dict[str, list], name: str) -> str:
    items = found.get(name) or []
    return (items[0].text or "").strip() if items else ""


_SKIPPED_KINDS = {
    "page": "a page, not a news story",
    "nav_menu_item": "a menu item",
    "revision": "an earlier revision",
    "wp_block": "a reusable block",
    "custom_css": "the site's styles",
}


def read_wxr(
    path: Path,
    origin: str,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    given_date: DateLine | None = None,
) -> Iterator[Item]:
    """Each published post of a WordPress export as a story; other items say why not."""
    from lxml import etree

    authors: dict[str, str] = {}
    site = ""
    number = 0
    context = etree.iterparse(
        str(path),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
    )
    try:
        for _event, element in context:
            if not isinstance(element.tag, str):
                continue
            name = _local(element.tag)
            if (
                name == "author"
                and element.getparent() is not None
                and _local(element.getparent().tag) == "channel"
            ):
                found = _children(element)
                login = _text_of(found, "author_login")
                display = _text_of(found, "author_display_name")
                if login:
                    authors[login] = display or login
                element.clear()
            elif (
                name == "title"
                and element.getparent() is not None
                and _local(element.getparent().tag) == "channel"
            ):
                site = plain_text(element.text or "")
            elif name == "item":
                number += 1
                yield _wxr_item(element, number, origin, authors, site, tag_keywords, given_date)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise ContentError(
            origin,
            f"the export is not well-formed XML ({error.msg}, line {error.lineno})",
            "export it again from WordPress (Tools → Export)",
        ) from None
    if number == 0:
        raise ContentError(origin, "the export holds no items", "export the posts from WordPress")


def _wxr_item(
    element,
    number: int,
    origin: str,
    authors: Mapping[str, str],
    site: str,
    tag_keywords: Mapping[str, Sequence[str]] | None,
    given_date: DateLine | None,
) -> Item:
    found = _children(element)
    title = plain_text(_text_of(found, "title"))
    label = f"#{number} {title}".strip()
    kind = _text_of(found, "post_type") or "post"
    status = _text_of(found, "status") or "publish"
    if kind == "attachment":
        return Item(label, skipped="an attachment (a photo's record)")
    if kind != "post":
        return Item(label, skipped=_SKIPPED_KINDS.get(kind, f"a '{kind}' item, not a post"))
    if status != "publish":
        return Item(label, skipped=f"not published (status '{status}')")
    if not title:
        return Item(label, error=ContentError(origin, f"item {number} has no title", "skipped"))
    gmt = _text_of(found, "post_date_gmt")
    dated = None
    if gmt and not gmt.startswith("0000"):
        utc = parse_machine_date(gmt.replace(" ", "T") + "Z")
        dated = utc
    dated = dated or _date_of(_text_of(found, "post_date"), _text_of(found, "pubDate"))
    dated = dated or given_date
    if dated is None:
        return Item(label, error=NoDateError(origin, f"item {number} '{title}' has no date", "—"))
    content = excerpt = ""
    for encoded in found.get("encoded", []):
        if "excerpt" in str(encoded.tag):
            excerpt = (encoded.text or "").strip()
        elif not content:
            content = (encoded.text or "").strip()
    creator = _text_of(found, "creator")
    categories = [
        (child.text or "").strip()
        for child in found.get("category", [])
        if child.get("domain") == "category"
    ]
    section = next((c for c in categories if c and c.lower() not in ("uncategorized",)), "")
    try:
        story = _story(
            f"{origin}#{number}",
            title,
            dated,
            wordpress_html(content),
            _text_of(found, "link"),
            summary=excerpt,
            authors=[authors.get(creator, creator)] if creator else [],
            section=plain_text(section),
            site=site,
            tag_keywords=tag_keywords,
        )
    except ContentError as error:
        return Item(label, error=error)
    return Item(label, story)
