"""The photos of an imported story: found on disk, copied into content/images.

A figure keeps every address its input gave for the photo (``Figure.sources``).
``PhotoFinder`` looks for each as a file:

* relative addresses (a page saved "complete" keeps its photos in
  ``Trang_files/``; ``wget --convert-links`` writes ``../uploads/a.jpg``) next
  to the input file;
* absolute paths (``/uploads/2024/07/a.jpg``) and addresses on the old site
  (``https://old.example/uploads/…``) under the saved site's root, also under
  ``<root>/<host>/`` as ``wget --mirror`` lays it out, and under ``uploads/`` or
  ``wp-content/uploads/`` beside a WordPress export.

Only files inside the input's folder or the site's root are taken, and only
photos (JPEG, PNG, GIF, WebP, AVIF by their first bytes, at most
MAX_PHOTO_BYTES): an SVG can carry scripts and is left as a to-do.

``place_photos`` names each one ``images/<yyyy>/<mm>/<story-slug>-<n>.<ext>``
(ASCII), reusing a file already there with the same bytes and never
replacing another; ``copy_photos`` writes them once the story is written.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from .papers import split_address
from .story import Figure, ImportedStory, story_slug

MAX_PHOTO_BYTES = 20 * 1024 * 1024
PHOTO_SLUG_LENGTH = 40
_SIGNATURES = (
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)


def photo_kind(path: Path) -> str | None:
    """'.jpg', '.png' … by the file's first bytes; None for anything else."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_PHOTO_BYTES:
            return None
        with path.open("rb") as file:
            head = file.read(16)
    except OSError:
        return None
    for signature, suffix in _SIGNATURES:
        if head.startswith(signature):
            return suffix
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head[4:12] in (b"ftypavif", b"ftypavis"):
        return ".avif"
    return None


@dataclass(frozen=True)
class PhotoFinder:
    """Where an input's photos may be: its folder, and a saved site's root and address."""

    folder: Path
    site_root: Path | None = None
    site_host: str = ""
    allowed: tuple[Path, ...] = field(default=())

    @classmethod
    def beside(cls, path: Path, site_root: Path | None = None, site_host: str = "") -> PhotoFinder:
        folder = path.parent.resolve()
        roots = [folder] + ([site_root.resolve()] if site_root is not None else [])
        return cls(folder, site_root.resolve() if site_root else None, site_host, tuple(roots))

    def find(self, addresses: Sequence[str]) -> Path | None:
        for address in addresses:
            for candidate in self._candidates(address):
                if self._inside(candidate) and photo_kind(candidate):
                    return candidate
        return None

    def _candidates(self, address: str) -> list[Path]:
        parts = split_address(address.strip())
        if parts is None:
            return []
        path = unquote(parts.path)
        if not path or "\x00" in path:
            return []
        roots = [root for root in (self.site_root, self.folder) if root is not None]
        if parts.scheme in ("http", "https"):
            relative = path.lstrip("/")
            found = []
            for root in roots:
                found += [root / relative, root / (parts.hostname or "") / relative]
                if "wp-content/uploads/" in relative:
                    rest = relative.split("wp-content/uploads/", 1)[1]
                    found += [root / "uploads" / rest, root / "wp-content" / "uploads" / rest]
            return found
        if parts.scheme not in ("", "file"):
            return []
        if path.startswith("/"):
            return [root / path.lstrip("/") for root in roots]
        return [self.folder / path]

    def _inside(self, candidate: Path) -> bool:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return False
        return any(resolved.is_relative_to(root) for root in self.allowed)


@dataclass(frozen=True)
class PhotoCopy:
    """One photo to copy: from the input's file to content/<target>."""

    source: Path
    target: str  # 'images/2024/07/x.jpg', relative to content/


def place_photos(
    story: ImportedStory, finder: PhotoFinder | None, content_dir: Path
) -> list[PhotoCopy]:
    """Give each figure whose file was found its place under content/images.

    The names are the story's slug and the photo's number; a file of that name
    with the same bytes is reused (the same input imported again), another one
    is never replaced (the next free name is taken).
    """
    if finder is None:
        return []
    copies: list[PhotoCopy] = []
    folder = f"images/{story.date:%Y}/{story.date:%m}"
    stem = story_slug(story.title, PHOTO_SLUG_LENGTH)
    taken: set[str] = set()
    number = 0
    for index, block in enumerate(story.blocks):
        if not isinstance(block, Figure) or not block.sources:
            continue
        found = finder.find(block.sources)
        if found is None:
            continue
        number += 1
        suffix = photo_kind(found) or ".jpg"
        target = _free_name(content_dir, folder, f"{stem}-{number}", suffix, found, taken)
        taken.add(target)
        copies.append(PhotoCopy(found, target))
        story.blocks[index] = replace(block, local=target)
    return copies


def _free_name(
    content_dir: Path, folder: str, stem: str, suffix: str, source: Path, taken: set[str]
) -> str:
    data = None
    for attempt in range(1, 1000):
        name = f"{folder}/{stem}{suffix}" if attempt == 1 else f"{folder}/{stem}-{attempt}{suffix}"
        if name in taken:
            continue
        existing = content_dir / name
        if not existing.exists():
            return name
        if data is None:
            data = source.read_bytes()
        try:
            if existing.is_file() and existing.read_bytes() == data:
                return name
        except OSError:
            continue
    raise OSError(f"too many photos named {folder}/{stem}-N{suffix}")


def copy_photos(copies: Sequence[PhotoCopy], content_dir: Path) -> int:
    """Copy the photos that are not there yet; never replace a file. How many were copied."""
    copied = 0
    for copy in copies:
        target = content_dir / copy.target
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with copy.source.open("rb") as source, target.open("xb") as written:
            shutil.copyfileobj(source, written)
        copied += 1
    return copied
