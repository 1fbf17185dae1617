"""Every file's own checks, spread over the cores, each taken from a cache when it can be."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from .one_file import FileCheck, check_file

# Below this many files, starting processes costs more than it saves.
PARALLEL_FROM = 200


class FileChecksCache(Protocol):
    """Earlier results by file identity (the build's cache; see vnportal/build/index_stage.py)."""

    def take(self, text: str) -> Any: ...

    def put(self, text: str, value: Any) -> None: ...


def check_files(
    paths: list[Path],
    content: Path,
    settings: dict[str, Any],
    *,
    fix: bool = False,
    cache: FileChecksCache | None = None,
) -> list[FileCheck]:
    """``check_file`` for each path, in order; an unchanged file's result comes from ``cache``.

    A file's identity for the cache is its path, size and modification time.
    """
    if fix or cache is None:
        return _check_all(paths, content, settings, fix)
    identities = []
    for path in paths:
        stat = path.stat()
        identities.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    files = [cache.take(identity) for identity in identities]
    changed = [i for i, file in enumerate(files) if file is None]
    rechecked = _check_all([paths[i] for i in changed], content, settings, fix)
    for i, file in zip(changed, rechecked, strict=True):
        cache.put(identities[i], file)
        files[i] = file
    return files


def _check_all(
    paths: list[Path], content: Path, settings: dict[str, Any], fix: bool
) -> list[FileCheck]:
    """``check_file`` for each path, spread over the machine's cores when there are many.

    Each file's checks are independent of the others'; on a first build of a
    large archive they take seconds that would otherwise keep one core idle.
    """
    workers = min(len(os.sched_getaffinity(0)), 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [check_file(path, content, settings, fix) for path in paths]
    check = partial(check_file, content=content, settings=settings, fix=fix)
    # This process takes an equal share itself: results coming back from the other
    # processes must be unpickled here, which costs about a tenth of checking them.
    own, others = paths[: len(paths) // workers], paths[len(paths) // workers :]
    # fork: the workers inherit the imported modules, so starting them is cheap.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        chunk = max(1, len(others) // ((workers - 1) * 4))
        theirs = pool.map(check, others, chunksize=chunk)
        return [check(path) for path in own] + list(theirs)
