"""walk_files() of a large folder in a forked child, while the build goes on.

Walking output/ (tens of thousands of folders, a stat of every file) is almost
all the kernel's work: a rewrite of story text needs it to check that nothing
was changed by hand, and a forked child does it on the other core while this
process checks the content files. The child sends its list back pickled, the
same list walk_files() gives.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Iterator
from pathlib import Path

from ..model.sources import FileStat, walk_files


class ForkedWalk:
    """A walk of one folder started now; result() waits for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: walk, send, end without running anything else
            try:
                os.close(reading)
                with os.fdopen(writing, "wb") as target:
                    pickle.dump(walk_files(folder), target, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(writing)
        self._reading: int | None = reading

    def result(self) -> list[FileStat]:
        if self._reading is None:
            raise RuntimeError("the walk's result was already taken")
        with os.fdopen(self._reading, "rb") as source:
            self._reading = None
            data = source.read()
        os.waitpid(self._pid, 0)
        # Nothing sent: the child failed (out of memory, say); the walk is made here.
        return pickle.loads(data) if data else walk_files(self.folder)

    def close(self) -> None:
        """End the child if its result was not taken (it may be blocked sending it)."""
        if self._reading is None:
            return
        os.close(self._reading)
        self._reading = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)


@contextlib.contextmanager
def forked_walk(folder: Path) -> Iterator[ForkedWalk]:
    walk = ForkedWalk(folder)
    try:
        yield walk
    finally:
        walk.close()
