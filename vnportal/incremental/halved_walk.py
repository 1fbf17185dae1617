"""stat_lines() of a large folder, half of it walked by a forked child.

The "nothing changed" answer is mostly a walk of output/: tens of thousands of
folders and a stat of every file, kernel work that a second core halves. The
folders two levels down (output/2024/07/, output/tag/phap-luat/...) are dealt
out in turn to this process and to a child started at once, so this process
can check the content files first and then walk its half.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..model.sources import FileStat, scan_folder, stat_lines, stat_walk
from .forked_call import ForkedCall

SPLIT_DEPTH = 2  # levels listed here before the folders below are dealt out
SHARES = 2  # one per core of the machines portals run on


class HalvedWalk:
    """The walk of ``folder`` started now; lines() gives what stat_lines(folder) gives."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lines: list[str] = []
        self._mine: list[str] = []
        self._theirs: list[str] = []
        self._child: ForkedCall | None = None
        if folder.is_file():
            self._lines = stat_lines(folder)
            return
        folders = _list_levels(str(folder), self._lines)
        self._mine, self._theirs = folders[0::2], folders[1::2]
        if self._theirs:
            self._child = ForkedCall(partial(stat_walk, list(self._theirs), []))

    def lines(self) -> list[str]:
        lines = stat_walk(self._mine, self._lines)
        self._mine = []
        if self._child is not None:
            child, self._child = self._child, None
            # Nothing sent (the child failed): its half is walked here.
            lines += child.result(failed=partial(stat_walk, self._theirs, []))
        lines.sort()  # the order stat_lines() gives: by path
        return lines

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None


def walk_share(folder: Path, share: int) -> list[FileStat]:
    """walk_files(folder)'s entries in one of SHARES shares, in no set order: those of
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
    found: list[FileStat] = []
    for line in lines:
        path, size, time = line.split("\0")
        found.append((path, int(size), int(time)))
    return found


def _list_levels(root: str, lines: list[str]) -> list[str]:
    """The folders SPLIT_DEPTH levels below ``root``; the files above them go to ``lines``."""
    folders = [root]
    for _ in range(SPLIT_DEPTH):
        below: list[str] = []
        for folder in folders:
            scan_folder(folder, lines, below)
        folders = below
    return folders
