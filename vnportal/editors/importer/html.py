"""Saved old-portal pages (HTML) → ImportedStory, sanitised.

Metadata comes from the most reliable markup present: JSON-LD (``NewsArticle``
and kin) and Open Graph for the date, the page's own ``<h1>`` for the title,
then ``<time>``, the lead (``sapo``/``lead`` classes or a bold first
paragraph) and the byline. The body is the ``<article>`` (or ``articleBody``,
``<main>``, ``<body>``) without scripts, styles, forms, ads, share widgets
and page furniture; it then goes through nh3 (the ammonia sanitiser) with a
short allow-list: paragraphs, links, images, emphasis, lists, quotes,
subheadings, figures and tables, only http/https/mailto addresses, no event
handlers. Only then is it turned into Markdown by a small converter, so
nothing the sanitiser removed can come back.

Photos become the same TODO placeholders as in copied text, with the old
address kept in the placeholder: hot-linking the old portal would break the
portal's rule of no third-party requests, and the old site may go away.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ...model.errors import ContentError
from ...model.vietnamese import TIMEZONE, name_case, nfc, search_fold
from .story import Block, Figure, ImportedStory, escape_inline, guard_start, unescape
from .text_rules import (
    CAPTION_MAX_WORDS,
    DATE_LINE_EXAMPLE,
    DateLine,
    byline_author,
    finish,
    is_caption_like,
    parse_date_line,
    split_source,
)

ALLOWED_TAGS = {
    *("p", "br", "a", "img", "strong", "em", "ul", "ol", "li", "blockquote"),
    *("h2", "h3", "h4", "figure", "figcaption"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Tags dropped with everything inside them: code, forms, embeds, page furniture.
DROPPED_TAGS = (
    *("script", "style", "noscript", "template", "iframe", "object", "embed", "canvas"),
    *("svg", "video", "audio", "form", "button", "input", "select", "textarea"),
    *("link", "meta", "nav", "aside", "header", "footer", "dialog"),
)
# Words in class or id names that mark clutter (split at '-', '_' and spaces).
AD_WORDS = {"ad", "ads", "adv", "advert", "advertisement", "adsbygoogle", "qc", "quangcao"}
AD_WORDS |= {"banner", "sponsor", "sponsored", "promo"}
SHARE_WORDS = {"share", "sharing", "social", "addthis", "sharethis", "zalo", "facebook", "fb"}
SHARE_WORDS |= {"twitter", "like", "print", "toolbar"}
FURNITURE_WORDS = {"related", "lienquan", "comment", "comments", "binhluan", "breadcrumb"}
FURNITURE_WORDS |= {"breadcrumbs", "tags", "tag", "newsletter", "subscribe", "popup", "modal"}
FURNITURE_WORDS |= {"rating", "widget", "sidebar", "menu", "pagination", "navigation"}
LEAD_WORDS = {"sapo", "lead", "summary", "description", "chapeau", "excerpt", "intro"}
LEAD_WORDS |= {"standfirst", "tomtat"}
BYLINE_WORDS = {"author", "byline", "tacgia", "writer"}
CAPTION_CLASS = re.compile(
    r"caption|image[-_]?desc|desc[-_]?image|chu-?thich|photo[-_]?(?:note|desc)|img[-_]?desc",
    re.I,
)
BODY_CLASS = re.compile(
    r"(?:article|entry|post|news|detail)[-_]?(?:body|content)|content[-_]?detail|fck_detail",
    re.I,
)
ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "Report")
_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-srcset")


@dataclass
class _Page:
    """What the page says about itself, before the body is read."""

    title: str = ""
    date: DateLine | None = None
    modified: datetime | None = None
    author: str = ""
    description: str = ""
    section: str = ""
    url: str = ""
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- metadata


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """<meta property|name=… content=…>, keys in lower case; the first wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        value = " ".join(str(tag.get("content") or "").split())
        if key and value:
            found.setdefault(key, value)
    return found


