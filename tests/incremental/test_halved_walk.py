"""The halved walk of output/ lists exactly what the plain walk lists."""

from __future__ import annotations

import os
from contextlib import closing

import pytest

from vnportal.incremental import halved_walk as halved
from vnportal.incremental.halved_walk import HalvedWalk
from vnportal.model.sources import stat_lines


def _site(root):
    """Files at every depth, as a built site has them, and the odd cases of a walk."""
    (root / "index.html").parent.mkdir(parents=True)
    (root / "index.html").write_text("<p>Trang chủ</p>", encoding="utf-8")
    for year in ("2016", "2024"):
        for month in ("01", "07"):
            for number in range(5):
                page = root / year / month / f"tap-huan-{number}" / "index.html"
                page.parent.mkdir(parents=True)
                page.write_text(f"<p>Bài {number}</p>" * number, encoding="utf-8")
        (root / year / "index.html").write_text("<p>Năm</p>", encoding="utf-8")
    (root / "tag" / "phap-luat").mkdir(parents=True)
    (root / "tag" / "phap-luat" / "index.html").write_text("x", encoding="utf-8")
    (root / "tag" / "empty").mkdir()
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "left.pyc").write_bytes(b"\0")
    os.symlink(root / "index.html", root / "2024" / "link.html")
    os.symlink(root / "tag", root / "2016" / "01" / "folder-link")
    os.symlink(root / "nowhere", root / "2016" / "dangling")
    return root


def test_it_lists_what_stat_lines_lists(tmp_path):
    site = _site(tmp_path / "output")
    with closing(HalvedWalk(site)) as walk:
        assert walk._child is not None  # the folders below two levels were dealt out
        assert walk.lines() == stat_lines(site)


def test_a_change_anywhere_changes_the_lines(tmp_path):
    site = _site(tmp_path / "output")
    before = HalvedWalk(site).lines()
    page = site / "2024" / "07" / "tap-huan-3" / "index.html"
    page.write_text("<p>Sửa tay</p>", encoding="utf-8")
    os.utime(page, ns=(1, 1))
    assert HalvedWalk(site).lines() != before


