"""A build that finds nothing changed says so from the last build's record, before
Pelican is even loaded; anything that could change a page makes it build."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnportal.build import up_to_date
from vnportal.build.site import build_site
from vnportal.build.up_to_date import unchanged_site
from vnportal.incremental import fingerprints
from vnportal.incremental.caches import read_marshal

from ..corpus import ROOT
from ..incremental.test_incremental import SEED, Site


@pytest.fixture
def site(tmp_path) -> Site:
    site = Site(tmp_path)
    site.build()
    return site


def quick(site: Site, output: str = "output"):
    return unchanged_site(site.settings, site.root / output)


def test_a_second_build_answers_without_loading_pelican_markdown_or_babel(site):
    program = (
        "import sys\n"
        "from vnportal.editors.cli import main\n"
        f"code = main(['build', '--settings', {str(site.settings)!r}, "
        f"'--output', {str(site.root / 'output')!r}])\n"
        "heavy = {'pelican', 'markdown', 'jinja2', 'babel'}\n"
        "print('exit', code, sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "Nothing changed since the last build" in done.stdout
    assert "exit 0 []" in done.stdout


def test_the_record_gives_the_same_report_as_the_full_build(site):
    answered = quick(site)
    full = site.build()  # asks the same record first; without it, the stamp decides
    assert answered is not None and answered.up_to_date and full.up_to_date
    assert (answered.stories, answered.files, answered.drafts) == (
        full.stories,
        full.files,
        full.drafts,
    )
    assert answered.stories["vi"] > 0


def test_an_edited_story_is_built(site):
    site.edit(SEED, lambda text: text + "\nMột đoạn mới.\n")
    assert quick(site) is None
    report = site.build()
    assert not report.up_to_date and report.rendered > 0
    assert quick(site) is not None  # and then it is up to date again


def test_an_edit_walks_content_once_and_builds_what_a_fresh_walk_would(site, monkeypatch):
    content = str(site.root / "content")
    opened: list[object] = []
    real_scandir = os.scandir

    def scandir(path="."):
        opened.append(path if isinstance(path, int) else os.fspath(path))  # or a folder's fd
        return real_scandir(path)

    site.edit(SEED, lambda text: text + "\nMột đoạn mới, lần thứ hai.\n")
    monkeypatch.setattr(os, "scandir", scandir)
    from vnportal.editors.cli import run_build

    assert run_build(site.settings, site.root / "output") == 0
    monkeypatch.undo()
    # The "nothing changed" check walked content/ and found the edit; the build took
    # that walk instead of making its own (100,000 files at the largest sizes).
    assert opened.count(content) == 1
    story = site.root / "output" / SEED.removeprefix("vi/").removesuffix(".md") / "index.html"
    assert "Một đoạn mới, lần thứ hai." in story.read_text(encoding="utf-8")
    assert quick(site) is not None  # what it recorded is what a fresh walk finds


@pytest.fixture
def code_unread(tmp_path, monkeypatch):
    """code_digest() as a new process would find it, with no code where it would read
    from: a digest not taken from the record comes out of an empty package."""
    monkeypatch.setattr(fingerprints, "_RECORDED", {})
    monkeypatch.setattr(fingerprints, "PACKAGE", tmp_path / "no-code")
    fingerprints.code_digest.cache_clear()
    yield
    fingerprints.code_digest.cache_clear()  # the real code's, for the tests that follow


def test_an_edit_takes_the_code_digest_the_last_build_recorded(site, code_unread):
    (record,) = (site.root / "cache").rglob("quick.json")
    stamp, recorded = json.loads(record.read_text(encoding="utf-8"))["code"]
    assert stamp == up_to_date._code_stamp()
    site.edit(SEED, lambda text: text + "\nMột đoạn mới.\n")
    assert quick(site) is None  # the edit is to build, with the digest of the code as it is
    assert fingerprints.code_digest() == recorded
    assert recorded != fingerprints.read_code_digest()  # not read: there is none


def test_code_with_another_stamp_is_read_again(site, code_unread, monkeypatch):
    monkeypatch.setattr(up_to_date, "_code_stamp", lambda: "changed code")
    site.edit(SEED, lambda text: text + "\nMột đoạn mới.\n")
    assert quick(site) is None
    assert fingerprints.code_digest() == fingerprints.read_code_digest()


def test_a_new_public_address_from_the_environment_is_built(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SITEURL", "https://pbgdpl.example.vn")
    site = Site(tmp_path, base="publishconf")
    site.build()
    assert quick(site) is not None
    monkeypatch.setenv("PORTAL_SITEURL", "https://stp.example.vn")
    assert quick(site) is None  # no file changed, yet every page's address did
    monkeypatch.delitem(sys.modules, "publishconf")  # as a new process reads it again
    site.build()
    home = (site.root / "output" / "index.html").read_text(encoding="utf-8")
    assert "https://stp.example.vn/" in home and "pbgdpl.example.vn" not in home


def test_a_new_day_is_built(site, monkeypatch):
    monkeypatch.setenv("PORTAL_BUILD_DATE", "2031-01-02")  # upcoming events change daily
    assert quick(site) is None


def test_a_page_changed_by_hand_is_built_again(site):
    page = site.root / "output" / "index.html"
    page.write_text("<p>sửa tay</p>", encoding="utf-8")
    assert quick(site) is None
    assert not site.build().up_to_date
    assert "sửa tay" not in page.read_text(encoding="utf-8")


def test_changed_code_is_not_vouched_for(site, tmp_path, monkeypatch):
    package = tmp_path / "package"
    (package / "render").mkdir(parents=True)
    module = package / "render" / "run.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(up_to_date, "PACKAGE", package)
    site.build()  # recorded with this code
    assert quick(site) is not None
    module.write_text("x = 2  # edited\n", encoding="utf-8")
    assert quick(site) is None


def test_no_answer_while_another_build_holds_the_lock(site):
    lock = site.root / ".output.lock"
    with lock.open("a+", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert quick(site) is None  # the full build waits for the other one instead
    assert quick(site) is not None


def test_what_a_killed_build_left_is_tidied_by_the_full_build(site):
    leftover = site.root / ".output.building-x1y2"
    (leftover / "2024").mkdir(parents=True)
    assert quick(site) is None
    assert site.build().up_to_date
    assert not leftover.exists()


def test_no_answer_without_the_cache_or_after_a_settings_change(site):
    site.write_settings("SITE_TAGLINE = 'Khẩu hiệu mới'\n")
    assert quick(site) is None
    assert not site.build().up_to_date
    assert quick(site) is not None
    for record in (site.root / "cache").rglob("quick.json"):
        os.unlink(record)
    assert quick(site) is None
    assert site.build().up_to_date  # the stamp still knows, and writes the record again
    assert quick(site) is not None


def test_a_fresh_build_leaves_a_record_too(site):
    site.build(use_cache=False)  # the old output is deleted by a process of its own
    assert quick(site) is not None


def test_a_broken_settings_file_is_left_to_the_full_build_to_report(site):
    site.settings.write_text("PATH = (\n", encoding="utf-8")
    assert quick(site) is None


def test_the_record_lives_beside_the_stamp(site):
    records = list((site.root / "cache").rglob("quick.json"))
    assert [record.parent for record in records] == [
        stamp.parent for stamp in (site.root / "cache").rglob("stamp.json")
    ]
    assert (
        up_to_date.record_path(
            site.settings, up_to_date.raw_settings(site.settings), Path(site.root / "output")
        )
        == records[0]
    )


def test_the_settings_file_named_either_way_is_the_same_build(site):
    """`invoke build` names the settings file by its full path, `python -m vnportal build`
    by the one given (pelicanconf.py): neither makes the other build again."""
    relative = Path(os.path.relpath(site.settings))
    output = Path(os.path.relpath(site.root / "output"))
    assert not relative.is_absolute()
    assert unchanged_site(relative, output) is not None
    assert build_site(relative, output, quick=False).up_to_date
    assert quick(site) is not None


def test_kept_folder_listings_still_show_a_change_by_hand(site):
    """The answer lists only the folders changed since the walk before it; a file added
    by hand to a story's folder changes the folder's time and is seen."""
    output = site.root / "output"
    site.build(use_cache=False)  # a new output/: its walk keeps the folders' listings
    (kept,) = (site.root / "cache").rglob("listings.marshal")
    assert kept.parent == next((site.root / "cache").rglob("quick.json")).parent
    then = time.time_ns() - 3600 * 10**9  # the folders as yesterday's build left them
    for folder, _, _ in os.walk(output):
        os.utime(folder, ns=(then, then))
    assert quick(site) is not None  # each folder listed, and its listing kept
    listings = read_marshal(kept)
    story = next(page.parent for page in output.glob("*/*/*/index.html"))
    assert listings[str(story.relative_to(output))][1] == ("index.html",)
    stray = story / "ghi-chu.html"
    stray.write_text("<p>thêm tay</p>", encoding="utf-8")
    assert quick(site) is None
    stray.unlink()
    assert quick(site) is not None  # its folder listed again: as the build left it