def _json_ld(soup: BeautifulSoup, notes: list[str]) -> dict[str, Any]:
    """The page's JSON-LD article object, or {}."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except json.JSONDecodeError:
            notes.append("a JSON-LD block could not be read")
            continue
        for item in _ld_items(data):
            kinds = item.get("@type", "")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(kind in ARTICLE_TYPES for kind in kinds):
                return item
    return {}


def _ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for entry in data for item in _ld_items(entry)]
    if isinstance(data, dict):
        return [data, *_ld_items(data.get("@graph", []))]
    return []


def _ld_names(value: Any) -> list[str]:
    """Author names from JSON-LD: a string, an object with a name, or a list."""
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    if isinstance(value, dict):
        return _ld_names(value.get("name", ""))
    text = " ".join(str(value or "").split())
    return [text] if text and not text.startswith("http") else []


def _iso_date(value: str) -> DateLine | None:
    """'2024-07-11T11:17:00+07:00' (or Z, or a day alone) in Vietnam time."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    has_time = len(text) > 10
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIMEZONE)
    return DateLine(moment.astimezone(TIMEZONE), has_time)


def _person(name: str) -> str:
    """Authors written in capitals get Vietnamese name case, others stay as written."""
    name = re.sub(r"^(?:tác giả|author|by)\s*:?\s*", "", nfc(name), flags=re.I).strip()
    return name_case(name) if name.isupper() else name


def page_metadata(soup: BeautifulSoup, container: Tag, origin: str) -> _Page:
    page = _Page()
    meta, ld = _meta(soup), _json_ld(soup, page.notes)
    # Outside an <article>, the first <h1> is often the site's name in the logo.
    page.title = _first_text(
        container.find("h1") if container.name == "article" else None,
        ld.get("headline"),
        meta.get("og:title"),
        soup.find("h1"),
        _title_tag(soup),
    )
    page.date = _first_date(
        ld.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("pubdate"),
        meta.get("date"),
        *(time.get("datetime") for time in container.find_all("time")),
    ) or _date_in_text(container, origin)
    modified = _first_date(ld.get("dateModified"), meta.get("article:modified_time"))
    page.modified = modified.moment if modified and modified.has_time else None
    names = _ld_names(ld.get("author")) or _ld_names(meta.get("article:author") or "")
    names = names or _ld_names(meta.get("author") or "")
    page.author = ", ".join(_person(name) for name in names)
    page.description = str(ld.get("description") or meta.get("og:description") or "")
    page.description = page.description or meta.get("description", "")
    page.section = str(ld.get("articleSection") or meta.get("article:section") or "")
    canonical = soup.find("link", rel="canonical")
    page.url = str(meta.get("og:url") or (canonical.get("href") if canonical else "") or "")
    return page


def _first_text(*candidates: Any) -> str:
    for candidate in candidates:
        text = candidate.get_text(" ") if isinstance(candidate, Tag) else str(candidate or "")
        text = " ".join(text.split())
        if text:
            return nfc(text)
    return ""


def _title_tag(soup: BeautifulSoup) -> str:
    """<title> without the site name after its last ' | ' or ' - '."""
    title = soup.find("title")
    text = " ".join(title.get_text().split()) if title else ""
    return re.split(r"\s+[|–—-]\s+(?!.*\s[|–—-]\s)", text)[0] if text else ""


def _first_date(*candidates: Any) -> DateLine | None:
    for candidate in candidates:
        if candidate and (found := _iso_date(str(candidate))):
            return found
    return None


# ---------------------------------------------------------------- the article


def _class_words(tag: Tag) -> set[str]:
    names = " ".join([*tag.get("class", []), str(tag.get("id") or "")]).lower()
    return {word for word in re.split(r"[\s_-]+", names) if word}


