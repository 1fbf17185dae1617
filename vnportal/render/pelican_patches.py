"""Every use of a part of Pelican 4.12 that is not its public API, and nothing else.

Each one names the Pelican lines it relies on; tests/render/test_pelican_patches.py
checks each against the installed Pelican, so that an upgrade that changes
one of them fails there, loudly, instead of silently slowing or breaking the
build. Pelican is pinned in requirements.txt for the same reason.
"""

from __future__ import annotations

import calendar
import inspect
import io
import logging
import os
import zlib
from collections import defaultdict
from functools import cache
from itertools import groupby
from types import SimpleNamespace
from typing import Any

from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.log import FatalLogger
from pelican.writers import FileOverwriteFailedError, Writer

# Every list in which Pelican's generators keep the stories and pages they read.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "hidden_translations",
    "draft_translations",
)


# --- errors ---------------------------------------------------------------------------


def make_errors_fatal() -> None:
    """An error logged anywhere in the run stops it (Pelican logs an unreadable file
    and carries on). pelican/log.py:90 ``FatalLogger.fatal_lvl``, read at log.py:117;
    Pelican's own ``--fatal errors`` sets it the same way (log.py:136)."""
    FatalLogger.fatal_lvl = logging.ERROR


# pelican/contents.py:342: how Pelican says that a {filename}/{static} link names
# nothing it knows; it only warns, and the page would carry a broken link.
_MISSING_LINK = "Unable to find '"


def is_missing_link_warning(message: str) -> bool:
    return message.startswith(_MISSING_LINK)


def intrasite_links(html: str, settings: dict[str, Any]) -> set[str]:
    """The kinds of link Pelican rewrites in this HTML when a page shows it: "filename",
    "static", "tag"... (``Content._update_content`` with ``_get_intrasite_link_regex``,
    pelican/contents.py:372-396, which names the kind ``what``)."""
    pattern = Content._get_intrasite_link_regex(SimpleNamespace(settings=settings))
    return {found["what"] for found in pattern.finditer(html)}


# --- memory: story bodies -------------------------------------------------------------

# Shorter HTML is kept as it is: compressing it would save little.
_PACK_FROM = 512


def keep_bodies_compressed() -> None:
    """Every story's HTML is kept compressed, and made again when a page or feed asks.

    Pelican stores it as ``self._content`` (pelican/contents.py:70) and reads it
    there only (contents.py:402, 427), and its generators hold every story of the
    language from reading to the end of the run: with Vietnamese text, two bytes a
    letter. A property on Content in its place keeps it as zlib'd UTF-8, about a
    sixth of that. Runs only in the language workers, which end with their run.
    """
    if not isinstance(inspect.getattr_static(Content, "_content", None), property):
        Content._content = property(_body, _store_body)  # type: ignore[attr-defined]


def _body(content: Any) -> Any:
    body = content.__dict__.get("_portal_body")
    return zlib.decompress(body).decode("utf-8") if isinstance(body, bytes) else body


def _store_body(content: Any, body: Any) -> None:
    if isinstance(body, str) and len(body) >= _PACK_FROM:
        body = zlib.compress(body.encode("utf-8"), 1)
    content.__dict__["_portal_body"] = body


class _Recent(dict):
    """A dict that keeps only its ``limit`` newest entries."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: Any, value: Any) -> None:
        while len(self) >= self.limit:
            del self[next(iter(self))]
        super().__setitem__(key, value)


def forget_old_contents(limit: int = 32) -> None:
    """Pelican remembers ``get_content(siteurl)`` of every story for the whole run, in
    one dict for all (contents.py:422, ``memoized.cache`` at pelican/utils.py:158):
    every story's HTML, once more for each site address asked. A page asks for its
    story's a few times in a row, a feed once; only the newest few are kept."""
    memo = inspect.getattr_static(Content, "get_content")
    if not isinstance(memo.cache, _Recent):
        memo.cache = _Recent(limit)


def forget_contents() -> None:
    """Pelican's remembered HTML of the stories it was asked for (contents.py:422 and
    :434, ``memoized.cache`` at pelican/utils.py:158), emptied. The cache is keyed by
    the story, which holds its settings and with them the language run and the index:
    a process that builds again and again (the live preview's) held every story it
    rewrote, and the index each was read with, for as long as it ran."""
    for name in ("get_content", "get_summary"):
        inspect.getattr_static(Content, name).cache.clear()


# --- speed: addresses -----------------------------------------------------------------


def freeze_addresses(generator: Any) -> None:
    """Keep each story's, page's and tag's address once the generator has settled it.

    Pelican works an address out of the settings on every access (properties at
    pelican/contents.py:491-495 and 635-641, urlwrappers.py:133-134), and
    listings ask for it thousands of times; after the generator is finalized it
    no longer changes, so each object is given a subclass of its own class
    (still an instance of Pelican's class for templates and plugins) whose
    ``url`` and ``save_as`` return the stored values.
    """
    # A tag's address depends on its name and slug only: each story holds its own Tag
    # objects, but an archive has few distinct ones.
    terms: dict[tuple[type, str, str], dict[str, str]] = {}
    for name in CONTENT_LISTS:
        for item in getattr(generator, name, []):
            _freeze(item)
            for term in (
                *getattr(item, "tags", []),
                getattr(item, "category", None),
                *getattr(item, "authors", []),
            ):
                if term is not None:
                    key = (type(term), term.name, term.slug)
                    terms[key] = _freeze(term, terms.get(key))


