"""What one Pelican run (one language) is given by the whole build, and gives back.

The build makes one ``LanguageRun`` per language and passes it in that run's
settings under ``PORTAL_RUN``: Pelican hands its settings to every reader,
generator and writer, so this one object is the only way in, and nothing
else reaches a run from outside. A plain ``pelican content`` has no build
around it: ``prepare_run`` then makes the object from the content folder.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..incremental.caches import KeyedCache
from ..incremental.page_keys import PageReuse
from ..model.digests import digest
from ..model.events import build_date
from ..model.index import Entry, ReadSource, SiteIndex, build_index
from ..model.photos import Photo
from ..model.sources import LANGUAGES, url_prefix
from .citing import library_by_key

PORTAL_RUN = "PORTAL_RUN"  # the settings key; left out of every settings digest
log = logging.getLogger(__name__)


@dataclass
class LanguageRun:
    """One language's Pelican run: what it needs from the build and what it returns."""

    lang: str
    index: SiteIndex  # both languages' files, read before any run starts
    staging: str | None = None  # where new files go; None: OUTPUT_PATH itself
    previous_output: str | None = None  # the last build's output, whose pages may be kept
    previous_keys: dict[str, str] = field(default_factory=dict)  # its page keys
    use_cache: bool = True  # reuse earlier Markdown conversions and choices
    today: str = ""  # the build date (2026-11-30), which decides upcoming events
    # Theme CSS and JS published under content-hashed names: css/site.css -> its name.
    assets: dict[str, str] = field(default_factory=dict)
    # Files the checker has read (by path): an unchanged one is not parsed again.
    sources: Mapping[str, ReadSource] = field(default_factory=dict)
    # The photos of content/images/ (by path under content/) and the sizes of drawings.
    photos: Mapping[str, Photo] = field(default_factory=dict)
    drawings: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # Stories shared with a drawn card (relpath in the language → the card under output/).
    share_cards: Mapping[str, str] = field(default_factory=dict)
    # Filled in by the run: the writer's decisions (page keys, pages kept).
    page_reuse: PageReuse | None = None
    _markdown_caches: dict[tuple[Path | None, str], KeyedCache] = field(default_factory=dict)
    _markdown_caches_saved: bool = False
    _library_keys: dict[str, Entry] | None = None
    _library_digest: str | None = None

    def library_keys(self) -> dict[str, Entry]:
        """The language's documents by citation key, made once for the run."""
        if self._library_keys is None:
            self._library_keys = library_by_key(self.index, self.lang)
        return self._library_keys

    def library_digest(self) -> str:
        """Of everything a story's cited documents show of the library (link_citations)."""
        if self._library_digest is None:
            library = self.library_keys()
            self._library_digest = digest(
                self.lang, *(f"{key}\0{library[key]!r}" for key in sorted(library))
            )
        return self._library_digest

    def markdown_cache(self, path: Path | None, salt: str) -> KeyedCache:
        """One cache per file for the whole run, shared by the story and page readers.

        Packed: it holds every story's HTML until every story is read, then it is saved
        and let go of (save_markdown_caches). Sharded: ``path`` is a folder of files, of
        which a run that converts a few stories reads a few.
        """
        if self._markdown_caches_saved:
            # A cache opened now would be saved with only its own entries, dropping
            # every conversion the run saved before.
            raise RuntimeError("the run's Markdown caches are already saved")
        key = (path, salt)
        if key not in self._markdown_caches:
            self._markdown_caches[key] = KeyedCache(path, salt, packed=True, sharded=True)
        return self._markdown_caches[key]

    def save_markdown_caches(
        self, *, keep_unused: bool = False, in_background: bool = False
    ) -> None:
        """Save them and let go of them.

        Every story has been read once the generators are finalized: a language run
        saves them then, and renders its pages without holding every conversion. It
        writes them itself: a forked copy writing them while the run renders on would
        hold a copy of every page the run changes meanwhile, the build's largest
        moment. ``in_background``: a forked copy writes them (KeyedCache.save), for a
        small process in a hurry, such as a rewrite of one story's text.
        """
        for cache in self._markdown_caches.values():
            cache.save(in_background=in_background, keep_unused=keep_unused)
            cache.release()
        self._markdown_caches.clear()
        self._markdown_caches_saved = True

    def page_keys(self) -> tuple[dict[str, str], int]:
        """The key of every page and feed written, and how many were kept as they were."""
        if self.page_reuse is None:
            raise RuntimeError("the portal's writer was not used")
        return self.page_reuse.keys, len(self.page_reuse.reused)


def language_run(settings: Mapping[str, Any]) -> LanguageRun:
    return settings[PORTAL_RUN]


def run_today(settings: Mapping[str, Any]) -> date:
    """The build date the whole build agreed on, or (a plain Pelican run) its own."""
    today = language_run(settings).today
    return date.fromisoformat(today) if today else build_date(settings)


def prepare_run(pelican: Any) -> None:
    """Fill in what a plain ``pelican content`` run (one language) lacks; name the language."""
    settings = pelican.settings
    lang = settings.setdefault("PORTAL_LANG", settings.get("DEFAULT_LANG", LANGUAGES[0]))
    if PORTAL_RUN not in settings:
        index = build_index(Path(settings["PATH"]), settings)
        settings[PORTAL_RUN] = LanguageRun(lang=lang, index=index)
    settings["LANG"] = lang
    settings["LANG_PREFIX"] = url_prefix(lang)
    settings["HOME_URL"] = f"{settings['SITEURL']}/{url_prefix(lang)}"
    # Said here: blinker calls a signal's receivers in no set order.
    for message in language_run(settings).index.slug_warnings.get(lang, []):
        log.warning(message)


def release_markdown_caches(generators: list[Any]) -> None:
    """All stories are read (all_generators_finalized): the conversions are saved now."""
    if generators:
        language_run(generators[0].settings).save_markdown_caches()
