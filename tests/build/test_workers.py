"""The language workers: Pelican's own findings stop the build, a stop ends them at once."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import vnportal.build.workers as workers
from vnportal.build.site import build_site
from vnportal.model.errors import BuildError

from ..corpus import story, write_corpus


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder, so that an empty folder left behind shows."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in root.rglob("*")
    }


def test_a_link_only_pelican_cannot_follow_stops_the_build(tmp_path):
    """A {filename} link to a story of the other language names a file that exists (so
    the checker accepts it), but that language's run does not know it: Pelican only
    warns, and the page would carry a raw '{filename}' address."""
    files = {
        "vi/2024/07/a.md": story("Bài", body="Xem [bản tiếng Anh]({filename}/en/2024/07/a.md)."),
        "en/2024/07/a.md": story("Story"),
    }
    settings = write_corpus(tmp_path, files)
    with pytest.raises(BuildError) as caught:
        build_site(settings, tmp_path / "output")
    assert any("/en/2024/07/a.md" in problem for problem in caught.value.problems)
    assert not (tmp_path / "output").exists()


def test_a_failed_update_in_place_leaves_no_new_empty_folder(tmp_path):
    """Pelican makes each new page's folder where the site is; a failed build removes them."""
    settings = write_corpus(tmp_path, {"vi/2024/07/a.md": story("Bài cũ")})
    output = tmp_path / "output"
    build_site(settings, output)
    before = _tree(output)
    (tmp_path / "content/en/2024/07").mkdir(parents=True)
    (tmp_path / "content/en/2024/07/a.md").write_text(story("Story"), encoding="utf-8")
    (tmp_path / "content/vi/2025/01").mkdir(parents=True)
    new = story("Bài mới", date="2025-01-02 08:00", body="[EN]({filename}/en/2024/07/a.md)")
    (tmp_path / "content/vi/2025/01/moi.md").write_text(new, encoding="utf-8")
    with pytest.raises(BuildError):
        build_site(settings, output)
    assert _tree(output) == before
    assert not (output / "2025").exists()


def test_a_problem_found_across_files_stops_the_running_workers(tmp_path, monkeypatch):
    """The checks across files run while the languages build; their error ends the runs
    at once instead of waiting for them."""
    marks = tmp_path / "marks"
    marks.mkdir()

    def slow_language(settings_file, output, run):  # runs in the forked worker
        # Written whole or not at all: the worker may be stopped at any moment.
        (marks / f"{run.lang}.tmp").write_text(str(os.getpid()))
        os.replace(marks / f"{run.lang}.tmp", marks / f"{run.lang}.pid")
        time.sleep(30)
        (marks / f"{run.lang}.finished").write_text("")
        raise AssertionError("the worker should have been stopped")

    monkeypatch.setattr(workers, "build_language", slow_language)
    broken = story("Bài mới", body="Xem [bài này](/2024/07/khong-co/).")
    settings = write_corpus(tmp_path, {"vi/2024/07/a.md": broken})
    with pytest.raises(BuildError) as caught:
        build_site(settings, tmp_path / "output")
    assert any("/2024/07/khong-co/" in problem for problem in caught.value.problems)
    assert not list(marks.glob("*.finished"))
    for pid_file in marks.glob("*.pid"):
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid_file.read_text()), 0)  # stopped and reaped
