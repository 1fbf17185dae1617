"""Saved article pages (HTML) of any Vietnamese news site → ImportedStory, sanitised.

What is read, and where from (the visible page first, the markup after):

* **title**: the visible headline — the ``<h1>`` of the article, or the element
  whose class names it (``title-detail``, ``detail-title``, ``article__title``,
  ``tieu-de`` …); ``og:title``, JSON-LD ``headline`` and ``<title>`` only when
  there is none, and never with the site's name after a ``|`` or ``-``;
* **date**: the visible date near the headline or in the byline, in every form
  of ``dates``; then the markup (JSON-LD ``datePublished``,
  ``article:published_time``, ``itemprop``, ``<time datetime>``, malformed
  ones too); then a day named in the lead (``Ngày 09/4/2021, …``); then
  htmldate. When the visible date and the markup disagree, the visible one
  wins and the report says so;
* **authors**: a byline element (``author``, ``byline``, ``tac-gia`` classes,
  ``rel=author``, ``itemprop=author``), else the closing line of the text
  (bold, right-aligned or in capitals), else the markup — never the site's or
  an agency's name (``people``);
* **lead**: a ``sapo``/``lead``/``description`` element, a bold first
  paragraph, or the page's description; a leading ``(NLĐO) -`` is the source;
* **body**: ``itemprop=articleBody`` or the element whose class names it
  (``fck_detail``, ``detail-content``, ``singular-content``, ``entry-content``
  …), else the ``<article>``; on a page where no rule applies, trafilatura's
  main text. Scripts, forms, ads, share and print buttons, "related stories"
  boxes, empty placeholders and ``null`` go; then ``markup`` sanitises and
  converts it;
* **photos**: with their captions (``figcaption``, ``image_desc``,
  ``PhotoCMS_Caption`` …), never a caption made from an ``alt`` text;
* the old **address** (``og:url``, canonical, the browser's "saved from"
  note), the **section** (``articleSection``, the breadcrumb) and the
  **source** (the lead's tag, else the paper's short name from its address).

A page that is not one article (a listing, a tag page, a contact page) is
refused with ``NotAnArticleError`` when ``require_article`` is set (folders of a
whole saved site); the reason goes into the report.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ...model.errors import ContentError
from ...model.vietnamese import search_fold
from .dates import (
    DATE_LINE_EXAMPLE,
    DateLine,
    NoDateError,
    date_in_first_sentence,
    parse_date_line,
    parse_machine_date,
    shown,
    split_dated,
)
from .markup import (
    attach_captions,
    decode_tree,
    depth_limited,
    plain_block,
    plain_text,
    sanitise,
    set_photos_aside,
    soup_of,
    to_blocks,
)
from .papers import host_label, is_site_or_organisation, source_for, split_address
from .people import Byline, closing_byline, read_byline
from .story import Block, Figure, ImportedStory
from .text_rules import PORTAL_NOISE, finish, is_related_marker, split_source

__all__ = ["NotAnArticleError", "parse_html", "sanitise"]

# Tags dropped with everything inside them: code, forms, embeds, page furniture.
DROPPED_TAGS = (
    *("script", "style", "noscript", "template", "iframe", "object", "embed", "canvas"),
    *("svg", "video", "audio", "form", "button", "input", "select", "textarea"),
    *("link", "meta", "nav", "aside", "header", "footer", "dialog"),
)
# Words in class or id names (split at '-', '_' and spaces) that mark clutter.
AD_WORDS = {"ad", "ads", "adv", "advert", "advertisement", "adsbygoogle", "qc", "quangcao"}
AD_WORDS |= {"banner", "sponsor", "sponsored", "promo", "admzone", "adszone", "advertising"}
SHARE_WORDS = {"share", "sharing", "social", "addthis", "sharethis", "zalo", "facebook", "fb"}
SHARE_WORDS |= {"twitter", "like", "print", "toolbar", "bookmark", "fontsize", "textsize"}
FURNITURE_WORDS = {"related", "lienquan", "comment", "comments", "binhluan", "breadcrumb"}
FURNITURE_WORDS |= {"breadcrumbs", "tags", "tag", "newsletter", "subscribe", "popup", "modal"}
FURNITURE_WORDS |= {"rating", "widget", "sidebar", "menu", "pagination", "navigation"}
FURNITURE_WORDS |= {"relate", "tinlienquan", "tinkhac", "othernews", "morenews", "keyword"}
FURNITURE_WORDS |= {"keywords", "readmore", "xemthem", "thamkhao", "recommend", "box-tinlienquan"}
LEAD_WORDS = {"sapo", "lead", "summary", "description", "chapeau", "excerpt", "intro"}
LEAD_WORDS |= {"standfirst", "tomtat", "trichdan", "sapo_detail", "chappeau", "sapo-detail"}
BYLINE_CLASS = re.compile(
    r"author|byline|tac-?gia|tacgia|writer|nguoi-?viet|but-?danh|butdanh|journalist|nguon-?tin",
    re.I,
)
DATE_CLASS = re.compile(
    r"date|time|publish|posted|ngay-?dang|ngaydang|thoi-?gian|thoigian|datetime|pubdate|"
    r"post-?meta|entry-?meta|article-?meta|detail-?meta|meta-?info|info-?date",
    re.I,
)
TITLE_CLASS = re.compile(
    r"(?:detail|article|entry|post|news|story|content|cms|main|page|single|singular)"
    r"[-_]{0,2}title|title[-_]{0,2}(?:detail|news|article|post|page|main)|tieu-?de|tieude|"
    r"headline",
    re.I,
)
CAPTION_CLASS = re.compile(
    r"caption|image[-_]?desc|desc[-_]?image|chu-?thich|chuthich|photo[-_]?(?:note|desc)|"
    r"img[-_]?desc|imagecaption|fig-?caption|expnoedit|image[-_]?note|pic[-_]?desc",
    re.I,
)
BODY_CLASS = re.compile(
    r"(?:article|entry|post|news|detail|content|story|singular|cms|the-article|main)"
    r"[-_]{0,2}(?:body|content|detail|text|noidung)|content[-_]{0,2}(?:detail|news|article)|"
    r"fck_detail|maincontent|noi-?dung|noidung|chi-?tiet|chitiet|journal-content-article|"
    r"ms-rtestate-field|newsdetail|knc-content|afcbc-body|td-post-content",
    re.I,
)
SECTION_WORDS = {"breadcrumb", "breadcrumbs", "crumb", "cate", "category", "chuyenmuc", "cat"}
ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "Report")
ARTICLE_TYPES += ("AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting")
_BLOCKISH = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
_BLOCKISH |= {"figure", "section", "article", "center", "dl", "pre"}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_NOISE_SET = frozenset(PORTAL_NOISE)
_HOME = ("trang chu", "home", "trang nhat")
# A story page has at least this many words of its own text (not in links).
MIN_ARTICLE_WORDS = 40
# Deeper nesting is unwrapped as the page is read (no real page needs it).
PAGE_MAX_DEPTH = 60


class NotAnArticleError(ContentError):
    """The page is not one article (a listing, a tag page, a contact page …)."""


@dataclass
class _Page:
    """What the page says about itself, before the body is read."""

    soup: BeautifulSoup
    html: str
    origin: str
    meta: dict[str, str] = field(default_factory=dict)
    ld: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    site_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- small helpers

_FACTORY = BeautifulSoup("", "html.parser")


def _new_tag(name: str) -> Tag:
    return _FACTORY.new_tag(name)


def _class_words(tag: Tag) -> set[str]:
    names = " ".join([*tag.get("class", []), str(tag.get("id") or "")]).lower()
    return {word for word in re.split(r"[\s_-]+", names) if word}


def _class_text(tag: Tag) -> str:
    return " ".join([*tag.get("class", []), str(tag.get("id") or "")])


def short_text(tag: Tag, limit: int = 200) -> str:
    """The tag's text, spaces collapsed, or '' when it is longer than ``limit``.

    Stops reading as soon as the limit is passed, so that asking it of a big
    element costs no more than asking it of a small one.
    """
    pieces: list[str] = []
    size = 0
    for text in tag.strings:
        if isinstance(text, Comment):
            continue
        pieces.append(text)
        size += len(text)
        if size > limit * 4:
            break
    text = plain_text(" ".join(pieces))
    return text if len(text) <= limit else ""


def _text(tag: Tag | None) -> str:
    return plain_text(tag.get_text(" ")) if tag is not None else ""


def _inside(tag: Tag, names: Iterable[str]) -> bool:
    wanted = set(names)
    return any(parent.name in wanted for parent in tag.parents)


def _holds(tag: Tag, other: Tag) -> bool:
    return tag is other or any(parent is tag for parent in other.parents)


def _attached(tag: Tag, root: Tag) -> bool:
    return tag.parent is not None and _holds(root, tag)


_FURNITURE_CLASS = re.compile(
    r"related|lienquan|tinkhac|othernews|morenews|comment|binhluan|breadcrumb|readmore|"
    r"xemthem|recommend|newsletter|popup|modal|(?:^|[\s_-])(?:tags?|keywords?)(?:$|[\s_-])",
    re.I,
)


def _in_furniture(tag: Tag) -> bool:
    """Inside an aside, a navigation bar, a footer or a box of other stories."""
    for parent in (tag, *tag.parents):
        if parent.name in ("aside", "nav", "footer"):
            return True
        if parent.name not in ("body", "html") and _FURNITURE_CLASS.search(_class_text(parent)):
            return True
    return False


# ---------------------------------------------------------------- metadata


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """<meta property|name|itemprop=… content=…>, keys in lower case; the first wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        value = " ".join(str(tag.get("content") or "").split())
        if key and value:
            found.setdefault(key, value)
    return found


