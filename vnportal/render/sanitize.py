"""Raw HTML in story bodies: keep the formatting editors need, drop the rest.

Markdown passes raw HTML through, so a pasted ``<script>``, an ``onerror=``
or a ``javascript:`` link would reach readers. nh3 (the Rust ammonia
sanitiser) cleans the converted body against an allow-list. ``vanished_text``
tells when a good part of a story's text did not reach its HTML (a tag left
open swallows what follows it), so that the reader can stop the build.
"""

from __future__ import annotations

import re
from html import unescape

import nh3

_TEXT = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "q",
    "cite",
    "pre",
    "code",
    "kbd",
    "samp",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "mark",
    "small",
    "abbr",
    "span",
    "div",
}
_LISTS = {"ul", "ol", "li", "dl", "dt", "dd"}
_MEDIA = {"a", "img", "figure", "figcaption"}
_TABLES = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
ALLOWED_TAGS = _TEXT | _LISTS | _MEDIA | _TABLES
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "title", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "abbr": {"title"},
    # The scrolling wrapper our Markdown extension puts around tables.
    "div": {"role", "tabindex", "aria-label"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_body(html: str) -> str:
    """The body with only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # internal links need no rel; external ones open in place
        strip_comments=True,
    )


# --- text that vanished ---------------------------------------------------------------

# A body may lose this much of its text in conversion only by a mistake (an HTML tag
# left open swallows what follows it): at least this many letters and digits ...
LOSS_LETTERS = 20
# ... and at least this share of them. What is meant to go (image descriptions,
# link addresses, comments, <script>/<style> elements) is not counted.
LOSS_SHARE = 0.2
_TAG = re.compile(r"<[^<>]*>")  # [^<>]: linear even on text full of "<"
# Elements the sanitiser removes with their content, and comments. Each pattern below
# leaves its opening character out of what it spans, so that text full of them is
# still read in linear time.
_REMOVED = re.compile(r"<(script|style|template)\b|<!--", re.IGNORECASE)
_MEANT_TO_GO = [
    re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"),  # an image: its description becomes alt="…"
    re.compile(r"\]\([^()\n]*\)"),  # a link's address and title
    # reference link and abbreviation definitions
    re.compile(r"^ {0,3}(?:\[(?!\^)[^\]\n]+\]|\*\[[^\]\n]+\]):.*$", re.MULTILINE),
    re.compile(r"\{[^{}\n]*\}"),  # {static}, {filename}, {: .class} attribute lists
    _TAG,
]


def letters(text: str) -> int:
    """How many letters and digits ``text`` holds: what a reader reads."""
    # What [^\W_] matches, character for character (str.isalnum is the regex's own test
    # of a word character), counted three times faster than by removing the rest.
    return sum(map(str.isalnum, text))


def vanished_text(body: str, html: str) -> tuple[int, int] | None:
    """(letters of the Markdown ``body``, letters shown by its ``html``) when the page
    would lose a good part of the story's text, or None when it shows it all."""
    source = _without_removed_elements(body)
    for pattern in _MEANT_TO_GO:
        source = pattern.sub(" ", source)
    written = letters(unescape(source))
    shown = letters(unescape(_TAG.sub(" ", html)))
    lost = written - shown
    if lost >= LOSS_LETTERS and lost >= LOSS_SHARE * written:
        return written, shown
    return None


def _without_removed_elements(body: str) -> str:
    """``body`` without the closed <script>, <style>, <template> elements and comments.

    One pass: an element left open ends it, as it swallows all that follows.
    """
    kept, position = [], 0
    while opening := _REMOVED.search(body, position):
        ending = r"-->" if opening[1] is None else rf"</{opening[1]}\s*>"
        closing = re.compile(ending, re.IGNORECASE).search(body, opening.end())
        if closing is None:
            break
        kept.append(body[position : opening.start()])
        position = closing.end()
    kept.append(body[position:])
    return " ".join(kept)
