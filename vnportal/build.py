"""The whole portal: index, one Pelican run per language in parallel, atomic swap.

A failed build leaves the previous output untouched: everything is written to a
staging folder beside it, which replaces it only when every step succeeded.
"""

from __future__ import annotations

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
from pathlib import Path

from . import reader
from .checks import check_content
from .context import LanguageAwareWriter
from .errors import BuildError, ContentError
from .incremental import (
    BuildCache,
    PageReuse,
    input_fingerprint,
    language_inputs,
    tree_signature,
    walk_files,
)
from .languages import LANGUAGES, SiteIndex, language_settings, url_prefix

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
    inputs = input_fingerprint(settings_file, base)
    stamp = cache.stamp(output) if use_cache else {}
    # Whether output/ is exactly as the last build left it (nobody edited or deleted files).
    intact = bool(stamp) and output.is_dir() and stamp.get("output") == tree_signature(output)[0]
    if intact and stamp.get("inputs") == inputs:
        _print_warnings(stamp.get("warnings", []))
        return _report(stamp["index"], output, stamp["files"], started, up_to_date=True)
    index, warnings = _checked({**base, "PORTAL_USE_CACHE": use_cache})
    # Only the default language's run copies the shared images.
    languages = {
        lang: language_inputs(base, index, lang, copies_images=lang == LANGUAGES[0])
        for lang in LANGUAGES
    }
    before = stamp.get("languages", {}) if intact else {}
    unchanged = {lang for lang, digest in languages.items() if before.get(lang) == digest}
    previous = {
        lang: {
            "output": str(output) if use_cache and output.is_dir() else None,
            "keys": cache.page_keys(output, lang) if use_cache else {},
        }
        for lang in LANGUAGES
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        cache.forget(output)  # until the new stamp is written, trust nothing
        keys = _build_languages(
            settings_file,
            index,
            staging,
            previous,
            use_cache,
            # Linked by this process while the workers build the other languages.
            meanwhile=lambda: {
                lang: _reuse_language(output, staging, lang, previous[lang]) for lang in unchanged
            },
            skip=unchanged,
        )
        _replace(output, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary = _index_summary(index)
    signature, files = tree_signature(output)
    stamp = {
        "inputs": inputs,
        "languages": languages,
        "output": signature,
        "files": files,
        "warnings": warnings,
        "index": summary,
    }
    cache.save(output, stamp, {lang: k for lang, (k, _) in keys.items()})
    reused = sum(count for _, count in keys.values())
    rendered = sum(len(k) for k, _ in keys.values()) - reused
    return _report(summary, output, files, started, rendered=rendered, reused=reused)


def _reuse_language(
    output: Path, staging: Path, lang: str, previous: dict
) -> tuple[dict[str, str], int]:
    """Link a language's previous files into the new output instead of building it."""
    others = [url_prefix(other) for other in LANGUAGES if other != lang]
    prefix = url_prefix(lang)
    reuse = PageReuse({}, output)
    for path, _, _ in walk_files(output):
        relpath = os.path.relpath(path, output)
        ours = relpath.startswith(prefix) if prefix else not relpath.startswith(tuple(others))
        if ours:
            reuse.link(relpath, staging / relpath)
    keys = previous["keys"]
    return keys, len(keys)


def _checked(base: dict) -> tuple[SiteIndex, list[str]]:
    """The index once every check passed: warnings are printed, errors raise."""
    report = check_content(Path(base["PATH"]), base)
    warnings = [str(warning) for warning in report.warnings]
    _print_warnings(warnings)
    if report.errors or report.index is None:
        raise BuildError([str(error) for error in report.errors])
    reader.PRELOADED.clear()
    reader.PRELOADED.update(report.sources)  # the forked workers inherit them
    return report.index, warnings


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
    meanwhile: Callable[[], dict[str, tuple[dict[str, str], int]]] = dict,
    skip: set[str] = frozenset(),
) -> dict[str, tuple[dict[str, str], int]]:
    """The languages not in ``skip``, at once; each one's page keys and how many were reused.

    ``meanwhile`` runs in this process while the workers build, and its keys join theirs.
    """
    # fork: the workers inherit the imported modules, so starting them is cheap.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(LANGUAGES), mp_context=context) as pool:
        runs = {
            lang: pool.submit(
                build_language, settings_file, lang, index, output, previous[lang], use_cache
            )
            for lang in LANGUAGES
            if lang not in skip
        }
        keys = meanwhile()
        problems = []
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
    failures = _collect_failures(lang)
    base = read_settings(str(settings_file))
    overrides = {
        **language_settings(base, lang),
        "PORTAL_INDEX": index,
        "OUTPUT_PATH": str(output),
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
