"""The index kept between builds: used only by the build whose record names it, and
read back in pieces that answer as the whole index did."""

from __future__ import annotations

import io
import pickle
from dataclasses import replace
from datetime import date, datetime

import pytest

from vnportal.incremental import kept_entries
from vnportal.incremental.kept_index import KeptIndex, SearchParts, kept_key
from vnportal.model.documents import DOCUMENT_TYPES, Document
from vnportal.model.index import Entry, SiteIndex
from vnportal.model.vietnamese import TIMEZONE, canonical_key
from vnportal.site.search_index import PartSizes, parts_of

DECISION = next(kind for kind in DOCUMENT_TYPES if kind.vi == "Quyết định")


def _story(lang: str, relpath: str, day: str, key: str = "", status: str = "published") -> Entry:
    prefix = "" if lang == "vi" else "en/"
    slug = relpath.rsplit("/", 1)[-1].removesuffix(".md")
    when = datetime.fromisoformat(day).replace(tzinfo=TIMEZONE)
    return Entry(
        lang, relpath, "article", slug, f"{prefix}{relpath[:8]}{slug}/", f"Tin {slug}", when,
        status, key or relpath, tags=("hòa giải ở cơ sở",), category="Tin tức",
    )  # fmt: skip


def _document(lang: str, number: str, issued: date, name: str) -> Entry:
    document = Document(
        type=DECISION,
        number=number,
        issuer="Ủy ban nhân dân tỉnh",
        issued=issued,
        effective=issued,
        status="in_force",
    )
    folder = "van-ban" if lang == "vi" else "en/documents"
    return Entry(
        lang, f"van-ban/{name}.md", "document", name, f"{folder}/{name}/",
        f"Quyết định {number}", None, "published", f"van-ban/{name}.md", document=document,
    )  # fmt: skip


def _index() -> SiteIndex:
    entries = [
        _story("vi", "2024/07/tap-huan-ky-nang.md", "2024-07-11T11:17"),
        _story("vi", "2024/07/hoi-nghi.md", "2024-07-02T08:00"),
        _story("vi", "2024/11/hoa-giai-vien.md", "2024-11-20T09:30"),
        _story("vi", "2025/01/ban-nhap.md", "2025-01-05T10:00", status="draft"),
        _story("vi", "2025/02/hoi-thi.md", "2025-02-14T14:00", key="hoi-thi-2025"),
        _story("en", "2024/07/tap-huan-ky-nang.md", "2024-07-11T11:17"),
        _story("en", "2025/02/contest.md", "2025-02-14T14:00", key="hoi-thi-2025"),
        _document("vi", "12/2023/QĐ-UBND", date(2023, 5, 4), "qd-12"),
        _document("vi", "7/2024/QĐ-UBND", date(2024, 3, 1), "qd-7"),
        Entry(
            "vi",
            "pages/gioi-thieu.md",
            "page",
            "gioi-thieu",
            "gioi-thieu/",
            "Giới thiệu",
            None,
            "published",
            "about",
        ),
    ]
    return SiteIndex(
        entries,
        spellings={"vi:tag": {canonical_key("hòa giải ở cơ sở"): "hòa giải ở cơ sở"}},
        slugs={"vi:tag": {canonical_key("hòa giải ở cơ sở"): "hoa-giai-o-co-so"}},
    )


SIZES = PartSizes(2, 2)  # small enough that 2024 is cut into quarters


def _kept(key: str, index: SiteIndex | None = None) -> KeptIndex:
    index = index or _index()
    return KeptIndex(
        key=key,
        index=index,
        photos={},
        drawings={"images/so-do.svg": (640, 480)},
        share_cards={"vi": {"2024/07/tap-huan-ky-nang.md": "share/vi/tap-huan.png"}, "en": {}},
        document_digests={("vi", "van-ban/qd-7.md"): "d1"},
        index_inputs={"vi": "a", "en": "b"},
        search_parts=SearchParts(SIZES, parts_of(index, SIZES)),
    )