def _json_ld(soup: BeautifulSoup, notes: list[str]) -> dict[str, Any]:
    """The page's JSON-LD article object, or {}."""
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        try:
            data = json.loads(script.string or "", strict=False)
        except (json.JSONDecodeError, RecursionError):
            notes.append("a JSON-LD block could not be read")
            continue
        for item in _ld_items(data):
            kinds = item.get("@type", "")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(kind in ARTICLE_TYPES for kind in kinds if isinstance(kind, str)):
                return item
    return {}


def _ld_items(data: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack and len(found) < 200:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item[:200]))
        elif isinstance(item, dict):
            found.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph[:200]))
    return found


def _ld_names(value: Any) -> list[str]:
    """Names from JSON-LD: a string, an object with a name, or a list of them."""
    if isinstance(value, list):
        return [
            name for item in value[:20] if not isinstance(item, list) for name in _ld_names(item)
        ]
    if isinstance(value, dict):
        name = value.get("name", "")
        return _ld_names(name) if isinstance(name, str) else []
    text = plain_text(str(value or ""))
    return [text] if text else []


def _ld_text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return plain_text(str(value or "")) if isinstance(value, (str, int, float)) else ""


def _site_names(page: _Page) -> list[str]:
    names = [page.meta.get("og:site_name", ""), page.meta.get("application-name", "")]
    names.append(page.meta.get("twitter:site", "").lstrip("@"))
    publisher = page.ld.get("publisher")
    names += _ld_names(publisher) if publisher else []
    if page.url:
        names.append(host_label(page.url))
    return [plain_text(name) for name in names if name and name.strip()]


def _page_url(page: _Page, given: str) -> str:
    canonical = page.soup.find("link", rel="canonical")
    saved = _SAVED_FROM.search(page.html[:2000])
    for candidate in (
        page.meta.get("og:url"),
        canonical.get("href") if canonical else None,
        saved[1] if saved else None,
        given,
    ):
        text = str(candidate or "").strip()
        parts = split_address(text) if text.startswith(("http://", "https://")) else None
        if parts is not None and parts.hostname:
            return text
    return ""


