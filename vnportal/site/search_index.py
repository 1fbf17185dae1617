"""Stage 3: the search index (Pagefind) over the story and page bodies of both languages.

Pagefind reads the built pages (only what their templates mark with
``data-pagefind-body``; title, date, photo, lead and category as result
metadata; category, tag and year as filters) and writes a static index that
the search page queries in the browser: no server.

Pagefind has no incremental mode, and indexing every page of a ten-year
archive takes many seconds, so the index is made in parts: one per language
and year of publication (a year of more than PART_PAGES stories: one per
quarter, or month; the newest year beyond NEWEST_PART_PAGES already), and one
per language for the pages (About, Contacts...). A build indexes again only
the parts whose pages changed (their page keys,
vnportal/incremental/page_keys.py): an edit re-indexes that story's part. The
search page loads the parts of its language, listed in ``pagefind/<lang>.json``,
and merges them (Pagefind's ``mergeIndex``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.digests import digest
from ..model.errors import BuildError
from ..model.sources import LANGUAGES, path_of
from ..model.whole_numbers import is_whole_number
from .pagefind_files import settle

if TYPE_CHECKING:  # the build process indexes from a plan, without the index's modules
    from ..model.index import Entry, SiteIndex

SEARCH_FOLDER = "pagefind"
PAGES_PART = "pages"
# What Pagefind writes for its own ready-made interfaces; the portal's search page
# (theme/static/js/search.js) uses the plain API (pagefind.js) only.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# Pagefind runs threads of its own; two parts at once fill two cores. The limit holds
# for the whole build (both languages' parts share it): each Pagefind process holds
# its part's whole index in memory, about 0.3 MB a page.
PARALLEL_PARTS = 2


@dataclass(frozen=True, order=True)
class Part:
    """One part of the index: a language's stories of one year, or its pages."""

    lang: str
    name: str  # "2024", or PAGES_PART

    @property
    def folder(self) -> str:
        return f"{SEARCH_FOLDER}/{self.lang}/{self.name}"


def search_folder_range(root: str, lines: list[str]) -> tuple[int, int]:
    """Where the files of output/'s search folder are in ``lines``, the stat lines of
    output/ (``root``: its path and a separator), sorted by path: they sort together."""
    start = bisect_left(lines, f"{root}{SEARCH_FOLDER}/")
    return start, bisect_left(lines, f"{root}{SEARCH_FOLDER}0", start)  # "0" follows "/"


def manifest_path(lang: str) -> str:
    return f"{SEARCH_FOLDER}/{lang}.json"


# A part of more pages than this is split into quarters, and a quarter still larger into
# months: Pagefind holds a part's whole index in memory (about 0.3 MB a page) and
# indexes it again after any edit, so a year of a national archive (5,000 stories)
# would take 1.5 GB and 13 s per edit as one part. Below it, one part per year keeps
# the number of parts (each one more file for the search page to load) small.
PART_PAGES = 2000
PART_PAGES_SETTING = "PORTAL_SEARCH_PART_PAGES"
# Each language's newest year is split at fewer pages: it holds the stories editors
# correct most, and re-indexing 250 pages takes under a second where a province's
# year (500 stories) takes two. Readers get their first results sooner (the search
# page shows the newest part's before it merges the others), the whole count a little
# later (more parts to load). When the next year begins, the year's quarters are
# indexed together again, once.
NEWEST_PART_PAGES = 250
NEWEST_PART_PAGES_SETTING = "PORTAL_SEARCH_NEWEST_PART_PAGES"


@dataclass(frozen=True)
class PartSizes:
    """The pages beyond which a year's part is split (PART_PAGES), and those beyond
    which each language's newest year is (NEWEST_PART_PAGES, never above the first)."""

    pages: int = PART_PAGES
    newest: int = NEWEST_PART_PAGES

    @classmethod
    def of(cls, settings: Mapping[str, object]) -> PartSizes:
        """The settings, checked; a wrong value stops the build with its name."""
        values = {
            PART_PAGES_SETTING: settings.get(PART_PAGES_SETTING, PART_PAGES),
            NEWEST_PART_PAGES_SETTING: settings.get(NEWEST_PART_PAGES_SETTING, NEWEST_PART_PAGES),
        }
        problems = [
            f"pelicanconf.py: {name} must be a whole number above 0, not {value!r}"
            for name, value in values.items()
            if not is_whole_number(value, 1)
        ]
        if problems:
            raise BuildError(problems)
        return cls(values[PART_PAGES_SETTING], values[NEWEST_PART_PAGES_SETTING])  # type: ignore[arg-type]

    def limit(self, newest: bool) -> int:
        return min(self.pages, self.newest) if newest else self.pages