def article_root(soup: BeautifulSoup) -> tuple[Tag, Tag]:
    """(the element holding title, date and byline; the element holding the text)."""
    body = soup.find(attrs={"itemprop": "articleBody"})
    articles = sorted(soup.find_all("article"), key=lambda a: -len(a.get_text()))
    container = articles[0] if articles else soup.find("main") or soup.find("body") or soup
    if body is None:
        body = container.find(class_=BODY_CLASS) or container
    return container, body


def _holds(tag: Tag, other: Tag) -> bool:
    return tag is other or any(parent is tag for parent in other.parents)


def take_lead(container: Tag, body: Tag, page: _Page) -> str:
    """The lead: a sapo/lead element, a bold first paragraph, or the page description."""
    for tag in container.find_all(True):
        if _class_words(tag) & LEAD_WORDS and len(tag.get_text().split()) >= 5:
            if _holds(tag, body) or tag.find(class_=BODY_CLASS):
                continue  # a wrapper named "intro" around the whole article
            if tag.find("img") or CAPTION_CLASS.search(" ".join(tag.get("class", []))):
                continue  # a photo's "image-description", not the lead
            text = _first_text(tag)
            tag.decompose()
            return text
    first = body.find("p")
    if first is not None:
        text = _first_text(first)
        bold = "".join(_first_text(b) for b in first.find_all(["strong", "b"]))
        described = search_fold(page.description).rstrip(". …")
        if text and (
            bold.replace(" ", "") == text.replace(" ", "")
            or (described and search_fold(text).startswith(described))
        ):
            first.decompose()
            return text
    return nfc(" ".join(page.description.split()))


def take_byline(container: Tag) -> str:
    for tag in container.find_all(True):
        marked = _class_words(tag) & BYLINE_WORDS or tag.get("rel") == ["author"]
        if marked or tag.get("itemprop") == "author":
            text = _first_text(tag)
            if text and len(text.split()) <= 8:
                tag.decompose()
                return _person(text)
    return ""


def drop_title_and_dates(body: Tag, title: str) -> None:
    """The title and a date standing alone are in the front matter already."""
    for heading in body.find_all("h1"):
        if _first_text(heading) == title:
            heading.decompose()
    for time in body.find_all("time"):
        parent = time.parent
        if time.decomposed or parent is None:
            continue
        if parent is body:
            time.decompose()
        elif _first_text(parent) == _first_text(time):
            parent.decompose()  # a paragraph holding only the date


def _clutter_kind(tag: Tag) -> str | None:
    words = _class_words(tag)
    if words & AD_WORDS:
        return "ad"
    if words & SHARE_WORDS:
        return "share widget"
    if words & FURNITURE_WORDS:
        return "page furniture"
    style = str(tag.get("style") or "").replace(" ", "").lower()
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or "display:none" in style:
        return "hidden element"
    return None


def drop_clutter(body: Tag) -> Counter[str]:
    """Remove code, forms, ads, share widgets and furniture; count what went."""
    dropped: Counter[str] = Counter()
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in body.find_all(list(DROPPED_TAGS)):
        if not tag.decomposed:
            dropped[tag.name] += 1
            tag.decompose()
    size = len(body.get_text())
    for tag in body.find_all(True):
        if tag.decomposed or (kind := _clutter_kind(tag)) is None:
            continue
        # Something holding most of the text is the article, whatever its class says.
        if len(tag.get_text()) > size / 2:
            continue
        dropped[kind] += 1
        tag.decompose()
    return dropped


def normalise_markup(body: Tag, soup: BeautifulSoup) -> None:
    """Old markup in the shapes the allow-list and the converter know."""
    for tag in body.find_all(["b", "i", "h1", "h5", "h6"]):
        tag.name = {"b": "strong", "i": "em", "h1": "h2"}.get(tag.name, "h4")
    for image in body.find_all("img"):
        src = str(image.get("src") or "")
        if not src or src.startswith("data:"):
            lazy = next((image.get(name) for name in _LAZY_SOURCES if image.get(name)), "")
            image["src"] = str(lazy).split()[0] if lazy else ""
    for caption in body.find_all(class_=CAPTION_CLASS):
        if not caption.decomposed:
            _make_figure(caption, soup)


