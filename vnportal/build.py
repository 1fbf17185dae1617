"""The whole portal: index, one Pelican run per language in parallel, atomic swap.

A failed build leaves the previous output untouched: everything is written to a
staging folder beside it, which replaces it only when every step succeeded.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .checks import checked_index
from .errors import BuildError, ContentError
from .languages import LANGUAGES, SiteIndex, language_settings

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    output: Path
    stories: dict[str, int]  # published stories per language
    drafts: list[str]  # files held back with status: draft, built under drafts/
    files: int
    seconds: float


def read_base_settings(settings_file: Path) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file))


def build_site(settings_file: Path, output: Path) -> BuildReport:
    """Build both languages into ``output``; raise BuildError on any problem."""
    started = time.perf_counter()
    base = read_base_settings(settings_file)
    # The checker reads the index too: its errors stop the build, warnings are printed.
    index = checked_index(Path(base["PATH"]), base)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        _build_languages(settings_file, index, staging)
        _replace(output, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(
        output=output,
        stories={
            lang: sum(
                1
                for e in index.in_language(lang)
                if e.kind == "article" and e.status == "published"
            )
            for lang in LANGUAGES
        },
        drafts=[e.source for e in index.entries if e.status == "draft"],
        files=sum(1 for path in output.rglob("*") if path.is_file()),
        seconds=time.perf_counter() - started,
    )


def _build_languages(settings_file: Path, index: SiteIndex, output: Path) -> None:
    # fork: the workers inherit the imported modules, so starting them is cheap.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(LANGUAGES), mp_context=context) as pool:
        runs = {
            lang: pool.submit(build_language, settings_file, lang, index, output)
            for lang in LANGUAGES
        }
        problems = []
        for lang, run in runs.items():
            try:
                run.result()
            except (BuildError, ContentError) as error:
                problems.append(str(error))
            except Exception as error:  # Pelican has already logged the cause
                problems.append(f"the {lang} build stopped: {error}")
    if problems:
        raise BuildError(problems)


def build_language(settings_file: Path, lang: str, index: SiteIndex, output: Path) -> None:
    """One ordinary Pelican run for one language (runs in a worker process)."""
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
    }
    settings = read_settings(str(settings_file), override=overrides)
    try:
        Pelican(settings).run()
    except RuntimeError:
        if failures.problems:
            raise BuildError(failures.problems) from None
        raise


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
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    output.rename(retired / output.name)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
