"""Where content lives: the language folders, a source file's place, and the one walker.

``content/vi/`` and ``content/en/`` hold stories (pages under ``pages/``),
``content/images/`` the files both languages share. Every part of the portal
that needs to know which language a file belongs to, or which files a folder
holds, asks this module, so that they never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("vi", "en")  # the first is the default language, served at /
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
SHARED_FOLDERS = ("images",)  # content/ folders that belong to no language
PAGES_FOLDER = "pages"

FileStat = tuple[str, int, int]  # (path, size, mtime_ns)


def url_prefix(lang: str) -> str:
    """What a language's addresses start with: nothing for the default language."""
    return "" if lang == LANGUAGES[0] else f"{lang}/"


@dataclass(frozen=True)
class SourcePath:
    """A story's or page's file: its language and its path inside the language folder."""

    lang: str
    relpath: str  # POSIX style, e.g. "2024/07/tap-huan.md"

    @property
    def kind(self) -> str:
        return "page" if self.relpath.startswith(f"{PAGES_FOLDER}/") else "article"

    @property
    def shown(self) -> str:
        """As editors see it, from the project folder."""
        return f"content/{self.lang}/{self.relpath}"

    def file(self, content: Path) -> Path:
        return content / self.lang / self.relpath

    @classmethod
    def of(cls, path: str | os.PathLike[str], content: str | os.PathLike[str]) -> SourcePath:
        """The place of ``path``, a file in one of ``content``'s language folders.

        String work rather than pathlib: it runs for every file of an archive.
        """
        prefix = os.fspath(content).rstrip(os.sep) + os.sep
        text = os.fspath(path)
        lang, _, relpath = text[len(prefix) :].partition(os.sep)
        if not text.startswith(prefix) or lang not in LANGUAGES or not relpath:
            raise ValueError(f"{path} is not in a language folder of {content}")
        return cls(lang, relpath.replace(os.sep, "/"))


def walk_files(
    root: Path,
    *,
    follow_links: bool = False,
    ignore: Callable[[str], bool] = lambda name: name == "__pycache__",
) -> list[FileStat]:
    """(path, size, mtime_ns) of every file under ``root`` (or ``root`` itself), sorted.

    os.scandir is several times faster than pathlib here, which matters for the
    20,000 files of a large output. A file that disappears while it is walked
    is left out: the next walk sees the change.
    """
    if root.is_file():
        stat = root.stat()
        return [(str(root), stat.st_size, stat.st_mtime_ns)]
    found = []
    folders = [str(root)] if root.is_dir() else []
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # gone meanwhile, or a link loop: as os.walk, pass it by
            continue
        for entry in entries:
            if ignore(entry.name):
                continue
            if entry.is_dir(follow_symlinks=follow_links):
                folders.append(entry.path)
            elif entry.is_file():
                try:
                    stat = entry.stat()
                except FileNotFoundError:
                    continue
                found.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return sorted(found)


class FolderWalks:
    """walk_files() for one build: each folder walked once, its subfolders taken from it."""

    def __init__(self) -> None:
        self._walked: dict[str, list[FileStat]] = {}

    def __call__(self, root: Path) -> list[FileStat]:
        key = str(root)
        for folder, files in self._walked.items():
            if key == folder:
                return files
            if key.startswith(folder + os.sep):
                return [entry for entry in files if entry[0].startswith(key + os.sep)]
        self._walked[key] = walk_files(root)
        return self._walked[key]


def markdown_files(folder: Path) -> list[Path]:
    """Every .md file under ``folder``, in a stable order; linked folders are read
    through, as Pelican reads them."""
    found = walk_files(folder, follow_links=True, ignore=lambda name: False)
    return [Path(path) for path, _, _ in found if path.endswith(".md")]


def story_files(content: Path) -> list[Path]:
    """Every story and page file of every language, language by language."""
    return [path for lang in LANGUAGES for path in markdown_files(content / lang)]


def symlinks_under(folder: Path) -> list[Path]:
    """Every symbolic link under ``folder``, not followed (scandir knows links without a stat)."""
    links, folders = [], [str(folder)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    links.append(Path(entry.path))
                elif entry.is_dir():
                    folders.append(entry.path)
    return sorted(links)


def inside_content(content: Path, base: Path, target: str) -> str | None:
    """The path ``target`` names from ``base``, or None when it leaves content/.

    Purely lexical (fast for thousands of links): symbolic links that leave
    content/ are refused on their own by the index.
    """
    root = os.path.normpath(content)
    full = os.path.normpath(os.path.join(base, target))
    return full if full.startswith(root + os.sep) else None


def lead_image_path(image: str) -> str:
    """The ``image:`` field as a path relative to content/."""
    return image.lstrip("/").removeprefix("{static}/")
