"""A rebuild after only story text changed: the page and feeds rewritten without a
language run, byte for byte what a cold build makes; anything more, a full build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vnportal.build import body_edit, index_stage, text_rewrite
from vnportal.build import output as output_module
from vnportal.build.forked_walk import ForkedWalk
from vnportal.build.launch import Launch
from vnportal.build.search_stop import SearchStopError
from vnportal.build.site import build_site
from vnportal.build.up_to_date import unchanged_site
from vnportal.check import every_file
from vnportal.incremental.caches import BuildCache
from vnportal.model.errors import BuildError
from vnportal.site import search_index
from vnportal.site.search_index import INDEXERS, SEARCH_FOLDER

from ..corpus import ROOT, story, write_corpus
from ..incremental.test_incremental import Site, assert_same_site, replace, tree

# A recent story (in the site's feeds), with a drawing shown through {static}.
RECENT = "vi/2026/04/hoa-giai-vien-chuyen-doi-so.md"
OLDER = "vi/2023/09/hoa-giai-tranh-chap-loi-di.md"
ENGLISH = "en/2024/09/phap-luat-hoc-duong.md"
EVENT = "vi/2024/07/tap-huan-ky-nang-pbgdpl.md"  # has an event: its calendar shows more
# Written for these tests: links to another story and shows a drawing; no summary, so its
# lead is its first paragraph.
LINKING = "vi/2026/05/lien-ket.md"
LINKING_TEXT = story(
    "Hòa giải viên chia sẻ kinh nghiệm",
    date="2026-05-04 08:00 +07:00",
    tags='["hòa giải ở cơ sở"]',
    category='"Hòa giải ở cơ sở"',
    body=(
        "Đoạn mở đầu nói về buổi chia sẻ kinh nghiệm hòa giải ở ấp Bình Long.\n\n"
        "Xem thêm [bài về lối đi chung]({filename}/vi/2023/09/hoa-giai-tranh-chap-loi-di.md).\n\n"
        "![Hình minh họa: tổ hòa giải]({static}/images/2023/09/to-hoa-giai-loi-di.svg)\n"
    ),
)
NEW_PARAGRAPH = "Một đoạn mới được thêm vào cuối bài viết này."


def appended(text: str) -> Callable[[str], str]:
    return lambda body: body + f"\n{text}\n"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    site = Site(tmp_path)
    site.file(LINKING).parent.mkdir(parents=True, exist_ok=True)
    site.file(LINKING).write_text(LINKING_TEXT, encoding="utf-8")
    site.build()
    runs: list[str] = []
    language_runs = Launch.runs

    def counted(self, when_built):
        built = language_runs(self, when_built)
        runs.extend(built)  # the languages that ran
        return built

    monkeypatch.setattr(Launch, "runs", counted)
    site.language_runs = runs  # type: ignore[attr-defined]
    return site


def test_a_body_edit_is_written_without_a_language_run_and_equals_a_cold_build(site):
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    report = site.build()
    assert site.language_runs == []
    page = site.root / "output/2026/04/hoa-giai-vien-chuyen-doi-so/index.html"
    assert f"<p>{NEW_PARAGRAPH}</p>" in page.read_text(encoding="utf-8")
    for feed in ("feeds/all.rss.xml", "feeds/all.atom.xml"):
        text = (site.root / "output" / feed).read_text(encoding="utf-8")
        assert f"&lt;p&gt;{NEW_PARAGRAPH}&lt;/p&gt;" in text
    assert report.rendered > 2  # the page and the feeds carrying the story
    assert_same_site(site.root / "output", site.cold())


def test_edits_in_a_row_then_a_full_build_each_equal_a_cold_build(site):
    steps: list[tuple[str, Callable[[str], str], bool]] = [
        (RECENT, appended("Câu thứ nhất."), False),
        (OLDER, appended("Câu thứ hai."), False),
        (RECENT, appended("Câu thứ ba."), False),  # the same story again
        (ENGLISH, appended("An English sentence."), False),
        (LINKING, appended("Câu có liên kết ở trên."), False),
        (RECENT, replace('title: "', 'title: "Mới: '), True),  # the full build
        (RECENT, appended("Câu thứ tư."), False),  # and again without one
    ]
    for relpath, change, full in steps:
        site.language_runs.clear()
        site.edit(relpath, change)
        site.build()
        assert bool(site.language_runs) == full, relpath
        assert_same_site(site.root / "output", site.cold())


def test_edits_in_a_row_leave_the_search_digests_a_full_build_computes(site):
    """Two stories of one search part edited one after the other: the second rewrite
    digests the part with the first story's new text, as a full build does. Otherwise
    the next full build would index that part again for nothing."""
    site.edit(RECENT, appended("Câu thứ nhất."))
    site.build()
    site.edit(LINKING, appended("Câu thứ hai."))
    site.build()
    assert site.language_runs == []
    site.build("full")  # its own output: a full build from the same files
    cache = BuildCache({"CACHE_PATH": str(site.root / "cache")})
    rewritten = cache.stamp(site.root / "output")["search"]
    assert rewritten == cache.stamp(site.root / "full")["search"]


def test_a_story_saved_with_windows_line_endings(site):
    path = site.file(LINKING)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    site.build()
    site.language_runs.clear()
    path.write_bytes(path.read_bytes() + f"\r\n{NEW_PARAGRAPH}\r\n".encode())
    site.build()
    assert site.language_runs == []
    assert_same_site(site.root / "output", site.cold())


def test_two_stories_of_both_languages_edited_at_once(site):
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.edit(ENGLISH, appended("A new closing paragraph."))
    site.build()
    assert site.language_runs == []
    assert_same_site(site.root / "output", site.cold())


def test_a_body_edit_reads_the_edited_file_alone_and_the_index_kept(site, monkeypatch):
    """Neither every file's checks nor the index are read again for one edited story."""
    checked: list[str] = []
    check_file = every_file.check_file

    def counted(path, *args, **kwargs):
        checked.append(path.relative_to(site.root / "content").as_posix())
        return check_file(path, *args, **kwargs)

    def refused(*args, **kwargs):
        raise AssertionError("the index was built again")

    monkeypatch.setattr(every_file, "check_file", counted)
    monkeypatch.setattr(index_stage, "read_index", refused)
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs == []
    assert checked == [RECENT]
    monkeypatch.undo()
    assert_same_site(site.root / "output", site.cold())


