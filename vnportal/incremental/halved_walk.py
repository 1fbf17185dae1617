"""stat_lines() of a large folder, half of it walked by a forked child.

The "nothing changed" answer is mostly a walk of output/: tens of thousands of
folders and a stat of every file, kernel work that a second core halves. The
folders two levels down (output/2024/07/, output/tag/phap-luat/...) are dealt
out in turn to this process and to a child started at once. The content files
are checked first, and halved the same way: the child walks its share of them
before its half of output/, so both cores do the part every build waits for
(an edit's build needs only the content, output/ much later).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

from ..model.sources import scan_folder, stat_lines, stat_walk
from .folder_listings import ListedWalk, Listing, listed_walk
from .forked_call import ForkedCall

SPLIT_DEPTH = 2  # levels listed here before the folders below are dealt out
SHARES = 2  # one per core of the machines portals run on


class HalvedWalk:
    """The walk of ``folder`` started now; lines() gives what stat_lines(folder) gives.

    ``listings``: reads the folder listings of an earlier walk
    (vnportal/incremental/folder_listings.py), used below the first two levels while
    each folder's time stands. Each process that walks reads them itself when it
    begins: this one only once the content files are checked, so that a build that
    finds one changed does not wait for them (0.25 s at 50,000 story pairs).
    ``listed`` holds, once lines() is taken, the listings this walk took and those
    that no longer held; ``kept()`` the listings it read. ``first``: roots (files or
    folders) walked before ``folder``, halved the same way; first_lines() gives what
    stat_lines() gives of each.
    """

    def __init__(
        self,
        folder: Path,
        listings: Callable[[], Mapping[str, Listing]] = dict,
        first: Sequence[Path] = (),
    ) -> None:
        self.folder = folder
        self.listed = ListedWalk()
        self._listings = listings
        self._kept: Mapping[str, Listing] | None = None
        self._lines: list[str] = []
        self._mine: list[str] = []
        self._theirs: list[str] = []
        self._child: ForkedCall | None = None
        self._first = _FirstRoots(first)
        if folder.is_file():
            self._lines = stat_lines(folder)
        else:
            folders = _list_levels(str(folder), self._lines)
            self._mine, self._theirs = folders[0::2], folders[1::2]
        steps: list[Callable[[], object]] = []
        if self._first.theirs:
            steps.append(self._first.their_walk)
        if self._theirs:
            steps.append(self._their_walk)
        if steps:
            self._child = ForkedCall(*steps)

    def first_lines(self) -> dict[Path, list[str]]:
        """stat_lines() of each root of ``first``, by root, halved with the child."""
        if self._first.taken is None:
            theirs = self._first.their_walk
            if self._child is not None and self._first.theirs:
                theirs = partial(self._child.result, failed=theirs)
            self._first.taken = self._first.lines(theirs)
        return self._first.taken

    def kept(self) -> Mapping[str, Listing]:
        """The listings of the earlier walk, read on first use in each process."""
        if self._kept is None:
            self._kept = self._listings()
        return self._kept

    def _their_walk(self) -> ListedWalk:
        return listed_walk(list(self._theirs), [], self.kept(), str(self.folder))

    def lines(self) -> list[str]:
        self.first_lines()  # the child sends those first
        walk = listed_walk(self._mine, self._lines, self.kept(), str(self.folder))
        self._mine = []
        if self._child is not None and self._theirs:
            child, self._child = self._child, None
            # Nothing sent (the child failed): its half is walked here.
            walk.add(child.result(failed=self._their_walk))
        walk.lines.sort()  # the order stat_lines() gives: by path
        self.listed = walk
        return walk.lines

    def hand_over(self) -> list[WalkShare]:
        """The rest of this walk as shares of stat_lines() lines, for a build that needs
        the folder's files after all (the rewrite of story text): this process's half goes
        to a child started now, with the files listed above the halves; the running child
        goes on with its own. Both walk the folders listed when the walk started."""
        self.first_lines()  # the child sends those first
        mine = partial(
            _lines_of_walk, list(self._mine), list(self._lines), self.kept, str(self.folder)
        )
        shares = [WalkShare(ForkedCall(mine), mine)]
        if self._child is not None and self._theirs:
            shares.append(WalkShare(self._child, self._their_walk, sends_walk=True))
        self._child, self._mine, self._lines = None, [], []
        return shares

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None


class _FirstRoots:
    """The roots walked before output/ (the content, the theme, the settings), each
    halved as output/ is: this process walks the files above two levels and every
    other folder below, the child the rest."""

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots = list(roots)
        self.mine: list[tuple[list[str], list[str]]] = []  # (files listed, folders) by root
        self.theirs: list[list[str]] = []
        self.taken: dict[Path, list[str]] | None = None
        for root in self.roots:
            if not root.is_dir():  # a file (or nothing): as stat_lines() gives it
                self.mine.append((stat_lines(root) if root.is_file() else [], []))
                self.theirs.append([])
                continue
            lines: list[str] = []
            folders = _list_levels(str(root), lines)
            self.mine.append((lines, folders[0::2]))
            self.theirs.append(folders[1::2])
        if not any(self.theirs):
            self.theirs = []  # nothing for a child to walk

    def their_walk(self) -> list[list[str]]:
        return [stat_walk(list(folders), []) for folders in self.theirs]

    def lines(self, theirs: Callable[[], list[list[str]]]) -> dict[Path, list[str]]:
        """Each root's lines: this process's share walked, then the child's taken."""
        found = [stat_walk(list(folders), list(lines)) for lines, folders in self.mine]
        if self.theirs:
            for lines, their_lines in zip(found, theirs(), strict=True):
                lines += their_lines
        for lines in found:
            lines.sort()  # the order stat_lines() gives: by path
        return dict(zip(self.roots, found, strict=True))


