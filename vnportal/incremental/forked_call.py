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
from typing import Any

_OPEN_MAX = os.sysconf("SC_OPEN_MAX")
_CLOSED = b"\1"  # the child's first byte: it holds no file of this process any more


class ForkedCall:
    """``function()`` started now in a forked child; result() waits for its value."""

    def __init__(self, function: Callable[[], Any]) -> None:
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
                    pickle.dump(function(), target, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(writing)
        # Once the child has closed its copies of this process's files (or died), this
        # process may let go of a lock: nobody else holds it then.
        os.read(reading, len(_CLOSED))
        self._reading: int | None = reading

    def result(self, failed: Callable[[], Any]) -> Any:
        """The child's value; ``failed()`` if it sent nothing (killed, out of memory)."""
        if self._reading is None:
            raise RuntimeError("the forked call's result was already taken")
        with os.fdopen(self._reading, "rb") as source:
            self._reading = None
            data = source.read()
        os.waitpid(self._pid, 0)
        return pickle.loads(data) if data else failed()

    def close(self) -> None:
        """End the child if its result was not taken (it may be blocked sending it)."""
        if self._reading is None:
            return
        os.close(self._reading)
        self._reading = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