def _kept_index(site: Site):
    (found,) = (site.root / "cache").rglob("index.pickle")
    return found


def test_without_the_index_kept_the_full_build_runs_and_keeps_one(site):
    _kept_index(site).unlink()
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert _kept_index(site).is_file()
    site.language_runs.clear()
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs == []
    assert_same_site(site.root / "output", site.cold())


def test_an_index_kept_by_an_earlier_build_is_not_taken_for_the_last_ones(site):
    """A full build that changed the index but could not keep it (its file left as
    the build before had it): the next edit is a full build too."""
    earlier = _kept_index(site).read_bytes()
    site.edit(RECENT, replace('title: "', 'title: "Mới: '))
    site.build()
    assert site.language_runs
    _kept_index(site).write_bytes(earlier)
    site.language_runs.clear()
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert_same_site(site.root / "output", site.cold())


def test_a_damaged_index_kept_means_a_full_build(site):
    _kept_index(site).write_bytes(b"\x80\x05 hong")
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert_same_site(site.root / "output", site.cold())


def test_an_edit_built_by_a_new_process_uses_the_index_another_process_kept(tmp_path):
    """Each command is a new process with its own string hashing: a file's frame is
    the same in both, so the edit needs no language run (Pelican says "Processed")."""
    site = Site(tmp_path)
    command = [sys.executable, "-m", "vnportal", "build", "--settings", str(site.settings)]
    command += ["--output", str(tmp_path / "output")]

    def build(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=True
        )
        return done.stdout + done.stderr

    assert "Processed" in build("1")
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    said = build("2")
    assert "Processed" not in said
    assert "Built " in said
    assert_same_site(tmp_path / "output", site.cold())


