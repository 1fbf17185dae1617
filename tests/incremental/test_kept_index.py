"""The index kept between builds: used only by the build whose record names it."""

from __future__ import annotations

import pickle

from vnportal.incremental.kept_index import KeptIndex, SearchParts, kept_key
from vnportal.site.search_index import PartSizes


def _kept(key: str) -> KeptIndex:
    return KeptIndex(
        key=key,
        index={"entries": ["vi/2024/07/tap-huan.md"]},  # type: ignore[arg-type]
        photos={},
        drawings={"images/so-do.svg": (640, 480)},
        share_cards={"vi": {"2024/07/tap-huan.md": "share/vi/tap-huan.png"}, "en": {}},
        document_digests={("vi", "2024/07/tap-huan.md"): "d1"},
        index_inputs={"vi": "a", "en": "b"},
        search_parts=SearchParts(PartSizes(), {"vi/2024": ["vi/2024/07/tap-huan.md"]}),  # type: ignore[dict-item]
    )


def test_the_index_kept_is_read_back_only_with_its_own_key(tmp_path):
    path = tmp_path / "cache" / "index.pickle"
    _kept("khoa-1").save(path)
    assert KeptIndex.read(path, "khoa-1") == _kept("khoa-1")
    assert kept_key(path) == "khoa-1"
    assert KeptIndex.read(path, "khoa-2") is None  # the index of another build
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_a_missing_damaged_or_foreign_file_is_no_kept_index(tmp_path):
    path = tmp_path / "index.pickle"
    assert KeptIndex.read(path, "khoa-1") is None
    path.write_bytes(pickle.dumps("khoa-1") + b"\x80\x05 not a pickle")
    assert KeptIndex.read(path, "khoa-1") is None
    path.write_bytes(pickle.dumps("khoa-1") + pickle.dumps({"index": None}))
    assert KeptIndex.read(path, "khoa-1") is None  # the key, then something else
    path.write_bytes(b"")
    assert kept_key(path) is None


def test_the_same_index_is_not_written_again(tmp_path):
    path = tmp_path / "index.pickle"
    _kept("khoa-1").save(path)
    first = path.stat().st_ino
    _kept("khoa-1").save(path)
    assert path.stat().st_ino == first  # a new file would replace it: another inode
    _kept("khoa-2").save(path)
    assert path.stat().st_ino != first
    assert kept_key(path) == "khoa-2"


def test_the_search_parts_are_taken_only_as_split_at_the_same_sizes():
    parts = SearchParts(PartSizes(2000, 250), {"vi/2024": []})  # type: ignore[dict-item]
    assert parts.of(PartSizes(2000, 250)) is parts.parts
    assert parts.of(PartSizes(500, 250)) is None  # split otherwise: the rewrite splits them again
    assert parts.of(PartSizes(2000, 100)) is None