# ---------------------------------------------------------------- where the article is


def find_article(soup: BeautifulSoup) -> tuple[Tag, Tag | None]:
    """(the element holding title, date and byline; the element holding the text).

    The text is ``itemprop=articleBody`` or the element whose class names it,
    the one with the most paragraph text when several do; else the largest
    ``<article>``. None when no rule applies (see ``fallback``).
    """
    page_body = soup.find("body") or soup
    candidates = [
        tag
        for tag in soup.find_all(True)
        if tag.get("itemprop") == "articleBody"
        or (
            tag.name not in ("body", "html", "meta", "script")
            and BODY_CLASS.search(_class_text(tag))
        )
    ]
    candidates = [tag for tag in candidates if not _in_furniture(tag)]
    body = max(candidates, key=_paragraph_words, default=None)
    if body is not None:
        # The innermost element that still holds the text (a wrapper also holds the header).
        words = _paragraph_words(body)
        for inner in candidates:
            if inner is not body and _holds(body, inner) and _paragraph_words(inner) >= 0.8 * words:
                body, words = inner, _paragraph_words(inner)
    if body is not None and _paragraph_words(body) == 0 and not body.find("img"):
        body = None
    articles = [a for a in soup.find_all("article") if not _in_furniture(a)]
    if body is not None:
        return _container_of(body, page_body), body
    if articles:
        article = max(articles, key=lambda a: len(a.get_text()))
        return article, article
    main = soup.find("main")
    return (main or page_body), None


def _paragraph_words(tag: Tag) -> int:
    return (
        sum(len(p.get_text().split()) for p in tag.find_all("p"))
        or len(tag.get_text().split()) // 4
    )


def _container_of(body: Tag, page_body: Tag) -> Tag:
    """The text itself or its nearest ancestor that also holds a headline."""
    if body.name == "article" and body.find("h1"):
        return body
    for parent in body.parents:
        if parent is page_body or parent.name in ("body", "html", "[document]"):
            break
        if parent.find("h1") or parent.find(class_=TITLE_CLASS):
            return parent
    return page_body


# ---------------------------------------------------------------- title


def find_title(page: _Page, container: Tag) -> tuple[str, Tag | None]:
    """The visible headline and its element; the markup's title when there is none."""
    site = page.site_names
    headings = [h for h in container.find_all("h1") if not _in_furniture(h)]
    if container.name != "article":
        classed = [
            tag
            for tag in page.soup.find_all(class_=TITLE_CLASS)
            if tag.name not in ("html", "body", "meta", "a", "title", "link")
            and not _in_furniture(tag)
        ]
        classed += page.soup.find_all(attrs={"itemprop": "headline"})
        headings += sorted(classed, key=lambda tag: tag.name not in ("h1", "h2"))
        headings += [h for h in page.soup.find_all("h1") if not _in_furniture(h)]
    markup_title = _strip_site(
        plain_text(_ld_text(page.ld.get("headline")) or page.meta.get("og:title", "")), site
    )
    best: tuple[str, Tag | None] = ("", None)
    for heading in headings:
        text = _strip_site(short_text(heading, 400), site)
        if not text or _is_site_name(text, site):
            continue
        if heading.find("img") and len(text.split()) < 3:
            continue  # the site's logo
        if not best[0]:
            best = (text, heading)
        if markup_title and search_fold(text) == search_fold(markup_title):
            return text, heading
        if not markup_title or heading.name == "h1":
            break
    if best[0]:
        return best
    title_tag = page.soup.find("title")
    fallback = markup_title or _strip_site(_text(title_tag), site)
    weak = len(fallback.split()) < 4 or is_site_or_organisation(fallback, site)
    if weak and (bold := _bold_headline(container)) is not None:
        return _text(bold), bold  # '<font size=4><b>…</b></font>' of old table layouts
    return fallback, None


def _bold_headline(container: Tag) -> Tag | None:
    """The first bold or large line of 5 to 40 words, outside links and furniture."""
    for tag in container.find_all(["b", "strong", "font", "h2", "h3", "big"]):
        if tag.name == "font" and str(tag.get("size") or "0").lstrip("+") < "4":
            continue
        if tag.find_parent("a") is not None or tag.find("a") or _in_furniture(tag):
            continue
        text = short_text(tag, 300)
        if 5 <= len(text.split()) <= 40 and not text.endswith((".", ":")):
            return tag
    return None


def _is_site_name(text: str, site_names: Sequence[str]) -> bool:
    folded = re.sub(r"[^a-z0-9]", "", search_fold(text))
    return any(folded == re.sub(r"[^a-z0-9]", "", search_fold(name)) for name in site_names)


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—:»]|-{1,2}|::)\s+")


def _strip_site(title: str, site_names: Sequence[str]) -> str:
    """'Tiêu đề - Báo Ấp Bắc' → 'Tiêu đề': the site's name after (or before) a separator."""
    title = " ".join(title.split())
    for _ in range(2):
        parts = _TITLE_SEPARATOR.split(title)
        if len(parts) < 2:
            break
        last, first = parts[-1], parts[0]
        if _names_site(last, site_names):
            title = title[: title.rfind(last)].rstrip(" |–—:»-")
        elif _names_site(first, site_names) and len(parts) > 1:
            title = title[len(first) :].lstrip(" |–—:»-")
        else:
            break
    return title.strip()


def _names_site(part: str, site_names: Sequence[str]) -> bool:
    part = part.strip()
    if not part or len(part.split()) > 9:
        return False
    return _is_site_name(part, site_names) or is_site_or_organisation(part, site_names)


# ---------------------------------------------------------------- dates


