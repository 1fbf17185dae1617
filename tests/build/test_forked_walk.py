"""The walk of output/ made by a forked child gives what walk_files() gives."""

from __future__ import annotations

import os
from contextlib import closing

import pytest

from vnportal.build.forked_walk import ForkedWalk
from vnportal.model.sources import walk_files


def _folder(tmp_path):
    for number in range(300):
        page = tmp_path / "site" / f"2024/07/bai-{number}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<p>Bài số {number}</p>" * 200, encoding="utf-8")
    return tmp_path / "site"


def test_the_forked_walk_lists_what_walk_files_lists(tmp_path):
    folder = _folder(tmp_path)
    with closing(ForkedWalk(folder)) as walking:
        assert walking.result() == walk_files(folder)
        with pytest.raises(RuntimeError, match="already taken"):
            walking.result()


def test_a_walk_whose_result_is_not_taken_is_ended(tmp_path):
    walking = ForkedWalk(_folder(tmp_path))
    pid = walking._call._pid
    walking.close()
    with pytest.raises(ChildProcessError):  # reaped: nothing is left running
        os.waitpid(pid, 0)
    walking.close()  # twice is harmless
