"""The whole portal: index, one Pelican run per language in parallel, then output/.

A failed build leaves the previous output untouched: everything is written to a
staging folder beside it, used only when every step succeeded
(vnportal/build/output.py).
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, nullcontext
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from ..check.attachments import attachment_problems
from ..check.photos import photo_problems
from ..check.report import ERROR
from ..incremental.caches import BuildCache, KeyedCache
from ..incremental.fingerprints import (
    code_digest,
    files_digest,
    input_fingerprint,
    input_roots,
    language_inputs,
    settings_digest,
    signature_of,
)
from ..model.assets import hashed_names
from ..model.digests import digest
from ..model.errors import BuildError
from ..model.events import MOMENT_SETTING, build_moment
from ..model.index import ReadSource, SiteIndex
from ..model.photos import PhotoLimits
from ..model.sources import LANGUAGES, FileStat, FolderWalks, walk_files
from ..render.alternates import absolute_origin
from ..render.run import LanguageRun
from ..site.icons import SOURCE as ICON_SOURCE
from ..site.icons import make_icon_files
from ..site.photos import PIPELINE, PhotoSurvey, make_photo_files, survey_photos
from ..site.precompress import PrecompressReport, precompress
from ..site.search_index import (
    PARALLEL_PARTS,
    PART_PAGES,
    PART_PAGES_SETTING,
    SearchIndexReport,
    make_search_index,
    search_plan,
)
from ..site.share_images import ShareCard, card_days, make_share_cards, plan_share_cards
from ..site.sitemap import make_discovery_files
from .body_edit import Record, edited_stories, record_of, rewrite_bodies, surroundings
from .forked_walk import ForkedWalk
from .handover import Handover
from .index_stage import IndexStage, print_warnings, read_index
from .launch import Launch, Starter
from .output import (
    PHOTOS,
    SEARCH,
    SITEMAPS,
    BuildLock,
    drop_unchanged,
    remove_all_empty_folders,
    replace_output,
    update_in_place,
    writing,
)
from .report import BuildReport, report_of
from .search_stop import SearchStop, SearchStopError, search_stoppable
from .settings import read_base_settings
from .up_to_date import current_key, unchanged_site, write_record
from .workers import PageKeys, language_outcome, run_settings


@dataclass(frozen=True)
class _Inputs:
    """What one build is given, and what it knows of itself before it starts."""

    settings_file: Path
    output: Path
    settings: dict[str, Any]
    cache: BuildCache
    walk: FolderWalks  # content/ and the theme are walked once in this build
    fingerprint: str  # of every input: when unchanged, so is the output
    use_cache: bool
    started: float
    quick_key: str | None  # of the settings file, place and code (vnportal/build/up_to_date.py)
    roots: list[Path]  # content, theme, the settings' folder's .py files
    roots_digest: str  # every file under roots, as the build started
    # Told when output/ has every page this build changed, before the search index
    # is made (the live preview reloads the browser then); None: one swap at the end.
    pages_shown: Callable[[], None] | None = None

    def keep_record(self, stamp: dict[str, Any]) -> None:
        """The quick "nothing changed" record of this build, beside its stamp."""
        write_record(
            self.cache.record_path(self.output),
            key=self.quick_key,
            roots=self.roots,
            roots_digest=self.roots_digest,
            today=self.settings["PORTAL_TODAY"],
            stamp=stamp,
            published=bool(self.settings.get("PORTAL_PUBLISH")),
        )


def build_site(
    settings_file: Path,
    output: Path,
    *,
    use_cache: bool = True,
    quick: bool = True,
    pages_shown: Callable[[], None] | None = None,
) -> BuildReport:
    """Build both languages into ``output``; raise BuildError on any problem.

    With ``use_cache`` (the default) unchanged work is reused (vnportal/incremental/);
    without it every page is made anew, and the cache is refreshed for next time.
    ``quick``: first ask the record of the last build whether anything changed
    (vnportal/build/up_to_date.py; the command line asks before importing this module).
    ``pages_shown``: called once output/ shows the changed pages, if the search index
    is still to come (only a rebuild of stories' text puts them in first).
    """
    started = time.perf_counter()
    if use_cache and quick and (unchanged := unchanged_site(settings_file, output)):
        return unchanged
    key = current_key(settings_file)
    settings = read_base_settings(settings_file)
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
        walk = FolderWalks()
        roots = input_roots(settings_file, settings)
        roots_digest = files_digest(roots, walk)
        fingerprint = input_fingerprint(code_digest(), roots_digest, settings)
        cache = BuildCache(settings)
        inputs = _Inputs(
            settings_file,
            output,
            settings,
            cache,
            walk,
            fingerprint,
            use_cache,
            started,
            key,
            roots,
            roots_digest,
            pages_shown,
        )
        return _build_locked(inputs)
    finally:
        lock.release()


def _build_locked(inputs: _Inputs) -> BuildReport:
    output, started = inputs.output, inputs.started
    stamp = inputs.cache.stamp(output) if inputs.use_cache else {}
    next_out = stamp.get("index", {}).get("next_out")
    moment = datetime.fromisoformat(inputs.settings[MOMENT_SETTING])
    if next_out and datetime.fromisoformat(next_out) <= moment:
        stamp = {**stamp, "inputs": None}  # a scheduled story's time has come since
    if stamp and output.is_dir() and stamp.get("inputs") == inputs.fingerprint:
        if stamp.get("output") == signature_of(walk_files(output)):
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
            gc.enable()


class _OutputChangedError(Exception):
    """output/ is not as the last build left it: its files cannot be kept."""


@dataclass
class _Read:
    """The index stage and what is read beside it, before any page is made."""

    stage: IndexStage
    survey: PhotoSurvey
    cards: dict[Any, ShareCard]
    around: str  # every input but the stories' Markdown (body_edit.surroundings)


def _read(inputs: _Inputs) -> _Read:
    stage = read_index(inputs.settings, inputs.walk, inputs.use_cache)
    content = Path(inputs.settings["PATH"])
    limits = PhotoLimits.of(inputs.settings)
    photo_cache = KeyedCache(inputs.cache.folder / "photos.pickle", PIPELINE)
    survey = survey_photos(content, inputs.walk, photo_cache, limits, reuse=inputs.use_cache)
    photo_cache.save()
    cards = _share_cards(inputs, stage, survey)
    around = surroundings(inputs.roots, inputs.walk, inputs.settings)
    return _Read(stage, survey, cards, around)


def _build(inputs: _Inputs, stamp: dict[str, Any]) -> BuildReport:
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
    read: _Read | None = None
    if text_only:
        with closing(ForkedWalk(output)) as walking:
            read = _read(inputs)
            edited = _update_edited_stories(inputs, stamp, read, walking)
            if edited is not None:
                return edited
    with writing(output):
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    compressed: PrecompressReport | None = None
    try:
        cache.forget(output)  # until the new stamp is written, trust nothing
        # New files go to the staging folder; OUTPUT_PATH is where the site will be:
        # the previous output when this build updates it in place.
        site_folder = output if trusted else staging
        prepare = partial(_prepare, inputs, stamp, trusted, read, staging, site_folder)
        launch = Launch(prepare, LANGUAGES)
        del prepare, read  # the preparing process has them (when a text rewrite fell through)
        try:
            files: list[FileStat] = []
            if trusted:  # while the index is read
                files = walk_files(output)
                if signature_of(files) != stamp.get("output"):
                    raise _OutputChangedError
            handed: Handover = launch.handover()
            # Pagefind processes for both languages at once. While a language worker
            # runs it has one of them: a worker and a Pagefind process each keep a core
            # busy, and each holds a few hundred megabytes at its largest.
            slots = threading.BoundedSemaphore(PARALLEL_PARTS)
            index_search = partial(
                make_search_index,
                output,
                staging,
                handed.search,
                stamp.get("search", {}) if trusted else {},
                slots=slots,
            )
            unchanged = [lang for lang in LANGUAGES if lang not in handed.ran]
            # Each language's search index is made as soon as its pages are written,
            # while the other language may still be building.
            with ThreadPoolExecutor(max_workers=len(LANGUAGES)) as indexing:
                searches = [indexing.submit(index_search, [lang]) for lang in unchanged]

                def when_built(lang: str) -> None:
                    searches.append(indexing.submit(index_search, [lang]))

                with slots if handed.ran else nullcontext():
                    keys: dict[str, PageKeys] = launch.runs(when_built)
                search = SearchIndexReport.joined(done.result() for done in searches)
        except BaseException:
            launch.stop()
            if trusted:  # Pelican makes the folder of each new page where the site is
                remove_all_empty_folders(output)
            raise
        finally:
            launch.stop()
        sitemaps = _write_discovery_files(inputs, handed.discovery, output, staging, trusted)
        same_files = drop_unchanged(output, staging) if trusted else set()
        compresses = _compresses(inputs.settings)
        if compresses:
            root = str(output) + os.sep
            compressed = precompress(
                staging, output if trusted else None, (path[len(root) :] for path, _, _ in files)
            )
        if trusted:
            # The languages that ran, the search index and the sitemaps: their files
            # no longer made go.
            kept_search = (dict.fromkeys(search.kept, ""), 0)
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
            files = walk_files(output)
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
    record = replace(handed.record, output=new_stamp["output"])
    return _ended(inputs, record, new_stamp, page_keys, search, rendered, reused, compressed)


def _prepare(
    inputs: _Inputs,
    stamp: dict[str, Any],
    trusted: bool,
    read: _Read | None,
    staging: Path,
    site_folder: Path,
    start: Starter,
) -> Handover:
    """In the preparing process: read the index, start the workers, check across files
    and make photos and cards meanwhile; what the build process needs afterwards."""
    read = read or _read(inputs)
    stage, survey, cards, output = read.stage, read.survey, read.cards, inputs.output
    index = stage.index
    content = Path(inputs.settings["PATH"])
    languages = {
        lang: language_inputs(inputs.settings, index, lang, walk=inputs.walk) for lang in LANGUAGES
    }
    before = stamp.get("languages", {}) if trusted else {}
    ran = [lang for lang, digest in languages.items() if before.get(lang) != digest]
    sources = stage.sources()
    for lang in ran:
        run = _language_run(
            inputs,
            stage,
            survey,
            cards,
            lang,
            sources,
            staging=str(staging),
            previous_output=str(output) if trusted else None,
            previous_keys=inputs.cache.page_keys(output, lang) if trusted else {},
            use_cache=inputs.use_cache,
        )
        start(lang, partial(language_outcome, inputs.settings_file, site_folder, run))
    warnings = _check_across_files(inputs, read)
    _make_photos(inputs, survey, stamp if trusted else {}, stage.files, staging)
    make_share_cards(
        cards.values(),
        Path(inputs.settings["THEME"]),
        inputs.cache.folder / "share",
        staging,
        present=output if trusted else None,
    )
    file_digests = {
        (file.lang, file.relpath): _search_digest(file, content) for file in stage.files
    }
    part_pages = int(inputs.settings.get(PART_PAGES_SETTING, PART_PAGES))
    return Handover(
        ran=ran,
        languages=languages,
        warnings=warnings,
        search=search_plan(index, file_digests, _templates_digest(inputs), part_pages),
        discovery=_discovery_files(inputs, index),
        summary=_index_summary(index),
        record=record_of(stage.files, read.around, ""),
        images={**survey.files(), **{card.relpath: "" for card in cards.values()}},
        photos={path: photo.digest for path, photo in survey.photos.items()},
    )


def _check_across_files(inputs: _Inputs, read: _Read) -> list[str]:
    """The checks across files, of photos and of attachments; their warnings (printed),
    or BuildError with their errors."""
    stage, survey = read.stage, read.survey
    content = Path(inputs.settings["PATH"])
    limits = PhotoLimits.of(inputs.settings)
    facts = {**{path: photo.facts for path, photo in survey.photos.items()}, **survey.problems}
    problems = stage.warnings + stage.across_files()
    problems += photo_problems(stage.files, facts, content, limits)
    problems += attachment_problems(stage.files, content, inputs.settings)
    problems.sort(key=lambda problem: (problem.path, problem.line or 0))
    warnings = [str(problem) for problem in problems if problem.severity != ERROR]
    print_warnings(warnings)
    errors = [str(problem) for problem in problems if problem.severity == ERROR]
    if errors:
        raise BuildError(errors)
    return warnings


def _ended(
    inputs: _Inputs,
    record: Record,
    stamp: dict[str, Any],
    page_keys: dict[str, dict[str, str]],
    search: SearchIndexReport,
    rendered: int,
    reused: int,
    compressed: PrecompressReport | None = None,
) -> BuildReport:
    """The records of a build that ended well, the stamp last; its report."""
    _write_records(inputs, record, stamp, page_keys)
    inputs.keep_record(stamp)
    return report_of(
        stamp["index"],
        inputs.output,
        stamp["files"],
        inputs.started,
        rendered=rendered,
        reused=reused,
        search_parts=len(search.made),
        search_seconds=search.seconds,
        published=bool(inputs.settings.get("PORTAL_PUBLISH")),
        compressed=compressed,
    )


def _write_records(
    inputs: _Inputs,
    record: Record,
    stamp: dict[str, Any],
    page_keys: dict[str, dict[str, str]],
) -> None:
    """What the next build trusts (without the quick "nothing changed" record).

    ``record``: what this build read, with the signature of the output it left."""
    output, cache = inputs.output, inputs.cache
    record.save(cache.files_path(output))
    cache.save(output, stamp, page_keys)


def _language_run(
    inputs: _Inputs,
    stage: IndexStage,
    survey: PhotoSurvey,
    cards: dict[Any, ShareCard],
    lang: str,
    sources: dict[str, ReadSource],
    **more: Any,
) -> LanguageRun:
    """What one language's run is given (``more``: where it writes, what it may keep)."""
    return LanguageRun(
        lang=lang,
        index=stage.index,
        photos=survey.photos,
        drawings=survey.drawings,
        share_cards={relpath: card.relpath for (of, relpath), card in cards.items() if of == lang},
        sources=sources,
        today=inputs.settings["PORTAL_TODAY"],
        assets=_hashed_assets(inputs.settings),
        **more,
    )


def _update_edited_stories(
    inputs: _Inputs, stamp: dict[str, Any], read: _Read, walking: ForkedWalk
) -> BuildReport | None:
    """When only the text of some stories changed since the last build, their pages and
    feeds rewritten without a language run (vnportal/build/body_edit.py); else None.

    ``walking``: the walk of output/, started when the build did."""
    output, cache = inputs.output, inputs.cache
    stage, survey, cards, around = read.stage, read.survey, read.cards, read.around
    record = Record.read(cache.files_path(output))
    if record is None or record.output != stamp.get("output") or record.surroundings != around:
        return None
    earlier = stage.cache.peek if stage.cache is not None else lambda _: None
    edited = edited_stories(record, stage.files, earlier, stamp.get("warnings", []))
    if edited is None:
        return None
    files = walking.result()
    if signature_of(files) != stamp.get("output"):
        return None  # changed by hand: the full build sees it and trusts nothing
    previous_keys = {lang: cache.page_keys(output, lang) for lang in LANGUAGES}
    sources = stage.sources()

    def settings_of(lang: str) -> dict[str, Any]:
        run = _language_run(inputs, stage, survey, cards, lang, sources)
        return run_settings(inputs.settings_file, output, run)

    with writing(output):
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    # In a live preview SIGTERM may stop the search index, and nothing else of this build.
    stoppable = search_stoppable() if inputs.pages_shown else nullcontext(SearchStop())
    try:
        with stoppable as stop:
            rewritten = rewrite_bodies(
                edited, stage.index, settings_of, output, staging, previous_keys
            )
            if rewritten is None:
                return None
            cache.forget(output)  # until the new stamp is written, trust nothing
            if stage.cache is not None:  # the checker's reading of the edited files
                stage.cache.save(in_background=True)
            # The files rewritten keep no key: the next full build renders them again (the
            # same bytes), and the next such rewrite still finds them among the language's.
            keys = {
                lang: {
                    relpath: "" if relpath in made else key
                    for relpath, key in previous_keys[lang].items()
                }
                for lang, made in rewritten.items()
            }
            if inputs.pages_shown is not None:
                # The pages first (a rewrite that failed changed nothing), the search index
                # after them: a preview shows the edit a second or more sooner.
                files = update_in_place(output, staging, files, {})
                inputs.pages_shown()
            content = Path(inputs.settings["PATH"])
            file_digests = {
                (file.lang, file.relpath): _search_digest(file, content) for file in stage.files
            }
            part_pages = int(inputs.settings.get(PART_PAGES_SETTING, PART_PAGES))
            plan = search_plan(stage.index, file_digests, _templates_digest(inputs), part_pages)
            stamped = partial(
                _edited_stamp,
                inputs,
                stamp,
                _index_summary(stage.index),
                {
                    lang: language_inputs(inputs.settings, stage.index, lang, walk=inputs.walk)
                    for lang in LANGUAGES
                },
            )
            if inputs.pages_shown is not None:
                # What output/ is now, for the next build if the preview stops this one:
                # without the parts about to be made, and vouching for nothing.
                left = {
                    folder: value
                    for folder, value in stamp.get("search", {}).items()
                    if plan.digests.get(folder) == value
                }
                interim = stamped(files, left, vouches=False)
                shown = record_of(stage.files, around, interim["output"])
                _write_records(inputs, shown, interim, keys)
                stop.indexing = True
            try:
                search = make_search_index(output, staging, plan, stamp.get("search", {}))
            except BuildError:
                if stop.stopped():
                    raise SearchStopError from None
                raise
            finally:
                stop.indexing = False
            kept_search = (dict.fromkeys(search.kept, ""), 0)
            files = update_in_place(output, staging, files, {SEARCH: kept_search})
            print_warnings(stamp.get("warnings", []))
            new_stamp = stamped(files, search.digests, vouches=True)
            rendered = sum(len(made) for made in rewritten.values())
            reused = sum(len(keys) for keys in previous_keys.values()) - rendered
            done = record_of(stage.files, around, new_stamp["output"])
            return _ended(inputs, done, new_stamp, keys, search, rendered, reused)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _edited_stamp(
    inputs: _Inputs,
    stamp: dict[str, Any],
    summary: dict[str, Any],
    languages: dict[str, str],
    files: list[FileStat],
    search: dict[str, str],
    *,
    vouches: bool,
) -> dict[str, Any]:
    """The stamp after a rewrite of story text. ``vouches``: its inputs are recorded, so
    that the next build with the same inputs has nothing to do (not before the search
    index is made)."""
    return {
        **stamp,
        "inputs": inputs.fingerprint if vouches else None,
        "languages": languages,
        "output": signature_of(files),
        "files": len(files),
        "index": summary,
        "search": search,
    }


def _search_digest(file: Any, content: Path) -> str:
    """What the search index takes from a file: a document's page also shows the text
    of its PDF files."""
    document = file.story.document if file.story is not None else None
    if document is None or not document.files:
        return file.digest
    stamps = []
    for attachment in document.files:
        stat = (content / attachment.path).stat()
        stamps.append(f"{attachment.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return digest(file.digest, *stamps)


def _site_names(settings: dict[str, Any]) -> dict[str, str]:
    overrides = settings.get("LANGUAGE_OVERRIDES", {})
    return {
        lang: overrides.get(lang, {}).get("SITENAME", settings["SITENAME"]) for lang in LANGUAGES
    }


def _share_cards(inputs: _Inputs, stage: Any, survey: PhotoSurvey) -> dict[Any, ShareCard]:
    """The card of every story that has no photo to share (vnportal/site/share_images.py)."""
    leads = {
        (file.lang, file.relpath): file.story.image
        for file in stage.files
        if file.story is not None and file.story.image
    }
    settings = inputs.settings
    overrides = settings.get("LANGUAGE_OVERRIDES", {})
    sites = {
        lang: (name, overrides.get(lang, {}).get("SITE_TAGLINE", settings["SITE_TAGLINE"]))
        for lang, name in _site_names(settings).items()
    }
    today = date.fromisoformat(settings["PORTAL_TODAY"])
    theme = Path(settings["THEME"])
    return plan_share_cards(
        stage.index, leads, survey.photos, sites, theme, today, card_days(settings)
    )


def _make_photos(
    inputs: _Inputs,
    survey: PhotoSurvey,
    stamp: dict[str, Any],
    files: list[Any],
    staging: Path,
) -> None:
    """The files of every photo new or changed since the build of ``stamp``, into staging."""
    before = stamp.get("photos", {})
    needed = [path for path, photo in survey.photos.items() if before.get(path) != photo.digest]
    content = Path(inputs.settings["PATH"])
    limits = PhotoLimits.of(inputs.settings)
    damaged = make_photo_files(
        survey, inputs.cache.folder / "photos", limits, needed, staging, reuse=inputs.use_cache
    )
    if damaged:
        problems = photo_problems(files, damaged, content, limits)
        raise BuildError([str(problem) for problem in problems])


def _hashed_assets(settings: dict[str, Any]) -> dict[str, str]:
    """Publishing builds link the theme's CSS and JS by content-hashed names."""
    if not settings.get("PORTAL_PUBLISH"):
        return {}
    return hashed_names(Path(settings["THEME"]) / "static")


def _compresses(settings: dict[str, Any]) -> bool:
    """Publishing builds precompress, unless the host compresses itself (GitHub Pages)."""
    return bool(settings.get("PORTAL_PUBLISH") and settings.get("PORTAL_PRECOMPRESS", True))


def _templates_digest(inputs: _Inputs) -> str:
    """What every page's searchable text is made with, beside its own file."""
    theme = Path(inputs.settings["THEME"])
    return digest(
        code_digest(), files_digest([theme], inputs.walk), settings_digest(inputs.settings)
    )


def _discovery_files(inputs: _Inputs, index: SiteIndex) -> dict[str, bytes]:
    """The sitemaps and robots.txt, by path under output/."""
    settings = inputs.settings
    origin = absolute_origin(settings).rstrip("/")
    today = date.fromisoformat(settings["PORTAL_TODAY"])
    pages = settings.get("PORTAL_PAGE_ADDRESSES", {})
    return make_discovery_files(index, origin, today, _site_names(settings), pages)


def _write_discovery_files(
    inputs: _Inputs, discovery: dict[str, bytes], output: Path, staging: Path, trusted: bool
) -> dict[str, str]:
    """The sitemaps, robots.txt (``discovery``), icons, manifest and hashed theme files
    into the staging folder, each only when it changed."""
    settings = inputs.settings
    names = _site_names(settings)
    made = dict(discovery)
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
    for name, hashed in _hashed_assets(settings).items():
        made[f"{settings['THEME_STATIC_DIR']}/{hashed}"] = (static / name).read_bytes()
    for relpath, data in made.items():
        previous = output / relpath
        if trusted and previous.is_file() and previous.read_bytes() == data:
            continue  # left untouched, like an unchanged page
        (staging / relpath).write_bytes(data)
    return dict.fromkeys(made, "")


def _index_summary(index: SiteIndex) -> dict:
    waiting = [e for e in index.entries if e.waits_until is not None]
    return {
        "stories": {
            lang: sum(
                1
                for e in index.in_language(lang)
                if e.kind == "article" and e.status == "published"
            )
            for lang in LANGUAGES
        },
        "drafts": [
            e.source for e in index.entries if e.status == "draft" and e.waits_until is None
        ],
        "waiting": [
            (e.source, e.waits_until.isoformat())
            for e in sorted(waiting, key=lambda e: (e.waits_until, e.source))
        ],
        "next_out": min((e.waits_until.isoformat() for e in waiting), default=None),
    }