def test_the_index_kept_is_read_back_only_with_its_own_key(tmp_path):
    path = tmp_path / "cache" / "index.pickle"
    _kept("khoa-1").save(path)
    assert KeptIndex.read(path, "khoa-1") == _kept("khoa-1")
    assert kept_key(path) == "khoa-1"
    assert KeptIndex.read(path, "khoa-2") is None  # the index of another build
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_the_index_read_back_answers_every_question_as_the_index_it_was_made_from(tmp_path):
    path = tmp_path / "index.pickle"
    index = _index()
    _kept("khoa-1", index).save(path)
    read = KeptIndex.read(path, "khoa-1")
    assert read is not None
    kept = read.index
    for entry in index.entries:
        assert kept.entry(entry.lang, entry.relpath) == entry
        for lang in ("vi", "en"):
            assert kept.counterpart(entry, lang) == index.counterpart(entry, lang)
            assert kept.translation_of(entry, lang) == index.translation_of(entry, lang)
    assert kept.entry("vi", "2024/07/khong-co.md") is None
    assert kept.entry("vi", "2019/01/khong-co.md") is None  # a folder the site does not have
    assert [e.relpath for e in kept.documents("vi")] == ["van-ban/qd-7.md", "van-ban/qd-12.md"]
    assert kept.documents("vi") == index.documents("vi") and kept.documents("en") == []
    assert kept.spelling("vi", "tag", "hoà giải ở cơ sở") == "hòa giải ở cơ sở"
    assert kept.slug("vi", "tag", "hòa giải ở cơ sở") == "hoa-giai-o-co-so"
    assert kept.listing_slugs("vi") == index.listing_slugs("vi")
    assert kept.entries == index.entries  # all of them, in the index's order
    parts = read.search_parts.of(SIZES)
    assert parts is not None
    assert list(parts) == list(parts_of(index, SIZES))
    assert {part: parts[part] for part in parts} == parts_of(index, SIZES)


def test_the_parts_holding_a_story_are_found_as_in_the_whole_index(tmp_path):
    path = tmp_path / "index.pickle"
    index = _index()
    whole = _kept("khoa-1", index).search_parts
    _kept("khoa-1", index).save(path)
    read = KeptIndex.read(path, "khoa-1")
    assert read is not None
    for sources in (
        {("vi", "2024/07/hoi-nghi.md")},
        {("vi", "2024/11/hoa-giai-vien.md"), ("en", "2025/02/contest.md")},
        {("vi", "2025/01/ban-nhap.md")},  # a draft: in no part
        {("vi", "pages/gioi-thieu.md"), ("vi", "2024/07/khong-co.md")},
    ):
        found = read.search_parts.holding(sources)
        assert found == whole.holding(sources)
    assert [p.name for p in whole.holding({("vi", "2024/07/hoi-nghi.md")})] == ["2024-07"]


def _pieces_read(monkeypatch) -> list[object]:
    """The pieces read from now on, one item each time one is unpickled."""
    loaded: list[object] = []
    load = kept_entries.Pieces.load
    monkeypatch.setattr(
        kept_entries.Pieces, "load", lambda self, span: loaded.append(span) or load(self, span)
    )
    return loaded


def test_a_lookup_reads_only_the_pieces_it_needs(tmp_path, monkeypatch):
    path = tmp_path / "index.pickle"
    _kept("khoa-1").save(path)
    read = KeptIndex.read(path, "khoa-1")
    assert read is not None
    loaded = _pieces_read(monkeypatch)
    story = read.index.entry("vi", "2024/07/hoi-nghi.md")
    assert story is not None and len(loaded) == 1  # the piece of content/vi/2024/07
    other = read.index.entry("vi", "2024/07/tap-huan-ky-nang.md")
    assert other is not None and len(loaded) == 1  # the same piece, read once
    parts = read.search_parts.of(SIZES)
    assert parts is not None
    (part,) = read.search_parts.holding({("vi", "2024/07/hoi-nghi.md")})
    assert [e.relpath for e in parts[part]] == [
        "2024/07/hoi-nghi.md",
        "2024/07/tap-huan-ky-nang.md",
    ]
    assert len(loaded) == 2  # and the part's list of pages
    english = read.index.counterpart(other, "en")
    assert english is not None and english.lang == "en"
    assert len(loaded) == 4  # a bucket of translation keys, and the English story's folder


def test_the_index_read_back_pickles_as_the_whole_index(tmp_path):
    path = tmp_path / "index.pickle"
    _kept("khoa-1").save(path)
    read = KeptIndex.read(path, "khoa-1")
    assert read is not None
    copied = pickle.loads(pickle.dumps(read.index))
    assert type(copied) is SiteIndex and copied == _index()
    assert copied.entry("vi", "2024/07/hoi-nghi.md") == _index().entry("vi", "2024/07/hoi-nghi.md")


