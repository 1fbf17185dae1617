"""Stage 2 of a build: one ordinary Pelican run per language, each in a process of its own.

Each worker is forked (vnportal/build/launch.py), so it inherits the imported
modules and its ``LanguageRun`` (the index, the previous build's page keys,
the staging folder) without pickling them; it sends back the key of every page
it wrote. The build can stop it at any time: it only ever writes to the
staging folder.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import Any

from ..model.errors import BuildError, ContentError
from ..render import plugin  # noqa: F401 (loaded before the fork: no worker imports it again)
from ..render.pelican_patches import (
    forget_old_contents,
    is_missing_link_warning,
    keep_bodies_compressed,
    make_errors_fatal,
)
from ..render.run import PORTAL_RUN, LanguageRun
from .settings import run_settings

PageKeys = tuple[dict[str, str], int]  # every page's key, and how many were kept


def language_outcome(settings_file: Path, output: Path, run: LanguageRun) -> tuple[str, Any]:
    """One language's run in its worker: ("built", page keys) or ("failed", problems)."""
    try:
        return ("built", build_language(settings_file, output, run))
    except (BuildError, ContentError) as error:
        return ("failed", [str(error)])
    except Exception as error:  # Pelican has already logged the cause
        return ("failed", [f"the {run.lang} build stopped: {error}"])


def build_language(settings_file: Path, output: Path, run: LanguageRun) -> PageKeys:
    """One ordinary Pelican run for one language (in a worker process).

    Returns the key of every page and feed written, and how many were kept.
    """
    from pelican import Pelican

    make_errors_fatal()
    keep_bodies_compressed()
    forget_old_contents()
    # This process ends when its language is built, so the memory it holds goes back
    # at once; collecting cycles meanwhile would only spend time scanning.
    gc.disable()
    failures = _collect_failures(run.lang)
    pelican = Pelican(run_settings(settings_file, output, run))
    try:
        pelican.run()
    except RuntimeError:
        if failures.problems:
            raise BuildError(failures.problems) from None
        raise
    if failures.problems:  # warnings that must stop the build, such as a broken link
        raise BuildError(failures.problems)
    return pelican.settings[PORTAL_RUN].page_keys()


class _FailureCollector(logging.Handler):
    """Prints warnings and errors, and remembers the cause of each error."""

    def __init__(self, lang: str) -> None:
        super().__init__(logging.WARNING)
        self.lang = lang
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]  # set while Pelican logs from its except block
        message = record.getMessage()
        # A {filename}/{static} link that names nothing Pelican knows is only a warning
        # for Pelican; readers would get a broken link, so it stops the build.
        if record.levelno >= logging.ERROR or is_missing_link_warning(message):
            if isinstance(error, ContentError):
                message = str(error)
            elif error is not None:
                message = f"{message}: {error}"
            self.problems.append(message)
            return  # listed once, in the build's summary
        print(f"[{self.lang}] {record.levelname.lower()}: {message}", file=sys.stderr)


def _collect_failures(lang: str) -> _FailureCollector:
    collector = _FailureCollector(lang)
    root = logging.getLogger()
    root.handlers[:] = [collector]
    root.setLevel(logging.WARNING)
    return collector
