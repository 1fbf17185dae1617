"""The language runs, started by a process that reads the index and then ends.

The language workers inherit the index stage's data (every checked file, the
index, the photos) by fork. Python writes the reference count of every object
it reads, so each process that reads the data copies the memory pages it lies
in. With the build process holding the data as well, three copies of it were
alive while the languages built: the largest moment of a build.

So the build process forks a preparing process. That process reads the index,
forks one worker per language, and hands the build process what it needs
after the runs, in a compact form without the index (vnportal/build/handover.py).
Then it ends, and only the two workers hold the data while they build.

The workers are then orphans. Where Linux allows it, they become children of
the build process (a child subreaper), which reaps them. Each worker also ends
when the build process ends: it watches a pipe that only the build process
holds open for writing. Each worker's first word is its pid, so the build
process can stop every worker, including one started just before it stopped
the preparing process.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from typing import Any

from ..model.errors import BuildError

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37

# In a worker: what its run returns, or raises (vnportal/build/workers.py).
WorkerRun = Callable[[], Any]
# In the preparing process: starts one language's worker, given its run.
Starter = Callable[[str, WorkerRun], None]


class Launch:
    """The preparing process and the workers it starts, seen from the build process."""

    def __init__(self, prepare: Callable[[Starter], Any], languages: Iterable[str]) -> None:
        """Fork the preparing process, which calls ``prepare(start)`` and sends its value.

        ``start(lang, run)`` forks that language's worker; ``run()`` is called in it.
        """
        self._receivers: dict[str, Connection] = {}
        senders: dict[str, Connection] = {}
        for lang in languages:
            self._receivers[lang], senders[lang] = Pipe(duplex=False)
        handover, sending = Pipe(duplex=False)
        lifeline, writing = os.pipe()
        self._lifeline: int | None = writing
        self._workers: dict[str, int] = {}  # pid of each worker that said it started
        self._ended: set[str] = set()  # workers whose pipe is closed: they have ended
        self._was_subreaper = _subreaper()
        self._adopts = _set_subreaper(True)
        _flush_output()  # else the children would print what this process had buffered
        self._pid: int | None = os.fork()
        if self._pid == 0:
            os.close(writing)
            handover.close()
            for receiver in self._receivers.values():
                receiver.close()
            _prepare(prepare, senders, sending, lifeline)  # never returns
        os.close(lifeline)
        sending.close()
        for sender in senders.values():
            sender.close()
        self._handover = handover

    def handover(self) -> Any:
        """Wait for the preparing process's value; BuildError with its problems."""
        try:
            outcome = self._handover.recv()
        except EOFError:  # it died without a word: killed, or out of memory
            outcome = ("failed", ["the build stopped unexpectedly while it read the index"])
        self._handover.close()
        self._reap_preparing()
        if outcome[0] != "ready":
            raise BuildError(outcome[1])
        return outcome[1]

    def runs(self, when_built: Callable[[str], None]) -> dict[str, Any]:
        """Wait for every worker; each language's value, when_built(lang) as each ends well.

        Raises BuildError with every failed language's problems, once all have ended.
        """
        values: dict[str, Any] = {}
        problems: list[str] = []
        waiting = dict(self._receivers)
        while waiting:
            ready = wait(list(waiting.values()))
            for lang in [lang for lang, receiver in waiting.items() if receiver in ready]:
                outcome = self._next(lang)
                if outcome is None:
                    continue  # it said it started
                del waiting[lang]
                if outcome[0] == "built":
                    values[lang] = outcome[1]
                    when_built(lang)
                elif outcome[0] == "failed":
                    problems += outcome[1]
                # "none": no worker was started for it (the language had not changed)
        if problems:
            raise BuildError(problems)
        return values

    def _next(self, lang: str) -> tuple[str, Any] | None:
        """The next word from a worker: None when it said its pid, else its outcome."""
        receiver = self._receivers[lang]
        try:
            said = receiver.recv()
        except EOFError:  # no worker for it, or one that died without a word
            stopped = ("failed", [f"the {lang} build stopped unexpectedly"])
            said = stopped if lang in self._workers else ("none",)
        if said[0] == "pid":
            self._workers[lang] = said[1]
            return None
        self._finish(lang)
        return said

    def _finish(self, lang: str, *, kill: bool = False) -> None:
        """Wait for a worker's pipe to close (``kill``: end the worker first), reap it."""
        receiver = self._receivers[lang]
        if kill and lang in self._workers:
            _kill(self._workers[lang])
        with contextlib.suppress(EOFError, OSError):
            while True:
                said = receiver.recv()
                if said[0] == "pid":
                    self._workers[lang] = said[1]
                    if kill:
                        _kill(said[1])
        receiver.close()
        self._ended.add(lang)
        pid = self._workers.get(lang)
        if pid is not None and self._adopts:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    def stop(self) -> None:
        """End the preparing process and every worker still running (they write only to
        the staging folder); return once they are gone."""
        if self._pid is not None:
            _kill(self._pid)
        if not self._handover.closed:
            self._handover.close()
        self._reap_preparing()
        for lang in self._receivers:
            if lang not in self._ended:
                self._finish(lang, kill=True)
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None
        if self._adopts and not self._was_subreaper:
            _set_subreaper(False)

    def _reap_preparing(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


def _prepare(
    prepare: Callable[[Starter], Any],
    senders: dict[str, Connection],
    sending: Connection,
    lifeline: int,
) -> None:
    """The preparing process: prepare, start the workers, hand over, end."""
    started: dict[str, int] = {}

    def start(lang: str, run: WorkerRun) -> None:
        _flush_output()
        pid = os.fork()
        if pid == 0:
            sending.close()
            for other, sender in senders.items():
                if other != lang:
                    sender.close()
            _work(run, senders[lang], lifeline)  # never returns
        started[lang] = pid
        senders[lang].close()  # its pipe now closes when the worker ends

    outcome: tuple[Any, ...] = ("failed", ["the build stopped while it read the index"])
    try:
        _die_with_parent()
        outcome = ("ready", prepare(start))
    except BuildError as error:
        outcome = ("failed", error.problems)
    except BaseException as error:  # a bug: say where, and stop the build
        traceback.print_exc()
        outcome = ("failed", [f"the build stopped: {error}"])
    finally:
        if outcome[0] != "ready":
            for pid in started.values():  # they write only to the staging folder
                _kill(pid)
                os.waitpid(pid, 0)
        for sender in senders.values():
            if not sender.closed:
                sender.close()  # no worker for that language
        with contextlib.suppress(OSError):
            sending.send(outcome)
        _flush_output()
        os._exit(0)  # nothing else of the build process runs here


def _work(run: WorkerRun, sending: Connection, lifeline: int) -> None:
    """A worker: say its pid, run, send the outcome, end."""
    try:
        _end_with_build(lifeline)
        sending.send(("pid", os.getpid()))
        sending.send(run())
    finally:
        _flush_output()
        os._exit(0)


def _end_with_build(lifeline: int) -> None:
    """End this process when the build process ends (the pipe's only writer is there)."""

    def watch() -> None:
        os.read(lifeline, 1)  # returns at the end of the build process, never before
        os._exit(1)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _die_with_parent() -> None:
    """A build killed with kill -9 takes this process with it (Linux; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _set_subreaper(on: bool) -> bool:
    """Orphaned descendants become this process's children (Linux), so it can reap them."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on)) == 0
    except (OSError, AttributeError):
        return False


def _subreaper() -> bool:
    """Whether this process is a subreaper already (then it stays one)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        state = ctypes.c_int(0)
        return libc.prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(state)) == 0 and bool(state.value)
    except (OSError, AttributeError):
        return False


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