def test_a_missing_damaged_short_or_foreign_file_is_no_kept_index(tmp_path):
    path = tmp_path / "index.pickle"
    assert KeptIndex.read(path, "khoa-1") is None
    path.write_bytes(pickle.dumps("khoa-1") + b"\x80\x05 not a pickle")
    assert KeptIndex.read(path, "khoa-1") is None
    path.write_bytes(pickle.dumps("khoa-1") + pickle.dumps({"index": None}))
    assert KeptIndex.read(path, "khoa-1") is None  # the key, then something else
    _kept("khoa-1").save(path)
    whole = path.read_bytes()
    path.write_bytes(whole[:-1])
    assert KeptIndex.read(path, "khoa-1") is None  # cut short: a piece would be missing
    path.write_bytes(whole + b"\0")
    assert KeptIndex.read(path, "khoa-1") is None
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


@pytest.mark.parametrize("damage", ["cut short", "made longer", "another format"])
def test_a_kept_file_a_rewrite_could_not_read_is_written_again_though_its_key_be_the_same(
    tmp_path, damage
):
    # Else every later edit would find no kept index and run the full build, for as
    # long as the index stayed the same.
    path = tmp_path / "index.pickle"
    _kept("khoa-1").save(path)
    whole = path.read_bytes()
    if damage == "cut short":
        path.write_bytes(whole[:-1])
    elif damage == "made longer":
        path.write_bytes(whole + b"\0")
    else:
        source = io.BytesIO(whole)
        form, key, head, pieces = pickle.load(source)
        older = pickle.dumps((form - 1, key, head, pieces), pickle.HIGHEST_PROTOCOL)
        path.write_bytes(older + whole[source.tell() :])
    assert KeptIndex.read(path, "khoa-1") is None
    assert kept_key(path) is None
    _kept("khoa-1").save(path)
    assert path.read_bytes() == whole
    assert KeptIndex.read(path, "khoa-1") == _kept("khoa-1")


def test_the_search_parts_are_taken_only_as_split_at_the_same_sizes():
    parts = SearchParts(PartSizes(2000, 250), {"vi/2024": []})  # type: ignore[dict-item]
    assert parts.of(PartSizes(2000, 250)) is parts.parts
    assert parts.of(PartSizes(500, 250)) is None  # split otherwise: the rewrite splits them again
    assert parts.of(PartSizes(2000, 100)) is None


@pytest.mark.parametrize("folder", ["2024/07", "van-ban", ""])
def test_an_entry_is_kept_in_the_piece_of_its_folder(folder):
    relpath = f"{folder}/x.md" if folder else "x.md"
    assert kept_entries.folder_of("vi", relpath) == ("vi", folder)


def test_drawings_and_share_cards_are_read_by_the_folder_of_the_path_looked_up(
    tmp_path, monkeypatch
):
    path = tmp_path / "index.pickle"
    cards = {
        "2024/07/tap-huan-ky-nang.md": "share/vi/tap-huan.png",
        "2024/07/hoi-nghi.md": "share/vi/hoi-nghi.png",
        "2024/11/hoa-giai-vien.md": "share/vi/hoa-giai.png",
    }
    drawings = {"images/so-do.svg": (640, 480), "images/2024/bieu-do.svg": (800, 600)}
    whole = replace(_kept("khoa-1"), drawings=drawings, share_cards={"vi": cards, "en": {}})
    whole.save(path)
    read = KeptIndex.read(path, "khoa-1")
    assert read is not None
    loaded = _pieces_read(monkeypatch)
    assert read.share_cards["vi"]["2024/07/hoi-nghi.md"] == "share/vi/hoi-nghi.png"
    assert read.share_cards["vi"].get("2024/07/tap-huan-ky-nang.md") == "share/vi/tap-huan.png"
    assert len(loaded) == 1  # the cards of content/vi/2024/07, read once
    assert "2024/08/khong-co.md" not in read.share_cards["vi"]  # a folder with no card
    assert read.share_cards["en"].get("2024/07/tap-huan-ky-nang.md") is None
    assert len(loaded) == 1
    assert read.drawings.get("images/so-do.svg") == (640, 480) and len(loaded) == 2
    assert dict(read.share_cards["vi"]) == cards and dict(read.drawings) == drawings
    assert read == whole
    copied = pickle.loads(pickle.dumps(read.drawings))
    assert type(copied) is dict and copied == drawings