FULL_BUILDS: dict[str, Callable[[Site], None]] = {
    # Its first paragraph is its lead, which listings and feeds show.
    "lead changed": lambda s: s.edit(LINKING, replace("Đoạn mở đầu", "Phần mở đầu")),
    # The first mention of a library document becomes a link, and its page lists the story.
    "citation added": lambda s: s.edit(
        RECENT, appended("Sở Tư pháp triển khai Quyết định số 315/QĐ-TTg tại các xã.")
    ),
    "link added": lambda s: s.edit(
        RECENT, appended("Xem [bài cũ]({filename}/vi/2023/09/hoa-giai-tranh-chap-loi-di.md).")
    ),
    "photo added": lambda s: s.edit(
        RECENT, appended("![Hình mới]({static}/images/2024/09/san-khau-hoa.svg)")
    ),
    "body and title": lambda s: (
        s.edit(RECENT, appended(NEW_PARAGRAPH)),
        s.edit(RECENT, replace('title: "', 'title: "Mới: ')),
    ),
    "story with an event": lambda s: s.edit(EVENT, appended(NEW_PARAGRAPH)),
    "a page too": lambda s: (
        s.edit(RECENT, appended(NEW_PARAGRAPH)),
        s.edit("vi/pages/gioi-thieu.md", appended(NEW_PARAGRAPH)),
    ),
    "a new story too": lambda s: (
        s.edit(RECENT, appended(NEW_PARAGRAPH)),
        s.file("vi/2026/11/moi.md").write_text(story("Tin mới", date="2026-11-20 08:00")),
    ),
    "a photo replaced too": lambda s: (
        s.edit(RECENT, appended(NEW_PARAGRAPH)),
        s.file("images/2024/09/san-khau-hoa.svg").write_text(
            s.file("images/2024/09/san-khau-hoa.svg").read_text() + "\n"
        ),
    ),
    "unsafe HTML": lambda s: s.edit(RECENT, appended('<p onclick="x()">Bấm vào đây.</p>')),
    "settings": lambda s: (
        s.edit(RECENT, appended(NEW_PARAGRAPH)),
        s.write_settings('SITENAME = "Tên mới"\n'),
    ),
}


@pytest.mark.parametrize("edit", FULL_BUILDS)
def test_anything_more_than_story_text_goes_to_the_full_build(site, edit):
    FULL_BUILDS[edit](site)
    site.build()
    assert site.language_runs, "a language run was expected"
    assert_same_site(site.root / "output", site.cold())


def test_an_output_edited_by_hand_is_made_again(site):
    page = site.root / "output/2026/04/hoa-giai-vien-chuyen-doi-so/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<main", "<main hidden"))
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert_same_site(site.root / "output", site.cold())


def test_a_page_replaced_by_hand_with_bytes_no_build_writes_means_a_full_build(site):
    page = site.root / "output/2026/04/hoa-giai-vien-chuyen-doi-so/index.html"
    page.write_bytes(b"\xff\xfe<html>")  # not UTF-8: the rewrite cannot read it
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert_same_site(site.root / "output", site.cold())


def test_the_search_index_is_made_while_the_walk_of_output_is_checked(site, monkeypatch):
    indexing = threading.Event()
    seen: list[bool] = []
    make_index = text_rewrite.make_search_index
    take_walk = ForkedWalk.result

    def make_search_index(*args, **kwargs):
        indexing.set()
        return make_index(*args, **kwargs)

    def result(self):
        seen.append(indexing.wait(timeout=20))  # the old order never started it: 20 s lost
        return take_walk(self)

    monkeypatch.setattr(text_rewrite, "make_search_index", make_search_index)
    monkeypatch.setattr(ForkedWalk, "result", result)
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    report = site.build()
    assert site.language_runs == [] and report.search_parts == 1
    assert seen == [True]
    assert_same_site(site.root / "output", site.cold())


