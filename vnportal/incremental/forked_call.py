"""A function called in a forked child while this process goes on.

Walking tens of thousands of folders is almost all the kernel's work, and a
second core does half of it at the same time. The child sends its result back
pickled over a pipe; it runs nothing else and ends without cleaning up, so
nothing of this process (open files, atexit handlers, locks) is touched twice.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, BinaryIO

_OPEN_MAX = os.sysconf("SC_OPEN_MAX")
_CLOSED = b"\1"  # the child's first byte: it holds no file of this process any more


class ForkedCall:
    """``functions`` called in turn in a child forked now; result() waits for the next
    one's value (each is sent as soon as it is made, so the first can be used while the
    child goes on with the others)."""

    def __init__(self, *functions: Callable[[], Any]) -> None:
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: call, send, end without running anything else
            try:
                # Only its pipe stays open: a copy of the build lock's descriptor would
                # hold the lock after this process lets go of it (flock), so that the
                # build taking it next waits for this child, which waits to be read.
                os.closerange(3, writing)
                os.closerange(writing + 1, _OPEN_MAX)
                os.write(writing, _CLOSED)
                with os.fdopen(writing, "wb") as target:
                    for function in functions:
                        pickle.dump(function(), target, protocol=pickle.HIGHEST_PROTOCOL)
                        target.flush()
            finally:
                os._exit(0)
        os.close(writing)
        # Once the child has closed its copies of this process's files (or died), this
        # process may let go of a lock: nobody else holds it then.
        os.read(reading, len(_CLOSED))
        self._source: BinaryIO | None = os.fdopen(reading, "rb")
        self._left = len(functions)

    def result(self, failed: Callable[[], Any]) -> Any:
        """The next function's value; ``failed()`` if the child sent none (it failed,
        was killed, ran out of memory), for it and for those after it."""
        if self._left == 0:
            raise RuntimeError("the forked call's result was already taken")
        self._left -= 1
        value, sent = None, False
        if self._source is not None:
            # Nothing, or cut short: the child failed.
            with contextlib.suppress(EOFError, pickle.UnpicklingError):
                value, sent = pickle.load(self._source), True
            if self._left == 0 or not sent:
                self._end()
        return value if sent else failed()

    def lower_priority(self, by: int) -> None:
        """Make the child ``by`` nicer than this process: the kernel gives the others
        the cores first (raising one's own child's niceness needs no privilege)."""
        with contextlib.suppress(OSError):  # ended already, or a system that refuses
            mine = os.getpriority(os.PRIO_PROCESS, 0)
            os.setpriority(os.PRIO_PROCESS, self._pid, min(mine + by, 19))

    def _end(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None
        os.waitpid(self._pid, 0)

    def close(self) -> None:
        """End the child if a result was not taken (it may be blocked sending it)."""
        if self._source is None:
            return
        self._source.close()
        self._source = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
