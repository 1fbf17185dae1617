"""The keyed caches kept between builds: what a build gets back, and what it keeps."""

from __future__ import annotations

import pickle
import time

import pytest

from vnportal.incremental import caches
from vnportal.incremental.caches import BuildCache, KeyedCache, read_ahead

BODY = "<p>Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật.</p>\n" * 200


def _made(calls: list[str]):
    def compute(text: str) -> tuple[str, int]:
        calls.append(text)
        return (BODY + text, len(text))

    return compute


def test_a_value_is_computed_once_and_found_by_the_next_build(tmp_path):
    for packed in (False, True):
        path = tmp_path / f"cache-{packed}.pickle"
        calls: list[str] = []
        first = KeyedCache(path, "salt", packed=packed)
        assert first.get("a", _made(calls)) == (BODY + "a", 1)
        assert first.get("a", _made(calls)) == (BODY + "a", 1)
        first.save()
        second = KeyedCache(path, "salt", packed=packed)
        assert second.get("a", _made(calls)) == (BODY + "a", 1)
        assert calls == ["a"], packed


def test_a_packed_cache_holds_its_values_compressed(tmp_path):
    path = tmp_path / "markdown.pickle"
    cache = KeyedCache(path, "salt", packed=True)
    cache.get("a", _made([]))
    cache.put("b", BODY)
    cache.save()
    stored = pickle.loads(path.read_bytes())
    assert all(isinstance(value, bytes) for value in stored.values())
    assert sum(map(len, stored.values())) < len(BODY.encode()) / 5
    again = KeyedCache(path, "salt", packed=True)
    assert again.take("b") == BODY
    assert again.take("missing") is None


def test_the_other_form_of_a_cache_is_never_read_as_this_one(tmp_path):
    path = tmp_path / "markdown.pickle"
    plain = KeyedCache(path, "salt")
    plain.put("a", "plain value")
    plain.save()
    calls: list[str] = []
    packed = KeyedCache(path, "salt", packed=True)
    assert packed.get("a", _made(calls)) == (BODY + "a", 1)
    assert calls == ["a"]


def test_only_the_values_a_build_used_are_kept(tmp_path):
    path = tmp_path / "markdown.pickle"
    first = KeyedCache(path, "salt", packed=True)
    first.get("kept", _made([]))
    first.get("gone", _made([]))
    first.save()
    second = KeyedCache(path, "salt", packed=True)
    second.get("kept", _made([]))
    second.save()
    calls: list[str] = []
    third = KeyedCache(path, "salt", packed=True)
    third.get("kept", _made(calls))
    third.get("gone", _made(calls))
    assert calls == ["gone"]


def test_a_released_cache_is_saved_and_refuses_further_use(tmp_path):
    path = tmp_path / "markdown.pickle"
    cache = KeyedCache(path, "salt", packed=True)
    cache.get("a", _made([]))
    cache.save()
    cache.release()
    with pytest.raises(RuntimeError, match="after it was saved"):
        cache.get("b", _made([]))
    calls: list[str] = []
    assert KeyedCache(path, "salt", packed=True).get("a", _made(calls)) == (BODY + "a", 1)
    assert calls == []


def test_keeping_unused_entries_adds_to_the_saved_file(tmp_path):
    path = tmp_path / "markdown.pickle"
    first = KeyedCache(path, "salt", packed=True)
    first.get("a", _made([]))
    first.save()
    second = KeyedCache(path, "salt", packed=True)
    second.get("b", _made([]))
    second.save(keep_unused=True)
    calls: list[str] = []
    third = KeyedCache(path, "salt", packed=True)
    third.get("a", _made(calls))
    third.get("b", _made(calls))
    assert calls == []


def test_a_cache_read_ahead_is_used_while_its_file_is_the_same_one(tmp_path, monkeypatch):
    path = tmp_path / "checks.pickle"
    first = KeyedCache(path, "salt")
    first.get("a", _made([]))
    first.save()
    read_ahead(path)
    monkeypatch.setattr(caches, "_unpickled", lambda _: pytest.fail("read twice"))
    calls: list[str] = []
    assert KeyedCache(path, "salt").get("a", _made(calls)) == (BODY + "a", 1)
    assert calls == []


def test_a_cache_replaced_after_it_was_read_ahead_is_read_again(tmp_path):
    path = tmp_path / "checks.pickle"
    first = KeyedCache(path, "salt")
    first.get("a", _made([]))
    first.save()
    read_ahead(path)
    second = KeyedCache(path, "salt")  # another build: it takes what was read ahead
    second.get("b", _made([]))
    second.save()  # keeps only b, in a new file
    calls: list[str] = []
    third = KeyedCache(path, "salt")
    third.get("a", _made(calls))
    third.get("b", _made(calls))
    assert calls == ["a"]
    read_ahead(path)
    path.unlink()  # removed meanwhile (a build started afresh): nothing is taken
    assert KeyedCache(path, "salt").get("b", _made(calls)) == (BODY + "b", 1)
    assert calls == ["a", "b"]