def _machine_date(page: _Page, container: Tag) -> DateLine | None:
    ld, meta = page.ld, page.meta
    candidates = [
        ld.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("datepublished"),
        meta.get("og:published_time"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("date"),
        ld.get("dateCreated"),
    ]
    for tag in container.find_all(attrs={"itemprop": "datePublished"}):
        candidates.append(tag.get("content") or tag.get("datetime"))
    candidates += [time.get("datetime") for time in container.find_all("time")[:5]]
    for candidate in candidates:
        if isinstance(candidate, str) and (found := parse_machine_date(candidate)):
            return found
    return None


def _date_texts(page: _Page, container: Tag, title: Tag | None, body: Tag | None) -> Iterator[str]:
    """Short texts where a page shows its date, nearest the headline first."""
    seen: set[int] = set()

    def texts_of(tags: Iterable[Tag]) -> Iterator[str]:
        for tag in tags:
            if id(tag) in seen or _in_furniture(tag):
                continue
            seen.add(id(tag))
            if text := short_text(tag, 120):
                yield text

    marked = [
        tag
        for tag in container.find_all(True)
        if tag.name == "time"
        or tag.get("itemprop") in ("datePublished", "dateCreated")
        or tag.get("data-role") in ("publishdate", "date")
        or DATE_CLASS.search(_class_text(tag))
    ]
    yield from texts_of(t for t in marked if body is None or not _holds(body, t))
    if title is not None:
        # Unmarked text right after the headline (and just before it).
        after = [
            string.parent
            for string in title.find_all_next(string=True, limit=80)
            if isinstance(string, NavigableString) and string.parent is not None
        ]
        yield from texts_of(after)
        before = [
            string.parent
            for string in title.find_all_previous(string=True, limit=30)
            if isinstance(string, NavigableString) and string.parent is not None
        ]
        yield from texts_of(t for t in before if _holds(container, t))
    yield from texts_of(t for t in marked if body is not None and _holds(body, t))


def _visible_date(
    page: _Page, container: Tag, title: Tag | None, body: Tag | None
) -> tuple[DateLine | None, str]:
    """The date the page shows, and a name found beside it (a byline with its date)."""
    for text in _date_texts(page, container, title, body):
        try:
            found = parse_date_line(text, page.origin)
            if found is not None:
                return found, ""
            dated = split_dated(text, page.origin)
        except ContentError:
            continue  # '31/02/2024' in some corner of the page is not the date
        if dated is not None:
            words = dated[1]
            if not words or (read_byline(words, page.site_names) or _label_only(words)):
                return dated[0], words
    return None, ""


def _label_only(words: str) -> bool:
    folded = search_fold(words)
    return len(folded.split()) <= 3 and any(
        word in folded for word in ("cap nhat", "dang", "ngay", "xuat ban", "thoi gian", "update")
    )


def choose_date(
    visible: DateLine | None, machine: DateLine | None, notes: list[str]
) -> DateLine | None:
    """The visible date wins over the markup's; a disagreement goes into the report."""
    if visible is None:
        return machine
    if machine is None:
        return visible
    if not visible.has_time:
        if machine.has_time and machine.moment.date() == visible.moment.date():
            return DateLine(machine.moment.replace(second=0, microsecond=0), True, visible.warning)
        if machine.moment.date() != visible.moment.date():
            notes.append(
                f"the page shows the date {shown(visible)} but its markup says "
                f"{shown(machine)}: the visible date is used"
            )
        return visible
    if (machine.has_time and abs((visible.moment - machine.moment).total_seconds()) >= 60) or (
        not machine.has_time and machine.moment.date() != visible.moment.date()
    ):
        notes.append(
            f"the page shows {shown(visible)} but its markup says {shown(machine)}: "
            "the visible date and time are used"
        )
    return visible


# ---------------------------------------------------------------- lead, byline, section


def take_lead(container: Tag, body: Tag | None, page: _Page) -> str:
    """The lead: a sapo/lead element, a bold first paragraph, or the page description."""
    for tag in container.find_all(True):
        words = _class_words(tag)
        if not words & LEAD_WORDS or tag.name in ("meta", "body", "html", "a"):
            continue
        if body is not None and (_holds(tag, body) or tag.find(class_=BODY_CLASS)):
            continue  # a wrapper named "intro" around the whole article
        if tag.find("img") or CAPTION_CLASS.search(_class_text(tag)) or _in_furniture(tag):
            continue  # a photo's "image-description", not the lead
        for stamp in tag.find_all(class_=re.compile("location|dateline", re.I)):
            stamp.replace_with(f"{_text(stamp)} - ")  # a dateline shown before the lead
        text = _text(tag)
        if len(text.split()) < 5:
            continue
        tag.decompose()
        return text
    description = plain_text(
        _ld_text(page.ld.get("description"))
        or page.meta.get("og:description", "")
        or page.meta.get("description", "")
    )
    first = body.find("p") if body is not None else None
    if first is not None:
        text = _text(first)
        bold = "".join(_text(b) for b in first.find_all(["strong", "b"]))
        described = search_fold(description).rstrip(". …")
        if text and (
            (bold.replace(" ", "") == text.replace(" ", "") and len(text.split()) >= 8)
            or (described and len(described) > 20 and search_fold(text).startswith(described))
        ):
            first.decompose()
            return text
    return description


_FOLLOW = re.compile(r"\b(?:theo dõi|follow|xem thêm bài viết|bài viết của|email)\b.*$", re.I)


def take_byline(page: _Page, container: Tag, body: Tag | None) -> tuple[Byline | None, Tag | None]:
    """The byline element's names (and the element), the first that reads as one."""
    for tag in container.find_all(True):
        marked = BYLINE_CLASS.search(_class_text(tag)) or tag.get("rel") == ["author"]
        if not (marked or tag.get("itemprop") == "author") or tag.name in ("meta", "link"):
            continue
        if tag.parent is None or _in_furniture(tag):
            continue
        text = short_text(tag, 160)
        if not text:
            continue
        text = _FOLLOW.sub("", text).strip()
        dated = _try_split_dated(text, page.origin)
        if dated is not None and dated[1]:
            text = dated[1]
        byline = read_byline(text, page.site_names)
        if byline is not None and (byline.names or byline.credited):
            return byline, tag
    return None, None


def _try_split_dated(text: str, origin: str) -> tuple[DateLine, str] | None:
    try:
        return split_dated(text, origin)
    except ContentError:
        return None


def take_closing_byline(body: Tag, page: _Page) -> Byline | None:
    """The last line of the text, when it names the authors: removed from the body."""
    candidates = body.find_all(["p", "div", "strong", "b", "span", "h4", "h5", "h6", "em"])
    seen = 0
    for tag in reversed(candidates):
        if seen == 3:
            break
        text = short_text(tag, 160) if tag.parent is not None else ""
        if not text or tag.find(_BLOCKISH - {"div"}) is not None:
            continue
        seen += 1
        style = str(tag.get("style") or "").replace(" ", "").lower()
        right = "text-align:right" in style or tag.get("align") == "right"
        right = right or "right" in _class_words(tag) or "author" in _class_words(tag)
        bold = all(
            not isinstance(node, NavigableString) or not node.strip() or _inside_bold(node, tag)
            for node in tag.find_all(string=True)
        )
        byline = closing_byline(text, page.site_names)
        if byline is None and (right or bold):
            byline = read_byline(text, page.site_names)
        if byline is not None and (byline.names or byline.credited):
            holder = tag
            while (
                holder.parent is not None
                and holder.parent is not body
                and short_text(holder.parent, 160) == text
            ):
                holder = holder.parent
            holder.decompose()
            return byline
        if text and len(text.split()) > 12:
            break  # a paragraph of the story: the byline would come after it
    return None


def _inside_bold(node: NavigableString, root: Tag) -> bool:
    for parent in node.parents:
        if parent.name in ("strong", "b"):
            return True
        if parent is root:
            return False
    return False


def _metadata_authors(page: _Page) -> list[str]:
    names = _ld_names(page.ld.get("author"))
    names = names or _ld_names(page.meta.get("article:author", ""))
    names = (
        names
        or _ld_names(page.meta.get("author", ""))
        or _ld_names(page.meta.get("dc.creator", ""))
    )
    found = []
    for name in names:
        byline = read_byline(name, page.site_names)
        if byline is not None:
            found += byline.names
    return list(dict.fromkeys(found))


def find_section(page: _Page, container: Tag, title: str) -> str:
    """The old site's section: articleSection, article:section, or the breadcrumb."""
    section = _ld_text(page.ld.get("articleSection")) or page.meta.get("article:section", "")
    if section:
        return plain_text(section)
    for tag in page.soup.find_all(["ul", "ol", "div", "nav", "p", "span", "a", "dd", "li"]):
        if not _class_words(tag) & SECTION_WORDS and "BreadcrumbList" not in str(
            tag.get("itemtype") or ""
        ):
            continue
        anchors = [tag] if tag.name == "a" else tag.find_all("a")[:8]
        links = [plain_text(str(a.get("title") or "") or a.get_text(" ")) for a in anchors]
        links = [
            text
            for text in links
            if text
            and search_fold(text) not in _HOME
            and search_fold(text) != search_fold(title)
            and len(text.split()) <= 6
        ]
        if links:
            return links[-1] if len(links) <= 3 else links[0]
    return ""


# ---------------------------------------------------------------- clutter


def drop_title_and_dates(body: Tag, title: str) -> None:
    """The title and a date standing alone are in the front matter already."""
    folded = search_fold(title)
    for heading in body.find_all(["h1", "h2"])[:3]:
        if search_fold(_text(heading)) == folded:
            heading.decompose()
    for time in body.find_all("time")[:5]:
        parent = time.parent
        if parent is None:
            continue
        if parent is body:
            time.decompose()
        elif short_text(parent, 120) == short_text(time, 120):
            parent.decompose()  # a paragraph holding only the date


def _clutter_kind(tag: Tag) -> str | None:
    words = _class_words(tag)
    if words & AD_WORDS:
        return "ad"
    if words & SHARE_WORDS:
        return "share widget"
    if words & FURNITURE_WORDS or tag.get("type") in ("RelatedOneNews", "RelatedNews"):
        return "page furniture"
    style = str(tag.get("style") or "").replace(" ", "").lower()
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or "display:none" in style:
        return "hidden element"
    return None


def drop_clutter(body: Tag) -> Counter[str]:
    """Remove code, forms, ads, share widgets, furniture and noise; count what went."""
    dropped: Counter[str] = Counter()
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in body.find_all(list(DROPPED_TAGS)):
        if tag.parent is not None:
            dropped[tag.name] += 1
            tag.decompose()
    size = len(body.get_text())
    for tag in body.find_all(True):
        if tag.parent is None or (kind := _clutter_kind(tag)) is None:
            continue
        # Something holding most of the text is the article, whatever its class says.
        if _text_longer_than(tag, size / 2):
            continue
        dropped[kind] += 1
        tag.decompose()
    _drop_related_boxes(body, dropped)
    _drop_noise(body, dropped)
    return dropped


def _text_longer_than(tag: Tag, size: float) -> bool:
    total = 0
    for text in tag.strings:
        total += len(text)
        if total > size:
            return True
    return False


def _drop_related_boxes(body: Tag, dropped: Counter[str]) -> None:
    """'Tin liên quan' / 'Tham khảo thêm' / 'Xem thêm:' with their links."""
    for tag in body.find_all(["p", "div", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span"]):
        if tag.parent is None:
            continue
        text = short_text(tag, 300)
        if not text or not is_related_marker(text):
            continue
        links = tag.find_all("a")
        marker_only = search_fold(text).strip(" :.") in _MARKERS
        if not marker_only and not links:
            continue
        box = tag
        # 'Tin liên quan' as a heading: the list of links after it goes too.
        if marker_only:
            while (
                box.parent is not None
                and box.parent is not body
                and short_text(box.parent, 300) == text
            ):
                box = box.parent
            following = box.find_next_sibling()
            if (
                following is not None
                and following.name in ("ul", "ol", "div", "p")
                and (following.find("a") and _mostly_links(following))
            ):
                following.decompose()
        elif not _mostly_links(tag):
            continue
        box.decompose()
        dropped["'related stories' box"] += 1


_MARKERS = frozenset(
    (
        "tin lien quan",
        "bai lien quan",
        "bai viet lien quan",
        "tham khao them",
        "xem them",
        "doc them",
        "tin khac",
        "cac tin khac",
        "tin cung chuyen muc",
        "co the ban quan tam",
        "ban co the quan tam",
        "tin bai lien quan",
        "tin moi",
        "doc nhieu",
    )
)


def _is_empty(tag: Tag) -> bool:
    """No text and no photo, line break or table: a placeholder left by the page."""
    if any(text.strip() for text in tag.strings):
        return False
    return tag.find(["img", "br", "table", "hr"]) is None


def _mostly_links(tag: Tag) -> bool:
    text = len(tag.get_text(" ").split())
    linked = sum(len(a.get_text(" ").split()) for a in tag.find_all("a"))
    return text > 0 and linked >= text * 0.5


def _drop_noise(body: Tag, dropped: Counter[str]) -> None:
    """Buttons and placeholders left as text: 'Chia sẻ', 'In bài', 'null', empty boxes."""
    for tag in body.find_all(["p", "div", "span", "a", "li", "ul", "strong", "em", "b", "i"]):
        if tag.parent is None:
            continue
        text = short_text(tag, 60)
        folded = search_fold(text).strip(" :|.()0123456789")
        if folded in _NOISE_SET and tag.name != "em" and not tag.find("img"):
            tag.decompose()
            dropped["button"] += 1
        elif tag.name in ("p", "div", "span") and _is_empty(tag):
            tag.decompose()  # an empty placeholder
    for string in body.find_all(string=True):
        if string.strip().lower() in ("null", "undefined") and string.parent is not None:
            string.replace_with("")
            dropped["'null'"] += 1


# ---------------------------------------------------------------- the shapes the converter knows


def normalise_markup(body: Tag) -> None:
    """Old markup in the shapes the allow-list and the converter know."""
    for tag in body.find_all(["b", "i", "h1", "h5", "h6", "font", "u"]):
        renamed = {"b": "strong", "i": "em", "h1": "h2", "font": "span", "u": "span"}
        tag.name = renamed.get(tag.name, "h4")
    for caption in body.find_all(class_=CAPTION_CLASS):
        # A box named '…caption' around the photo holds the caption; it is not one.
        if _attached(caption, body) and caption.name != "figure" and not caption.find("img"):
            _make_figure(caption, body)
    _unwrap_layout_tables(body)
    for tag in body.find_all(["div", "section", "article", "center", "header", "main"]):
        if tag.find(_BLOCKISH | {"li"}) is None:
            tag.name = "p"  # a div used as a paragraph (the sanitiser would glue it to the next)


def _make_figure(caption: Tag, body: Tag) -> None:
    """A photo and its caption in a table or div become <figure><img><figcaption>.

    The holder must be the photo's own box (its text no more than the
    caption); otherwise the caption becomes an italic line after the photo,
    which ``attach_captions`` pairs with the photo later.
    """
    text = _text(caption) if short_text(caption, 600) else ""
    if not text or text.lower() == "null":
        caption.decompose()
        return
    if caption.find_parent("figure") is not None:
        figure = caption.find_parent("figure")
        if figure is not None and figure.find("figcaption") is None:
            caption.name = "figcaption"
        return
    holder = caption.parent
    for _ in range(3):
        if holder is None or holder is body or holder.parent is None:
            break
        figures = holder.find_all("figure")
        if len(figures) == 1 and len(holder.find_all("img")) == 1:
            # A photo credit beside a figure already made: it joins the caption.
            figcaption = figures[0].find("figcaption")
            if figcaption is not None and len(text.split()) <= 8:
                before = _text(figcaption)
                joint = " " if not before or before.endswith((".", "!", "?", ":")) else ". "
                figcaption.string = f"{before}{joint}{text}".strip()
                caption.decompose()
                return
        images = holder.find_all("img")
        extra = len(short_text(holder, 2000).split()) - len(text.split())
        if len(images) == 1 and 0 <= extra <= 3 and short_text(holder, 2000):
            figure = _new_tag("figure")
            figure.append(images[0].extract())
            figcaption = _new_tag("figcaption")
            figcaption.string = text
            figure.append(figcaption)
            holder.replace_with(figure)
            return
        if images:
            break
        holder = holder.parent
    if caption.parent is None:
        return
    line = _new_tag("p")
    emphasis = _new_tag("em")
    emphasis.string = text
    line.append(emphasis)
    caption.replace_with(line)


def _unwrap_layout_tables(body: Tag) -> None:
    """Tables used for layout (one column, or cells holding paragraphs) keep only their text."""
    for table in reversed(body.find_all("table")):
        if table.parent is None or (
            table.find_parent("table") is not None and not _attached(table, body)
        ):
            continue
        rows = table.find_all("tr")
        widths = [len(row.find_all(["td", "th"], recursive=False)) for row in rows]
        cells = table.find_all(["td", "th"])
        layout = (
            not widths
            or max(widths) <= 1
            or any(
                cell.find(["p", "div", "table", "ul", "ol", "h2", "h3", "figure"]) for cell in cells
            )
            or any(len(cell.get_text().split()) > 60 for cell in cells)
        )
        if not layout:
            continue
        for cell in cells:
            cell.append(_new_tag("br"))
            cell.unwrap()
        for part in table.find_all(["tr", "tbody", "thead", "tfoot", "colgroup", "col", "caption"]):
            if part.name in ("col", "colgroup"):
                part.decompose()
            else:
                part.append(_new_tag("br"))
                part.unwrap()
        table.unwrap()


# ---------------------------------------------------------------- after conversion


def take_date_paragraph(blocks: list[Block | Figure], origin: str) -> list[Block | Figure]:
    """A date line left among the first paragraphs is in the front matter already."""
    for index, block in enumerate(blocks[:4]):
        text = plain_block(block)
        try:
            if text and parse_date_line(text.strip(" -|"), origin):
                return blocks[:index] + blocks[index + 1 :]
        except ContentError:
            continue
    return blocks


def take_title_paragraph(blocks: list[Block | Figure], title: str) -> list[Block | Figure]:
    folded = search_fold(title)
    for index, block in enumerate(blocks[:3]):
        text = plain_block(block) or (
            block.markdown.lstrip("# ")
            if isinstance(block, Block) and block.kind == "heading"
            else ""
        )
        if text and search_fold(text) == folded:
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def take_lead_paragraph(blocks: list[Block | Figure], lead: str) -> list[Block | Figure]:
    """The lead repeated as the first paragraph goes (it is the summary)."""
    folded = search_fold(lead)
    for index, block in enumerate(blocks[:3]):
        text = plain_block(block)
        if text and folded and search_fold(text) == folded:
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def take_closing_block(
    blocks: list[Block | Figure], page: _Page
) -> tuple[list[Block | Figure], Byline | None]:
    found = closing_byline(plain_block(blocks[-1]), page.site_names) if blocks else None
    if found is not None and (found.names or found.credited):
        return blocks[:-1], found
    return blocks, None


# ---------------------------------------------------------------- is it an article?

_NOT_ARTICLE_PATHS = (
    (re.compile(r"/(?:tag|tags|tu-khoa|tukhoa|chu-de|keyword)s?(?:/|=|$)", re.I), "a tag page"),
    (re.compile(r"/(?:tim-kiem|timkiem|search)(?:/|\?|\.|$)", re.I), "a search page"),
    (re.compile(r"/(?:lien-he|lienhe|contact|gop-y|gopy)(?:/|\.|\?|$)", re.I), "a contact page"),
    (re.compile(r"/(?:page|trang)[-/]?\d+(?:/|\.|$)|[?&](?:page|p)=\d+", re.I), "a listing page"),
    (re.compile(r"/(?:sitemap|rss|feed)(?:/|\.|$)", re.I), "a site map or feed page"),
)


def not_an_article(page: _Page, container: Tag, body: Tag | None, title: str) -> str:
    """Why the page is not one article ('' when it is one)."""
    parts = split_address(page.url) if page.url else None
    path = parts.path if parts is not None else ""
    for pattern, reason in _NOT_ARTICLE_PATHS:
        if path and pattern.search(path):
            return reason
    folded_title = search_fold(title)
    if folded_title.startswith(("tag:", "tag ", "tu khoa", "chu de:", "ket qua tim kiem")):
        return "a tag page"
    if folded_title.startswith(("lien he", "contact", "gop y")):
        return "a contact page"
    declared = page.meta.get("og:type", "").lower() == "article" or bool(page.ld)
    root = body or container
    own_words = _own_words(root)
    if not declared:
        headlines = [a for a in root.find_all("a") if len(a.get_text(" ").split()) >= 5]
        if len(headlines) >= 6 and own_words < 150:
            return f"a listing of {len(headlines)} stories (no article text)"
    if own_words < MIN_ARTICLE_WORDS:
        return f"too little text for a story ({own_words} words)"
    return ""


def _own_words(root: Tag) -> int:
    """Words of text not inside links, scripts or styles."""
    count = 0
    for text in root.strings:
        if isinstance(text, Comment):
            continue
        parent = text.parent
        if parent is not None and parent.name in ("a", "script", "style", "noscript"):
            continue
        if parent is not None and parent.find_parent("a") is not None:
            continue
        count += len(text.split())
    return count


# ---------------------------------------------------------------- the page


def parse_html(
    html: str,
    origin: str = "<html>",
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    *,
    given_date: DateLine | None = None,
    require_article: bool = False,
    page_url: str = "",
) -> ImportedStory:
    """An ImportedStory from a saved article page.

    ``given_date`` dates a page that shows no date (the ``--date`` option);
    ``require_article`` refuses pages that are not one article with
    ``NotAnArticleError``; ``page_url`` is the page's address when the page does
    not say it (a saved site's folder knows it).
    """
    soup = soup_of(html)
    page = _Page(soup, html, origin)
    depth_limited(soup, PAGE_MAX_DEPTH)
    references = decode_tree(soup)
    page.meta, page.ld = _meta(soup), _json_ld(soup, page.notes)
    page.url = _page_url(page, page_url)
    page.site_names = _site_names(page)
    container, body = find_article(soup)
    title, title_tag = find_title(page, container)
    if not title:
        raise ContentError(
            origin,
            "no title found (no <h1>, og:title, JSON-LD headline or <title>)",
            "check that this is the saved page of one article",
        )
    if require_article and (reason := not_an_article(page, container, body, title)):
        raise NotAnArticleError(origin, f"not a story: {reason}", "nothing to do (skipped)")
    visible, beside = _visible_date(page, container, title_tag, body)
    machine = _machine_date(page, container)
    dated = choose_date(visible, machine, page.notes)
    section = find_section(page, container, title)
    lead = take_lead(container, body, page)
    byline, byline_tag = take_byline(page, container, body)
    if byline_tag is not None:
        byline_tag.decompose()
    fell_back = False
    if body is None:
        body, fell_back = _fallback_body(page, container)
    drop_title_and_dates(body, title)
    dropped = drop_clutter(body)
    closing = take_closing_byline(body, page)
    normalise_markup(body)
    photos = set_photos_aside(body, page.url)
    blocks = to_blocks(sanitise(body.decode_contents(), page.url), photos)
    blocks = attach_captions(blocks)
    blocks = take_date_paragraph(blocks, origin)
    blocks = take_title_paragraph(blocks, title)
    blocks, closing_block = take_closing_block(blocks, page)
    closing = closing or closing_block
    first = plain_block(blocks[0]) if blocks else ""
    if not lead and dated is None and first and date_in_first_sentence(first):
        lead, blocks = first, blocks[1:]
    blocks = take_lead_paragraph(blocks, lead)
    source, lead = split_source(lead)
    if dated is None:
        dated = date_in_first_sentence(lead)
        if dated is not None:
            page.notes.append("the date is the day the lead's first sentence names")
    if dated is None:
        from .fallback import guessed_date

        dated = guessed_date(html)
        if dated is not None:
            page.notes.append(
                f"the date {shown(dated)} was guessed from the page's markup: check it"
            )
    if dated is None:
        dated = given_date
    if dated is None:
        if require_article:
            raise NotAnArticleError(
                origin, "not a story: it shows no date", "nothing to do (skipped)"
            )
        raise NoDateError(
            origin,
            "no date line found (no visible date, JSON-LD datePublished, "
            "article:published_time or <time>)",
            f"add one like '{DATE_LINE_EXAMPLE}' at the top of the article",
        )
    story = ImportedStory(origin=origin, title=title, date=dated.moment)
    story.has_time, story.modified = dated.has_time, _modified(page, dated)
    story.lead = lead
    authors = _authors(page, byline, beside, closing)
    story.authors = authors
    credited = next((b.credited for b in (byline, closing) if b is not None and b.credited), "")
    story.source = (
        source or credited or source_for(page.url, _first(page.meta.get("og:site_name"))) or None
    )
    story.url = page.url
    story.section = section
    story.blocks = blocks
    story.cleaned = _cleaning_notes(dropped, blocks, references, fell_back)
    notes = list(page.notes)
    if dated.warning:
        notes.append(dated.warning)
    for found in (byline, closing):
        if found is not None and found.note:
            notes.append(f"byline note not kept: '({found.note})'")
    if section:
        notes.append(f"the old page's section was '{section}'")
    story.missing = notes
    finish(story, tag_keywords)
    return story


def _first(value: str | None) -> str:
    return value or ""


def _authors(page: _Page, byline: Byline | None, beside: str, closing: Byline | None) -> list[str]:
    if byline is not None and byline.names:
        return byline.names
    if beside and (read := read_byline(beside, page.site_names)) is not None and read.names:
        return read.names
    if closing is not None and closing.names:
        return closing.names
    return _metadata_authors(page)


def _modified(page: _Page, dated: DateLine) -> datetime | None:
    found = None
    for candidate in (page.ld.get("dateModified"), page.meta.get("article:modified_time")):
        if isinstance(candidate, str) and (found := parse_machine_date(candidate)):
            break
    if found is None or not found.has_time:
        return None
    moment = found.moment.replace(second=0, microsecond=0)
    return moment if moment > dated.moment else None


def _fallback_body(page: _Page, container: Tag) -> tuple[Tag, bool]:
    """No rule found the text: trafilatura's main text, else the page's main part."""
    from .fallback import main_html

    extracted = main_html(page.html)
    if extracted:
        found = soup_of(extracted)
        root = found.find("body") or found
        if _paragraph_words(root) >= 10:
            return _main_block(root), True
    return _main_block(container), False


def _main_block(root: Tag) -> Tag:
    """The smallest block that holds most of the text (a layout table's cell, not the menu)."""
    total = _text_words(root)
    best = root
    for tag in root.find_all(["td", "div", "section", "article", "font", "main"]):
        words = _text_words(tag)
        if words >= 0.7 * total and _holds(best, tag):
            best = tag
    return best


def _text_words(tag: Tag) -> int:
    return sum(len(text.split()) for text in tag.strings if not isinstance(text, Comment))


def _cleaning_notes(
    dropped: Counter[str], blocks: list[Block | Figure], references: int, fell_back: bool
) -> list[str]:
    notes = []
    if fell_back:
        notes.append("no known layout: the main text was found by trafilatura (check it)")
    if references:
        notes.append(
            f"{references} text{'s' if references > 1 else ''} with HTML references decoded"
        )
    if dropped:
        notes.append("dropped " + ", ".join(f"{n} × {kind}" for kind, n in dropped.most_common()))
    links = sum(b.markdown.count("](") for b in blocks if isinstance(b, Block))
    if links:
        notes.append(f"{links} link{'s' if links > 1 else ''} kept (check they still work)")
    return notes


def read_fragment(
    fragment: str, base_url: str = "", title: str = ""
) -> tuple[list[Block | Figure], list[str]]:
    """The body of a feed item or an exported post: Markdown blocks, and cleaning notes.

    The same cleaning, sanitiser and converter as a saved page's body.
    """
    root = soup_of(fragment)
    depth_limited(root, PAGE_MAX_DEPTH)
    references = decode_tree(root)
    if title:
        drop_title_and_dates(root, title)
    dropped = drop_clutter(root)
    normalise_markup(root)
    photos = set_photos_aside(root, base_url)
    blocks = attach_captions(to_blocks(sanitise(root.decode_contents(), base_url), photos))
    if title:
        blocks = take_title_paragraph(blocks, title)
    return blocks, _cleaning_notes(dropped, blocks, references, False)
