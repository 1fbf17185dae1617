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
