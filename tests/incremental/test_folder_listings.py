"""A walk that takes folder names from kept listings lists exactly what a full walk lists,
and sees every change: a name added, removed or renamed changes its folder's time."""

from __future__ import annotations

import os
import time
from contextlib import closing
from pathlib import Path

from vnportal.incremental.folder_listings import (
    MARGIN_NS,
    ListedWalk,
    listed_walk,
    updated_listings,
    walk_keeping_listings,
)
from vnportal.incremental.halved_walk import HalvedWalk
from vnportal.model.sources import stat_lines

from .test_halved_walk import _site

HOUR_NS = 3600 * 10**9


def _age(root: Path) -> None:
    """Every folder under ``root`` last changed an hour ago, as after yesterday's build."""
    then = time.time_ns() - HOUR_NS
    for folder, _, _ in os.walk(root):
        os.utime(folder, ns=(then, then))


def _walk(root: Path, kept: dict) -> ListedWalk:
    walk = listed_walk([str(root)], [], kept, str(root))
    walk.lines.sort()
    return walk


def _listed(root: Path) -> dict:
    _age(root)
    listings = _walk(root, {}).fresh
    assert listings  # every folder was listed long enough ago to be kept
    return listings


def test_kept_listings_give_the_lines_of_a_full_walk(tmp_path, monkeypatch):
    site = _site(tmp_path / "output")
    kept = _listed(site)
    folder = site / "2024" / "07" / "tap-huan-3"
    assert kept["2024/07/tap-huan-3"][1:] == (("index.html",), ())
    assert kept["2016/01"][2] and kept[""][1]  # subfolders and files, the root's too
    assert "__pycache__" not in kept[""][2]  # left out as every walk leaves it out
    listed: list[str] = []
    real_scandir = os.scandir

    def scandir(path):
        listed.append(os.fspath(path))
        return real_scandir(path)

    full = stat_lines(site)
    monkeypatch.setattr(os, "scandir", scandir)
    walk = _walk(site, kept)
    assert listed == [] and walk.fresh == {} and walk.stale == []  # no folder was listed
    assert walk.lines == full
    (folder / "index.html").write_text("<p>Sửa tay</p>", encoding="utf-8")  # in place
    walk = _walk(site, kept)
    assert listed == []  # its folder's time stands; the file's own stat shows the edit
    monkeypatch.undo()
    assert walk.lines == stat_lines(site) != full


def test_a_name_added_removed_or_renamed_is_seen(tmp_path):
    site = _site(tmp_path / "output")
    story = site / "2024" / "07" / "tap-huan-3"
    changes = [  # and whether the files a walk lists change with it
        (lambda: (story / "ghi-chu.html").write_text("thêm tay", encoding="utf-8"), True),
        (lambda: (story / "index.html").unlink(), True),
        (lambda: (site / "2016" / "index.html").rename(site / "2016" / "trang.html"), True),
        (lambda: (story / "anh").mkdir(), False),
        (lambda: (site / "tag" / "empty").rmdir(), False),
        (lambda: (site / "2024" / "07" / "tap-huan-9").mkdir(), False),
    ]
    for change, shows in changes:
        kept = _listed(site)
        before = stat_lines(site)
        change()
        walk = _walk(site, kept)
        assert walk.lines == stat_lines(site)
        assert walk.stale  # the changed folder was listed again
        assert (walk.lines != before) == shows


def test_a_new_folder_below_a_kept_one_is_walked_whole(tmp_path):
    site = _site(tmp_path / "output")
    kept = _listed(site)
    deep = site / "2016" / "01" / "tap-huan-0" / "anh" / "nho"
    deep.mkdir(parents=True)
    (deep / "1.webp").write_bytes(b"RIFF")
    walk = _walk(site, kept)
    assert walk.lines == stat_lines(site)
    assert f"{deep}/1.webp" in {line.split("\0")[0] for line in walk.lines}


def test_folders_changed_within_the_margin_are_not_kept(tmp_path):
    site = _site(tmp_path / "output")
    _age(site)
    recent = site / "2024" / "07"
    now = time.time_ns()
    os.utime(recent, ns=(now, now - MARGIN_NS // 2))  # a name may still be added unseen
    listings = _walk(site, {}).fresh
    assert "2024/07" not in listings and "2024/01" in listings
    assert _walk(tmp_path / "output", {}).lines == stat_lines(site)


def test_listings_are_written_again_only_when_many_changed():
    kept = {
        f"{year}/{month:02}": (1, ("index.html",), ())
        for year in range(2000, 2025)
        for month in range(1, 13)
    }  # 300 folders
    few = ListedWalk(fresh={"2024/12": (2, ("index.html", "a.html"), ())}, stale=["2024/12"])
    assert updated_listings(kept, few) is None  # listing two folders again costs little
    many = ListedWalk(
        fresh={f"2024/{m:02}": (2, (), ()) for m in range(1, 13)},
        stale=[f"2024/{m:02}" for m in range(1, 13)] + ["2023/01"],
    )
    listings = updated_listings(kept, many)
    assert listings is not None
    assert listings["2024/05"] == (2, (), ()) and "2023/01" not in listings
    assert listings["2022/05"] == kept["2022/05"]
    assert updated_listings({}, ListedWalk()) is None
    assert updated_listings({}, many) is not None  # none kept yet


def test_the_walk_of_a_built_output_keeps_its_listings(tmp_path):
    site = _site(tmp_path / "output")
    _age(site)
    lines, listings = walk_keeping_listings(site)
    assert lines == stat_lines(site)
    assert _walk(site, listings).lines == stat_lines(site)
    assert _walk(site, listings).fresh == {}


def test_the_halved_walk_takes_kept_listings_in_both_halves(tmp_path):
    site = _site(tmp_path / "output")
    kept = _listed(site)
    story = site / "2016" / "07" / "tap-huan-2"
    (story / "them.html").write_text("thêm", encoding="utf-8")
    with closing(HalvedWalk(site, lambda: kept)) as walk:
        assert walk._child is not None
        assert walk.lines() == stat_lines(site)
        assert walk.listed.stale == ["2016/07/tap-huan-2"]
        assert list(walk.listed.fresh) == []  # changed just now: listed, not kept
    with closing(HalvedWalk(site, lambda: kept)) as walk:
        lines = [line for share in walk.hand_over() for line in share.result()]
        assert sorted(lines) == stat_lines(site)