def test_a_shallow_folder_or_a_file_is_walked_here(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.html").write_text("b", encoding="utf-8")
    walk = HalvedWalk(tmp_path)
    assert walk._child is None  # nothing two levels down: no child
    assert walk.lines() == stat_lines(tmp_path)
    single = tmp_path / "a" / "b.html"
    assert HalvedWalk(single).lines() == stat_lines(single)


def fail_in_children(monkeypatch) -> None:
    """A forked child's walk fails (out of memory, say) and sends nothing; this
    process's own walk still works."""
    parent = os.getpid()

    def failing(real):
        def fails(*arguments):
            if os.getpid() != parent:
                raise OSError("no memory")
            return real(*arguments)

        return fails

    monkeypatch.setattr(halved, "stat_walk", failing(halved.stat_walk))
    monkeypatch.setattr(halved, "listed_walk", failing(halved.listed_walk))


def test_if_the_child_sends_nothing_its_half_is_walked_here(tmp_path, monkeypatch):
    site = _site(tmp_path / "output")
    fail_in_children(monkeypatch)
    assert HalvedWalk(site).lines() == stat_lines(site)


def test_a_walk_not_finished_leaves_no_child(tmp_path):
    site = _site(tmp_path / "output")
    with closing(HalvedWalk(site)) as walk:
        pid = walk._child._pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def test_the_shares_of_a_walk_together_list_what_stat_lines_lists(tmp_path):
    site = _site(tmp_path / "output")
    shares = [halved.walk_share(site, share) for share in range(halved.SHARES)]
    assert all(shares)  # each has files to walk: the work is dealt out
    assert sorted(line for share in shares for line in share) == stat_lines(site)
    single = site / "index.html"
    assert [halved.walk_share(single, share) for share in range(halved.SHARES)] == [
        stat_lines(single),
        [],
    ]
    assert [halved.walk_share(tmp_path / "none", s) for s in range(halved.SHARES)] == [[], []]


def test_each_process_reads_the_kept_listings_itself_and_this_one_only_to_walk(tmp_path):
    """A build whose content changed hands the walk over without waiting for the listings
    (a 24 MB file at 50,000 story pairs); the children read them as they begin."""
    site = _site(tmp_path / "output")
    marks = tmp_path / "marks"
    marks.mkdir()

    def listings():
        (marks / str(os.getpid())).touch()
        return {}

    with closing(HalvedWalk(site, listings)) as walk:
        shares = walk.hand_over()
        lines = sorted(line for share in shares for line in share.result())
    assert lines == stat_lines(site)
    readers = {int(mark.name) for mark in marks.iterdir()}
    assert len(readers) == 2 and os.getpid() not in readers
    with closing(HalvedWalk(site, listings)) as walk:
        assert walk.lines() == stat_lines(site)
    assert os.getpid() in {int(mark.name) for mark in marks.iterdir()}


def _content(root):
    """content/ as editors keep it: a language, a year, a month, its stories."""
    for lang in ("vi", "en"):
        for year in ("2016", "2024"):
            for month in ("01", "07"):
                for number in range(4):
                    story = root / lang / year / month / f"tap-huan-{number}.md"
                    story.parent.mkdir(parents=True, exist_ok=True)
                    story.write_text(f"Title: Tập huấn {number}\n\nBài.", encoding="utf-8")
    (root / "pages").mkdir()
    (root / "pages" / "gioi-thieu.md").write_text("Title: Giới thiệu", encoding="utf-8")
    return root


def _first_roots(tmp_path):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text('SITENAME = "Sở Tư pháp"\n', encoding="utf-8")
    return [_content(tmp_path / "content"), settings, tmp_path / "theme-missing"]


def test_the_roots_walked_first_are_halved_and_list_what_stat_lines_lists(tmp_path):
    site = _site(tmp_path / "output")
    roots = _first_roots(tmp_path)
    with closing(HalvedWalk(site, first=roots)) as walk:
        assert walk._first.theirs  # the child walks a share of the content first
        assert walk.first_lines() == {root: stat_lines(root) for root in roots}
        assert walk.lines() == stat_lines(site)


def test_a_story_edited_changes_the_first_lines(tmp_path):
    site = _site(tmp_path / "output")
    roots = _first_roots(tmp_path)
    with closing(HalvedWalk(site, first=roots)) as walk:
        before = walk.first_lines()
    for story in sorted((tmp_path / "content").rglob("*.md")):
        story.write_text("Title: Sửa\n\nĐã sửa.", encoding="utf-8")
        os.utime(story, ns=(1, 1))
        with closing(HalvedWalk(site, first=roots)) as walk:
            assert walk.first_lines() != before, story
            assert walk.first_lines() == {root: stat_lines(root) for root in roots}
        before = {root: stat_lines(root) for root in roots}


def test_the_roots_walked_first_come_whole_if_the_child_sends_nothing(tmp_path, monkeypatch):
    site = _site(tmp_path / "output")
    roots = _first_roots(tmp_path)
    fail_in_children(monkeypatch)
    with closing(HalvedWalk(site, first=roots)) as walk:
        assert walk.first_lines() == {root: stat_lines(root) for root in roots}
        assert walk.lines() == stat_lines(site)


def test_after_the_roots_walked_first_the_walk_is_handed_over_whole(tmp_path):
    site = _site(tmp_path / "output")
    roots = _first_roots(tmp_path)
    with closing(HalvedWalk(site, first=roots)) as walk:
        assert walk.first_lines() == {root: stat_lines(root) for root in roots}
        shares = walk.hand_over()
        assert sorted(line for share in shares for line in share.result()) == stat_lines(site)


def test_roots_with_nothing_two_levels_down_are_walked_here(tmp_path):
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text("x", encoding="utf-8")
    roots = _first_roots(tmp_path)[1:]  # a file and a folder that is missing
    walk = HalvedWalk(site, first=roots)
    assert walk._child is None  # nothing to deal out: no child at all
    assert walk.first_lines() == {root: stat_lines(root) for root in roots}
    assert walk.lines() == stat_lines(site)