class WalkShare:
    """Some folders' stat lines, from a forked child; walked here if it fails.
    ``sends_walk``: the child sends a ListedWalk, whose lines are taken here.

    Lines, not (path, size, time) entries: they cross the pipe in a third of the time,
    sort seven times faster and are what the output's signature is taken over."""

    def __init__(
        self, call: ForkedCall, walk_here: Callable[[], object], *, sends_walk: bool = False
    ) -> None:
        self._call = call
        self._walk_here = walk_here
        self._sends_walk = sends_walk

    @classmethod
    def started(cls, folder: Path, share: int) -> WalkShare:
        walk = partial(walk_share, folder, share)
        return cls(ForkedCall(walk), walk)

    def result(self) -> list[str]:
        found = self._call.result(failed=self._walk_here)
        return found.lines if self._sends_walk else found

    def lower_priority(self, by: int) -> None:
        self._call.lower_priority(by)

    def close(self) -> None:
        """End the child if its result was not taken."""
        self._call.close()


def walk_share(folder: Path, share: int) -> list[str]:
    """stat_lines(folder)'s lines in one of SHARES shares, in no set order: those of
    every SHARES-th folder SPLIT_DEPTH levels down, and (share 0) the files above them.

    Each share lists the levels above itself (a few hundred folders) rather than
    being sent them, so that the process asking for the walk does nothing of it.
    """
    lines: list[str] = []
    if folder.is_file():
        lines = stat_lines(folder) if share == 0 else []
    else:
        folders = _list_levels(str(folder), lines)
        if share != 0:
            lines = []
        stat_walk(folders[share::SHARES], lines)
    return lines


def _lines_of_walk(
    folders: list[str], lines: list[str], kept: Callable[[], Mapping[str, Listing]], root: str
) -> list[str]:
    return listed_walk(folders, lines, kept(), root).lines


def _list_levels(root: str, lines: list[str]) -> list[str]:
    """The folders SPLIT_DEPTH levels below ``root``; the files above them go to ``lines``."""
    folders = [root]
    for _ in range(SPLIT_DEPTH):
        below: list[str] = []
        for folder in folders:
            scan_folder(folder, lines, below)
        folders = below
    return folders