_ADDRESS_FIELDS = ("url", "save_as")


def _freeze(item: Any, values: dict[str, str] | None = None) -> dict[str, str]:
    """Give ``item`` its stored addresses (``values``, or worked out now); return them."""
    if getattr(type(item), "_portal_frozen", False):
        return item._portal_addresses
    if values is None:
        values = {name: getattr(item, name) for name in _ADDRESS_FIELDS}
    item._portal_addresses = values
    item.__class__ = frozen_class(type(item))
    return values


@cache
def frozen_class(kind: type) -> type:
    """``kind`` with its addresses read from ``_portal_addresses``."""
    stored = {
        name: property(lambda self, n=name: self._portal_addresses[n]) for name in _ADDRESS_FIELDS
    }
    return type(kind.__name__, (kind,), {**stored, "_portal_frozen": True})


# --- speed: archives and listings ------------------------------------------------------

# Pelican's archive granularities: the settings' prefix and the date fields naming a period.
_PERIODS = {
    "year": ("YEAR_ARCHIVE", ("year",)),
    "month": ("MONTH_ARCHIVE", ("year", "month")),
    "day": ("DAY_ARCHIVE", ("year", "month", "day")),
}


def use_linear_period_archives(generator: Any) -> None:
    """pelican/generators.py:780 calls ``self._build_period_archives(dates, articles,
    settings)`` (defined at generators.py:812); the generator gets ``period_archives``."""
    if isinstance(generator, ArticlesGenerator):
        generator._build_period_archives = period_archives


def period_archives(
    sorted_articles: list[Any], articles: list[Any], settings: dict[str, Any]
) -> defaultdict[str, list[dict[str, Any]]]:
    """The year (month, day) archives as Pelican's ArticlesGenerator lists them, in
    linear time.

    Pelican finds each period's stories with ``in`` on plain lists
    (generators.py:855): millions of comparisons for an archive of 5,000
    stories. The archives made here are the same dictionaries (the tests
    compare them with Pelican's).
    """
    archives: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for granularity, (prefix, fields) in _PERIODS.items():
        save_as, url = settings[f"{prefix}_SAVE_AS"], settings[f"{prefix}_URL"]
        if not save_as:
            continue  # this kind of archive is not published

        def period_of(article: Any, fields: tuple[str, ...] = fields) -> tuple[int, ...]:
            return tuple(getattr(article.date, name) for name in fields)

        for numbers, group in groupby(sorted_articles, key=period_of):
            dates = list(group)
            members = {id(article) for article in dates}
            first = dates[0].date
            named = [*numbers]
            if len(named) > 1:
                named[1] = calendar.month_name[named[1]]
            archives[granularity].append(
                {
                    "dates": dates,
                    "articles": [article for article in articles if id(article) in members],
                    "save_as": save_as.format(date=first),
                    "url": url.format(date=first),
                    "period": tuple(named),
                    "period_num": numbers,
                }
            )
    return archives


class StoryList(list):
    """A list of stories whose ``in`` is a set lookup.

    Pelican builds each tag, category and author page with
    ``[a for a in self.dates if a in articles]`` (generators.py:573, 604,
    635): with plain lists that is stories x stories per tag, minutes on a
    large archive.
    """

    def __init__(self, stories: list[Any]) -> None:
        super().__init__(stories)
        self._ids = {id(story) for story in stories}

    def __contains__(self, story: object) -> bool:
        return id(story) in self._ids


def index_term_lists(generator: Any) -> None:
    for tag, stories in generator.tags.items():
        generator.tags[tag] = StoryList(stories)
    for name in ("categories", "authors"):
        terms = getattr(generator, name)
        terms[:] = [(term, StoryList(stories)) for term, stories in terms]


# --- the writer -----------------------------------------------------------------------


class StagingWriter(Writer):
    """Pelican's Writer, writing into a staging folder and skipping pages it keeps.

    Relies on ``Writer._open_w(filename, encoding, override)``
    (pelican/writers.py:106) being where Writer opens every page and feed it
    writes, and on ``Writer._written_files`` (writers.py:30, 120-130), its
    guard against two pages at one address. ``OUTPUT_PATH`` stays where the
    site will be (so Pelican makes no folder for a page that is kept);
    ``staging`` is where new files go until the whole build has succeeded.
    """

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.staging = output_path

    def is_kept(self, relpath: str) -> bool:
        """Whether the previous build's file at ``relpath`` stays; subclasses decide."""
        return False

    def claim(self, relpath: str, override: bool = False) -> None:
        """Count a page as written without writing it; two at one address are an error."""
        staged = os.path.join(self.staging, relpath)
        if staged in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{relpath}": written twice')
        self._written_files.add(staged)

    def _open_w(self, filename, encoding, override=False):
        relpath = _inside(str(filename), str(self.output_path))
        if self.is_kept(relpath):
            self.claim(relpath, override)
            return io.StringIO()  # the previous build's file stays where it is
        staged = os.path.join(self.staging, relpath)
        if staged != filename:  # else Pelican made its folder just before (writers.py:174, 225)
            os.makedirs(os.path.dirname(staged), exist_ok=True)
        return super()._open_w(staged, encoding, override)


def _inside(path: str, folder: str) -> str:
    """``path`` relative to ``folder`` (string work: it runs for every file written)."""
    prefix = folder.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        raise ValueError(f"{path} is not inside {folder}")
    return path[len(prefix) :]
