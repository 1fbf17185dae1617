"""Which page in the other language a page corresponds to.

Gives the language switcher its target, and each page its canonical URL and
reciprocal hreflang alternates, from the index alone (no HTML is read back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.index import Entry, SiteIndex
from ..model.sources import LANGUAGES, url_prefix

_PAGINATED = re.compile(r"^(?P<base>(?:.*/)?)page/\d+/index\.html$")
_LISTINGS = ("tags", "categories", "authors", "archives")
NOT_FOUND_PAGE = "404.html"
_TOPIC_FOLDERS = {"tags": "tag", "categories": "category"}


@dataclass(frozen=True)
class PageLanguages:
    current: str
    other: str
    canonical: str
    switch_url: str
    switch_translated: bool
    alternates: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Origins:
    """Where links point: ``site`` for ordinary links, ``absolute`` for canonical/hreflang."""

    site: str  # SITEURL: '' in a local build, the public address in publish mode
    absolute: str  # SITEURL when absolute, else the local preview server

    def link(self, url: str) -> str:
        return f"{self.site}/{url}"

    def full(self, url: str) -> str:
        return f"{self.absolute}/{url}"


def url_of(save_as: str) -> str:
    return save_as.removesuffix("index.html")


def other_language(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def for_content(entry: Entry, index: SiteIndex, origins: Origins) -> PageLanguages:
    other = other_language(entry.lang)
    translation = index.translation_of(entry, other)
    if translation is None:
        return PageLanguages(
            current=entry.lang,
            other=other,
            canonical=origins.full(entry.url),
            switch_url=origins.link(url_prefix(other)),
            switch_translated=False,
        )
    return PageLanguages(
        current=entry.lang,
        other=other,
        canonical=origins.full(entry.url),
        switch_url=origins.link(translation.url),
        switch_translated=True,
        alternates=_alternates({entry.lang: entry.url, other: translation.url}, origins),
    )


def for_listing(
    lang: str,
    save_as: str,
    index: SiteIndex,
    origins: Origins,
    renamed: Mapping[str, str] | None = None,
    *,
    missing: bool = False,
) -> PageLanguages:
    """Home, tag, category, archive and other generated pages.

    ``renamed``: pages whose file has another name in the other language, by the
    name in this one (``tim-kiem/index.html`` -> ``search/index.html``);
    ``missing``: the other language has no such page.
    """
    other = other_language(lang)
    own_url = url_of(save_as)
    neutral = save_as.removeprefix(url_prefix(lang))
    if neutral == NOT_FOUND_PAGE:
        return _not_found(lang, other, own_url, origins)
    paginated = _PAGINATED.match(neutral)
    base = paginated["base"] + "index.html" if paginated else neutral
    base = (renamed or {}).get(base, base)
    paired = _topic_counterpart(base, lang, other, index)
    counterpart = None
    if paired is not None and not missing and _exists(paired, other, index):
        counterpart = url_prefix(other) + url_of(paired)
    alternates = []
    if counterpart is not None and not paginated:
        alternates = _alternates({lang: own_url, other: counterpart}, origins)
    return PageLanguages(
        current=lang,
        other=other,
        canonical=origins.full(own_url),
        switch_url=origins.link(counterpart if counterpart is not None else url_prefix(other)),
        switch_translated=counterpart is not None,
        alternates=alternates,
    )


def _not_found(lang: str, other: str, own_url: str, origins: Origins) -> PageLanguages:
    """The 404 page is served at any missing address, and static hosts answer the
    other language's 404.html with 200: its switcher leads to the other home."""
    return PageLanguages(
        current=lang,
        other=other,
        canonical=origins.full(own_url),
        switch_url=origins.link(url_prefix(other)),
        switch_translated=True,  # the home is the right place, no "not translated" note
    )


def _topic_counterpart(neutral_save_as: str, lang: str, other: str, index: SiteIndex) -> str | None:
    """The other language's file of a tag or category page: the page of its paired
    topic (vnportal/model/topics.py), None when it has none; other pages unchanged."""
    parts = neutral_save_as.split("/")
    kind = _TOPIC_FOLDERS.get(parts[0]) if len(parts) >= 3 else None
    if kind is None:
        return neutral_save_as
    name = index.name_of_slug(lang, kind, parts[1])
    paired = index.paired_topic(kind, lang, name, other) if name is not None else None
    if paired is None:
        return None
    return "/".join([parts[0], index.slug(other, kind, paired), *parts[2:]])


def _exists(neutral_save_as: str, lang: str, index: SiteIndex) -> bool:
    parts = neutral_save_as.split("/")
    if len(parts) >= 3 and parts[0] in _LISTINGS:
        return parts[1] in index.listing_slugs(lang).get(parts[0], set())
    return True


def _alternates(urls: dict[str, str], origins: Origins) -> list[tuple[str, str]]:
    pairs = [(lang, origins.full(urls[lang])) for lang in LANGUAGES if lang in urls]
    return [*pairs, ("x-default", origins.full(urls[LANGUAGES[0]]))]


def absolute_origin(settings: dict[str, Any]) -> str:
    """The start of absolute addresses: SITEURL when it is one, else the local preview server."""
    siteurl: str = settings["SITEURL"]
    return siteurl if siteurl.startswith(("http://", "https://")) else settings["PREVIEW_ORIGIN"]
