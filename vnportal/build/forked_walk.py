"""walk_files() of a large folder in a forked child, while the build goes on.

Walking output/ (tens of thousands of folders, a stat of every file) is almost
all the kernel's work: a rewrite of story text needs it to check that nothing
was changed by hand, and a forked child does it on the other core while this
process checks the content files. It gives the same list walk_files() gives.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..incremental.forked_call import ForkedCall
from ..model.sources import FileStat, walk_files


class ForkedWalk:
    """A walk of one folder started now; result() waits for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._call = ForkedCall(partial(walk_files, folder))

    def result(self) -> list[FileStat]:
        # Nothing sent: the child failed (out of memory, say); the walk is made here.
        return self._call.result(failed=partial(walk_files, self.folder))

    def close(self) -> None:
        """End the child if its result was not taken (it may be blocked sending it)."""
        self._call.close()