def test_the_search_index_starts_once_every_edited_page_is_in_before_the_last_feeds(
    site, monkeypatch
):
    """Pagefind reads the pages: it starts once the last edited page is written (the
    other pages of its part are gathered meanwhile), while that story's feeds are."""
    indexing = threading.Event()
    pages: list[str] = []
    before_pages: list[bool] = []  # the first story's feeds: Pagefind must wait
    after_pages: list[bool] = []
    run_pagefind = search_index._Indexers.run
    replace_page = body_edit._Rewriter._replace
    replace_entry = body_edit._Rewriter._replace_entry

    def run(self, command):
        indexing.set()
        return run_pagefind(self, command)

    def page(self, relpath, *args):
        pages.append(relpath)
        return replace_page(self, relpath, *args)

    def feed_entry(self, *args):
        if len(pages) < 2:
            before_pages.append(indexing.is_set())
        else:  # the old order started it after the feeds: 20 s lost here
            after_pages.append(indexing.wait(timeout=0 if after_pages else 20))
        return replace_entry(self, *args)

    monkeypatch.setattr(search_index._Indexers, "run", run)
    monkeypatch.setattr(body_edit._Rewriter, "_replace", page)
    monkeypatch.setattr(body_edit._Rewriter, "_replace_entry", feed_entry)
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.edit(ENGLISH, appended("A new paragraph at the end of this story."))
    report = site.build()
    assert site.language_runs == [] and report.search_parts == 2
    assert len(pages) == 2 and before_pages and after_pages
    assert not any(before_pages) and all(after_pages)
    assert_same_site(site.root / "output", site.cold())


def test_the_other_pages_of_an_edited_storys_part_are_gathered_while_it_is_rendered(
    site, monkeypatch
):
    gathering = threading.Event()
    seen: list[bool] = []
    gather = search_index._gather
    replace_page = body_edit._Rewriter._replace

    def gathered(*args, **kwargs):
        gathering.set()
        return gather(*args, **kwargs)

    def page(self, *args):
        seen.append(gathering.wait(timeout=20))  # the old order gathered after: 20 s lost
        return replace_page(self, *args)

    monkeypatch.setattr(search_index, "_gather", gathered)
    monkeypatch.setattr(body_edit._Rewriter, "_replace", page)
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    report = site.build()
    assert site.language_runs == [] and report.search_parts == 1
    assert seen == [True]
    assert_same_site(site.root / "output", site.cold())


def test_a_rewrite_given_up_before_its_pages_are_written_ends_the_index_it_began(site, monkeypatch):
    monkeypatch.setattr(text_rewrite, "rewrite_bodies", lambda *args, **kwargs: None)
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    site.build()  # the full build instead; the index begun for the rewrite must not wait
    assert site.language_runs
    assert not list(site.root.glob(".output.*building*"))
    assert_same_site(site.root / "output", site.cold())


