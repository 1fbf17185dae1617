"""A build where only the text of some stories changed: their pages and feeds
rewritten without a language run (vnportal/build/body_edit.py), with the index
the last full build kept (vnportal/incremental/kept_index.py)."""

from __future__ import annotations

import shutil
import tempfile
from collections import ChainMap
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any

from ..check.every_file import check_files
from ..incremental.fingerprints import language_inputs, signature_of
from ..incremental.kept_index import KeptIndex
from ..model.errors import BuildError
from ..model.sources import LANGUAGES
from ..render.run import LanguageRun
from ..site.search_index import (
    PagesWritten,
    PartSizes,
    SearchIndexReport,
    SearchPlan,
    make_search_index,
    search_plan,
)
from .body_edit import (
    Record,
    changed_story_files,
    edited_stories,
    rewrite_bodies,
    story_files_walked,
    surroundings,
)
from .forked_walk import ForkedWalk
from .inputs import BuildInputs, hashed_assets, templates_digest
from .output import SEARCH, drop_unchanged, retire, update_in_place, writing
from .records import ended, write_records
from .report import BuildReport, print_warnings
from .search_stop import SearchStop, SearchStopError, search_stoppable
from .settings import run_settings


def update_edited_stories(
    inputs: BuildInputs, stamp: dict[str, Any], walking: ForkedWalk
) -> BuildReport | None:
    """When only the text of some stories changed since the last build, their pages and
    feeds rewritten without a language run (vnportal/build/body_edit.py); else None.

    Only the files whose size or time changed are read; the index is the one the
    last full build kept. ``walking``: the walk of output/, started when the build did.
    """
    output, cache, settings = inputs.output, inputs.cache, inputs.settings
    record = Record.read(cache.files_path(output))
    if record is None or record.output != stamp.get("output"):
        return None
    content = Path(settings["PATH"])
    changed = changed_story_files(record, story_files_walked(content, inputs.walk))
    if not changed:
        return None  # a file added or removed, or no Markdown file changed
    around = surroundings(inputs.roots, inputs.walk, settings)
    if record.surroundings != around:
        return None
    read = check_files([Path(path) for path in changed], content, settings)
    edited = edited_stories(record, read, stamp.get("warnings", []))
    if edited is None:
        return None
    kept = KeptIndex.read(cache.kept_index_path(output), record.index_key)
    if kept is None:
        return None  # none kept, or of another index: the full build keeps a new one
    previous_keys = {lang: cache.page_keys(output, lang) for lang in LANGUAGES}

    def settings_of(lang: str) -> dict[str, Any]:
        run = LanguageRun(
            lang=lang,
            index=kept.index,
            photos=kept.photos,
            drawings=kept.drawings,
            share_cards=kept.share_cards[lang],
            sources={},  # the rewrite reads each edited file itself
            today=settings["PORTAL_TODAY"],
            assets=hashed_assets(settings),
        )
        return run_settings(inputs.settings_file, output, run)

    with writing(output):
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    # In a live preview SIGTERM may stop the search index, and nothing else of this build.
    stoppable = search_stoppable() if inputs.pages_shown else nullcontext(SearchStop())
    try:
        with stoppable as stop:
            # An edited story is an article without attachments: what the search index
            # takes from its file is the file's digest (preparing.search_digest).
            edited_keys = {(file.lang, file.relpath) for file, _ in edited}
            file_digests = ChainMap(
                {(file.lang, file.relpath): file.digest for file, _ in edited},
                kept.document_digests,
                record.source_digests(content),
            )
            sizes = PartSizes.of(settings)
            parts = kept.search_parts.of(sizes)
            plan = search_plan(
                kept.index,
                file_digests,
                templates_digest(inputs),
                sizes,
                known=stamp.get("search", {}),
                changed=edited_keys,
                parts=parts,
                holding=kept.search_parts.holding(edited_keys) if parts is not None else None,
            )
            # In a live preview the pages go into output/ first, the index after them.
            early = None
            if not inputs.pages_shown:
                pages = [kept.index.entry(lang, relpath) for lang, relpath in edited_keys]
                later = {entry.url for entry in pages if entry is not None}
                early = _EarlyIndex(output, staging, plan, stamp, later)
            with early or nullcontext():
                rewritten = rewrite_bodies(
                    edited,
                    kept.index,
                    settings_of,
                    output,
                    staging,
                    previous_keys,
                    pages_written=early.start if early else None,
                )
                if rewritten is None:
                    return None
                # The files rewritten keep no key: the next full build renders them again
                # (the same bytes), and the next such rewrite still finds them among the
                # language's.
                keys = {
                    lang: without_keys(previous_keys[lang], made)
                    for lang, made in rewritten.items()
                }
                stamped = partial(
                    _edited_stamp,
                    inputs,
                    stamp,
                    {
                        lang: language_inputs(settings, lang, kept.index_inputs[lang], inputs.walk)
                        for lang in LANGUAGES
                    },
                )
                files = _walked_if_unchanged(walking, stamp)
                if files is None:
                    return None
                if early is not None:
                    search = early.result()
                    cache.forget(output)  # until the new stamp is written, trust nothing
                else:
                    cache.forget(output)
                    # The pages first (a rewrite that failed changed nothing), the search
                    # index after them: a preview shows the edit a second or more sooner.
                    files = update_in_place(output, staging, files, {})
                    inputs.pages_shown()
                    # What output/ is now, for the next build if the preview stops this
                    # one: without the parts about to be made, and vouching for nothing.
                    left = {
                        folder: value
                        for folder, value in stamp.get("search", {}).items()
                        if plan.digests.get(folder) == value
                    }
                    interim = stamped(files, left, vouches=False)
                    shown = record.with_files(read, interim["output"])
                    write_records(inputs, shown, interim, keys)
                    stop.indexing = True
                    try:
                        search = make_search_index(output, staging, plan, stamp.get("search", {}))
                    except BuildError:
                        if stop.stopped():
                            raise SearchStopError from None
                        raise
                    finally:
                        stop.indexing = False
                kept_search = (dict.fromkeys(search.kept_of(output, files), ""), 0)
                # Pagefind writes every file of a part again, and all but a few (the
                # edited stories' fragments, some index chunks, the part's metadata) come
                # out as output/ has them: those stay untouched, with their time, as in a
                # full build, and only the few are moved in.
                same = drop_unchanged(output, staging)
                files = update_in_place(
                    output, staging, files, {SEARCH: kept_search}, unchanged=same
                )
                print_warnings(stamp.get("warnings", []))
                new_stamp = stamped(files, search.digests, vouches=True)
                rendered = sum(len(made) for made in rewritten.values())
                reused = sum(len(keys) for keys in previous_keys.values()) - rendered
                done = record.with_files(read, new_stamp["output"])
                return ended(inputs, done, new_stamp, keys, search, rendered, reused)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _EarlyIndex:
    """The search index, begun in a thread as soon as it is planned: the edited stories'
    parts' other pages are gathered for Pagefind while this process renders the edited
    pages; Pagefind runs once those are in staging (``start``), while this process
    rewrites the feeds and takes the walk of output/ and checks it against the stamp.
    Nothing moves into output/ before both are done; leaving the ``with`` ends an index
    never started and waits for the thread, so the staging folder never goes under it."""

    def __init__(
        self,
        output: Path,
        staging: Path,
        plan: SearchPlan,
        stamp: dict[str, Any],
        later: Collection[str],
    ) -> None:
        self._written = PagesWritten(later)
        call = partial(
            make_search_index,
            output,
            staging,
            plan,
            stamp.get("search", {}),
            written=self._written,
            # Pagefind's folder of gathered pages is deleted in the background: an older
            # story's edit ends about 0.1 s sooner (a year's 500 folders and links), more
            # on a busy machine.
            remove=partial(retire, output=output),
        )
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._made: Future[SearchIndexReport] = self._pool.submit(call)
        self._started = False

    def start(self) -> None:
        """The edited pages are in staging."""
        self._started = True
        self._written.done()

    def result(self) -> SearchIndexReport:
        self.start()  # a rewrite that never said its pages were written
        return self._made.result()

    def __enter__(self) -> _EarlyIndex:
        return self

    def __exit__(self, *_: object) -> None:
        if not self._started:
            self._written.cancel()  # the rewrite stopped before its pages were written
        self._pool.shutdown(wait=True)


