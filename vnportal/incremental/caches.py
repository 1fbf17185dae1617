"""The build cache folder and the keyed caches kept in it between builds."""

from __future__ import annotations

import json
import marshal
import os
import pickle
import shutil
import zlib
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from .fingerprints import digest


class BuildCache:
    """The cache folder: one subfolder per output folder, plus shared Markdown caches."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.folder = Path(settings["CACHE_PATH"]) / "vnportal"

    def markdown_path(self, lang: str) -> Path:
        """A folder of files (Shards): a rewrite of one story reads and writes one."""
        return self.folder / f"markdown-{lang}"

    def pdf_text_path(self, lang: str) -> Path:
        """The text of attached PDFs, one cache per language: each language's full run
        saves only the entries it used, so a shared one lost the other language's."""
        return self.folder / f"pdf-text-{lang}"

    def checks_path(self) -> Path:
        return self.folder / "checks.pickle"

    def _for(self, output: Path) -> Path:
        return self.folder / digest(output.resolve())[:16]

    def stamp(self, output: Path) -> dict[str, Any]:
        return read_json(self._for(output) / "stamp.json") or {}

    def page_keys(self, output: Path, lang: str) -> dict[str, str]:
        keys = read_marshal(self._for(output) / f"pages-{lang}.marshal")
        return keys if isinstance(keys, dict) else {}

    def save(
        self, output: Path, stamp: dict[str, Any], page_keys: dict[str, dict[str, str]]
    ) -> None:
        folder = self._for(output)
        for lang, keys in page_keys.items():
            write_marshal(folder / f"pages-{lang}.marshal", keys)
            (folder / f"pages-{lang}.json").unlink(missing_ok=True)  # an older build's form
        write_json(folder / "stamp.json", stamp)  # last: it vouches for the rest
        # The PDF texts of both languages in one cache, as an older build kept them.
        shutil.rmtree(self.folder / "pdf-text", ignore_errors=True)
        (self.folder / "pdf-text.pickle").unlink(missing_ok=True)

    def files_path(self, output: Path) -> Path:
        """Each Markdown file as the last build read it (vnportal/build/body_edit.py)."""
        return self._for(output) / "files.marshal"

    def kept_index_path(self, output: Path) -> Path:
        """The index of the last full build (vnportal/incremental/kept_index.py)."""
        return self._for(output) / "index.pickle"

    def listings_path(self, output: Path) -> Path:
        """Folder listings of output/ (vnportal/incremental/folder_listings.py)."""
        return self._for(output) / "listings.marshal"

    def record_path(self, output: Path) -> Path:
        """The quick "nothing changed" record (vnportal/build/up_to_date.py)."""
        return self._for(output) / "quick.json"

    def forget(self, output: Path) -> None:
        self.record_path(output).unlink(missing_ok=True)
        (self._for(output) / "stamp.json").unlink(missing_ok=True)


# Cache files read before the build that uses them, with the identity of the file read.
_read_ahead: dict[Path, tuple[tuple[int, ...] | None, dict[str, Any]]] = {}


def read_ahead(path: Path) -> None:
    """Read a cache file now, for the KeyedCache of ``path`` made later in this process.

    That cache takes it only if the file is still the one read (a build replaces it
    in one step, so a new one has a new identity); otherwise it reads the file again.
    """
    identity = _identity(path)
    if identity is not None:
        _read_ahead[path] = (identity, _unpickled(path))