def test_the_search_files_an_edit_makes_again_the_same_stay_untouched(site):
    """Pagefind writes the edited story's part again whole; only the files that changed
    go in, and the rest keep their inode and time (rsync and readers' caches see them
    unchanged), as in a full build."""
    part = site.root / "output" / SEARCH_FOLDER / "vi" / OLDER.split("/")[1]

    def files() -> dict[str, tuple[int, int]]:
        found = (path for path in part.rglob("*") if path.is_file())
        return {str(p.relative_to(part)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in found}

    before = files()
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    report = site.build()
    assert site.language_runs == [] and report.search_parts == 1
    after = files()
    fragments = {path for path in before if path.startswith("fragment/")}
    assert len(fragments) > 1 and len(fragments - after.keys()) == 1  # the edited story's
    assert all(before[path] == after[path] for path in fragments & after.keys())
    assert before["pagefind-entry.json"] != after["pagefind-entry.json"]  # a new metadata file
    assert not list(site.root.glob(".output.*building*"))  # the pages gathered for Pagefind
    assert_same_site(site.root / "output", site.cold())


def test_the_pages_gathered_for_pagefind_are_deleted_by_a_process_of_their_own(site, monkeypatch):
    """A year's 500 folders and links take 0.1-0.3 s to remove: an edit's build moves
    them out of the way and does not wait for their deletion, and the next build's
    "nothing changed" answer passes over them."""
    deleting: list[Path] = []
    monkeypatch.setattr(output_module, "_delete_detached", deleting.append)
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    report = site.build()
    assert site.language_runs == [] and report.search_parts == 1
    assert len(deleting) == 1 and deleting[0].name.startswith(".output.old-")
    story_page = OLDER.removeprefix("vi/").removesuffix(".md") + "/index.html"
    assert any(page.as_posix().endswith(story_page) for page in deleting[0].rglob("*.html"))
    assert not list(site.root.glob(".output.*building*"))
    assert unchanged_site(site.settings, site.root / "output") is not None
    shutil.rmtree(deleting[0])
    assert_same_site(site.root / "output", site.cold())


def test_an_edit_whose_search_index_fails_leaves_output_as_it_was(site, monkeypatch):
    before = tree(site.root / "output")
    index_part = search_index._index_part
    monkeypatch.setattr(
        search_index,
        "_index_part",
        lambda part, *args: search_index._Indexed(part, "out of disk space"),
    )
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    with pytest.raises(BuildError, match="search index of pagefind/vi/2026 failed: out of disk"):
        site.build()
    assert tree(site.root / "output") == before
    monkeypatch.setattr(search_index, "_index_part", index_part)
    site.build()
    assert site.language_runs == []  # the next build rewrites the story as usual
    assert_same_site(site.root / "output", site.cold())


def test_without_the_record_of_the_last_build_the_full_build_runs(site):
    for record in (site.root / "cache").rglob("files.marshal"):
        record.unlink()
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert list((site.root / "cache").rglob("files.marshal")), "the full build leaves one"


def test_many_stories_edited_at_once_go_to_the_full_build(site, monkeypatch):
    monkeypatch.setattr(body_edit, "MOST_STORIES", 1)
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    site.edit(OLDER, appended(NEW_PARAGRAPH))
    site.build()
    assert site.language_runs
    assert_same_site(site.root / "output", site.cold())


def test_a_preview_is_told_when_the_pages_are_in_before_the_search_index(site):
    search = site.root / "output" / SEARCH_FOLDER

    def search_files() -> dict[str, bytes]:
        return {str(p.relative_to(search)): p.read_bytes() for p in search.rglob("*.pf_*")}

    before = search_files()
    page = site.root / "output/2026/04/hoa-giai-vien-chuyen-doi-so/index.html"
    seen: list[tuple[bool, bool]] = []

    def pages_shown() -> None:
        seen.append((NEW_PARAGRAPH in page.read_text(encoding="utf-8"), search_files() == before))

    site.edit(RECENT, appended(NEW_PARAGRAPH))
    build_site(site.settings, site.root / "output", pages_shown=pages_shown)
    assert seen == [(True, True)]  # the new page, the old search index, once
    assert search_files() != before
    assert_same_site(site.root / "output", site.cold())


def test_a_full_build_puts_its_pages_and_search_index_in_at_once(site):
    seen: list[str] = []
    site.edit(RECENT, replace('title: "', 'title: "Mới: '))
    build_site(site.settings, site.root / "output", pages_shown=lambda: seen.append("shown"))
    assert site.language_runs and seen == []  # nothing is in until everything is


def test_a_preview_build_stopped_while_indexing_leaves_the_index_to_the_next(site):
    page = site.root / "output/2026/04/hoa-giai-vien-chuyen-doi-so/index.html"

    def stop_once_indexing() -> None:
        deadline = time.monotonic() + 60
        while not INDEXERS._running:  # Pagefind has started
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(os.getpid(), signal.SIGTERM)  # as the preview does when the editor saves

    site.edit(RECENT, appended(NEW_PARAGRAPH))
    shown = lambda: threading.Thread(target=stop_once_indexing, daemon=True).start()  # noqa: E731
    with pytest.raises(SearchStopError):
        build_site(site.settings, site.root / "output", pages_shown=shown)
    assert NEW_PARAGRAPH in page.read_text(encoding="utf-8")
    report = site.build()  # nothing else changed: only the search index is made
    assert site.language_runs == [] and report.search_parts == 1 and not report.up_to_date
    assert_same_site(site.root / "output", site.cold())
    assert site.build().up_to_date


def test_a_stop_asked_for_before_the_search_index_is_not_heeded(site):
    site.edit(RECENT, appended(NEW_PARAGRAPH))
    build_site(
        site.settings,
        site.root / "output",
        pages_shown=lambda: os.kill(os.getpid(), signal.SIGTERM),
    )
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # as it was before the build
    assert_same_site(site.root / "output", site.cold())


def test_a_records_digests_are_found_by_language_and_path_as_the_search_index_names_files(
    tmp_path,
):
    content = tmp_path / "content"
    files = {
        str(content / "vi" / "2024" / "07" / "tap-huan.md"): (10, 1, "d-vi", "f1"),
        str(content / "en" / "pages" / "about.md"): (20, 2, "d-en", "f2"),
    }
    digests = body_edit.Record(files, "", "").source_digests(content)
    assert digests[("vi", "2024/07/tap-huan.md")] == "d-vi"
    assert digests.get(("en", "pages/about.md")) == "d-en"
    assert digests.get(("vi", "2024/07/khac.md"), "") == ""
    assert dict(digests) == {
        ("vi", "2024/07/tap-huan.md"): "d-vi",
        ("en", "pages/about.md"): "d-en",
    }


def test_story_files_leave_out_what_editors_tools_leave_beside_them(tmp_path) -> None:
    """Hidden files, backups and lock files in any folder are no story; the rest are."""
    from vnportal.model.sources import walk_files

    names = [
        "vi/2024/07/bai-viet.md",
        "vi/2024/07/bai.viet.co.dau.cham.md",
        "vi/2024/07/.bai-viet.md.swp",
        "vi/2024/07/._bai-viet.md",
        "vi/2024/07/.#bai-viet.md",
        "vi/2024/07/#bai-viet.md#",
        "vi/2024/07/bai-viet.md~",
        "vi/.nhap/2024/bai-an.md",
        "vi/2024/#luu-tam#/bai-an.md",
        "vi/2024/luu~/bai-an.md",
        "vi/2024/so#1/bai-co-dau-thang.md",
        "en/2024/09/story.md",
        "en/2024/09/.hidden.md",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = body_edit.story_files_walked(tmp_path, walk_files)
    assert sorted(os.path.relpath(path, tmp_path) for path in found) == [
        "en/2024/09/story.md",
        "vi/2024/07/bai-viet.md",
        "vi/2024/07/bai.viet.co.dau.cham.md",
        "vi/2024/so#1/bai-co-dau-thang.md",
    ]


def _feed_item(ident: str, text: str) -> str:
    return f"<item><title>Tin</title><description>{text}</description><guid>{ident}</guid></item>"


def test_a_feeds_entry_is_replaced_in_its_bytes_and_feeds_without_the_story_stay(tmp_path):
    """Feeds are searched as UTF-8 bytes: Vietnamese text and a carriage return come out
    as a decoded search would leave them, and only the feed carrying the story is written."""
    output, staging = tmp_path / "output", tmp_path / "staging"
    ident, other = "tag:so-tu-phap.example,2026-04-02:vi/hoa-giai", "tag:x,2026-01-01:vi/khac"
    old, new = "Hòa giải ở ấp Bình Long.&#13;", "Hoà giải ở ấp Bình Long, năm 2026."
    feeds = {
        "feeds/all.rss.xml": _feed_item(other, "Tập huấn") + _feed_item(ident, old),
        "feeds/tags/tap-huan.rss.xml": _feed_item(other, "Tập huấn kỹ năng"),
    }
    for relpath, text in feeds.items():
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_bytes(text.encode("utf-8"))
    rewriter = body_edit._Rewriter(None, {}, output, staging, list(feeds), {})
    assert all(rewriter._replace_entry(path, ident, old, new) for path in sorted(feeds))
    assert rewriter.rewritten == {"feeds/all.rss.xml"}
    written = (staging / "feeds/all.rss.xml").read_bytes().decode("utf-8")
    assert written == _feed_item(other, "Tập huấn") + _feed_item(ident, new)


def test_a_feed_that_may_carry_the_story_unseen_or_is_not_utf8_stops_the_rewrite(tmp_path):
    output, staging = tmp_path / "output", tmp_path / "staging"
    ident, old = "tag:so-tu-phap.example,2026-04-02:vi/hoa-giai", "Hòa giải ở ấp Bình Long."
    feeds = {
        # The story's text without its id: the entry is there in some other form.
        "feeds/all.atom.xml": f"<feed><entry><content>{old}</content></entry></feed>",
        "feeds/all.rss.xml": _feed_item(ident, old),
    }
    for relpath, text in feeds.items():
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_bytes(text.encode("utf-8"))
    rewriter = body_edit._Rewriter(None, {}, output, staging, list(feeds), {})
    assert not rewriter._replace_entry("feeds/all.atom.xml", ident, old, "mới")
    (output / "feeds/all.rss.xml").write_bytes(b"\xff" + feeds["feeds/all.rss.xml"].encode())
    assert not rewriter._replace_entry("feeds/all.rss.xml", ident, old, "mới")
    assert rewriter.rewritten == set()


# Run in a fresh interpreter: several rewrites in one process, as the live preview makes.
REWRITES_IN_ONE_PROCESS = """
import gc, json, os, sys
from pathlib import Path
from vnportal.build.site import build_site
from vnportal.incremental.kept_entries import Pieces

settings, output, story = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
build_site(settings, output)
counts = []
for number in range(4):
    text = story.read_text(encoding="utf-8") + f"\\n\\nĐoạn {number}.\\n"
    story.write_text(text, encoding="utf-8")
    assert build_site(settings, output).rendered > 0
    gc.collect()
    alive = sum(isinstance(thing, Pieces) for thing in gc.get_objects())
    counts.append((len(os.listdir("/proc/self/fd")), alive))
print(json.dumps(counts))
"""


def test_a_process_that_rewrites_again_and_again_holds_no_kept_index_it_read(tmp_path):
    """The live preview's build process rewrites story text on every save: each rewrite
    maps the kept index's file, and Pelican's memo of the stories' HTML held them all
    (with an open file each) for as long as the preview ran."""
    settings = write_corpus(
        tmp_path,
        {
            "vi/2024/07/hoi-nghi.md": story("Hội nghị tập huấn", tags="[hòa giải]"),
            "en/2024/07/conference.md": story("Training conference"),
        },
    )
    hoi_nghi = tmp_path / "content" / "vi/2024/07/hoi-nghi.md"
    command = [sys.executable, "-c", REWRITES_IN_ONE_PROCESS, str(settings)]
    done = subprocess.run(
        [*command, str(tmp_path / "output"), str(hoi_nghi)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert [alive for _, alive in counts] == [0, 0, 0, 0]
    assert len({files for files, _ in counts}) == 1  # no file left open by any rewrite
