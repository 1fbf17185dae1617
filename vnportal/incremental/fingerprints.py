"""Incremental builds: redo only the work whose inputs changed since the last good build.

Each level is keyed by a digest of everything that can change its result:

1. The whole build. When no input file changed (content, theme, our code, the
   settings files) and ``output/`` is as the last build left it, nothing runs.
2. A language. When none of its inputs changed, its run is skipped.
3. A story's Markdown conversion, kept per language in a cache file; each
   file's checks and index line, and the choice of related stories, likewise.
4. Each output file. Its key covers what its template shows (the story, the
   cards of the stories it lists, the language links, navigation, settings,
   theme and code); when the key matches the previous build's, the file in
   ``output/`` is left as it is instead of being rendered again.

Everything lives under ``CACHE_PATH`` (``.cache/`` beside the settings file);
deleting it gives a cold build. The tests compare incremental builds with cold
builds byte for byte after every kind of edit.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]  # vnportal/
CACHE_VERSION = "1"
# Libraries whose upgrade can change the output.
LIBRARIES = ("pelican", "markdown", "nh3", "babel", "feedgen", "beautifulsoup4", "jinja2", "pyyaml")
# Settings that differ between builds without changing any page.
VOLATILE_SETTINGS = {
    "PORTAL_INDEX",
    "PORTAL_PREVIOUS",
    "PORTAL_STAGING",
    "OUTPUT_PATH",
    "CACHE_PATH",
}


def digest(*parts: object) -> str:
    hasher = hashlib.sha1(CACHE_VERSION.encode())
    for part in parts:
        hasher.update(b"\0")
        hasher.update(part if isinstance(part, bytes) else str(part).encode())
    return hasher.hexdigest()


@cache
def code_digest() -> str:
    """Our package's source and the versions of the libraries that shape output."""
    sources = [path.read_bytes() for path in sorted(PACKAGE.rglob("*.py"))]
    versions = [metadata.version(name) for name in LIBRARIES]
    return digest(sys.version_info[:2], *versions, *sources)


def files_digest(roots: Iterable[Path], walk: Callable[[Path], list] | None = None) -> str:
    """Names, sizes and modification times of every file under ``roots``."""
    entries = []
    for root in roots:
        found = (walk or walk_files)(root)
        entries += [f"{path}\0{size}\0{mtime}" for path, size, mtime in found]
    return digest(*entries)


class FolderWalks:
    """walk_files() for a build: each folder walked once, its subfolders taken from it."""

    def __init__(self) -> None:
        self._walked: dict[str, list[tuple[str, int, int]]] = {}

    def __call__(self, root: Path) -> list[tuple[str, int, int]]:
        key = str(root)
        for folder, files in self._walked.items():
            if key == folder:
                return files
            if key.startswith(folder + os.sep):
                return [entry for entry in files if entry[0].startswith(key + os.sep)]
        self._walked[key] = walk_files(root)
        return self._walked[key]


