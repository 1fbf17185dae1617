"""Page keys: what each output file shows, so that an unchanged one is kept as it is.

A key covers the page's template, its story (file, names, links, neighbours),
the cards of the stories it lists, its language links, and what every page
shows alike (settings, theme, code, navigation). When a page's key equals the
previous build's, the file in output/ is left untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fingerprints import code_digest, digest, files_digest, settings_digest

_CARD_FIELDS = ("url", "title", "summary", "image_url", "image_alt", "lead_photo_key", "status")


def _named(item: Any) -> str:
    return f"{item.name}\0{item.slug}" if item is not None else ""


def card_digest(article: Any) -> str:
    """What a listing shows of a story."""
    cached = getattr(article, "_portal_card", None)
    if cached is None:
        cached = digest(
            *(getattr(article, name, "") for name in _CARD_FIELDS),
            getattr(article, "date", ""),
            getattr(article, "modified", ""),
            _named(getattr(article, "category", None)),
            _named(getattr(article, "author", None)),
            *(_named(tag) for tag in getattr(article, "tags", [])),
        )
        article._portal_card = cached
    return cached


def content_digest(content: Any) -> str:
    """Everything a story's own page shows: its file, names, links and neighbours."""
    cached = getattr(content, "_portal_content", None)
    if cached is None:
        neighbours = [getattr(content, name, None) for name in ("newer", "older")]
        cached = digest(
            content.source_path,
            getattr(content, "source_digest", ""),
            getattr(content, "translation_key", ""),
            getattr(content, "photos_key", ""),
            getattr(content, "citations_key", ""),  # the documents it cites, and their pages
            getattr(content, "share_card", ""),
            getattr(content, "portal_key", ""),  # what a document's page shows of its files
            getattr(content, "announcement_state", ""),  # "expired" with the build date
            card_digest(content),
            *(card_digest(item) if item is not None else "-" for item in neighbours),
            *(card_digest(item) for item in getattr(content, "related", [])),
        )
        content._portal_content = cached
    return cached


def _terms_digest(terms: Iterable[tuple[Any, list[Any]]]) -> str:
    return digest(*(f"{_named(term)}\0{len(items)}" for term, items in terms))


# Templates that list every tag, category or author, or every story by date.
_TERM_TEMPLATES = {"tags.html", "categories.html", "authors.html", "feeds.html"}
_DATE_TEMPLATES = {"archives.html", "period_archives.html"}


@dataclass
class PageReuse:
    """Decides, output file by output file, whether the previous build's copy will do."""

    settings: dict[str, Any]
    old_output: Path | None = None
    old_keys: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # this build's manifest
    reused: set[str] = field(default_factory=set)
    _salt: str | None = None

    def salt(self, context: dict[str, Any]) -> str:
        """What every page shows alike: settings, theme, code, navigation."""
        if self._salt is None:
            self._salt = digest(
                code_digest(),
                files_digest([Path(self.settings["THEME"])]),
                settings_digest(self.settings),
                _terms_digest(context.get("categories", [])),
                *(f"{page.url}\0{page.title}" for page in context.get("pages", [])),
            )
        return self._salt

    def page_key(self, template: str, localcontext: dict[str, Any], languages: Any) -> str:
        parts: list[object] = [
            self.salt(localcontext),
            template,
            localcontext["output_file"],
            repr(languages),
        ]
        for name in ("article", "page"):
            item = localcontext.get(name)
            if hasattr(item, "source_path"):
                parts.append(content_digest(item))
        for name in ("tag", "category", "author"):
            if name in localcontext:
                parts.append(f"{name}\0{_named(localcontext[name])}")
        listing = localcontext.get("articles_page")
        if listing is not None:
            parts += [listing.number, listing.paginator.num_pages, listing.paginator.count]
            parts += [card_digest(item) for item in listing.object_list]
        if template in _TERM_TEMPLATES:
            parts += [
                _terms_digest(localcontext.get(name, []))
                for name in ("tags", "categories", "authors")
            ]
        if template == "events.html":  # what is upcoming changes with the build date
            parts.append(localcontext["event_listing"].key)
        if template == "article.html":  # beside the story: the newest and featured stories
            parts += [card_digest(item) for item in localcontext.get("latest_stories", [])]
            parts += [card_digest(item) for item in localcontext.get("featured_stories", [])]
        if template == "index.html":  # the featured block and the notices
            parts += [card_digest(item) for item in localcontext.get("featured_stories", [])]
            parts.append(localcontext.get("notices_key", ""))
        if template == "document.html":  # the stories citing it
            document = localcontext.get("page")
            citing = localcontext.get("citing_stories") or {}
            address = f"{self.settings['SITEURL']}/{getattr(document, 'url', '')}"
            parts += [card_digest(item) for item in citing.get(address, ())]
        # The library, its listings and the pages of cited documents it does not have.
        if template in {"documents.html", "cited_document.html"}:
            parts.append(localcontext.get("portal_key", ""))
        if template == "feeds.html":  # links to the paired topics' feeds
            parts.append(localcontext["feed_catalog"].key)
        if template == "statistics.html":  # events held by the build date
            parts.append(localcontext["statistics"].key)
        if template == "contacts.html":  # content/contacts.yml
            parts.append(localcontext["contacts"].key)
        if template in _DATE_TEMPLATES:
            parts.append(localcontext.get("period", ""))
            parts += [card_digest(item) for item in localcontext.get("dates", [])]
        return digest(*parts)

    def decide(self, relpath: str, key: str) -> bool:
        """Record the key; True when the previous file can be reused as it is."""
        self.keys[relpath] = key
        old = self.old_output / relpath if self.old_output else None
        if old is not None and self.old_keys.get(relpath) == key and old.is_file():
            self.reused.add(relpath)
            return True
        return False
