"""A build where only the text of some stories changed: their pages and feeds
rewritten without a language run (vnportal/build/body_edit.py)."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any

from ..incremental.fingerprints import language_inputs, signature_of
from ..model.errors import BuildError
from ..model.sources import LANGUAGES, FileStat
from ..site.search_index import PART_PAGES, PART_PAGES_SETTING, make_search_index, search_plan
from .body_edit import Record, edited_stories, record_of, rewrite_bodies
from .forked_walk import ForkedWalk
from .inputs import BuildInputs
from .output import SEARCH, update_in_place, writing
from .preparing import Read, index_summary, language_run_of, search_digest, templates_digest
from .records import ended, write_records
from .report import BuildReport, print_warnings
from .search_stop import SearchStop, SearchStopError, search_stoppable
from .workers import run_settings


def update_edited_stories(
    inputs: BuildInputs, stamp: dict[str, Any], read: Read, walking: ForkedWalk
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
        run = language_run_of(inputs, stage, survey, cards, lang, sources)
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
                (file.lang, file.relpath): search_digest(file, content) for file in stage.files
            }
            part_pages = int(inputs.settings.get(PART_PAGES_SETTING, PART_PAGES))
            plan = search_plan(stage.index, file_digests, templates_digest(inputs), part_pages)
            stamped = partial(
                _edited_stamp,
                inputs,
                stamp,
                index_summary(stage.index),
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
            kept_search = (dict.fromkeys(search.kept, ""), 0)
            files = update_in_place(output, staging, files, {SEARCH: kept_search})
            print_warnings(stamp.get("warnings", []))
            new_stamp = stamped(files, search.digests, vouches=True)
            rendered = sum(len(made) for made in rewritten.values())
            reused = sum(len(keys) for keys in previous_keys.values()) - rendered
            done = record_of(stage.files, around, new_stamp["output"])
            return ended(inputs, done, new_stamp, keys, search, rendered, reused)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _edited_stamp(
    inputs: BuildInputs,
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
