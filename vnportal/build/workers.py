"""Stage 2 of a build: one ordinary Pelican run per language, each in a process of its own.

A ``LanguageWorker`` is forked, so it inherits the imported modules and its
``LanguageRun`` (the index, the previous build's page keys, the staging
folder) without pickling them; it sends back the key of every page it wrote.
The build can stop it at any time: it only ever writes to the staging folder.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import signal
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
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
from .settings import language_settings, read_base_settings

PageKeys = tuple[dict[str, str], int]  # every page's key, and how many were kept
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class LanguageWorker:
    """One language's Pelican run in a forked process."""

    settings_file: Path
    output: Path  # the folder the site will be in (OUTPUT_PATH)
    run: LanguageRun
    _process: Any = field(default=None, repr=False)
    _results: Connection | None = field(default=None, repr=False)

    def start(self) -> None:
        receiving, sending = multiprocessing.Pipe(duplex=False)
        context = multiprocessing.get_context("fork")
        self._process = context.Process(
            target=self._work, args=(sending,), name=f"build-{self.run.lang}"
        )
        self._process.start()
        sending.close()
        self._results = receiving

    @property
    def done_signal(self) -> Connection:
        """Readable when the run has ended (multiprocessing.connection.wait takes it)."""
        assert self._results is not None
        return self._results

    def result(self) -> PageKeys:
        """Wait for the run to end; its page keys, or BuildError with its problems."""
        assert self._results is not None and self._process is not None
        try:
            outcome, value = self._results.recv()
        except EOFError:  # it died without a word: killed, or out of memory
            outcome, value = "failed", [f"the {self.run.lang} build stopped unexpectedly"]
        self._process.join()
        if outcome != "built":
            raise BuildError(value)
        return value

    def stop(self) -> None:
        """End the run at once (it has written only to the staging folder)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        if self._process is not None:
            self._process.join()

    def _work(self, results: Connection) -> None:
        _die_with_parent()
        try:
            outcome: tuple[str, Any] = (
                "built",
                build_language(self.settings_file, self.output, self.run),
            )
        except (BuildError, ContentError) as error:
            outcome = ("failed", [str(error)])
        except Exception as error:  # Pelican has already logged the cause
            outcome = ("failed", [f"the {self.run.lang} build stopped: {error}"])
        results.send(outcome)
        results.close()


def _die_with_parent() -> None:
    """A build killed with kill -9 takes its workers with it (Linux; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


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


def run_settings(settings_file: Path, output: Path, run: LanguageRun) -> dict[str, Any]:
    """The Pelican settings of one language's run."""
    from pelican.settings import read_settings

    base = read_base_settings(settings_file)
    overrides = {
        **language_settings(base, run.lang),
        PORTAL_RUN: run,
        "OUTPUT_PATH": str(output),
        "DELETE_OUTPUT_DIRECTORY": False,
    }
    return read_settings(str(settings_file), override=overrides)


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
