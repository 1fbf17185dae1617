"""Where content lives: the language folders, a source file's place, and the one walker.

``content/vi/`` and ``content/en/`` hold stories (pages under ``pages/``),
``content/images/`` the files both languages share. Every part of the portal
that needs to know which language a file belongs to, or which files a folder
holds, asks this module, so that they never disagree.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("vi", "en")  # the first is the default language, served at /
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
SHARED_FOLDERS = ("images", "files")  # content/ folders that belong to no language
PAGES_FOLDER = "pages"
# Each language's folder of legal documents (vnportal/model/documents.py).
DOCUMENT_FOLDERS = {"vi": "van-ban", "en": "documents"}

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
        """ "article" (a story), "page" or "document"."""
        if self.relpath.startswith(f"{PAGES_FOLDER}/"):
            return "page"
        if self.relpath.startswith(f"{DOCUMENT_FOLDERS.get(self.lang)}/"):
            return "document"
        return "article"

    @property
    def translation_path(self) -> str:
        """What pairs it with its translation: a document's path inside its folder."""
        if self.kind == "document":
            return self.relpath.split("/", 1)[1]
        return self.relpath

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


def ignored_name(name: str) -> bool:
    """Names in content/ that are no one's content: read by nothing, reported by nothing.

    Hidden files and folders (``.DS_Store``, ``.gitkeep``, macOS ``._x.md`` copies,
    Emacs ``.#x.md`` locks, Vim ``.x.md.swp`` swaps) and editors' backups and
    autosaves (``x.md~``, ``#x.md#``): they come and go while an editor works, so
    stopping the build for them would make the preview flicker between errors.
    Pelican skips the same names (``IGNORE_FILES`` in pelicanconf.py).
    """
    return name.startswith(".") or name.endswith("~") or (name[:1] == name[-1:] == "#")


def entries_under(
    folder: Path, ignore: Callable[[str], bool] = ignored_name
) -> list[os.DirEntry[str]]:
    """Every file and symbolic link under ``folder``, sorted by path, links never followed.

    A link is an entry of its own whatever it points at (a file, a folder, itself,
    nothing), so a link loop cannot make the walk go round, and a new link is
    seen like a new file. Folders whose name ``ignore`` accepts are not entered.
    """
    found = []
    folders = [str(folder)]
    while folders:
        try:
            with os.scandir(folders.pop()) as scan:
                entries = list(scan)
        except OSError:  # gone meanwhile, or not a folder: the next walk sees it
            continue
        for entry in entries:
            if ignore(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            else:
                found.append(entry)
    return sorted(found, key=lambda entry: entry.path)


def walk_files(
    root: Path,
    *,
    ignore: Callable[[str], bool] = lambda name: name == "__pycache__",
) -> list[FileStat]:
    """(path, size, mtime_ns) of every file under ``root`` (or ``root`` itself), sorted.

    os.scandir is several times faster than pathlib here, which matters for the
    20,000 files of a large output. Symbolic links are not followed: each is
    listed with its own size and time, so adding or changing one is a change
    (the index refuses links in content/). A file that disappears while it is
    walked is left out: the next walk sees the change.
    """
    if root.is_file():
        stat = root.stat()
        return [(str(root), stat.st_size, stat.st_mtime_ns)]
    found = []
    for entry in entries_under(root, ignore):
        try:
            stat = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        found.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return found


def stat_lines(root: Path) -> list[str]:
    """``path\0size\0mtime_ns`` of every file walk_files(root) lists, in its order.

    The same files and order, made without DirEntry lists and key functions: the
    "nothing changed" answer looks at every file of content/ and output/ (tens of
    thousands) and little else, so this loop is most of its time.
    """
    if root.is_file():
        stat = root.stat()
        return [f"{root}\0{stat.st_size}\0{stat.st_mtime_ns}"]
    lines: list[str] = []
    stat_walk([str(root)], lines)
    lines.sort()  # "\0" sorts before every character of a name: the order of the paths
    return lines


def stat_line(path: str, size: int, mtime_ns: int) -> str:
    """The line stat_lines() gives for one file."""
    return f"{path}\0{size}\0{mtime_ns}"


def path_of(line: str) -> str:
    """The path of a stat line (a path holds no zero byte)."""
    return line[: line.index("\0")]


def entries_of(lines: list[str]) -> list[FileStat]:
    """walk_files() entries of stat_lines() lines, in their order."""
    found: list[FileStat] = []
    for line in lines:
        path, size, time = line.split("\0")
        found.append((path, int(size), int(time)))
    return found


def stat_walk(folders: list[str], lines: list[str]) -> list[str]:
    """Add the stat line of every file under ``folders`` to ``lines``, in no set order."""
    while folders:
        scan_folder(folders.pop(), lines, folders)
    return lines


def scan_folder(folder: str, lines: list[str], below: list[str]) -> None:
    """The stat lines of ``folder``'s files go to ``lines``, its folders to ``below``."""
    try:
        scan = os.scandir(folder)
    except OSError:  # gone meanwhile, or not a folder: the next walk sees it
        return
    with scan:
        for entry in scan:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                below.append(entry.path)
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            lines.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}")  # stat_line()


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
                # The walk is sorted by path: the folder's files are the paths from
                # "key/" up to, not including, "key" followed by the character after "/".
                start = bisect_left(files, (key + os.sep,))
                end = bisect_left(files, (key + chr(ord(os.sep) + 1),), start)
                return files[start:end]
        self._walked[key] = walk_files(root)
        return self._walked[key]

    def take(self, walked: dict[Path, list[str]]) -> None:
        """Walks made as stat_lines() (the "nothing changed" check), taken as this build's
        own: the same files, sizes and times in the same order."""
        for root, lines in walked.items():
            self._walked[str(root)] = entries_of(lines)

    def forget(self) -> None:
        """Let go of every walk: a folder asked for again is walked again."""
        self._walked.clear()


def markdown_files(folder: Path) -> list[Path]:
    """Every .md file under ``folder``, in a stable order.

    Symbolic links are left out, even those named .md: the index refuses them
    (``symlinks_under``), and a link is reported as a link, not read.
    """
    return [
        Path(entry.path)
        for entry in entries_under(folder)
        if entry.name.endswith(".md") and not entry.is_symlink()
    ]


def story_files(content: Path) -> list[Path]:
    """Every story and page file of every language, language by language."""
    return [path for lang in LANGUAGES for path in markdown_files(content / lang)]


def other_files(folder: Path) -> list[Path]:
    """Files under a language folder that are not stories (not .md, not links, not ignored)."""
    return [
        Path(entry.path)
        for entry in entries_under(folder)
        if not entry.name.endswith(".md") and not entry.is_symlink()
    ]


def symlinks_under(folder: Path) -> list[Path]:
    """Every symbolic link under ``folder``, not followed (scandir knows links without a stat)."""
    return [Path(entry.path) for entry in entries_under(folder) if entry.is_symlink()]


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
