"""The whole portal: index, one Pelican run per language in parallel, then output/.

A failed build leaves the previous output untouched: everything is written to a
staging folder beside it, used only when every step succeeded
(vnportal/build/output.py).
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, nullcontext
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..incremental.caches import BuildCache, KeyedCache, write_marshal
from ..incremental.fingerprints import (
    code_digest,
    files_digest,
    input_fingerprint,
    input_roots,
    signature_of,
)
from ..incremental.folder_listings import walk_keeping_listings
from ..model.digests import digest
from ..model.events import MOMENT_SETTING, build_moment
from ..model.sources import LANGUAGES, path_of, stat_lines
from ..site.icons import SOURCE as ICON_SOURCE
from ..site.icons import make_icon_files
from ..site.precompress import PrecompressReport, precompress
from ..site.search_index import PARALLEL_PARTS, SearchIndexReport, make_search_index
from .inputs import BuildInputs, hashed_assets, site_names
from .launch import Launch
from .output import (
    PHOTOS,
    SEARCH,
    SITEMAPS,
    BuildLock,
    drop_unchanged,
    remove_all_empty_folders,
    replace_output,
    stage_changed,
    update_in_place,
    writing,
)
from .records import ended
from .report import BuildReport, print_warnings, report_of
from .settings import read_base_settings, read_settings_apart
from .up_to_date import CheckWalks, current_key, unchanged_site

if TYPE_CHECKING:  # loaded by the preparing process, not by this one
    from .handover import Handover
    from .launch import Starter
    from .workers import PageKeys


def build_site(
    settings_file: Path,
    output: Path,
    *,
    use_cache: bool = True,
    quick: bool = True,
    pages_shown: Callable[[], None] | None = None,
    walks: CheckWalks | None = None,
) -> BuildReport:
    """Build both languages into ``output``; raise BuildError on any problem.

    With ``use_cache`` (the default) unchanged work is reused (vnportal/incremental/);
    without it every page is made anew, and the cache is refreshed for next time.
    ``quick``: first ask the record of the last build whether anything changed
    (vnportal/build/up_to_date.py; the command line asks before importing this module).
    ``pages_shown``: called once output/ shows the changed pages, if the search index
    is still to come (only a rebuild of stories' text puts them in first).
    ``walks``: what the "nothing changed" check walked, if it was asked first.
    """
    started = time.perf_counter()
    walks = CheckWalks() if walks is None else walks
    try:
        if use_cache and quick and (unchanged := unchanged_site(settings_file, output, walks)):
            return unchanged
        return _build_site(settings_file, output, use_cache, pages_shown, walks, started)
    finally:
        walks.output.close()  # a walk of output/ no step of the build took


def _build_site(
    settings_file: Path,
    output: Path,
    use_cache: bool,
    pages_shown: Callable[[], None] | None,
    walks: CheckWalks,
    started: float,
) -> BuildReport:
    key = current_key(settings_file)
    # An update of an earlier build may read the index here (a rewrite of story text),
    # and that needs Pelican in this process anyway; a build from nothing never does.
    updates = use_cache and output.is_dir()
    settings = (read_base_settings if updates else read_settings_apart)(settings_file)
    # One moment for the whole build: it decides upcoming events and which scheduled
    # stories are out, the same in every stage and language run.
    moment = build_moment(settings)
    settings[MOMENT_SETTING] = moment.isoformat()
    settings["PORTAL_TODAY"] = moment.date().isoformat()
    output = output.resolve()
    lock = BuildLock(output)
    with writing(output):
        lock.acquire()  # waits while another build of this output runs
    try:
        print_warnings(lock.tidy())
        roots = input_roots(settings_file, settings)
        roots_digest = files_digest(roots, walks.inputs)
        fingerprint = input_fingerprint(code_digest(), roots_digest, settings)
        cache = BuildCache(settings)
        inputs = BuildInputs(
            settings_file,
            output,
            settings,
            cache,
            walks.inputs,
            fingerprint,
            use_cache,
            started,
            key,
            roots,
            roots_digest,
            pages_shown,
            walks.output,
        )
        return _build_locked(inputs)
    finally:
        lock.release()


def _build_locked(inputs: BuildInputs) -> BuildReport:
    output, started = inputs.output, inputs.started
    stamp = inputs.cache.stamp(output) if inputs.use_cache else {}
    next_out = stamp.get("index", {}).get("next_out")
    moment = datetime.fromisoformat(inputs.settings[MOMENT_SETTING])
    if next_out and datetime.fromisoformat(next_out) <= moment:
        stamp = {**stamp, "inputs": None}  # a scheduled story's time has come since
    if stamp and output.is_dir() and stamp.get("inputs") == inputs.fingerprint:
        if stamp.get("output") == signature_of(stat_lines(output)):
            print_warnings(stamp.get("warnings", []))
            inputs.keep_record(stamp)
            return report_of(
                stamp["index"],
                output,
                stamp["files"],
                started,
                up_to_date=True,
                published=bool(inputs.settings.get("PORTAL_PUBLISH")),
            )
        stamp = {}  # output/ was changed by hand: nothing in it is trusted
    # A build makes hundreds of thousands of objects that live until it ends, and no
    # garbage cycles worth collecting: the collector would only scan them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(inputs, stamp)
    except _OutputChangedError:
        return _build(inputs, {})
    finally:
        if collecting:
            # What the build leaves alive (the kept index's 100,000 entries at 50,000
            # story pairs) is young to the collector: enabled as it is, its first pass
            # scans it all (0.2 s there) as the process ends. It goes to the oldest
            # generation unscanned instead, and is collected from there as usual.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


class _OutputChangedError(Exception):
    """output/ is not as the last build left it: its files cannot be kept."""


def _build(inputs: BuildInputs, stamp: dict[str, Any]) -> BuildReport:
    """Check, build the languages, and update or replace ``output``.

    With a stamp from the last build, its output is trusted at first, and
    checked (a walk of every file) while the languages build: unchanged pages
    then stay where they are. If someone changed output/ by hand, _OutputChangedError
    is raised and the caller builds again, trusting nothing.

    The index is read, and the language workers started, in a process of its own
    (vnportal/build/launch.py): this one gets only what it needs afterwards.
    """
    output, cache = inputs.output, inputs.cache
    trusted = bool(stamp) and output.is_dir()
    # Perhaps only story text changed: output/ is walked meanwhile for that rewrite.
    text_only = trusted and inputs.use_cache and not inputs.settings.get("PORTAL_PUBLISH")
    if text_only:
        # The walk of output/ first: a forked child does it while this process loads the
        # rewrite's modules (Pelican, Markdown), which only a rewrite needs here.
        with closing(inputs.output_walk.take(output)) as walking:
            from .text_rewrite import update_edited_stories

            edited = update_edited_stories(inputs, stamp, walking)
            if edited is not None:
                return edited
    # The walk of output/ the "nothing changed" check began, untaken: its children end
    # now, not with the whole build (each holds its half of the walk until taken).
    inputs.output_walk.close()
    with writing(output):
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    compressed: PrecompressReport | None = None
    try:
        cache.forget(output)  # until the new stamp is written, trust nothing
        # New files go to the staging folder; OUTPUT_PATH is where the site will be:
        # the previous output when this build updates it in place.
        site_folder = output if trusted else staging
        preparing = partial(_prepare, (inputs, stamp, trusted, staging, site_folder))
        launch = Launch(preparing, LANGUAGES)
        del preparing
        # So has the walk of content/ and the theme (100,000 files at the largest sizes):
        # it is let go of here, where nothing walks them again.
        inputs.walk.forget()
        try:
            files: list[str] = []  # output/'s stat lines
            if trusted:  # while the index is read
                files = stat_lines(output)
                if signature_of(files) != stamp.get("output"):
                    raise _OutputChangedError
            handed: Handover = launch.handover()
            # Pagefind processes for both languages at once. While a language worker
            # runs it has one of them: a worker and a Pagefind process each keep a core
            # busy, and each holds a few hundred megabytes at its largest.
            slots = threading.BoundedSemaphore(PARALLEL_PARTS)
            previous_search = stamp.get("search", {}) if trusted else {}

            def index_search(lang: str) -> SearchIndexReport:
                plan = handed.search(lang)
                return make_search_index(
                    output, staging, plan, previous_search, [lang], slots=slots
                )

            unchanged = [lang for lang in LANGUAGES if lang not in handed.ran]
            # Each language's search index is made as soon as its pages are written,
            # while the other language may still be building.
            with ThreadPoolExecutor(max_workers=len(LANGUAGES)) as indexing:
                searches = [indexing.submit(index_search, lang) for lang in unchanged]

                def when_built(lang: str) -> None:
                    searches.append(indexing.submit(index_search, lang))

                with slots if handed.ran else nullcontext():
                    keys: dict[str, PageKeys] = launch.runs(when_built)
                search = SearchIndexReport.joined(done.result() for done in searches)
        except BaseException:
            launch.stop()  # before the folders its workers may have made are removed
            if trusted:  # Pelican makes the folder of each new page where the site is
                remove_all_empty_folders(output)
            raise
        launch.stop()
        sitemaps = {**handed.discovery, **_write_discovery_files(inputs, output, staging, trusted)}
        same_files = drop_unchanged(output, staging) if trusted else set()
        compresses = _compresses(inputs.settings)
        if compresses:
            root = str(output) + os.sep
            compressed = precompress(
                staging, output if trusted else None, (path_of(line)[len(root) :] for line in files)
            )
        if trusted:
            # The languages that ran, the search index and the sitemaps: their files
            # no longer made go.
            kept_search = (dict.fromkeys(search.kept_of(output, files), ""), 0)
            made = {SEARCH: kept_search, SITEMAPS: (sitemaps, 0), PHOTOS: (handed.images, 0)}
            files = update_in_place(
                output,
                staging,
                files,
                {**keys, **made},
                unchanged=same_files,
                compressed=compresses,
            )
            for lang in unchanged:  # its files were left as they were
                previous_keys = cache.page_keys(output, lang)
                keys[lang] = (previous_keys, len(previous_keys))
        else:
            replace_output(output, staging)
            files, listings = walk_keeping_listings(output)
            write_marshal(cache.listings_path(output), listings)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    new_stamp = {
        "inputs": inputs.fingerprint,
        "languages": handed.languages,
        "output": signature_of(files),
        "files": len(files),
        "warnings": handed.warnings,
        "index": handed.summary,
        "search": search.digests,
        "photos": handed.photos,
    }
    reused = sum(count for _, count in keys.values())
    rendered = sum(len(k) for k, _ in keys.values()) - reused
    page_keys = {lang: k for lang, (k, _) in keys.items()}
    record = replace(pickle.loads(handed.record), output=new_stamp["output"])
    return ended(inputs, record, new_stamp, page_keys, search, rendered, reused, compressed)


def _compresses(settings: dict[str, Any]) -> bool:
    """Publishing builds precompress, unless the host compresses itself (GitHub Pages)."""
    return bool(settings.get("PORTAL_PUBLISH") and settings.get("PORTAL_PRECOMPRESS", True))


def _write_discovery_files(
    inputs: BuildInputs, output: Path, staging: Path, trusted: bool
) -> dict[str, str]:
    """The icons, manifest and hashed theme files into the staging folder, each only
    when it changed (the sitemaps are there already: vnportal/build/preparing.py)."""
    settings = inputs.settings
    names = site_names(settings)
    made: dict[str, bytes] = {}
    static = Path(settings["THEME"]) / "static"
    icon_inputs = (
        names[LANGUAGES[0]],
        settings.get("PORTAL_SHORT_NAME") or names[LANGUAGES[0]],
        settings["SITEURL"],
    )
    # Drawn again only when their source or names changed (keyed by content); a
    # build without the cache draws them and keeps them for next time.
    icons = KeyedCache(inputs.cache.folder / "icons.pickle", code_digest())
    source = (static / ICON_SOURCE).read_bytes() if (static / ICON_SOURCE).is_file() else b""
    key = digest(source, *icon_inputs)
    drawn = icons.take(key) if inputs.use_cache else None
    if drawn is None:
        drawn = make_icon_files(static, *icon_inputs)
        icons.put(key, drawn)
    made |= drawn
    icons.save()
    for name, hashed in hashed_assets(settings).items():
        made[f"{settings['THEME_STATIC_DIR']}/{hashed}"] = (static / name).read_bytes()
    return stage_changed(made, output, staging, trusted)


def _prepare(arguments: tuple[Any, ...], start: Starter) -> Handover:
    """preparing.prepare(*arguments, start), in the preparing process: its module (the
    checker, Pelican, Markdown) is imported there only."""
    from .preparing import prepare

    return prepare(*arguments, start)