def _walked_if_unchanged(walking: ForkedWalk, stamp: dict[str, Any]) -> list[str] | None:
    """The stat lines of output/, if they are what the last build left; None if it was
    changed by hand: the full build sees it and trusts nothing."""
    files = walking.result()
    return files if signature_of(files) == stamp.get("output") else None


def _edited_stamp(
    inputs: BuildInputs,
    stamp: dict[str, Any],
    languages: dict[str, str],
    files: list[str],
    search: dict[str, str],
    *,
    vouches: bool,
) -> dict[str, Any]:
    """The stamp after a rewrite of story text. ``vouches``: its inputs are recorded, so
    that the next build with the same inputs has nothing to do (not before the search
    index is made). The index's summary and the warnings stay the last build's: an
    edit of body text changes neither."""
    return {
        **stamp,
        "inputs": inputs.fingerprint if vouches else None,
        "languages": languages,
        "output": signature_of(files),
        "files": len(files),
        "search": search,
    }


def without_keys(keys: dict[str, str], made: Collection[str]) -> dict[str, str]:
    """``keys`` with an empty key for each file of ``made`` that has one; copied in one
    step, not page by page (100,000 pages a language at 50,000 story pairs)."""
    kept = dict(keys)
    kept.update(dict.fromkeys((relpath for relpath in made if relpath in keys), ""))
    return kept
