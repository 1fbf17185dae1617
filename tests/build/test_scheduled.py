"""A story dated later than the build waits as a draft until its time has come."""

from __future__ import annotations

import gzip
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from vnportal.build.site import build_site
from vnportal.editors.cli import run_build
from vnportal.model.events import build_moment
from vnportal.model.vietnamese import TIMEZONE

from ..corpus import story, write_corpus

STORIES = {
    "vi/2026/11/da-dang.md": story("Tin đã đăng", date="2026-11-30 08:00", tags="[hòa giải]"),
    "vi/2026/12/hen-gio.md": story("Tin hẹn giờ", date="2026-12-01 10:00", tags="[hòa giải]"),
    "en/2026/12/hen-gio.md": story("Scheduled story", date="2026-12-01 10:00"),
}


def everything_listed(output: Path) -> str:
    """What readers, feed readers, crawlers and search see of the site (not drafts/)."""
    files = [p for p in output.rglob("*") if p.is_file() and "drafts" not in p.parts]
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


@pytest.mark.parametrize(
    ("given", "moment"),
    [
        ("2026-12-01", datetime(2026, 12, 1, 23, 59, 59, 999999, TIMEZONE)),
        ("2026-12-01 09:30", datetime(2026, 12, 1, 9, 30, tzinfo=TIMEZONE)),
        ("2026-12-01T02:30+00:00", datetime(2026, 12, 1, 9, 30, tzinfo=TIMEZONE)),
    ],
)
def test_the_build_moment_is_a_date_taken_whole_or_a_time_in_vietnam(given, moment):
    assert build_moment({}, {"PORTAL_BUILD_DATE": given}) == moment


def test_a_story_waits_until_its_time_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PORTAL_BUILD_DATE", "2026-12-01 09:59")
    settings = write_corpus(tmp_path, STORIES)
    assert run_build(settings, tmp_path / "output") == 0
    said = capsys.readouterr().out
    assert "2 stories wait for their time" in said
    assert "content/vi/2026/12/hen-gio.md: 01/12/2026 10:00 (Vietnam time)" in said
    output = tmp_path / "output"
    listed = everything_listed(output)
    assert "Tin đã đăng" in listed
    assert "Tin hẹn giờ" not in listed and "hen-gio" not in listed  # pages, feeds, sitemap
    assert not (output / "2026/12").exists()
    draft = (output / "drafts/hen-gio/index.html").read_text(encoding="utf-8")
    assert "Tin hẹn giờ" in draft and '<meta name="robots" content="noindex">' in draft
    # Search: the pages the index knows (its fragments, gzip-compressed) omit the story.
    fragments = b"".join(gzip.decompress(p.read_bytes()) for p in output.rglob("*.pf_fragment"))
    assert b"/2026/11/da-dang/" in fragments and b"hen-gio" not in fragments


def test_a_date_alone_lets_out_every_story_of_that_day(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_BUILD_DATE", "2026-12-01")
    output = tmp_path / "output"
    build_site(write_corpus(tmp_path, STORIES), output)
    assert "Tin hẹn giờ" in (output / "index.html").read_text(encoding="utf-8")
    assert (output / "en/2026/12/hen-gio/index.html").is_file()
    assert not (output / "drafts").exists()


def test_a_publishing_build_does_not_write_a_waiting_story(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_BUILD_DATE", str(date(2026, 11, 30)))
    monkeypatch.delitem(sys.modules, "publishconf", raising=False)
    cache = f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
    output = tmp_path / "output"
    build_site(write_corpus(tmp_path, STORIES, cache, "publishconf"), output)
    assert not (output / "drafts").exists()
    assert "hen-gio" not in everything_listed(output)