def indexed_day(entry: Entry) -> date | None:
    """The day a published story or document is indexed under; None for pages and drafts."""
    if entry.status != "published":
        return None
    if entry.kind == "article" and entry.date is not None:
        return entry.date
    if entry.document is not None:  # sorted by date with the stories of its year
        return entry.document.issued
    return None


def parts_of(index: SiteIndex, sizes: PartSizes = PartSizes()) -> dict[Part, list[Entry]]:
    """Every part and its stories or pages, in address order.

    A language's stories and documents of one year make one part ("2024"), or,
    beyond ``sizes.pages`` (the language's newest year: ``sizes.newest``), one per
    quarter named by its first month ("2024-10"), a quarter beyond it one per month
    ("2024-11"). Each part holds whole months, which the search page relies on to
    list results newest first. Pages (About, Contacts...) make the language's part
    "pages"; drafts are never searchable.
    """
    years: dict[tuple[str, int], list[tuple[int, Entry]]] = defaultdict(list)
    members: dict[Part, list[Entry]] = defaultdict(list)
    for entry in index.entries:
        day = indexed_day(entry)
        if day is not None:
            years[(entry.lang, day.year)].append((day.month, entry))
        elif entry.status == "published":
            members[Part(entry.lang, PAGES_PART)].append(entry)
    newest = {lang: year for lang, year in sorted(years)}  # the last of each language
    for (lang, year), dated in years.items():
        part_pages = sizes.limit(year == newest[lang])
        if len(dated) <= part_pages:
            members[Part(lang, f"{year}")] = [entry for _, entry in dated]
            continue
        quarters: dict[int, list[tuple[int, Entry]]] = defaultdict(list)
        for month, entry in dated:
            quarters[(month - 1) // 3 * 3 + 1].append((month, entry))
        for first, quarter in quarters.items():
            split = len(quarter) > part_pages  # then one part per month
            for month, entry in quarter:
                members[Part(lang, f"{year}-{month if split else first:02d}")].append(entry)
    return {part: sorted(found, key=lambda e: e.url) for part, found in sorted(members.items())}


def _indexed(entry: Entry, index: SiteIndex, file_digest: str) -> str:
    """What the index takes from one page: its file, and the tag and category names
    as the site spells them (the most used spelling may change with other stories)."""
    names = [index.spelling(entry.lang, "tag", tag) for tag in entry.tags]
    if entry.category:
        names.append(index.spelling(entry.lang, "category", entry.category))
    return "\0".join([entry.url, file_digest, *names])


@dataclass
class SearchIndexReport:
    digests: dict[str, str]  # part folder -> digest of what it indexes, for the next build
    made: list[str] = field(default_factory=list)  # part folders indexed this time
    manifests: list[str] = field(default_factory=list)  # lists of parts left as they were
    seconds: float = 0.0

    @classmethod
    def joined(cls, reports: Iterable[SearchIndexReport]) -> SearchIndexReport:
        """The reports of several languages as one."""
        whole = cls({})
        for report in reports:
            whole.digests.update(report.digests)
            whole.made += report.made
            whole.manifests += report.manifests
            whole.seconds += report.seconds
        whole.made.sort()
        whole.manifests.sort()
        return whole

    def kept_of(self, output: Path, lines: list[str]) -> list[str]:
        """The files under pagefind/ that stay as they are, of ``lines``: output/'s own
        stat_lines() (sorted by path), which its build has already taken. Walking
        pagefind/ again for them took 0.6 s at 50,000 story pairs (100,000 files)."""
        root = f"{output}{os.sep}"
        at, end = search_folder_range(root, lines)
        remade, manifests = set(self.made), set(self.manifests)
        kept = []
        while at < end:
            relpath = path_of(lines[at])[len(root) :]
            folder = _folder_of(relpath)
            if not relpath.startswith(f"{folder}/"):  # above the parts: a list of them
                if (folder in self.digests and folder not in remade) or relpath in manifests:
                    kept.append(relpath)
                at += 1
                continue
            # A part's files sort together and are kept or not together: one run of lines.
            stop = bisect_left(lines, f"{root}{folder}0", at, end)  # "0" follows "/"
            relpaths = [line[len(root) : line.index("\0")] for line in lines[at:stop]]
            if folder in self.digests and folder not in remade:
                kept += relpaths
            else:
                kept += [relpath for relpath in relpaths if relpath in manifests]
            at = stop
        return kept


@dataclass(frozen=True)
class SearchPlan:
    """Every part of the index, the address of each of its pages, and its digest.

    Made from the index where the index is (vnportal/build/launch.py): the build
    process indexes the parts from this alone.
    """

    pages: Mapping[Part, list[str]]  # site-relative addresses, in address order
    digests: dict[str, str]  # part folder -> digest of what it indexes

    def of(self, lang: str) -> SearchPlan:
        """The plan of one language's parts."""
        pages = {part: self.pages[part] for part in self.pages if part.lang == lang}
        return SearchPlan(pages, {part.folder: self.digests[part.folder] for part in pages})


class _Addresses(Mapping[Part, list[str]]):
    """Each part's page addresses, made when asked for: a rewrite of story text asks
    only for the parts it indexes again, of parts read from the kept index as asked."""

    def __init__(self, parts: Mapping[Part, list[Entry]]) -> None:
        self._parts = parts
        self._made: dict[Part, list[str]] = {}

    def __getitem__(self, part: Part) -> list[str]:
        if part not in self._made:
            self._made[part] = [entry.url for entry in self._parts[part]]
        return self._made[part]

    def __iter__(self) -> Iterator[Part]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)


