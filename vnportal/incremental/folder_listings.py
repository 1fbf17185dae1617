"""Folder listings kept between walks of output/, each used while its folder's time stands.

A built site has a folder per page: at 5,000 story pairs 23,000 folders for
33,000 files. Listing a folder costs the kernel five calls (open, stat, two
reads, close) where a file costs one stat, so listing the folders was most of
the "nothing changed" answer. A folder's modification time changes whenever a
name in it is added, removed or renamed; while the time is what it was when the
folder was listed, its names are the same, and the walk stats its files and
subfolders by name. Each file is still stat'ed: a page changed in place keeps
its folder's time but not its own.

A listing is kept only if the folder's time was MARGIN before the walk began: a
file system's clock ticks coarsely (a jiffy, on some a second or two), and a name
added within the same tick would leave the time as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model.sources import scan_folder

# Modification time, then the names of the folder's files and of its subfolders.
Listing = tuple[int, tuple[str, ...], tuple[str, ...]]
MARGIN_NS = 3_000_000_000
# Relisting a folder costs about as much as writing 20 listings down: the listings are
# written again only when more than one in this many was listed anew.
REWRITE_SHARE = 20


@dataclass
class ListedWalk:
    """The stat lines of a walk, the listings it took that may be kept, and the folders
    whose kept listing no longer held."""

    lines: list[str] = field(default_factory=list)
    fresh: dict[str, Listing] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)

    def add(self, other: ListedWalk) -> None:
        self.lines += other.lines
        self.fresh.update(other.fresh)
        self.stale += other.stale


def listed_walk(
    folders: list[str], lines: list[str], kept: Mapping[str, Listing], root: str
) -> ListedWalk:
    """stat_walk(folders, lines), each folder's names taken from ``kept`` while its time
    is the one kept with them. Folders under ``root`` are named from it in ``kept`` (the
    listings a third smaller, and of use if output/ is moved)."""
    walk = ListedWalk(lines)
    since = time.time_ns() - MARGIN_NS
    start = len(root) + 1
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    while folders:
        folder = folders.pop()
        try:
            # Before the folder is listed: a name added meanwhile changes the time again.
            mtime = os.stat(folder).st_mtime_ns
        except OSError:  # gone meanwhile: the next walk sees it
            continue
        key = folder[start:]
        listing = kept.get(key)
        prefix = folder + os.sep
        if listing is not None and listing[0] == mtime:
            for name in listing[1]:
                path = prefix + name
                try:
                    stat = os.lstat(path)
                except FileNotFoundError:
                    continue
                lines.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
            folders += [prefix + name for name in listing[2]]
            continue
        if listing is not None:
            walk.stale.append(key)
        first_line, first_folder = len(lines), len(folders)
        scan_folder(folder, lines, folders)
        if mtime < since:
            cut = len(prefix)
            files = tuple(line[cut : line.index("\0", cut)] for line in lines[first_line:])
            below = tuple(path[cut:] for path in folders[first_folder:])
            # One object for the same names (most folders hold just index.html): marshal
            # writes a repeated object once.
            walk.fresh[key] = (
                mtime,
                names.setdefault(files, files),
                names.setdefault(below, below),
            )
    return walk


def updated_listings(kept: Mapping[str, Listing], walk: ListedWalk) -> dict[str, Listing] | None:
    """The listings to keep after ``walk``, or None when those kept serve nearly as well
    (a rebuild changed a few folders: listing them again costs less than the writing)."""
    changed = len(walk.fresh) + len(walk.stale)
    if not changed or changed * REWRITE_SHARE < len(kept):
        return None
    listings = dict(kept)
    for folder in walk.stale:
        listings.pop(folder, None)
    listings.update(walk.fresh)
    return listings


def readable_listings(data: object) -> dict[str, Listing]:
    """Listings as read from the cache; none if the file is not what this module wrote."""
    return data if isinstance(data, dict) else {}


def walk_keeping_listings(root: Path) -> tuple[list[str], dict[str, Listing]]:
    """stat_lines(root), and the listings of its folders for the next walks: a cold build's
    walk of the output/ it just made, so that the next "nothing changed" lists few."""
    walk = listed_walk([str(root)], [], {}, str(root))
    walk.lines.sort()  # the order stat_lines() gives: by path
    return walk.lines, walk.fresh
