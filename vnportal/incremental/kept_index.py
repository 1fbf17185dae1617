"""The index of the last full build, kept for a rewrite of story text.

A rewrite of story text (vnportal/build/body_edit.py) needs the index: the
reader looks up the story, the stories it links to, its tags' spellings and
slugs, and the documents it cites. Building the index again means reading
every file's checks (about 14 MB at 5,000 story pairs, ten times that at
50,000) for one changed file. So each full build keeps, beside its records,
what such a rewrite takes from it, pickled once: the index, the photos and
drawings, the share cards of each language, the search digests of documents
with attached files, what each language's run takes from the index, and the
search index's parts.

It is used only when its key is the record's (``Record.index_key``): the
digest of every file's frame (all the checker read but the body's text) and
of every other input. An edit of body text leaves every frame as it was, so
the index it describes is still the index of the site.

The entries are kept in pieces and read as the rewrite asks for them
(kept_entries.py): a rewrite needs a few of them, and unpickling all took
0.7 s at 50,000 story pairs.
"""

from __future__ import annotations

import mmap
import os
import pickle
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:  # the entries' module is imported by save() and read() only
    from ..model.index import Entry, SiteIndex
    from ..model.photos import Photo


@dataclass(frozen=True)
class SearchParts:
    """The search index's parts of the index (search_index.parts_of), and the sizes
    that split them: made again, they take a second at 100,000 stories."""

    sizes: Any  # search_index.PartSizes
    # search_index.Part (a later stage's) -> its entries; read back, each read when asked
    parts: Mapping[Any, list[Entry]]

    def of(self, sizes: Any) -> Mapping[Any, list[Entry]] | None:
        return self.parts if sizes == self.sizes else None

    def holding(self, sources: Collection[tuple[str, str]]) -> set[Any]:
        """The parts that hold any of ``sources`` (language, path)."""
        holding = getattr(self.parts, "holding", None)  # kept_entries.KeptParts
        if holding is not None:
            return holding(sources)
        return {
            part
            for part, entries in self.parts.items()
            if any((e.lang, e.relpath) in sources for e in entries)
        }


# The layout of the file: a file of another layout is no kept index.
FORMAT = 4

# None kept, a file cut short or damaged, or one pickled by another version of the code.
UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    TypeError,
    ValueError,
    IndexError,
)


@dataclass(frozen=True)
class KeptIndex:
    """What a rewrite of story text takes from the last full build's index stage."""

    key: str  # the record's index_key
    index: SiteIndex
    # Read back, these three are kept_entries.KeptMap: each folder read when asked for.
    photos: Mapping[str, Photo]
    drawings: Mapping[str, tuple[int, int]]  # SVG sizes
    share_cards: dict[str, Mapping[str, str]]  # language -> story -> its card's path
    # (language, path) -> search_digest(), for the documents whose digest covers their
    # attached files; every other file's is its own digest, which the record keeps.
    document_digests: dict[tuple[str, str], str]
    index_inputs: dict[str, str]  # language -> fingerprints.index_inputs()
    search_parts: SearchParts

    def save(self, path: Path) -> None:
        """Written beside the records, replaced in one step: first the format, the key
        and the lengths of what follows, so that a build can tell whether the file is of
        use (and whole) before reading the rest; then what a rewrite takes whole (the
        head); then the entries in pieces."""
        from .kept_entries import pieces

        if kept_key(path) == self.key:
            return  # the same index as the file's, whole: an earlier build kept it
        maps = {"photos": self.photos, "drawings": self.drawings}
        maps |= {f"cards:{lang}": cards for lang, cards in self.share_cards.items()}
        layout, data = pieces(self.index, self.search_parts.parts, maps)
        # The index's small fields travel in the head; its entries, and all that is
        # looked up by path, in the pieces.
        head = replace(
            self,
            index=replace(self.index, entries=[]),
            photos={},
            drawings={},
            share_cards={lang: {} for lang in self.share_cards},
            search_parts=SearchParts(self.search_parts.sizes, {}),
        )
        packed = pickle.dumps((head, layout), pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as target:
            prefix = (FORMAT, self.key, len(packed), len(data))
            pickle.dump(prefix, target, pickle.HIGHEST_PROTOCOL)
            target.write(packed)
            target.write(data)
        temporary.replace(path)

    @classmethod
    def read(cls, path: Path, key: str) -> KeptIndex | None:
        """The index kept at ``path`` if its key is ``key``; else None. Its entries are
        read from the file (mapped, not copied) as they are asked for."""
        from .kept_entries import KeptMap, KeptParts, KeptSiteIndex, Layout, Pieces

        try:
            with path.open("rb") as source:
                prefix = _prefix(source)
                if prefix is None or prefix[0] != key:
                    return None
                head, layout = pickle.loads(source.read(prefix[1]))
                start = source.tell()
                mapped = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
        except UNREADABLE:
            return None
        if not isinstance(head, cls) or not isinstance(layout, Layout):
            return None
        if head.key != key or len(mapped) - start != layout.size:
            return None
        found = Pieces(layout, memoryview(mapped)[start:])
        index = KeptSiteIndex(head.index, found)
        return replace(
            head,
            index=index,
            photos=KeptMap(found, "photos"),
            drawings=KeptMap(found, "drawings"),
            share_cards={lang: KeptMap(found, f"cards:{lang}") for lang in head.share_cards},
            search_parts=SearchParts(head.search_parts.sizes, KeptParts(index, found)),
        )


def kept_key(path: Path) -> str | None:
    """The key of the index kept at ``path``, without reading the rest; None when the
    file is missing, of another format, or not as long as it says (a full build then
    writes it again, though its key be the same: a rewrite could not read it)."""
    try:
        with path.open("rb") as source:
            prefix = _prefix(source)
    except UNREADABLE:
        return None
    return prefix[0] if prefix is not None else None


def _prefix(source: BinaryIO) -> tuple[str, int, int] | None:
    """The key and the lengths of the head and the pieces of the kept file open as
    ``source``, read up to the end of its prefix, if the file is of this ``FORMAT`` and
    exactly as long as its prefix says."""
    prefix = pickle.load(source)
    if not isinstance(prefix, tuple) or len(prefix) != 4:
        return None
    form, key, head_length, pieces_length = prefix
    if form != FORMAT or not isinstance(key, str):
        return None
    if not all(isinstance(n, int) and n >= 0 for n in (head_length, pieces_length)):
        return None
    size = os.fstat(source.fileno()).st_size
    if source.tell() + head_length + pieces_length != size:
        return None  # cut short, made longer, or lengths this code never wrote
    return key, head_length, pieces_length