def search_plan(
    index: SiteIndex,
    file_digests: Mapping[tuple[str, str], str],
    salt: str,
    sizes: PartSizes = PartSizes(),
    *,
    known: Mapping[str, str] | None = None,
    changed: Collection[tuple[str, str]] = (),
    parts: Mapping[Part, list[Entry]] | None = None,
    holding: Collection[Part] | None = None,
) -> SearchPlan:
    """The plan of the whole index.

    A part is made again when one of its files (``file_digests``, by language and
    path) or the templates, code and settings (``salt``) changed: its digest says.
    Related stories and links to neighbours are outside what the index takes, so
    they do not count. ``sizes``: see parts_of.

    ``known``: the digests of an earlier plan of the same index, files and salt,
    taken as they are for each part without a file of ``changed`` (a rewrite of
    story text: only the parts of the edited stories are digested again).
    ``parts``: parts_of(index, sizes), if already made (a second on 100,000 stories).
    ``holding``: the parts that hold a file of ``changed``, if already known; only
    the entries of the parts digested again are then looked at.
    """
    parts = parts if parts is not None else parts_of(index, sizes)
    known = known or {}
    if holding is None:
        holding = {
            part
            for part, entries in parts.items()
            if any((e.lang, e.relpath) in changed for e in entries)
        }
    digests = {}
    for part in parts:
        if part.folder in known and part not in holding:
            digests[part.folder] = known[part.folder]
            continue
        digests[part.folder] = digest(
            salt,
            *(
                _indexed(entry, index, file_digests.get((entry.lang, entry.relpath), ""))
                for entry in parts[part]
            ),
        )
    return SearchPlan(_Addresses(parts), digests)


def _removed_here(folder: Path) -> None:
    """A folder of gathered pages removed before the build goes on."""
    shutil.rmtree(folder, ignore_errors=True)


