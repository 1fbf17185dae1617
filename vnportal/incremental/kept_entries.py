"""The kept index's entries, stored in pieces and read only as a rewrite asks for them.

A rewrite of story text looks up a handful of the index's entries: the edited
story, the stories it links to, the documents it cites, and the pages of its
part of the search index. Unpickling all of them took 0.7 s at 50,000 story
pairs (100,000 entries) for those few. So the entries are kept in pieces, one
per content folder (a month of stories, a language's documents), which a
lookup finds from the file's path alone; each search part keeps the paths of
its pages; the translation keys are kept in buckets by their hash. Reading a
piece costs a few hundred entries at most; ``entries`` still gives them all,
in the index's order, for the code that walks every one. The photos, drawings
and share cards, looked up by path as the entries are, are kept by folder too.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..model.index import Entry, SiteIndex

KEY_BUCKETS = 64  # translation keys: a bucket holds 1/64 of them
Span = tuple[int, int]  # offset and length of a pickled piece


def folder_of(lang: str, relpath: str) -> tuple[str, str]:
    """The piece an entry is kept in: its language and the folder of its file."""
    return lang, relpath.rpartition("/")[0]


def key_bucket(lang: str, kind: str, translation_key: str) -> int:
    # crc32, not hash(): the bucket is decided in one process and looked up in another.
    return zlib.crc32(f"{lang}\0{kind}\0{translation_key}".encode()) % KEY_BUCKETS


@dataclass(frozen=True)
class Layout:
    """Where each piece is, and what a rewrite needs without reading any piece."""

    count: int  # entries in all
    size: int  # bytes of all the pieces: a file cut short is seen before any is read
    folders: dict[tuple[str, str], Span]  # -> [(position, part, entry), ...]
    keys: dict[int, Span]  # bucket -> {(lang, kind, translation key): (lang, relpath)}
    parts: dict[Any, Span]  # search part, in order -> [(lang, relpath), ...] in address order
    documents: dict[str, list[tuple[str, str]]]  # language -> its documents, as documents()
    # name -> its paths' folders -> {path: value} (the photos, the cards of a language...)
    maps: dict[str, dict[str, Span]]


def pieces(
    index: SiteIndex, parts: Mapping[Any, list[Entry]], maps: Mapping[str, Mapping[str, Any]]
) -> tuple[Layout, bytes]:
    """The index's entries, and each of ``maps`` (by path), cut into pieces: their
    layout, and the pieces end to end."""
    part_of = {(e.lang, e.relpath): part for part, entries in parts.items() for e in entries}
    by_folder: dict[tuple[str, str], list[tuple[int, Any, Entry]]] = {}
    buckets: dict[int, dict[tuple[str, str, str], tuple[str, str]]] = {}
    for position, e in enumerate(index.entries):
        found = part_of.get((e.lang, e.relpath))
        by_folder.setdefault(folder_of(e.lang, e.relpath), []).append((position, found, e))
        bucket = buckets.setdefault(key_bucket(e.lang, e.kind, e.translation_key), {})
        bucket[(e.lang, e.kind, e.translation_key)] = (e.lang, e.relpath)
    blobs: list[bytes] = []
    offset = 0

    def put(value: Any) -> Span:
        nonlocal offset
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        blobs.append(blob)
        offset += len(blob)
        return offset - len(blob), len(blob)

    folders = {folder: put(found) for folder, found in sorted(by_folder.items())}
    keys = {bucket: put(found) for bucket, found in sorted(buckets.items())}
    members = {part: put([(e.lang, e.relpath) for e in found]) for part, found in parts.items()}
    documents = {
        lang: [(e.lang, e.relpath) for e in index.documents(lang)]
        for lang in sorted({e.lang for e in index.entries})
    }
    by_path: dict[str, dict[str, Span]] = {}
    for name, values in maps.items():
        grouped: dict[str, dict[str, Any]] = {}
        for path, value in values.items():
            grouped.setdefault(path.rpartition("/")[0], {})[path] = value
        by_path[name] = {folder: put(found) for folder, found in sorted(grouped.items())}
    layout = Layout(len(index.entries), offset, folders, keys, members, documents, by_path)
    return layout, b"".join(blobs)


class Pieces:
    """The pieces of one kept file (``data``, read once), each unpickled when first asked."""

    def __init__(self, layout: Layout, data: bytes | memoryview) -> None:
        self.layout = layout
        self._data = data
        self._folders: dict[tuple[str, str], dict[str, tuple[int, Any, Entry]]] = {}
        self._keys: dict[int, dict[tuple[str, str, str], tuple[str, str]]] = {}

    def load(self, span: Span) -> Any:
        start, length = span
        return pickle.loads(self._data[start : start + length])

    def folder(self, lang: str, folder: str) -> dict[str, tuple[int, Any, Entry]]:
        """relpath -> (position, search part, entry) of the folder's files."""
        name = (lang, folder)
        if name not in self._folders:
            span = self.layout.folders.get(name)
            found = self.load(span) if span is not None else []
            self._folders[name] = {item[2].relpath: item for item in found}
        return self._folders[name]

    def find(self, lang: str, relpath: str) -> tuple[int, Any, Entry] | None:
        return self.folder(*folder_of(lang, relpath)).get(relpath)

    def source_of_key(self, lang: str, kind: str, translation_key: str) -> tuple[str, str] | None:
        bucket = key_bucket(lang, kind, translation_key)
        if bucket not in self._keys:
            span = self.layout.keys.get(bucket)
            self._keys[bucket] = self.load(span) if span is not None else {}
        return self._keys[bucket].get((lang, kind, translation_key))

    def part_members(self, part: Any) -> list[tuple[str, str]]:
        return self.load(self.layout.parts[part])

    def all_entries(self) -> list[Entry]:
        ordered: list[Entry | None] = [None] * self.layout.count
        for lang, folder in self.layout.folders:
            for position, _, entry in self.folder(lang, folder).values():
                ordered[position] = entry
        return ordered  # type: ignore[return-value]  # every position is some folder's