def walk_files(root: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every file under ``root``, sorted; os.scandir is
    several times faster than pathlib here, which matters for 20,000 output files."""
    if root.is_file():
        stat = root.stat()
        return [(str(root), stat.st_size, stat.st_mtime_ns)]
    found = []
    folders = [str(root)] if root.is_dir() else []
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return sorted(found)


def settings_digest(settings: dict[str, Any]) -> str:
    stable = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
    return digest(json.dumps(stable, sort_keys=True, default=lambda o: type(o).__name__))


def input_fingerprint(
    settings_file: Path, settings: dict[str, Any], walk: Callable[[Path], list] | None = None
) -> str:
    """Everything a build reads: when this is unchanged, so is the output."""
    roots = [Path(settings["PATH"]), Path(settings["THEME"]), *settings_file.parent.glob("*.py")]
    return digest(code_digest(), files_digest(roots, walk), settings_digest(settings))


def language_inputs(
    settings: dict[str, Any],
    index: Any,
    lang: str,
    copies_images: bool,
    walk: Callable[[Path], list] | None = None,
) -> str:
    """Everything one language's pages are made from, for skipping its whole run.

    Its own files, what its pages show of the other language (translation
    links, which tag and category pages exist there), the shared images (the
    default language copies them), theme, code and settings.
    """
    content = Path(settings["PATH"])
    own = [content / lang, Path(settings["THEME"])]
    if copies_images:
        own.append(content / "images")
    others = []
    for entry in index.entries:
        if entry.lang != lang:
            others.append(
                f"{entry.lang}\0{entry.kind}\0{entry.translation_key}\0{entry.url}\0{entry.status}"
            )
    for other in {e.lang for e in index.entries} - {lang}:
        slugs = index.listing_slugs(other)
        others += [
            f"{other}\0{kind}\0{slug}" for kind in sorted(slugs) for slug in sorted(slugs[kind])
        ]
    return digest(
        code_digest(), settings_digest(settings), lang, files_digest(own, walk), *sorted(others)
    )


def signature_of(files: list[tuple[str, int, int]]) -> str:
    """Of an output folder's walk_files(): notices any change made to it since it was built."""
    return digest(*(f"{path}\0{size}\0{mtime}" for path, size, mtime in files))


class BuildCache:
    """The cache folder: one subfolder per output folder, plus shared Markdown caches."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.folder = Path(settings["CACHE_PATH"]) / "vnportal"

    def markdown_path(self, lang: str) -> Path:
        return self.folder / f"markdown-{lang}.pickle"

    def checks_path(self) -> Path:
        return self.folder / "checks.pickle"

    def _for(self, output: Path) -> Path:
        return self.folder / digest(output.resolve())[:16]

    def stamp(self, output: Path) -> dict[str, Any]:
        return _read_json(self._for(output) / "stamp.json") or {}

    def page_keys(self, output: Path, lang: str) -> dict[str, str]:
        return _read_json(self._for(output) / f"pages-{lang}.json") or {}

    def save(
        self, output: Path, stamp: dict[str, Any], page_keys: dict[str, dict[str, str]]
    ) -> None:
        folder = self._for(output)
        for lang, keys in page_keys.items():
            _write_json(folder / f"pages-{lang}.json", keys)
        _write_json(folder / "stamp.json", stamp)  # last: it vouches for the rest

    def forget(self, output: Path) -> None:
        (self._for(output) / "stamp.json").unlink(missing_ok=True)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


class KeyedCache:
    """Values computed from a text key (a story body, a file's identity), kept on disk.

    Only the entries a build used are saved, so deleted stories leave the cache.
    """

    def __init__(self, path: Path | None, salt: str) -> None:
        self.path = path
        self.salt = salt
        self._old: dict[str, Any] = self._load()
        self._used: dict[str, Any] = {}

    def _load(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as source:
                data = pickle.load(source)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            # A cache written by another version of the code: start afresh.
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, text: str, compute: Callable[[str], Any]) -> Any:
        key = digest(self.salt, text)
        if key not in self._used:
            self._used[key] = self._old[key] if key in self._old else compute(text)
        return self._used[key]

    def take(self, text: str) -> Any:
        """The value kept for ``text`` (kept for next time too), or None."""
        key = digest(self.salt, text)
        if key not in self._used and key in self._old:
            self._used[key] = self._old[key]
        return self._used.get(key)

    def put(self, text: str, value: Any) -> None:
        self._used[digest(self.salt, text)] = value

    def save(self, *, in_background: bool = False) -> None:
        """Write the entries used in this run, if they differ from the file's.

        ``in_background``: a forked copy of this process writes them while this one
        goes on (tens of megabytes of Markdown take a few tenths of a second). The
        file is replaced in one step, so a build starting meanwhile reads the old one.
        """
        if self.path is None or self._used.keys() == self._old.keys():
            return  # nothing new and nothing gone: the file on disk is right
        if in_background and os.fork() != 0:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as target:
                pickle.dump(self._used, target, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.path)
        finally:
            if in_background:
                os._exit(0)  # the copy ends here, without running the rest of the build


# --- page keys -------------------------------------------------------------------------

_CARD_FIELDS = ("url", "title", "summary", "image_url", "image_alt", "status")


def _named(item: Any) -> str:
    return f"{item.name}\0{item.slug}" if item is not None else ""


def card_digest(article: Any) -> str:
    """What a listing shows of a story."""
    cached = getattr(article, "_portal_card", None)
    if cached is None:
        cached = digest(
            *(getattr(article, name, "") for name in _CARD_FIELDS),
            getattr(article, "date", ""),
            getattr(article, "modified", ""),
            _named(getattr(article, "category", None)),
            _named(getattr(article, "author", None)),
            *(_named(tag) for tag in getattr(article, "tags", [])),
        )
        article._portal_card = cached
    return cached


def content_digest(content: Any) -> str:
    """Everything a story's own page shows: its file, names, links and neighbours."""
    cached = getattr(content, "_portal_content", None)
    if cached is None:
        neighbours = [getattr(content, name, None) for name in ("newer", "older")]
        cached = digest(
            content.source_path,
            getattr(content, "source_digest", ""),
            getattr(content, "translation_key", ""),
            card_digest(content),
            *(card_digest(item) if item is not None else "-" for item in neighbours),
            *(card_digest(item) for item in getattr(content, "related", [])),
        )
        content._portal_content = cached
    return cached


def _terms_digest(terms: Iterable[tuple[Any, list[Any]]]) -> str:
    return digest(*(f"{_named(term)}\0{len(items)}" for term, items in terms))


# Templates that list every tag, category or author, or every story by date.
_TERM_TEMPLATES = {"tags.html", "categories.html", "authors.html", "feeds.html"}
_DATE_TEMPLATES = {"archives.html", "period_archives.html"}


@dataclass
class PageReuse:
    """Decides, output file by output file, whether the previous build's copy will do."""

    settings: dict[str, Any]
    old_output: Path | None = None
    old_keys: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # this build's manifest
    reused: set[str] = field(default_factory=set)
    _salt: str | None = None

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> PageReuse:
        previous = settings.get("PORTAL_PREVIOUS") or {}
        old = previous.get("output")
        return cls(settings, Path(old) if old else None, dict(previous.get("keys", {})))

    def salt(self, context: dict[str, Any]) -> str:
        """What every page shows alike: settings, theme, code, navigation."""
        if self._salt is None:
            self._salt = digest(
                code_digest(),
                files_digest([Path(self.settings["THEME"])]),
                settings_digest(self.settings),
                _terms_digest(context.get("categories", [])),
                *(f"{page.url}\0{page.title}" for page in context.get("pages", [])),
            )
        return self._salt

    def page_key(self, template: str, localcontext: dict[str, Any], languages: Any) -> str:
        parts: list[object] = [
            self.salt(localcontext),
            template,
            localcontext["output_file"],
            repr(languages),
        ]
        for name in ("article", "page"):
            item = localcontext.get(name)
            if hasattr(item, "source_path"):
                parts.append(content_digest(item))
        for name in ("tag", "category", "author"):
            if name in localcontext:
                parts.append(f"{name}\0{_named(localcontext[name])}")
        listing = localcontext.get("articles_page")
        if listing is not None:
            parts += [listing.number, listing.paginator.num_pages, listing.paginator.count]
            parts += [card_digest(item) for item in listing.object_list]
        if template in _TERM_TEMPLATES:
            parts += [
                _terms_digest(localcontext.get(name, []))
                for name in ("tags", "categories", "authors")
            ]
        if template in _DATE_TEMPLATES:
            parts.append(localcontext.get("period", ""))
            parts += [card_digest(item) for item in localcontext.get("dates", [])]
        return digest(*parts)

    def decide(self, relpath: str, key: str) -> bool:
        """Record the key; True when the previous file can be reused as it is."""
        self.keys[relpath] = key
        old = self.old_output / relpath if self.old_output else None
        if old is not None and self.old_keys.get(relpath) == key and old.is_file():
            self.reused.add(relpath)
            return True
        return False


_MARKDOWN_CACHES: dict[tuple[Path | None, str], KeyedCache] = {}


def markdown_cache(path: Path | None, salt: str) -> KeyedCache:
    """One cache per file and process, shared by the article and page readers."""
    key = (path, salt)
    if key not in _MARKDOWN_CACHES:
        _MARKDOWN_CACHES[key] = KeyedCache(path, salt)
    return _MARKDOWN_CACHES[key]


def save_markdown_caches(*_: Any) -> None:
    for cache_ in _MARKDOWN_CACHES.values():
        cache_.save(in_background=True)
    _MARKDOWN_CACHES.clear()
