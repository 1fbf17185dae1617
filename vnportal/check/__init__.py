"""The content checker: every problem an editor can fix, one line each.

``invoke check`` and every build run it. A problem reads
``content/vi/2024/07/x.md:3: error: what is wrong — how to fix it``; errors stop
the build, warnings do not. Files are read by the build's own code (the
front matter reader, the index, the link rule in ``vnportal/model/``), so the
checker and the build never disagree on what is valid. On top of that it
finds what the build accepts but an editor would not want: misspelt field
names, images without descriptions, text not in NFC, links to addresses that
do not exist, translations that drifted apart and names that lost some of
their accents, and photos that are damaged, too heavy or that say where they were taken.

``one_file`` checks a file on its own, ``every_file`` runs it over all files
(in parallel, cached by the build), ``across_files`` runs the index and the
checks that need several files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.photos import PhotoLimits
from ..model.sources import story_files
from .across_files import across_files, index_or_problems, topic_guesses
from .attachments import attachment_problems
from .every_file import FileChecksCache, check_files
from .photos import inspect_photos, photo_problems
from .report import CheckReport, Problem

__all__ = ["CheckReport", "Problem", "check_content"]


def check_content(
    content: Path,
    settings: dict[str, Any],
    *,
    fix: bool = False,
    cache: FileChecksCache | None = None,
) -> CheckReport:
    """Check every story and page under ``content``; ``fix`` rewrites non-NFC files."""
    files = check_files(story_files(content), content, settings, fix=fix, cache=cache)
    problems = [problem for file in files for problem in file.problems]
    index, index_problems = index_or_problems(content, settings, files)
    problems += index_problems
    notes = []
    if index is not None:
        problems += across_files(index, files, settings)
        notes = topic_guesses(index, settings)
    limits = PhotoLimits.of(settings)
    photos = inspect_photos(content, limits, cache)
    problems += photo_problems(files, photos, content, limits)
    problems += attachment_problems(files, content, settings)
    fixed = [f.shown for f in files if f.fixed]
    return CheckReport(problems, len(files), index, fixed, notes)
