"""HTML of an article's body → Markdown blocks, after the sanitiser.

Every HTML input (saved pages, feed items, WordPress exports) goes the same
way: ``prepare`` decodes what the page left encoded, flattens absurd nesting
and sets the photos aside (``Photo``); ``sanitise`` runs nh3 (the ammonia
sanitiser) with a short allow-list — paragraphs, links, images, emphasis,
lists, quotes, subheadings, figures and tables, only http/https/mailto
addresses, no event handlers — and only then ``to_blocks`` turns what is left
into Markdown, so nothing the sanitiser removed can come back.

Photos: before the sanitiser each ``<img>`` gets a stand-in address
(``https://photo.invalid/<n>``, a reserved name that never resolves) and its
original addresses are kept in a ``Photo``; a relative address such as a
saved page's ``./Trang_files/anh.jpg`` would otherwise be dropped. The
figures made from it carry every address the page gave for the photo, for
``photos`` to find the file.
"""

from __future__ import annotations

import html as htmllib
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import nh3
from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag

from ...model.vietnamese import nfc
from .story import Block, Figure, escape_inline, guard_start, unescape, without_markup
from .text_rules import CAPTION_MAX_WORDS, is_caption_like

ALLOWED_TAGS = {
    *("p", "br", "a", "img", "strong", "em", "ul", "ol", "li", "blockquote"),
    *("h2", "h3", "h4", "figure", "figcaption"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Deeper nesting than this is unwrapped (the text stays): no article needs it,
# and 10,000 nested <b> would otherwise exhaust Python's recursion.
MAX_DEPTH = 40
PHOTO_ADDRESS = "https://photo.invalid/"
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-srcset", "srcset")
_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def soup_of(html: str) -> BeautifulSoup:
    """The parsed HTML; bs4's guesses that a short text is a URL or a file name stay quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


# ---------------------------------------------------------------- text left encoded


def decode_references(text: str) -> str:
    """HTML references a page left in its text (``Chi&#7871;n``) decoded once."""
    if "&" not in text or not _REFERENCE.search(text):
        return text
    return htmllib.unescape(text)


def plain_text(text: str) -> str:
    """Text for the front matter: references decoded once, any markup removed, NFC.

    ``<script>alert(1)</script>Tin`` → ``Tin``; ``<img onerror=…>`` → nothing.
    """
    text = without_markup(decode_references(text))
    return nfc(" ".join(text.replace("\u00a0", " ").split()))


def decode_tree(root: Tag) -> int:
    """Decode references left in the text and main attributes of ``root``; how many."""
    changed = 0
    for node in root.find_all(string=True):
        if isinstance(node, Comment) or "&" not in node:
            continue
        decoded = decode_references(str(node))
        if decoded != node:
            node.replace_with(NavigableString(decoded))
            changed += 1
    for tag in root.find_all(True):
        for name in ("alt", "title", "content", "datetime", "src", "href"):
            value = tag.attrs.get(name)
            if isinstance(value, str) and "&" in value:
                tag[name] = decode_references(value)
    return changed


# ---------------------------------------------------------------- nesting


def depth_limited(root: Tag, limit: int = MAX_DEPTH) -> int:
    """Unwrap tags nested deeper than ``limit`` below ``root``, keeping their text.

    Walks without recursion; the deepest tags go first, so each unwrap moves
    only a few children and the whole costs time linear in the page.
    """
    deep: list[Tag] = []
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in tag.contents:
            if isinstance(child, Tag):
                if depth + 1 > limit:
                    deep.append(child)
                stack.append((child, depth + 1))
    for tag in reversed(deep):
        tag.unwrap()
    return len(deep)


# ---------------------------------------------------------------- photos


@dataclass(frozen=True)
class Photo:
    """A photo of the page: every address it was given, and its description."""

    addresses: tuple[str, ...]  # as written in the page, the best first
    alt: str = ""
    absolute: str = ""  # the first address made absolute with the page's address


def set_photos_aside(root: Tag, base_url: str) -> list[Photo]:
    """Give each <img> a stand-in address; its real addresses go into the list."""
    photos: list[Photo] = []
    for image in root.find_all("img"):
        addresses = []
        for name in ("src", *LAZY_SOURCES):
            value = str(image.get(name) or "").strip()
            if not value or value.startswith(("data:", "javascript:", "about:")):
                continue
            first = value.split(",")[0].split()[0] if name.endswith("srcset") else value
            if first and first not in addresses:
                addresses.append(first)
        # A lazy-loading page keeps the real photo in data-src and a blank in src.
        addresses.sort(key=lambda a: _is_placeholder(a))
        alt = " ".join(decode_references(str(image.get("alt") or "")).split())
        if not addresses:
            image.decompose()
            continue
        try:
            absolute = urljoin(base_url, addresses[0]) if base_url.startswith("http") else ""
        except ValueError:  # an address urllib cannot read ('http://[x')
            absolute = ""
        if not absolute and addresses[0].startswith(("http://", "https://")):
            absolute = addresses[0]
        photos.append(Photo(tuple(addresses), alt, absolute))
        image.attrs = {"src": f"{PHOTO_ADDRESS}{len(photos) - 1}", "alt": alt}
    return photos


def _is_placeholder(address: str) -> bool:
    name = address.rsplit("/", 1)[-1].lower()
    return any(word in name for word in ("blank", "placeholder", "loading", "lazy", "spacer"))


# ---------------------------------------------------------------- the sanitiser


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


class _Converter:
    def __init__(self, photos: Sequence[Photo]) -> None:
        self.photos = photos

    def blocks_of(self, node: Tag, depth: int = 0) -> list[Block | Figure]:
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
                blocks.extend(self.block(child, depth))
            elif isinstance(child, Tag) and child.name == "br":
                flush()  # between blocks a line break separates paragraphs
            elif isinstance(child, Tag) and child.name in ("li", "figcaption", "tr", "td", "th"):
                flush()
                blocks.extend(self.blocks_of(child, depth + 1))  # stray parts of a list, table
            else:
                pending.append(child)
        flush()
        return blocks

    def block(self, tag: Tag, depth: int) -> list[Block | Figure]:
        if tag.name == "p":
            return self.paragraph(tag)
        if tag.name in ("h2", "h3", "h4"):
            text = _paragraph_text(tag.contents)
            return [Block(f"{'#' * int(tag.name[1])} {text}", "heading")] if text else []
        if tag.name in ("ul", "ol"):
            photos = [self.photo(image.extract()) for image in tag.find_all("img")]
            text = _list(tag, 0)
            return ([Block(text, "list")] if text else []) + photos
        if tag.name == "blockquote":
            return self.quote(tag, depth)
        if tag.name == "figure":
            return self.figure(tag)
        if tag.name == "table":
            return self.table(tag)
        return [self.photo(tag)]  # a lone <img>

    def photo(self, image: Tag, caption: str = "") -> Figure:
        src = str(image.get("src") or "")
        alt = nfc(str(image.get("alt") or ""))
        if src.startswith(PHOTO_ADDRESS):
            number = int(src[len(PHOTO_ADDRESS) :] or 0)
            photo = self.photos[number]
            return Figure(caption=caption, src=photo.absolute, alt=alt, sources=photo.addresses)
        return Figure(caption=caption, src=src, alt=alt, sources=(src,) if src else ())

    def paragraph(self, tag: Tag) -> list[Block | Figure]:
        images = [image.extract() for image in tag.find_all("img")]
        text = _paragraph_text(tag.contents)
        if not images:
            return [Block(guard_start(text))] if text else []
        if len(images) == 1 and text and len(unescape(text).split()) <= CAPTION_MAX_WORDS:
            return [self.photo(images[0], _unitalic(text))]  # a photo and its caption
        blocks: list[Block | Figure] = [Block(guard_start(text))] if text else []
        return blocks + [self.photo(image) for image in images]

    def figure(self, tag: Tag) -> list[Block | Figure]:
        caption_tag = tag.find("figcaption")
        caption = _paragraph_text(caption_tag.contents) if caption_tag else ""
        caption = _paragraph_text_flat(caption)
        images = tag.find_all("img")
        if not images:
            return [Block(guard_start(caption))] if caption else []
        photos = [self.photo(image) for image in images[:-1]]
        return [*photos, self.photo(images[-1], _unitalic(caption))]

    def quote(self, tag: Tag, depth: int) -> list[Block | Figure]:
        inner = self.blocks_of(tag, depth + 1)
        text = "\n\n".join(b.markdown for b in inner if isinstance(b, Block))
        quoted = "\n".join(f"> {line}".rstrip() for line in text.split("\n"))
        photos = [b for b in inner if isinstance(b, Figure)]
        return ([Block(quoted, "quote")] if text else []) + photos

    def table(self, tag: Tag) -> list[Block | Figure]:
        photos = [self.photo(image.extract()) for image in tag.find_all("img")]
        rows = [
            [_cell(cell) for cell in row.find_all(["th", "td"], recursive=False)]
            for row in tag.find_all("tr")
        ]
        rows = [row for row in rows if any(row)]
        if not rows:
            return list(photos)
        width = max(len(row) for row in rows)
        if width == 1:  # a layout table of one column: its cells are paragraphs
            return [Block(guard_start(row[0])) for row in rows] + photos
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = [_row(rows[0]), _row(["---"] * width), *(_row(row) for row in rows[1:])]
        return [Block("\n".join(lines), "table"), *photos]


def to_blocks(fragment: str, photos: Sequence[Photo] = ()) -> list[Block | Figure]:
    """Sanitised HTML as Markdown blocks and figures."""
    root = soup_of(fragment)
    depth_limited(root)  # nh3 may nest what it repairs; the converter recurses
    return _Converter(photos).blocks_of(root)


def _unitalic(caption: str) -> str:
    if re.fullmatch(r"\*[^*](?:.*[^*])?\*", caption) and "*" not in caption[1:-1]:
        return caption[1:-1]
    return caption


def _paragraph_text_flat(text: str) -> str:
    return text.replace("  \n", " ")


def _list(tag: Tag, depth: int) -> str:
    lines = []
    items = tag.find_all("li", recursive=False)
    for number, item in enumerate(items, start=1):
        nested = [inner.extract() for inner in item.find_all(["ul", "ol"])]
        marker = f"{number}." if tag.name == "ol" else "-"
        text = _paragraph_text(item.contents).replace("  \n", " ")
        lines.append(f"{'    ' * depth}{marker} {text}".rstrip())
        lines.extend(_list(inner, depth + 1) for inner in nested if depth < 8)
    return "\n".join(line for line in lines if line.strip())


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
        text = str(node)
        if text.strip().lower() == "null":
            return " "
        return escape_inline(re.sub(r"\s+", " ", text))
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
    if not core or core.strip("*") == "":
        return inner
    if core.startswith(mark) and core.endswith(mark):  # <b><b>x</b></b>: once is enough
        return inner
    return f"{before}{mark}{core}{mark}{after}"


def _link(text: str, href: str) -> str:
    if not text.strip() or not href or href.startswith(PHOTO_ADDRESS):
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
            and reads_as_caption(block.markdown)
        ):
            result[-1] = previous.with_caption(_unitalic(block.markdown))
            continue
        result.append(block)
    return result


def reads_as_caption(markdown: str) -> bool:
    plain = unescape(markdown.replace("**", "").strip("*"))
    if len(plain.split()) > CAPTION_MAX_WORDS:
        return False
    italic = bool(re.fullmatch(r"\*[^*](?:.*[^*])?\*", markdown))
    return italic or is_caption_like(plain)


def plain_block(block: Block | Figure) -> str:
    """A paragraph's plain text, '' for anything else."""
    if not isinstance(block, Block) or block.kind != "paragraph":
        return ""
    return unescape(block.markdown.replace("**", "").replace("*", "")).strip()