def make_search_index(
    output: Path,
    staging: Path,
    plan: SearchPlan,
    previous: Mapping[str, str],
    languages: Collection[str] = LANGUAGES,
    slots: threading.Semaphore | None = None,
    written: PagesWritten | None = None,
    remove: Callable[[Path], None] = _removed_here,
) -> SearchIndexReport:
    """Index the parts whose pages changed into ``staging``; which files stay as they are,
    the report's kept_of() says from the walk of output/.

    Only the parts of ``languages``: the build indexes a language as soon as its
    pages are written, while the other language is still being built.

    A page is read from ``staging`` when this build made it, else from ``output``.
    A part is made again when its digest differs from the one in ``previous``, the
    digests of the last build (empty: every part is made).
    ``slots``: Pagefind processes allowed at once, shared with the other languages'
    calls (default: PARALLEL_PARTS for this call alone).
    ``written``: given when called before some of the pages are written (see PagesWritten).
    ``remove``: removes each folder of pages gathered for Pagefind once it has read them.
    """
    started = time.perf_counter()
    # Only the parts made again are asked for their pages (plan.pages makes them then).
    parts = [part for part in plan.pages if part.lang in languages]
    previous = {
        folder: value for folder, value in previous.items() if folder.split("/")[1] in languages
    }
    digests = {part.folder: plan.digests[part.folder] for part in parts}
    changed = [part for part in parts if previous.get(part.folder) != digests[part.folder]]
    slots = slots or threading.BoundedSemaphore(PARALLEL_PARTS)

    def index_part(part: Part) -> _Indexed:
        gathered: list[Path] = []
        pages = plan.pages[part]
        try:
            with slots:
                return _index_part(part, pages, output, staging, written, gathered.append)
        finally:
            # Removed once the slot is free: the next part's Pagefind starts meanwhile
            # (a year's 500 gathered pages take about 0.1 s to remove).
            for folder in gathered:
                remove(folder)

    with ThreadPoolExecutor(max_workers=PARALLEL_PARTS) as pool:
        for made in pool.map(index_part, changed):
            made.check()
    same_parts = {
        lang: sorted(p.folder for p in parts if p.lang == lang)
        == sorted(folder for folder in previous if folder.startswith(f"{SEARCH_FOLDER}/{lang}/"))
        for lang in languages
    }
    for lang in languages:
        if not same_parts[lang]:
            _write_manifest(staging, lang, [p for p in parts if p.lang == lang])
    remade = sorted(part.folder for part in changed)
    kept_manifests = [manifest_path(lang) for lang in languages if same_parts[lang]]
    return SearchIndexReport(digests, remade, kept_manifests, seconds=time.perf_counter() - started)


class _Indexers:
    """The Pagefind processes running, so that a build told to stop can end them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[str]] = set()
        self.stopped = False

    def run(self, command: list[str]) -> tuple[int, str]:
        """Its exit code and what it said; -1 once stop() was called."""
        with self._lock:
            if self.stopped:
                return -1, "stopped"
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            self._running.add(process)
        try:
            said, _ = process.communicate()
        finally:
            with self._lock:
                self._running.discard(process)
        return (-1 if self.stopped else process.returncode), said

    def stop(self) -> None:
        """End every Pagefind process and start no more (a signal handler may call this:
        only the indexing threads ever hold the lock, never for long)."""
        with self._lock:
            self.stopped = True
            for process in self._running:
                process.kill()


INDEXERS = _Indexers()


@dataclass
class _Indexed:
    part: Part
    error: str = ""

    def check(self) -> None:
        if self.error:
            raise BuildError([f"the search index of {self.part.folder} failed: {self.error}"])


def _index_part(
    part: Part,
    addresses: list[str],
    output: Path,
    staging: Path,
    written: PagesWritten | None = None,
    remove: Callable[[Path], None] = _removed_here,
) -> _Indexed:
    """Pagefind over this part's pages, gathered (hard links) in a folder of their own."""
    site = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-search-", dir=output.parent))
    try:
        folders = str(site) + os.sep, str(staging) + os.sep, str(output) + os.sep
        _gather(addresses, *folders, later=written.later if written else frozenset())
        if written is not None:
            written.wait()
            _gather_written(addresses, *folders, written.later)
        destination = staging / part.folder
        command = [str(_pagefind()), "--site", str(site)]
        command += ["--output-path", str(destination), "--quiet"]
        code, said = INDEXERS.run(command)
        if code != 0:
            return _Indexed(part, (said.strip().splitlines() or [f"exit code {code}"])[-1])
        for name in UNUSED_FILES:
            (destination / name).unlink(missing_ok=True)
        settle(destination)
        return _Indexed(part)
    finally:
        remove(site)