def _make_figure(caption: Tag, soup: BeautifulSoup) -> None:
    """A photo and its caption in a table or div become <figure><img><figcaption>.

    The holder must be the photo's own box (its text no more than the
    caption); otherwise the caption becomes an italic line after the photo,
    which ``attach_captions`` pairs with the photo later.
    """
    text = _first_text(caption)
    holder = caption.parent
    for _ in range(3):
        if holder is None or holder.name in ("body", "article", "main"):
            break
        images = holder.find_all("img")
        extra = len(_first_text(holder).split()) - len(text.split())
        if len(images) == 1 and extra <= 3:
            figure = soup.new_tag("figure")
            figure.append(images[0].extract())
            figcaption = soup.new_tag("figcaption")
            figcaption.string = text
            figure.append(figcaption)
            holder.replace_with(figure)
            return
        if images:
            break
        holder = holder.parent
    line = soup.new_tag("p")
    line.append(soup.new_tag("em"))
    line.em.string = text
    caption.replace_with(line)


def sanitise(html: str, base_url: str) -> str:
    """nh3 with the allow-list; relative addresses resolved against the page's."""
    relative: Any = ("rewrite_with_base", base_url) if base_url.startswith("http") else "deny"
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative=relative,
        link_rel=None,
        strip_comments=True,
    )


# ---------------------------------------------------------------- HTML → Markdown

_BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "figure", "table", "img"}


def to_blocks(fragment: str) -> list[Block | Figure]:
    """Sanitised HTML as Markdown blocks and photo placeholders."""
    return _blocks_of(BeautifulSoup(fragment, "html.parser"))


def _blocks_of(node: Tag) -> list[Block | Figure]:
    blocks: list[Block | Figure] = []
    pending: list[Any] = []

    def flush() -> None:
        text = _paragraph_text(pending)
        if text:
            blocks.append(Block(guard_start(text)))
        pending.clear()

    for child in list(node.children):
        if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
            flush()
            blocks.extend(_block(child))
        elif isinstance(child, Tag) and child.name == "br":
            flush()  # between blocks a line break separates paragraphs
        elif isinstance(child, Tag) and child.name in ("li", "figcaption", "tr", "td", "th"):
            flush()
            blocks.extend(_blocks_of(child))  # stray parts of a broken list or table
        else:
            pending.append(child)
    flush()
    return blocks


def _block(tag: Tag) -> list[Block | Figure]:
    if tag.name == "p":
        return _paragraph(tag)
    if tag.name in ("h2", "h3", "h4"):
        text = _paragraph_text(tag.contents)
        return [Block(f"{'#' * int(tag.name[1])} {text}", "heading")] if text else []
    if tag.name in ("ul", "ol"):
        text = _list(tag, 0)
        return [Block(text, "list")] if text else []
    if tag.name == "blockquote":
        return _quote(tag)
    if tag.name == "figure":
        return _figure(tag)
    if tag.name == "table":
        return _table(tag)
    return [_photo(tag)]  # a lone <img>


def _photo(image: Tag, caption: str = "") -> Figure:
    return Figure(
        caption=caption, src=str(image.get("src") or ""), alt=nfc(str(image.get("alt") or ""))
    )


def _paragraph(tag: Tag) -> list[Block | Figure]:
    images = [image.extract() for image in tag.find_all("img")]
    text = _paragraph_text(tag.contents)
    if not images:
        return [Block(guard_start(text))] if text else []
    if len(images) == 1 and text and len(unescape(text).split()) <= CAPTION_MAX_WORDS:
        return [_photo(images[0], text)]  # a photo with its caption in one paragraph
    blocks: list[Block | Figure] = [Block(guard_start(text))] if text else []
    return blocks + [_photo(image) for image in images]


