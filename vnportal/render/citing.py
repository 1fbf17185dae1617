"""Documents cited in a story: the first mention of each linked to its page in the
library, and the list of every cited document shown at the end of the story.

The story's HTML comes from the sanitiser, so it is well formed: it is cut into
tags and text, and only text outside a link, a heading, code or a caption is
searched for citations. Nothing is parsed unless the HTML cites something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape, unescape

from ..model.citations import Citation, find_citations, issuer_name, national_database_search_url
from ..model.documents import DOCUMENT_TYPES, LISTING_WORDS
from ..model.index import Entry, SiteIndex
from ..model.sources import DOCUMENT_FOLDERS, url_prefix

# Inside these a citation is left as it is: a link in a link, in a heading or caption
# or in code would change what the writer made.
_NO_LINK = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "figcaption"})
# A tag (quoted attributes may hold ">"), or a comment.
_TAG = re.compile(r"""(<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_TYPE_NAMES = {kind.vi: kind for kind in DOCUMENT_TYPES}


@dataclass(frozen=True)
class CitedDocument:
    """One document a story cites, as its "Documents cited" list shows it."""

    key: str  # the citation key (vnportal/model/citations.py)
    label: str  # type and number: "Quyết định 315/QĐ-TTg"
    url: str  # its page in the library, or the page of the stories citing it
    in_library: bool
    issued: date | None = None
    title: str | None = None  # the library's title, when it has the document
    # What a citation tells of a document the library does not have.
    kind: str = ""
    number: str | None = None
    issuer: str | None = None
    year: int | None = None
    search_url: str = ""  # a search of the national database


def cited_url(lang: str, key: str) -> str:
    """The page of a cited document the library does not have: /van-ban/trich-dan/<key>/."""
    return f"{url_prefix(lang)}{DOCUMENT_FOLDERS[lang]}/{LISTING_WORDS[lang]['cited']}/{key}/"


def document_key(entry: Entry) -> str:
    """The citation key of a library document: its type and number read as a story's
    text would be, so that every spelling of the number meets it."""
    document = entry.document
    assert document is not None
    text = f"{document.type.vi} {document.number}"
    found = find_citations(text, "vi")
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text):
        return found[0].key
    return ""  # a number no story could cite in a recognisable way


def library_by_key(index: SiteIndex, lang: str) -> dict[str, Entry]:
    """The language's published documents by citation key (the newest of equal keys)."""
    found: dict[str, Entry] = {}
    for entry in index.documents(lang):
        key = document_key(entry)
        if key and entry.status != "draft":
            found.setdefault(key, entry)
    return found


def _kind_name(cited: Citation, lang: str) -> str:
    kind = _TYPE_NAMES.get(cited.kind)
    return kind.name(lang) if kind else cited.kind


def _label(cited: Citation, lang: str) -> str:
    name = _kind_name(cited, lang)
    if cited.number:
        return f"{name} {cited.number}"
    return " ".join(part for part in (name, cited.title, str(cited.year or "")) if part)


def _cited(cited: Citation, entry: Entry | None, lang: str, siteurl: str) -> CitedDocument:
    if entry is None:
        return CitedDocument(
            cited.key,
            _label(cited, lang),
            f"{siteurl}/{cited_url(lang, cited.key)}",
            False,
            cited.issued,
            kind=_kind_name(cited, lang),
            number=cited.number,
            issuer=issuer_name(cited.issuer_code, lang) if cited.issuer_code else None,
            year=cited.year,
            search_url=national_database_search_url(cited),
        )
    document = entry.document
    assert document is not None
    label = f"{document.type.name(lang)} {document.number}"
    return CitedDocument(
        cited.key, label, f"{siteurl}/{entry.url}", True, document.issued, entry.title
    )


def link_citations(
    html: str, lang: str, library: dict[str, Entry], siteurl: str
) -> tuple[str, tuple[CitedDocument, ...]]:
    """``html`` with the first linkable mention of each library document linked to its
    page, and every document the text cites, in the order of first mention."""
    if not find_citations(html, lang):
        return html, ()
    parts = _TAG.split(html)
    closed: dict[str, int] = {}  # open elements that forbid a link, by name
    cited: dict[str, CitedDocument] = {}
    linked: set[str] = set()
    for number, part in enumerate(parts):
        if number % 2:  # a tag
            found = _TAG_NAME.match(part)
            if found and found[2].lower() in _NO_LINK and not part.rstrip().endswith("/>"):
                name = found[2].lower()
                closed[name] = closed.get(name, 0) + (-1 if found[1] else 1)
            continue
        if not part or closed.get("code", 0) > 0 or closed.get("pre", 0) > 0:
            continue
        text = unescape(part)
        citations = find_citations(text, lang)
        if not citations:
            continue
        may_link = not any(count > 0 for count in closed.values())
        pieces, last, changed = [], 0, False
        for citation in citations:
            entry = library.get(citation.key)
            cited.setdefault(citation.key, _cited(citation, entry, lang, siteurl))
            if entry is None or not may_link or citation.key in linked:
                continue
            linked.add(citation.key)
            changed = True
            href = escape(cited[citation.key].url)
            words = escape(text[citation.start : citation.end], quote=False)
            pieces += [
                escape(text[last : citation.start], quote=False),
                f'<a class="citation" href="{href}">{words}</a>',
            ]
            last = citation.end
        if changed:
            parts[number] = "".join([*pieces, escape(text[last:], quote=False)])
    return "".join(parts), tuple(cited.values())
