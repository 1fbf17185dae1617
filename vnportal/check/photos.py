"""The photos of content/images/: each checked once, reported where stories show it.

A damaged photo, one whose ending lies about its format, or one of absurd
size stops the build; a heavy photo or one that says where it was taken is a
warning (the published copies are resized and carry no EXIF). A problem is
reported at every story line that shows the photo, so the editor finds it
from the story they are working on; a photo no story shows is reported at
its own file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..model.photos import PhotoError, PhotoFacts, PhotoLimits, inspect_photo, is_photo
from ..model.sources import walk_files
from .every_file import FileChecksCache
from .one_file import FileCheck
from .report import ERROR, WARNING, Problem, from_project

Facts = PhotoFacts | PhotoError


def inspect_photos(
    content: Path, limits: PhotoLimits, cache: FileChecksCache | None = None
) -> dict[str, Facts]:
    """Every photo under content/images/ decoded in full (``invoke check``).

    ``cache``: earlier results by the photo's path, size and time, so that a
    decade of photos is not decoded again at every check.
    """
    found: dict[str, Facts] = {}
    root = str(content) + "/"
    for path, size, mtime in walk_files(content / "images"):
        relpath = path[len(root) :]
        if not is_photo(relpath):
            continue
        key = f"photo\0{relpath}\0{size}\0{mtime}\0{limits}"
        known = cache.take(key) if cache is not None else None
        if known is None:
            try:
                known = inspect_photo(Path(path).read_bytes(), relpath, limits)
            except PhotoError as error:
                known = error
            if cache is not None:
                cache.put(key, known)
        found[relpath] = known
    return found


def photo_problems(
    files: Iterable[FileCheck], facts: Mapping[str, Facts], content: Path, limits: PhotoLimits
) -> list[Problem]:
    """Problems of the photos in ``facts``, at each place a story shows them."""
    shown_at: dict[str, list[tuple[str, int | None]]] = {}
    for file in files:
        for line, relpath in file.images:
            shown_at.setdefault(relpath, []).append((file.shown, line))
    problems = []
    for relpath, found in sorted(facts.items()):
        places = shown_at.get(relpath) or [(from_project(content / relpath, content.parent), None)]
        for what in _problems_of(relpath, found, limits):
            problems += [Problem(path, line, *what) for path, line in places]
    return problems


def _problems_of(relpath: str, found: Facts, limits: PhotoLimits) -> list[tuple[str, str, str]]:
    if isinstance(found, PhotoError):
        return [(ERROR, found.problem, found.fix)]
    problems = []
    if found.size > limits.max_bytes:
        problems.append(
            (
                WARNING,
                f"the photo '{relpath}' is {_megabytes(found.size)}, more than the "
                f"{_megabytes(limits.max_bytes)} a photo should be",
                "save it at about 2,000 px wide before adding it: the site makes smaller "
                "copies anyway, and every copy of the archive carries the original",
            )
        )
    if found.has_gps:
        problems.append(
            (
                WARNING,
                f"the photo '{relpath}' records the GPS position where it was taken",
                "the site publishes it without (EXIF is removed), but the file in content/ "
                "keeps it: remove the position in a photo editor if the place is private",
            )
        )
    return problems


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