def _figure(tag: Tag) -> list[Block | Figure]:
    caption_tag = tag.find("figcaption")
    caption = _paragraph_text(caption_tag.contents) if caption_tag else ""
    images = tag.find_all("img")
    if not images:
        return [Block(caption)] if caption else []
    photos = [_photo(image) for image in images[:-1]]
    return [*photos, _photo(images[-1], caption)]


def _list(tag: Tag, depth: int) -> str:
    lines = []
    items = tag.find_all("li", recursive=False)
    for number, item in enumerate(items, start=1):
        nested = [inner.extract() for inner in item.find_all(["ul", "ol"])]
        marker = f"{number}." if tag.name == "ol" else "-"
        text = _paragraph_text(item.contents).replace("  \n", " ")
        lines.append(f"{'    ' * depth}{marker} {text}".rstrip())
        lines.extend(_list(inner, depth + 1) for inner in nested)
    return "\n".join(line for line in lines if line.strip())


def _quote(tag: Tag) -> list[Block | Figure]:
    inner = _blocks_of(tag)
    text = "\n\n".join(b.markdown for b in inner if isinstance(b, Block))
    quoted = "\n".join(f"> {line}".rstrip() for line in text.split("\n"))
    photos = [b for b in inner if isinstance(b, Figure)]
    return ([Block(quoted, "quote")] if text else []) + photos


def _table(tag: Tag) -> list[Block | Figure]:
    photos = [_photo(image.extract()) for image in tag.find_all("img")]
    rows = [
        [_cell(cell) for cell in row.find_all(["th", "td"], recursive=False)]
        for row in tag.find_all("tr")
    ]
    rows = [row for row in rows if any(row)]
    if not rows:
        return list(photos)
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = [_row(rows[0]), _row(["---"] * width), *(_row(row) for row in rows[1:])]
    return [Block("\n".join(lines), "table"), *photos]


def _cell(cell: Tag) -> str:
    return _paragraph_text(cell.contents).replace("  \n", " ").replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _paragraph_text(nodes: Sequence[Any]) -> str:
    """Inline Markdown of some nodes, spaces collapsed, line breaks kept."""
    text = "".join(_inline(node) for node in nodes)
    lines = [" ".join(line.split()) for line in text.split("  \n")]
    return "  \n".join(line for line in lines if line)


def _inline(node: Any) -> str:
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return escape_inline(re.sub(r"\s+", " ", str(node)))
    if not isinstance(node, Tag):
        return ""
    if node.name == "br":
        return "  \n"
    if node.name == "img":
        return ""
    inner = "".join(_inline(child) for child in node.children)
    if node.name == "strong":
        return _wrap(inner, "**")
    if node.name == "em":
        return _wrap(inner, "*")
    if node.name == "a":
        return _link(inner, str(node.get("href") or ""))
    return inner


def _wrap(inner: str, mark: str) -> str:
    """Emphasis with its spaces outside the marks, or Markdown would not see it."""
    match = re.fullmatch(r"(\s*)(.*?)(\s*)", inner, re.DOTALL)
    assert match is not None
    before, core, after = match.groups()
    return f"{before}{mark}{core}{mark}{after}" if core else inner


def _link(text: str, href: str) -> str:
    if not text.strip() or not href:
        return text
    address = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{text}]({address.replace('<', '%3C').replace('>', '%3E')})"


# ---------------------------------------------------------------- after conversion


