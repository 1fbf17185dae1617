"""Stage 1 of a build: every file's checks and the index, before any page is made.

Errors that stop a file from being read stop the build here, with every
problem at once. The checks across files (a few tenths of a second on a large
archive) are left for ``IndexStage.across_files``, which the build runs while
its language workers build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..check.across_files import across_files, index_or_problems
from ..check.every_file import check_files
from ..check.one_file import FileCheck
from ..check.report import ERROR, Problem
from ..incremental.caches import BuildCache, KeyedCache
from ..incremental.fingerprints import code_digest, settings_digest
from ..model.digests import digest
from ..model.errors import BuildError
from ..model.index import ReadSource, SiteIndex
from ..model.sources import FileStat, story_files, walk_files
from ..model.vietnamese import TIMEZONE
from .report import print_warnings


def file_checks_cache(
    settings: dict[str, Any], walk: Callable[[Path], list[FileStat]] = walk_files
) -> KeyedCache:
    """Each file's checks from earlier builds, keyed by its path, size and time.

    A file's checks also look at which other files exist (images, linked
    stories), so the cache is keyed by the list of every file under content/ too.
    """
    every_file = [path for path, _, _ in walk(Path(settings["PATH"]))]
    return KeyedCache(
        BuildCache(settings).checks_path(),
        # Today's date: whether a date lies in the future changes with it.
        digest(
            code_digest(), settings_digest(settings), datetime.now(TIMEZONE).date(), *every_file
        ),
    )


@dataclass
class IndexStage:
    """The index, and what the checks read and found on the way."""

    index: SiteIndex
    files: list[FileCheck]
    warnings: list[Problem]  # of each file on its own; those across files come later
    settings: dict[str, Any]
    cache: KeyedCache | None

    def sources(self, lang: str | None = None) -> dict[str, ReadSource]:
        """What the language builds (``lang``'s only, if given) may use of each file
        instead of parsing it again."""
        files = [file for file in self.files if lang is None or file.lang == lang]
        read = ((str(file.path), file.read_source()) for file in files)
        return {path: source for path, source in read if source is not None}

    def across_files(self) -> list[Problem]:
        """The checks across files; the per-file results are saved for next time."""
        if self.cache is not None:
            self.cache.save()
        return across_files(self.index, self.files, self.settings)


def read_index(
    settings: dict[str, Any], walk: Callable[[Path], list[FileStat]], use_cache: bool
) -> IndexStage:
    """Check every file and build the index; raise BuildError listing every error."""
    content = Path(settings["PATH"])
    cache = file_checks_cache(settings, walk) if use_cache else None
    files = check_files(story_files(content), content, settings, cache=cache)
    problems = [problem for file in files for problem in file.problems]
    index, index_problems = index_or_problems(content, settings, files)
    problems += index_problems
    stage = IndexStage(index, files, [], settings, cache) if index is not None else None
    if stage is None or any(problem.severity == ERROR for problem in problems):
        if stage is not None:
            problems += stage.across_files()  # every problem at once
        elif cache is not None:
            cache.save()
        problems.sort(key=lambda p: (p.path, p.line or 0))
        print_warnings([str(p) for p in problems if p.severity != ERROR])
        raise BuildError([str(p) for p in problems if p.severity == ERROR])
    stage.warnings = problems
    return stage
