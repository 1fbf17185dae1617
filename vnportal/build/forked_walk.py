"""stat_lines() of a large folder by two forked children, while the build goes on.

Walking output/ (tens of thousands of folders, a stat of every file) is almost
all the kernel's work: a rewrite of story text needs it to check that nothing
was changed by hand. Two children share it, as the "nothing changed" answer
does (vnportal/incremental/halved_walk.py), while this process checks the
content files, reads the kept index and renders the page; the rewrite takes
the walk while Pagefind makes the search index. It gives the same lines
stat_lines() gives.
"""

from __future__ import annotations

from pathlib import Path

from ..incremental.halved_walk import SHARES, WalkShare

# Enough for the kernel to prefer the build's own processes (at 5, a quarter of their
# weight), not so much that a walk on a server busy with other work is starved: 10 was no
# quicker on an edit at 5,000 story pairs.
WALK_NICENESS = 5


class ForkedWalk:
    """A walk of one folder started now, or ``shares`` of one started earlier (the
    "nothing changed" check's, HalvedWalk.hand_over); result() waits for it."""

    def __init__(self, folder: Path, shares: list[WalkShare] | None = None) -> None:
        self.folder = folder
        if shares is None:
            shares = [WalkShare.started(folder, share) for share in range(SHARES)]
        # Wanted only at the build's end: the build's own work (the page, Pagefind, the
        # language workers) gets the cores first, the walk what they leave.
        for share in shares:
            share.lower_priority(WALK_NICENESS)
        self._shares: list[WalkShare] | None = shares

    def result(self) -> list[str]:
        if self._shares is None:
            raise RuntimeError("the forked walk's result was already taken")
        shares, self._shares = self._shares, None
        found: list[str] = []
        for share in shares:
            # Nothing sent: the child failed (out of memory, say); its share is walked here.
            found += share.result()
        found.sort()  # the order stat_lines() gives: by path
        return found

    def close(self) -> None:
        """End the children whose result was not taken (each may be blocked sending it)."""
        for share in self._shares or ():
            share.close()
        self._shares = None


class WalkInHand:
    """The walk of output/ the "nothing changed" check started (vnportal/build/up_to_date.py),
    for the build that follows it when something changed: a rewrite of story text then
    waits less for it. Ended if no build takes it."""

    def __init__(self) -> None:
        self._walk: ForkedWalk | None = None

    def keep(self, walk: ForkedWalk) -> None:
        self.close()
        self._walk = walk

    def take(self, folder: Path) -> ForkedWalk:
        """The walk kept, if of ``folder``; else one started now."""
        walk, self._walk = self._walk, None
        if walk is not None and walk.folder == folder:
            return walk
        if walk is not None:
            walk.close()
        return ForkedWalk(folder)

    def close(self) -> None:
        if self._walk is not None:
            self._walk.close()
            self._walk = None
