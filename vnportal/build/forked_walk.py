"""walk_files() of a large folder by two forked children, while the build goes on.

Walking output/ (tens of thousands of folders, a stat of every file) is almost
all the kernel's work: a rewrite of story text needs it to check that nothing
was changed by hand. Two children share it, as the "nothing changed" answer
does (vnportal/incremental/halved_walk.py), so that on two cores the walk ends
about when this process has checked the content files and read the kept index,
instead of keeping it waiting. It gives the same list walk_files() gives.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..incremental.forked_call import ForkedCall
from ..incremental.halved_walk import SHARES, walk_share
from ..model.sources import FileStat


class ForkedWalk:
    """A walk of one folder started now; result() waits for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._calls: list[ForkedCall] | None = [
            ForkedCall(partial(walk_share, folder, share)) for share in range(SHARES)
        ]

    def result(self) -> list[FileStat]:
        if self._calls is None:
            raise RuntimeError("the forked walk's result was already taken")
        calls, self._calls = self._calls, None
        found: list[FileStat] = []
        for share, call in enumerate(calls):
            # Nothing sent: the child failed (out of memory, say); its share is walked here.
            found += call.result(failed=partial(walk_share, self.folder, share))
        found.sort()  # the order walk_files() gives: by path
        return found

    def close(self) -> None:
        """End the children whose result was not taken (each may be blocked sending it)."""
        for call in self._calls or ():
            call.close()
        self._calls = None