class KeptSiteIndex(SiteIndex):
    """The index a full build kept, read in pieces (``Pieces``): it answers as the
    SiteIndex it was made from. Pickled, it becomes that SiteIndex, whole."""

    def __init__(self, source: SiteIndex, pieces: Pieces) -> None:
        # The small fields as the full build had them; the entries are the pieces'.
        self.spellings = source.spellings
        self.slugs = source.slugs
        self.slug_warnings = source.slug_warnings
        self.topics = source.topics
        self.contacts = source.contacts
        self._pieces = pieces
        self._entries: list[Entry] | None = None
        self._listing_slugs = {}
        self._names_by_slug = {}

    @property  # type: ignore[override]
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = self._pieces.all_entries()
        return self._entries

    def entry(self, lang: str, relpath: str) -> Entry | None:
        found = self._pieces.find(lang, relpath)
        return found[2] if found is not None else None

    def counterpart(self, entry: Entry, lang: str) -> Entry | None:
        source = self._pieces.source_of_key(lang, entry.kind, entry.translation_key)
        return self.entry(*source) if source is not None else None

    def documents(self, lang: str) -> list[Entry]:
        found = (self.entry(*source) for source in self._pieces.layout.documents.get(lang, []))
        return [entry for entry in found if entry is not None]

    def __reduce__(self) -> tuple[Any, ...]:
        return SiteIndex, tuple(getattr(self, field.name) for field in fields(SiteIndex))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteIndex):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)


# What makes two indexes the same: SiteIndex's fields, as its dataclass compares them.
_COMPARED = tuple(field.name for field in fields(SiteIndex) if field.compare)


class KeptParts(Mapping[Any, list[Entry]]):
    """The search parts of a kept index: each part's entries read when asked for."""

    def __init__(self, index: KeptSiteIndex, pieces: Pieces) -> None:
        self._index = index
        self._pieces = pieces
        self._read: dict[Any, list[Entry]] = {}

    def __getitem__(self, part: Any) -> list[Entry]:
        if part not in self._read:
            members = self._pieces.part_members(part)  # KeyError for a part not kept
            found = (self._index.entry(lang, relpath) for lang, relpath in members)
            self._read[part] = [entry for entry in found if entry is not None]
        return self._read[part]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._pieces.layout.parts)

    def __len__(self) -> int:
        return len(self._pieces.layout.parts)

    def holding(self, sources: Collection[tuple[str, str]]) -> set[Any]:
        """The parts that hold any of ``sources`` (language, path), read from their
        folders' pieces instead of every part's list."""
        found = (self._pieces.find(lang, relpath) for lang, relpath in sources)
        return {item[1] for item in found if item is not None and item[1] is not None}


class KeptMap(Mapping[str, Any]):
    """One of the kept mappings by path (photos, drawings, a language's share cards):
    a lookup reads the piece of its path's folder; walking it reads them all."""

    def __init__(self, pieces: Pieces, name: str) -> None:
        self._pieces = pieces
        self._spans = pieces.layout.maps[name]
        self._read: dict[str, dict[str, Any]] = {}

    def _folder(self, folder: str) -> dict[str, Any]:
        if folder not in self._read:
            span = self._spans.get(folder)
            self._read[folder] = self._pieces.load(span) if span is not None else {}
        return self._read[folder]

    def __getitem__(self, path: str) -> Any:
        return self._folder(path.rpartition("/")[0])[path]

    def __iter__(self) -> Iterator[str]:
        for folder in self._spans:
            yield from self._folder(folder)

    def __len__(self) -> int:
        return sum(len(self._folder(folder)) for folder in self._spans)

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (dict(self.items()),)