def _sharded(folder) -> KeyedCache:
    return KeyedCache(folder, "salt", packed=True, sharded=True)


def _saved_sharded(folder, texts: list[str]) -> None:
    """A sharded cache of ``texts``, saved as a full run saves it."""
    cache = _sharded(folder)
    for text in texts:
        cache.get(text, _made([]))
    cache.save()


def test_a_sharded_cache_reads_only_the_files_of_the_keys_asked_for(tmp_path, monkeypatch):
    folder = tmp_path / "markdown-vi"
    texts = [f"Bài số {number}: hòa giải ở cơ sở" for number in range(60)]
    _saved_sharded(folder, texts)
    files = sorted(path.name for path in folder.iterdir())
    assert len(files) > 20 and all(name.endswith(".pickle") for name in files)

    opened: list[str] = []
    unpickled = caches._unpickled
    monkeypatch.setattr(
        caches, "_unpickled", lambda path: opened.append(path.name) or unpickled(path)
    )
    calls: list[str] = []
    second = _sharded(folder)
    assert second.take(texts[7]) == (BODY + texts[7], len(texts[7]))
    assert second.get(texts[8], _made(calls)) == (BODY + texts[8], len(texts[8]))
    assert calls == [] and 1 <= len(opened) <= 2


def test_a_sharded_cache_saved_keeping_unused_entries_writes_only_the_files_it_changed(tmp_path):
    folder = tmp_path / "markdown-vi"
    texts = [f"Tập huấn kỹ năng, nghiệp vụ lần {number}" for number in range(60)]
    _saved_sharded(folder, texts)
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}

    edit = _sharded(folder)  # a rewrite of one story: its old text, then its new one
    edit.take(texts[3])
    edit.get(texts[3] + " (sửa)", _made([]))
    edit.save(keep_unused=True)
    after = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert after.keys() >= before.keys()
    assert 1 <= sum(after[name] != before.get(name) for name in after) <= 2

    calls: list[str] = []
    again = _sharded(folder)
    for text in [*texts, texts[3] + " (sửa)"]:
        again.get(text, _made(calls))
    assert calls == []


def test_a_sharded_cache_saved_by_a_full_run_keeps_only_what_it_used(tmp_path):
    folder = tmp_path / "markdown-vi"
    (tmp_path / "markdown-vi.pickle").write_bytes(b"the whole cache, as an older build kept it")
    texts = [f"Phổ biến pháp luật số {number}" for number in range(40)]
    _saved_sharded(folder, texts)
    assert not (tmp_path / "markdown-vi.pickle").exists()

    second = _sharded(folder)  # a full run: every story still there, then one deleted
    for text in texts[1:]:
        second.get(text, _made([]))
    second.save()
    calls: list[str] = []
    third = _sharded(folder)
    for text in texts:
        third.get(text, _made(calls))
    assert calls == [texts[0]]

    fourth = _sharded(folder)
    fourth.save()  # nothing used: no story left, no file left
    assert list(folder.iterdir()) == []


def test_a_sharded_cache_saved_in_the_background_is_there_for_the_next_build(tmp_path):
    folder = tmp_path / "markdown-vi"
    first = _sharded(folder)
    first.get("Luật Hòa giải ở cơ sở", _made([]))
    first.save(in_background=True)
    deadline = time.monotonic() + 30
    while not list(folder.glob("*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.05)
    # A file is put in place whole (renamed from a temporary one): there, it is complete.
    calls: list[str] = []
    assert _sharded(folder).get("Luật Hòa giải ở cơ sở", _made(calls))[1] == 21
    assert calls == []


def test_each_language_has_its_pdf_texts_and_the_shared_cache_of_old_goes(tmp_path):
    cache = BuildCache({"CACHE_PATH": str(tmp_path)})
    assert cache.pdf_text_path("vi") != cache.pdf_text_path("en")
    kept = KeyedCache(cache.pdf_text_path("vi"), "pdf", sharded=True)
    kept.get("văn bản", str.upper)
    kept.save()
    shared = cache.folder / "pdf-text"  # where an older build kept both languages' texts
    shared.mkdir()
    (shared / "00.pickle").write_bytes(b"old")
    (cache.folder / "pdf-text.pickle").write_bytes(b"older")
    cache.save(tmp_path / "output", {"inputs": "x"}, {})
    assert not shared.exists() and not (cache.folder / "pdf-text.pickle").exists()
    assert KeyedCache(cache.pdf_text_path("vi"), "pdf", sharded=True).take("văn bản") == "VĂN BẢN"