def _identity(path: Path) -> tuple[int, ...] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _unpickled(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as source:
            data = pickle.load(source)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        # A cache written by another version of the code: start afresh.
        return {}
    return data if isinstance(data, dict) else {}


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> None:
    _replace_with(path, json.dumps(data, sort_keys=True).encode("utf-8"))


def _replace_with(path: Path, data: bytes) -> None:
    """``path`` replaced in one step: a reader finds the old file or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


# The records of every page and Markdown file (100,000 of each at 50,000 story pairs)
# are plain dicts of strings, numbers and tuples: marshal reads and writes them in well
# under half the time JSON takes, its tuples as tuples. Its form changes with Python's
# version, which changes code_digest() too: such a record is of no use anyway.
def read_marshal(path: Path) -> Any:
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_marshal(path: Path, data: Any) -> None:
    _replace_with(path, marshal.dumps(data))


class KeyedCache:
    """Values computed from a text key (a story body, a file's identity), kept on disk.

    Only the entries a build used are saved, so deleted stories leave the cache.
    ``packed``: each value is kept pickled and compressed, in memory too, and made
    again on every get. For large values held by a whole run, such as every story's
    HTML: the run then holds about a sixth of their size.
    """

    def __init__(
        self, path: Path | None, salt: str, *, packed: bool = False, sharded: bool = False
    ) -> None:
        self.path = path
        self.packed = packed
        self.sharded = sharded
        # Values kept by the other form are never read as this one.
        self.salt = digest(salt, "packed") if packed else salt
        self._old: dict[str, Any] | Shards = self._load()
        self._used: dict[str, Any] = {}
        self._released = False

    def _load(self) -> dict[str, Any] | Shards:
        if self.path is None:
            return {}
        if self.sharded:
            return Shards(self.path)
        ahead = _read_ahead.pop(self.path, None)
        if ahead is not None and ahead[0] == _identity(self.path):
            return ahead[1]
        return _unpickled(self.path)

    def get(self, text: str, compute: Callable[[str], Any]) -> Any:
        self._check_open()
        key = digest(self.salt, text)
        if key in self._used:
            return self._unpacked(self._used[key])
        if key in self._old:
            self._used[key] = self._old[key]
            return self._unpacked(self._used[key])
        value = compute(text)
        self._used[key] = self._packed(value)
        return value

    def take(self, text: str) -> Any:
        """The value kept for ``text`` (kept for next time too), or None."""
        self._check_open()
        key = digest(self.salt, text)
        if key not in self._used and key in self._old:
            self._used[key] = self._old[key]
        return self._unpacked(self._used[key]) if key in self._used else None

    def peek(self, text: str) -> Any:
        """The value an earlier build kept for ``text``, or None; not kept for next time."""
        key = digest(self.salt, text)
        found = self._used.get(key, self._old.get(key))
        return None if found is None else self._unpacked(found)

    def put(self, text: str, value: Any) -> None:
        self._check_open()
        self._used[digest(self.salt, text)] = self._packed(value)

    def _check_open(self) -> None:
        if self._released:
            # What it computed now would never be saved, and a new cache of the same
            # file would save only its own entries: the code is wrong, say so.
            raise RuntimeError(f"the cache {self.path} was used after it was saved and released")

    def _packed(self, value: Any) -> Any:
        if not self.packed:
            return value
        return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)

    def _unpacked(self, value: Any) -> Any:
        return pickle.loads(zlib.decompress(value)) if self.packed else value

    def release(self) -> None:
        """Let go of every entry (after save): its memory serves the rest of the run."""
        self._old, self._used = {}, {}
        self._released = True

    def save(self, *, in_background: bool = False, keep_unused: bool = False) -> None:
        """Write the entries used in this run, if they differ from the file's.

        ``in_background``: a forked copy of this process writes them while this one
        goes on (tens of megabytes of Markdown take a few tenths of a second). The
        file is replaced in one step, so a build starting meanwhile reads the old one.
        ``keep_unused``: the entries of the file this run did not use stay too (a run
        that used only a few).
        """
        if isinstance(self._old, Shards):
            self._old.save(self._used, in_background=in_background, keep_unused=keep_unused)
            return
        if keep_unused:
            self._used = {**self._old, **self._used}
        if self.path is None or self._used.keys() == self._old.keys():
            return  # nothing new and nothing gone: the file on disk is right
        _written(partial(_pickle_to, self.path, self._used), in_background=in_background)


SHARD_DIGITS = 2  # a sharded cache is 256 files, by the first two hex digits of each key


class Shards:
    """The entries of a cache kept in files by the first digits of their key, each file
    read when a key of it is first asked for.

    A rewrite of one story's text asks for one conversion: it reads a file of about
    a 256th of the cache (the Markdown cache of 50,000 stories is about 200 MB) and
    writes that file back, not the whole. Keys are digests of what they stand for, so
    files written by different builds never disagree about an entry.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._read: dict[str, dict[str, Any]] = {}

    def shard(self, name: str) -> dict[str, Any]:
        if name not in self._read:
            self._read[name] = _unpickled(self.folder / f"{name}.pickle")
        return self._read[name]

    def __contains__(self, key: str) -> bool:
        return key in self.shard(key[:SHARD_DIGITS])

    def __getitem__(self, key: str) -> Any:
        return self.shard(key[:SHARD_DIGITS])[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.shard(key[:SHARD_DIGITS]).get(key, default)

    def save(self, used: dict[str, Any], *, in_background: bool, keep_unused: bool) -> None:
        """Write the files whose entries change (see KeyedCache.save): with ``keep_unused``
        only those of the keys used, else every file, to the keys used alone."""
        by_shard: dict[str, dict[str, Any]] = defaultdict(dict)
        for key, value in used.items():
            by_shard[key[:SHARD_DIGITS]][key] = value
        names = by_shard if keep_unused else [f"{n:02x}" for n in range(16**SHARD_DIGITS)]
        writes = {}
        for name in names:
            old = self.shard(name)
            new = {**old, **by_shard[name]} if keep_unused else by_shard.get(name, {})
            if new.keys() != old.keys():
                writes[name] = new
        if not writes:
            return  # nothing new and nothing gone: the files on disk are right
        _written(partial(self._write, writes), in_background=in_background)

    def _write(self, writes: dict[str, dict[str, Any]]) -> None:
        for name, entries in sorted(writes.items()):
            if entries:
                _pickle_to(self.folder / f"{name}.pickle", entries)
            else:
                (self.folder / f"{name}.pickle").unlink(missing_ok=True)
        # The whole cache in one file, as an older build kept it.
        self.folder.with_suffix(".pickle").unlink(missing_ok=True)


def _pickle_to(path: Path, data: Any) -> None:
    """``data`` pickled into ``path``, replaced in one step (the temporary file is named
    by process: a forked writer may still be at it when the next build saves)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as target:
        pickle.dump(data, target, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def _written(write: Callable[[], None], *, in_background: bool) -> None:
    """``write()`` here, or ``in_background`` in a forked copy of this process that ends
    when it has written, without running the rest of the build."""
    if in_background and os.fork() != 0:
        return
    try:
        write()
    finally:
        if in_background:
            os._exit(0)
