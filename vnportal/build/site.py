"""The whole portal: index, one Pelican run per language in parallel, then output/.

A failed build leaves the previous output untouched: everything is written to a
staging folder beside it, used only when every step succeeded. A first build
(or one after output/ was changed by hand) swaps the staging folder in whole; a
later build holds only the pages that changed, which are moved into output/.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..check.checker import CheckReport, start_checks
from ..incremental.fingerprints import (
    BuildCache,
    FolderWalks,
    input_fingerprint,
    language_inputs,
    signature_of,
    walk_files,
)
from ..model.errors import BuildError, ContentError
from ..model.index import LANGUAGES, SiteIndex, language_settings, url_prefix
from ..render import reader
from ..render.context import LanguageAwareWriter

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    output: Path
    stories: dict[str, int]  # published stories per language
    drafts: list[str]  # files held back with status: draft, built under drafts/
    files: int
    seconds: float
    rendered: int = 0  # pages and feeds made this time
    reused: int = 0  # unchanged pages and feeds taken from the previous build
    up_to_date: bool = False  # nothing changed: output/ was left as it was


def read_base_settings(settings_file: Path) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file))


def build_site(settings_file: Path, output: Path, *, use_cache: bool = True) -> BuildReport:
    """Build both languages into ``output``; raise BuildError on any problem.

    With ``use_cache`` (the default) unchanged work is reused (vnportal/incremental.py);
    without it every page is made anew, and the cache is refreshed for next time.
    """
    started = time.perf_counter()
    base = read_base_settings(settings_file)
    output = output.resolve()
    cache = BuildCache(base)
    walk = FolderWalks()  # content/ and the theme are walked once in this build
    inputs = input_fingerprint(settings_file, base, walk)
    stamp = cache.stamp(output) if use_cache else {}
    if stamp and output.is_dir() and stamp.get("inputs") == inputs:
        if stamp.get("output") == signature_of(walk_files(output)):
            _print_warnings(stamp.get("warnings", []))
            return _report(stamp["index"], output, stamp["files"], started, up_to_date=True)
        stamp = {}  # output/ was changed by hand: nothing in it is trusted
    run = partial(_build, settings_file, output, base, cache, walk, inputs, use_cache, started)
    # A build makes hundreds of thousands of objects that live until it ends, and no
    # garbage cycles worth collecting: the collector would only scan them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return run(stamp)
    except _OutputChangedError:
        return run({})
    finally:
        if collecting:
            gc.enable()


class _OutputChangedError(Exception):
    """output/ is not as the last build left it: its files cannot be kept."""


def _build(
    settings_file: Path,
    output: Path,
    base: dict[str, Any],
    cache: BuildCache,
    walk: FolderWalks,
    inputs: str,
    use_cache: bool,
    started: float,
    stamp: dict[str, Any],
) -> BuildReport:
    """Check, build the languages, and update or replace ``output``.

    With a stamp from the last build, its output is trusted at first, and
    checked (a walk of every file) while the languages build: unchanged pages
    then stay where they are. If someone changed output/ by hand, _OutputChangedError
    is raised and the caller builds again, trusting nothing.
    """
    trusted = bool(stamp) and output.is_dir()
    report = _start_checks({**base, "PORTAL_USE_CACHE": use_cache}, walk)
    index = report.index
    warnings: list[str] = []
    files: list[tuple[str, int, int]] = []

    def meanwhile() -> None:  # runs while the workers build
        report.finish()
        warnings.extend(str(warning) for warning in report.warnings)
        _print_warnings(warnings)
        if report.errors:
            raise BuildError([str(error) for error in report.errors])
        if trusted:
            files.extend(walk_files(output))
            if signature_of(files) != stamp.get("output"):
                raise _OutputChangedError

    # Only the default language's run copies the shared images.
    languages = {
        lang: language_inputs(base, index, lang, copies_images=lang == LANGUAGES[0], walk=walk)
        for lang in LANGUAGES
    }
    before = stamp.get("languages", {}) if trusted else {}
    unchanged = {lang for lang, digest in languages.items() if before.get(lang) == digest}
    previous = {
        lang: {
            "output": str(output) if trusted else None,
            "keys": cache.page_keys(output, lang) if trusted else {},
        }
        for lang in LANGUAGES
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        cache.forget(output)  # until the new stamp is written, trust nothing
        try:
            keys = _build_languages(
                settings_file, index, staging, previous, use_cache, unchanged, meanwhile
            )
        except BaseException:
            if trusted:  # Pelican makes the folder of each new page where the site is
                _remove_all_empty_folders(output)
            raise
        if trusted:
            files = _update_in_place(output, staging, files, keys)
            for lang in unchanged:  # its files were left as they were
                keys[lang] = (previous[lang]["keys"], len(previous[lang]["keys"]))
        else:
            _replace(output, staging)
            files = walk_files(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary = _index_summary(index)
    stamp = {
        "inputs": inputs,
        "languages": languages,
        "output": signature_of(files),
        "files": len(files),
        "warnings": warnings,
        "index": summary,
    }
    cache.save(output, stamp, {lang: k for lang, (k, _) in keys.items()})
    reused = sum(count for _, count in keys.values())
    rendered = sum(len(k) for k, _ in keys.values()) - reused
    return _report(summary, output, len(files), started, rendered=rendered, reused=reused)


def _update_in_place(
    output: Path,
    staging: Path,
    files: list[tuple[str, int, int]],
    keys: dict[str, tuple[dict[str, str], int]],
) -> list[tuple[str, int, int]]:
    """Bring ``output`` up to date with the languages just built; return its new file list.

    ``staging`` holds only what was made this time: pages and feeds whose key
    changed, and the copied images and theme files. Unchanged pages stay where
    they are. Files of the languages that ran which the build no longer makes
    (a deleted story, a tag nobody uses any more) are removed. Nothing here
    runs unless every language built: a failed build leaves output/ untouched.
    """
    root, made = str(output) + os.sep, str(staging) + os.sep
    new = [path[len(made) :] for path, _, _ in walk_files(staging)]
    replaced = set(new)
    wanted = replaced.union(*(pages for pages, _ in keys.values()))
    kept, emptied = [], set()
    for entry in files:
        relpath = entry[0][len(root) :]
        if _language_of(relpath) in keys and relpath not in wanted:
            os.unlink(entry[0])
            emptied.add(os.path.dirname(entry[0]))
        elif relpath not in replaced:
            kept.append(entry)
    _remove_empty_folders(emptied, output)
    for relpath in new:
        target = root + relpath
        try:
            os.replace(made + relpath, target)
        except FileNotFoundError:  # a new folder: a new story, tag or page
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(made + relpath, target)
        stat = os.stat(target)
        kept.append((target, stat.st_size, stat.st_mtime_ns))
    return sorted(kept)


def _language_of(relpath: str) -> str:
    others = (lang for lang in LANGUAGES[1:] if relpath.startswith(url_prefix(lang)))
    return next(others, LANGUAGES[0])


def _remove_all_empty_folders(root: Path) -> None:
    """After a failed in-place build: a built site has no empty folder, so any is new."""
    for folder, _, names in os.walk(root, topdown=False):
        if folder != str(root) and not names and not os.listdir(folder):
            os.rmdir(folder)


def _remove_empty_folders(folders: set[str], root: Path) -> None:
    """Remove these folders and their parents up to ``root`` while they are empty."""
    top = str(root)
    for folder in sorted(folders, key=len, reverse=True):
        while folder.startswith(top + os.sep):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or already gone with a deeper one)
                break
            folder = os.path.dirname(folder)


def _start_checks(base: dict, walk: FolderWalks) -> CheckReport:
    """Each file's checks and the index; errors found by them stop the build here.

    The checks across files are left to ``report.finish()``, which the build runs
    while its workers build (it stops them if it finds an error).
    """
    report = start_checks(Path(base["PATH"]), base, walk=walk)
    if report.errors or report.index is None:
        report.finish()  # every problem at once, the ones across files too
        _print_warnings([str(warning) for warning in report.warnings])
        raise BuildError([str(error) for error in report.errors])
    reader.PRELOADED.clear()
    reader.PRELOADED.update(report.sources)  # the forked workers inherit them
    return report


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


def _index_summary(index: SiteIndex) -> dict:
    return {
        "stories": {
            lang: sum(
                1
                for e in index.in_language(lang)
                if e.kind == "article" and e.status == "published"
            )
            for lang in LANGUAGES
        },
        "drafts": [e.source for e in index.entries if e.status == "draft"],
    }


def _report(summary: dict, output: Path, files: int, started: float, **counts) -> BuildReport:
    return BuildReport(
        output=output,
        stories={lang: summary["stories"][lang] for lang in LANGUAGES},
        drafts=summary["drafts"],
        files=files,
        seconds=time.perf_counter() - started,
        **counts,
    )


def _build_languages(
    settings_file: Path,
    index: SiteIndex,
    output: Path,
    previous: dict,
    use_cache: bool,
    skip: set[str] = frozenset(),
    meanwhile: Callable[[], None] = lambda: None,
) -> dict[str, tuple[dict[str, str], int]]:
    """The languages not in ``skip``, at once; each one's page keys and how many were reused.

    ``meanwhile`` runs in this process while the workers build; if it raises, the
    workers are stopped at once (they write only to the staging folder).
    """
    # fork: the workers inherit the imported modules, so starting them is cheap.
    context = multiprocessing.get_context("fork")
    # The index and the previous page keys reach the workers by fork, not by pickling
    # (a few tenths of a second each on a large archive).
    _INHERITED.update(index=index, previous=previous)
    with ProcessPoolExecutor(max_workers=len(LANGUAGES), mp_context=context) as pool:
        runs = {
            lang: pool.submit(_build_inherited, settings_file, lang, output, use_cache)
            for lang in LANGUAGES
            if lang not in skip
        }
        try:
            meanwhile()
        except BaseException:
            _stop_workers(pool)
            raise
        problems, keys = [], {}
        for lang, run in runs.items():
            try:
                keys[lang] = run.result()
            except (BuildError, ContentError) as error:
                problems.append(str(error))
            except Exception as error:  # Pelican has already logged the cause
                problems.append(f"the {lang} build stopped: {error}")
    if problems:
        raise BuildError(problems)
    return keys


_INHERITED: dict[str, Any] = {}


def _build_inherited(
    settings_file: Path, lang: str, output: Path, use_cache: bool
) -> tuple[dict[str, str], int]:
    index, previous = _INHERITED["index"], _INHERITED["previous"][lang]
    return build_language(settings_file, lang, index, output, previous, use_cache)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to stop running work; its processes are ours.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def build_language(
    settings_file: Path,
    lang: str,
    index: SiteIndex,
    output: Path,
    previous: dict | None = None,
    use_cache: bool = True,
) -> tuple[dict[str, str], int]:
    """One ordinary Pelican run for one language (runs in a worker process).

    Returns the key of every page and feed written, and how many were reused.
    """
    from pelican import Pelican
    from pelican.log import FatalLogger
    from pelican.settings import read_settings

    # Pelican logs an unreadable file and carries on; make that stop the build,
    # and keep the exception Pelican hides unless DEBUG is on.
    FatalLogger.fatal_lvl = logging.ERROR
    # This process ends when its language is built, so the memory it holds goes back
    # at once; collecting cycles meanwhile would only spend time scanning.
    gc.disable()
    failures = _collect_failures(lang)
    base = read_settings(str(settings_file))
    overrides = {
        **language_settings(base, lang),
        "PORTAL_INDEX": index,
        # New files go to ``output`` (a staging folder); OUTPUT_PATH is where the site
        # will be: the previous output when this build updates it in place.
        "OUTPUT_PATH": (previous or {}).get("output") or str(output),
        "PORTAL_STAGING": str(output),
        "DELETE_OUTPUT_DIRECTORY": False,
        "PORTAL_PREVIOUS": previous or {},
        "PORTAL_USE_CACHE": use_cache,
    }
    settings = read_settings(str(settings_file), override=overrides)
    try:
        Pelican(settings).run()
    except RuntimeError:
        if failures.problems:
            raise BuildError(failures.problems) from None
        raise
    writer = LanguageAwareWriter.latest
    assert writer is not None, "the portal's writer was not used"
    return writer.reuse.keys, len(writer.reuse.reused)


class _FailureCollector(logging.Handler):
    """Prints warnings and errors, and remembers the cause of each error."""

    def __init__(self, lang: str) -> None:
        super().__init__(logging.WARNING)
        self.lang = lang
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]  # set while Pelican logs from its except block
        message = record.getMessage()
        if record.levelno >= logging.ERROR or _is_broken_link(message):
            if isinstance(error, ContentError):
                message = str(error)
            elif error is not None:
                message = f"{message}: {error}"
            self.problems.append(message)
            return  # listed once, in the build's summary
        print(f"[{self.lang}] {record.levelname.lower()}: {message}", file=sys.stderr)


def _is_broken_link(message: str) -> bool:
    # Pelican only warns when {static}/{filename} points at nothing; readers
    # would get a broken image or link, so it stops the build.
    return message.startswith("Unable to find")


def _collect_failures(lang: str) -> _FailureCollector:
    collector = _FailureCollector(lang)
    root = logging.getLogger()
    root.handlers[:] = [collector]
    root.setLevel(logging.WARNING)
    return collector


def _replace(output: Path, staging: Path) -> None:
    """Swap the staging folder in; the old output is deleted by a detached process.

    Removing tens of thousands of files takes seconds on a large archive, and
    nothing needs to wait for it: the old folder is already out of the way.
    """
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    output.rename(retired / output.name)
    staging.rename(output)
    subprocess.Popen(
        ["rm", "-rf", "--", str(retired)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
