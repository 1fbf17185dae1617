"""A page cut to what Pagefind reads of it, for the folder of pages it indexes.

Pagefind parses all of every page it is given, and most of a story page is what it
never reads: the head's styles and JSON-LD, the menus, the footer. What it does read
is the language on ``<html>``, the elements marked ``data-pagefind-body`` with all
they hold, and the filters, meta and sorts marked anywhere on the page. A page cut to
those elements, in their order, gives the same index byte for byte
(tests/site/test_pagefind_input.py), and Pagefind spends about a sixth less CPU on a
year's 499 stories (benchmarks/README.md).

Pagefind also takes a page's title and picture from its first ``h1`` and image when
they are not marked; our templates mark both, and a page that does not is given
whole. So is any page where a mark is not plainly an attribute of an element this
cut can find the end of: a whole page is always right, only slower to index.
"""

from __future__ import annotations

import re
from functools import cache

MARK = b"data-pagefind-"
# Pages that mark these take nothing from Pagefind's defaults (the first h1 and image).
MARKED_FIELDS = (b'data-pagefind-meta="title"', b'data-pagefind-meta="image')
VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
# The mark on one of these would keep (or lose) more than this cut handles.
WHOLE = frozenset((b"html", b"head", b"body"))
RAW_TEXT = (
    (b"<!--", b"-->"),
    (b"<script", b"</script"),
    (b"<style", b"</style"),
    (b"<title", b"</title"),
    (b"<textarea", b"</textarea"),
)
NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")


def searched_part(page: bytes) -> bytes | None:
    """``page`` cut to ``<html …>`` and its marked elements; None when it is to be
    given whole."""
    if MARK + b"body" not in page or not all(field in page for field in MARKED_FIELDS):
        return None
    opening = page.find(b"<html")
    opening_end = page.find(b">", opening)
    if opening < 0 or opening_end < 0:
        return None
    kept = [page[opening : opening_end + 1], b"<body>"]
    position = opening_end + 1
    while (mark := page.find(MARK, position)) >= 0:
        start = page.rfind(b"<", position, mark)
        if start < 0 or b">" in page[start:mark] or _in_raw_text(page, position, start):
            return None  # in text, a comment or a script: not an attribute
        end = _element_end(page, start)
        if end is None:
            return None
        kept.append(page[start:end])
        position = end
    kept.append(b"</body></html>\n")
    return b"".join(kept)


def _in_raw_text(page: bytes, position: int, start: int) -> bool:
    """Whether ``start`` lies in a comment or a script, style, title or textarea begun
    after ``position``: what looks like a tag there is text to Pagefind."""
    for opener, closer in RAW_TEXT:
        begun = page.rfind(opener, position, start)
        if begun >= 0 and page.find(closer, begun, start) < 0:
            return True
    return False


def _element_end(page: bytes, start: int) -> int | None:
    """Where the element whose start tag begins at ``start`` ends: after its end tag,
    counting elements of the same name within it; None if it has none."""
    named = NAME.match(page, start)
    tag_end = page.find(b">", start)
    if named is None or tag_end < 0:
        return None
    name = named.group(1).lower()
    if name in WHOLE:
        return None
    if name in VOID or page[tag_end - 1 : tag_end] == b"/":
        return tag_end + 1
    depth = 1
    for tag in _same_name(name).finditer(page, tag_end + 1):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            closing = page.find(b">", tag.start())
            return closing + 1 if closing >= 0 else None
    return None


@cache
def _same_name(name: bytes) -> re.Pattern[bytes]:
    """Start and end tags of elements named ``name`` (not of a longer name)."""
    return re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])", re.IGNORECASE)