def attach_captions(blocks: list[Block | Figure]) -> list[Block | Figure]:
    """A photo without caption followed by a short italic or caption-like line: its caption."""
    result: list[Block | Figure] = []
    for block in blocks:
        previous = result[-1] if result else None
        if (
            isinstance(previous, Figure)
            and not previous.caption
            and isinstance(block, Block)
            and block.kind == "paragraph"
            and _reads_as_caption(block.markdown)
        ):
            caption = block.markdown
            if re.fullmatch(r"\*[^*](?:.*[^*])?\*", caption):
                caption = caption[1:-1]
            result[-1] = Figure(caption=caption, src=previous.src, alt=previous.alt)
            continue
        result.append(block)
    return result


def _reads_as_caption(markdown: str) -> bool:
    plain = unescape(markdown.replace("**", "").strip("*"))
    if len(plain.split()) > CAPTION_MAX_WORDS:
        return False
    italic = bool(re.fullmatch(r"\*[^*](?:.*[^*])?\*", markdown))
    return italic or is_caption_like(plain)


def _plain(block: Block | Figure) -> str:
    if not isinstance(block, Block) or block.kind != "paragraph":
        return ""
    return unescape(block.markdown.replace("**", "").replace("*", "")).strip()


def take_date_paragraph(blocks: list[Block | Figure], origin: str) -> list[Block | Figure]:
    """A date line left among the first paragraphs is in the front matter already."""
    for index, block in enumerate(blocks[:4]):
        text = _plain(block)
        if text and parse_date_line(text, origin):
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def take_closing_byline(blocks: list[Block | Figure]) -> tuple[list[Block | Figure], str]:
    if blocks and (found := byline_author(_plain(blocks[-1]))):
        return blocks[:-1], found[0]
    return blocks, ""


# ---------------------------------------------------------------- the page


def parse_html(
    html: str,
    origin: str = "<html>",
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
) -> ImportedStory:
    """An ImportedStory from a saved article page."""
    soup = BeautifulSoup(html, "html.parser")
    container, body = article_root(soup)
    page = page_metadata(soup, container, origin)
    if not page.title:
        raise ContentError(
            origin,
            "no title found (no <h1>, og:title, JSON-LD headline or <title>)",
            "check that this is the saved page of one article",
        )
    if page.date is None:
        raise ContentError(
            origin,
            "no date line found (no JSON-LD datePublished, article:published_time or <time>)",
            f"add one like '{DATE_LINE_EXAMPLE}' at the top of the article",
        )
    lead = take_lead(container, body, page)
    author = take_byline(container) or page.author
    drop_title_and_dates(body, page.title)
    dropped = drop_clutter(body)
    normalise_markup(body, soup)
    blocks = attach_captions(to_blocks(sanitise(body.decode_contents(), page.url)))
    blocks = take_date_paragraph(blocks, origin)
    blocks, closing = take_closing_byline(blocks)
    dated = page.date
    story = ImportedStory(origin=origin, title=page.title, date=dated.moment)
    story.has_time, story.modified = dated.has_time, page.modified
    story.source, story.lead = split_source(lead)
    story.author = author or closing or None
    story.blocks = blocks
    story.cleaned = _cleaning_notes(dropped, blocks) + page.notes
    if dated.warning:
        story.missing.append(dated.warning)
    if page.section:
        story.missing.append(f"the old page's section was '{page.section}'")
    finish(story, tag_keywords)
    return story


def _date_in_text(container: Tag, origin: str) -> DateLine | None:
    """A date line in the page's text, as in copied text (also <time> without datetime)."""
    for line in container.get_text("\n").split("\n"):
        line = " ".join(line.split())
        if line and (found := parse_date_line(line, origin)):
            return found
    return None


def _cleaning_notes(dropped: Counter[str], blocks: list[Block | Figure]) -> list[str]:
    notes = []
    if dropped:
        notes.append("dropped " + ", ".join(f"{n} × {kind}" for kind, n in dropped.most_common()))
    links = sum(b.markdown.count("](") for b in blocks if isinstance(b, Block))
    if links:
        notes.append(f"{links} link{'s' if links > 1 else ''} kept (check they still work)")
    return notes
