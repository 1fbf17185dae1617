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
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pickled and unpickled whole: the build process needs no more
    from ..model.index import Entry, SiteIndex
    from ..model.photos import Photo


@dataclass(frozen=True)
class SearchParts:
    """The search index's parts of the index (search_index.parts_of), and the sizes
    that split them: made again, they take a second at 100,000 stories."""

    sizes: Any  # search_index.PartSizes
    parts: dict[Any, list[Entry]]  # search_index.Part (a later stage's) -> its entries

    def of(self, sizes: Any) -> dict[Any, list[Entry]] | None:
        return self.parts if sizes == self.sizes else None


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
    photos: dict[str, Photo]
    drawings: dict[str, tuple[int, int]]  # SVG sizes
    share_cards: dict[str, dict[str, str]]  # language -> story -> its card's path
    # (language, path) -> search_digest(), for the documents whose digest covers their
    # attached files; every other file's is its own digest, which the record keeps.
    document_digests: dict[tuple[str, str], str]
    index_inputs: dict[str, str]  # language -> fingerprints.index_inputs()
    search_parts: SearchParts

    def save(self, path: Path) -> None:
        """Written beside the records, replaced in one step; the key first, so that
        a build can tell whether the file is of use before unpickling the rest."""
        if kept_key(path) == self.key:
            return  # the same index as the file's: an earlier build kept it
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as target:
            pickle.dump(self.key, target, pickle.HIGHEST_PROTOCOL)
            pickle.dump(self, target, pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)

    @classmethod
    def read(cls, path: Path, key: str) -> KeptIndex | None:
        """The index kept at ``path`` if its key is ``key``; else None."""
        try:
            with path.open("rb") as source:
                if pickle.load(source) != key:
                    return None
                kept = pickle.load(source)
        except UNREADABLE:
            return None
        return kept if isinstance(kept, cls) and kept.key == key else None


def kept_key(path: Path) -> str | None:
    """The key of the index kept at ``path``, without reading the rest."""
    try:
        with path.open("rb") as source:
            key = pickle.load(source)
    except UNREADABLE:
        return None
    return key if isinstance(key, str) else None
