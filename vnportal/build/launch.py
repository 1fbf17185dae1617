"""The language runs, started by a process that reads the index and then ends.

Python writes the reference count of every object it reads, so a forked
process that reads data it inherited copies the memory pages the data lies in,
and with them every other object on those pages. With the build process
holding the index as well, three copies of it were alive while the languages
built: the largest moment of a build.

So the build process forks a preparing process. That process loads the
modules of a build, forks one worker per language at once, then reads the
index. The workers inherit the modules and none of the data: each waits for
its run, sent pickled (the index, the photos, its own language's readings of
the files), and holds only that, packed together, instead of a copy of every
page the checked files of both languages were spread over. A language that
need not run gets no run, and its worker ends saying so. The preparing
process hands the build process what it needs after the runs, in a compact
form without the index (vnportal/build/handover.py), and ends.

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
import io
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from ..model.errors import BuildError

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37

# In a worker: what its run returns, or raises (vnportal/build/workers.py). Sent
# pickled: a module-level function, or a partial of one, with picklable arguments.
WorkerRun = Callable[[], Any]


class Starter(Protocol):
    """In the preparing process: the language workers."""

    def fork(self) -> None:
        """Fork one waiting worker per language now (once; before the data is read)."""

    def __call__(self, runs: Mapping[str, WorkerRun], shared: tuple[Any, ...] = ()) -> None:
        """Give each language its run; ``shared``: objects the runs have in common,
        pickled once (each worker still gets its own copy)."""


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
    workers = _Workers(senders, sending, lifeline)
    outcome: tuple[Any, ...] = ("failed", ["the build stopped while it read the index"])
    try:
        _die_with_parent()
        outcome = ("ready", prepare(workers))
    except BuildError as error:
        outcome = ("failed", error.problems)
    except BaseException as error:  # a bug: say where, and stop the build
        traceback.print_exc()
        outcome = ("failed", [f"the build stopped: {error}"])
    finally:
        if outcome[0] != "ready":
            workers.kill()  # they write only to the staging folder
        workers.close()  # a worker given no run ends, saying so
        for sender in senders.values():
            sender.close()  # closed already, unless its worker was never forked
        with contextlib.suppress(OSError):
            sending.send(outcome)
        _flush_output()
        os._exit(0)  # nothing else of the build process runs here


class _Workers:
    """The language workers, seen from the preparing process (a Starter)."""

    def __init__(self, senders: dict[str, Connection], sending: Connection, lifeline: int) -> None:
        self._senders = senders  # each worker's pipe to the build process
        self._sending = sending  # this process's pipe to the build process
        self._lifeline = lifeline
        self._runs: dict[str, Connection] = {}  # where each waiting worker reads its run
        self._pids: dict[str, int] = {}

    def fork(self) -> None:
        if self._pids:
            return
        for lang, sender in self._senders.items():
            reading, writing = Pipe(duplex=False)
            _flush_output()
            pid = os.fork()
            if pid == 0:
                writing.close()
                self._sending.close()
                for pipe in [*self._runs.values(), *self._senders.values()]:
                    if pipe is not sender:
                        pipe.close()
                _work(lang, reading, sender, self._lifeline)  # never returns
            reading.close()
            sender.close()  # its pipe now closes when the worker ends
            self._runs[lang], self._pids[lang] = writing, pid

    def __call__(self, runs: Mapping[str, WorkerRun], shared: tuple[Any, ...] = ()) -> None:
        self.fork()
        if not runs:
            return
        common = pickle.dumps(shared, pickle.HIGHEST_PROTOCOL)
        places = {id(thing): place for place, thing in enumerate(shared)}
        for lang, run in runs.items():
            packed = io.BytesIO()
            _SharingPickler(packed, places).dump(run)
            pipe = self._runs.pop(lang)
            pipe.send_bytes(common)
            pipe.send_bytes(packed.getbuffer())
            pipe.close()

    def close(self) -> None:
        for pipe in self._runs.values():
            pipe.close()
        self._runs.clear()

    def kill(self) -> None:
        for pid in self._pids.values():
            _kill(pid)
            os.waitpid(pid, 0)
        self._pids.clear()


class _SharingPickler(pickle.Pickler):
    """Pickles the objects of ``shared`` as their place in it (sent once for all runs)."""

    def __init__(self, file: io.BytesIO, places: dict[int, int]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self._places = places

    def persistent_id(self, obj: Any) -> int | None:
        return self._places.get(id(obj))


class _SharingUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, shared: tuple[Any, ...]) -> None:
        super().__init__(io.BytesIO(data))
        self._shared = shared

    def persistent_load(self, pid: Any) -> Any:
        return self._shared[pid]


def _work(lang: str, runs: Connection, sending: Connection, lifeline: int) -> None:
    """A worker: say its pid, wait for its run, run, send the outcome, end."""
    try:
        _end_with_build(lifeline)
        sending.send(("pid", os.getpid()))
        try:
            shared = pickle.loads(runs.recv_bytes())
            run = _SharingUnpickler(runs.recv_bytes(), shared).load()
        except EOFError:  # given no run: the language had not changed
            sending.send(("none",))
            return
        except Exception as error:  # a bug: say it, and stop the build
            traceback.print_exc()
            sending.send(("failed", [f"the {lang} build could not start: {error}"]))
            return
        runs.close()
        del shared
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
