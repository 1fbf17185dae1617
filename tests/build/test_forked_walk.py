"""The walk of output/ made by forked children gives what stat_lines() gives."""

from __future__ import annotations

import os
from contextlib import closing

import pytest

from vnportal.build.forked_walk import WALK_NICENESS, ForkedWalk, WalkInHand
from vnportal.incremental.halved_walk import HalvedWalk
from vnportal.model.sources import stat_lines

from ..incremental.test_halved_walk import fail_in_children


def _folder(tmp_path):
    for year in ("2023", "2024"):
        for number in range(150):
            page = tmp_path / "site" / f"{year}/07/bai-{number}/index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<p>Bài số {number}</p>" * 200, encoding="utf-8")
    (tmp_path / "site" / "index.html").write_text("<p>Trang chủ</p>", encoding="utf-8")
    return tmp_path / "site"


def _handed(folder) -> ForkedWalk:
    """The "nothing changed" check's walk, taken over when the content had changed."""
    with closing(HalvedWalk(folder)) as begun:
        return ForkedWalk(folder, begun.hand_over())


def test_the_forked_walk_lists_what_stat_lines_lists(tmp_path):
    folder = _folder(tmp_path)
    with closing(ForkedWalk(folder)) as walking:
        assert walking.result() == stat_lines(folder)
        with pytest.raises(RuntimeError, match="already taken"):
            walking.result()


@pytest.mark.parametrize("begun", ["by the build", "by the nothing-changed check"])
def test_children_that_send_nothing_have_their_shares_walked_here(tmp_path, monkeypatch, begun):
    folder = _folder(tmp_path)
    fail_in_children(monkeypatch)
    start = ForkedWalk if begun == "by the build" else _handed
    with closing(start(folder)) as walking:
        assert walking.result() == stat_lines(folder)


def test_a_walk_whose_result_is_not_taken_is_ended(tmp_path):
    walking = ForkedWalk(_folder(tmp_path))
    pids = [share._call._pid for share in walking._shares]
    assert len(pids) == 2
    walking.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):  # reaped: nothing is left running
            os.waitpid(pid, 0)
    walking.close()  # twice is harmless


def test_a_walk_the_nothing_changed_check_began_lists_what_stat_lines_lists(tmp_path):
    folder = _folder(tmp_path)
    kept = WalkInHand()
    kept.keep(_handed(folder))
    with closing(kept.take(folder)) as walking:
        assert len(walking._shares) == 2  # its child goes on; this process's half too
        assert walking.result() == stat_lines(folder)
    with closing(kept.take(folder)) as walking:  # taken once; then walked afresh
        assert walking.result() == stat_lines(folder)


def test_a_handed_walk_no_build_took_is_ended(tmp_path):
    folder = _folder(tmp_path)
    kept = WalkInHand()
    walking = _handed(folder)
    pids = [share._call._pid for share in walking._shares]
    kept.keep(walking)
    with closing(kept.take(tmp_path / "other")) as other:  # not the folder walked
        assert other.result() == stat_lines(tmp_path / "other")
    kept.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)


@pytest.mark.parametrize("begun", ["by the build", "by the nothing-changed check"])
def test_the_walk_gives_the_build_the_cores_first(tmp_path, begun):
    """The walk is wanted only at the build's end: its children run nicer than the
    build, whose page, Pagefind and workers come first."""
    folder = tmp_path / "site"
    for number in range(3000):  # more lines than a pipe holds: the children wait
        page = folder / f"20{number % 10:02d}/07/bai-so-{number:05d}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<p>Bài</p>", encoding="utf-8")
    start = ForkedWalk if begun == "by the build" else _handed
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    with closing(start(folder)) as walking:
        pids = [share._call._pid for share in walking._shares]
        assert len(pids) == 2
        for pid in pids:
            assert os.getpriority(os.PRIO_PROCESS, pid) == min(mine + WALK_NICENESS, 19)
        assert walking.result() == stat_lines(folder)
