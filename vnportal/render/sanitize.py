"""Raw HTML in story bodies: keep the formatting editors need, drop the rest.

Markdown passes raw HTML through, so a pasted ``<script>``, an ``onerror=``
or a ``javascript:`` link would reach readers. nh3 (the Rust ammonia
sanitiser) cleans the converted body against an allow-list.
"""

from __future__ import annotations

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