class PagesWritten:
    """Pages an index is started before (a rewrite of story text gathers the other pages
    of their part meanwhile): Pagefind waits until done(); cancel() ends the index."""

    def __init__(self, later: Collection[str]) -> None:
        self.later = frozenset(later)  # their addresses
        self._said = threading.Event()
        self._cancelled = False

    def done(self) -> None:
        self._said.set()

    def cancel(self) -> None:
        self._cancelled = True
        self._said.set()

    def wait(self) -> None:
        self._said.wait()
        if self._cancelled:
            raise BuildError(["the search index was not needed after all"])


def _gather(
    addresses: list[str],
    site: str,
    staging: str,
    output: str,
    *,
    later: Collection[str] = frozenset(),
) -> None:
    """A link in ``site`` to each page of ``addresses``: the one this build made, or else
    output/'s, made in the order given (the order a folder lists its entries in can
    follow the order they were made in, and Pagefind numbers pages as it finds them).
    The pages of ``later`` have their folder only (_gather_written links them). Strings
    and os calls: an edit of an older story gathers a year's 500 pages."""
    for address in addresses:
        folder, page = site + address, address + "index.html"
        try:
            os.mkdir(folder)
        except FileNotFoundError:
            os.makedirs(folder)
        except FileExistsError:
            pass  # the site's own folder, for a page at its root
        if address in later:
            continue
        _link_page(page, folder, staging, output)


def _gather_written(
    addresses: list[str], site: str, staging: str, output: str, later: Collection[str]
) -> None:
    """The links of the pages written since _gather: those of ``later``, and any other
    page this build made after all (linked from output/ before), replaced."""
    for address in addresses:
        folder, page = site + address, address + "index.html"
        if address in later:
            _link_page(page, folder, staging, output)
        elif os.path.lexists(staging + page) and not os.path.samefile(
            staging + page, folder + "index.html"
        ):
            os.unlink(folder + "index.html")
            _link_page(page, folder, staging, output)


def _link_page(page: str, folder: str, staging: str, output: str) -> None:
    """``folder``/index.html: a link to the page this build made, or else output/'s."""
    try:
        os.link(staging + page, folder + "index.html")
        return
    except FileNotFoundError:
        source = output + page  # not made by this build
    except OSError:  # another file system: a copy does as well
        source = staging + page
    try:
        os.link(source, folder + "index.html")
    except OSError:  # missing as well: the copy says so
        shutil.copyfile(source, folder + "index.html")


@cache
def _pagefind() -> Path:
    """The Pagefind program that the pagefind[bin] package installs (a binary in its wheel),
    or the one named by ``PAGEFIND_BINARY_PATH``, which pagefind's own lookup heeds first."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        # Asked directly: pagefind.service's lookup imports asyncio and its client first,
        # 0.02-0.04 s of each one-story rebuild, to give the same answer.
        from pagefind_bin import get_executable as binary_in_wheel

        return binary_in_wheel()
    except (ImportError, FileNotFoundError):
        pass  # another installation: pagefind's own lookup knows them
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise BuildError(
            ["the search indexer (Pagefind) is missing — run 'bash scripts/build.sh' to install it"]
        )
    return found


def _write_manifest(staging: Path, lang: str, parts: list[Part]) -> None:
    """The parts of a language, newest first, for the search page to load and merge."""
    # "2025" > "2024-10" > "2024-07" > "2023": names sort as the times they cover.
    dated = sorted((part.name for part in parts if part.name != PAGES_PART), reverse=True)
    names = dated + [PAGES_PART] * any(part.name == PAGES_PART for part in parts)
    target = staging / manifest_path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"parts": names}, ensure_ascii=False) + "\n", encoding="utf-8")


def _folder_of(relpath: str) -> str:
    """``pagefind/vi/2024/index/x.pf_index`` -> ``pagefind/vi/2024``."""
    return "/".join(relpath.split("/")[:3])
