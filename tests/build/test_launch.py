"""The language runs are started by a process that reads the index and then ends.

What a user notices: the build holds one copy less of the whole index while the
languages build (its largest moment), and no worker outlives the build, however
the build ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import vnportal.build.workers as workers
from vnportal.build.launch import Launch
from vnportal.build.site import build_site

from ..corpus import ROOT, story, write_corpus

STORIES = {
    "vi/2024/07/hoi-nghi.md": story("Hội nghị tập huấn phổ biến pháp luật", tags="[hòa giải]"),
    "vi/2024/08/tuyen-truyen.md": story("Tuyên truyền Luật Đất đai", date="2024-08-02 08:00"),
    "en/2024/07/conference.md": story("Training conference on legal dissemination"),
}

# Run in a fresh interpreter: nothing else of the test session holds an index there.
COUNT_WHILE_BUILDING = """
import gc, sys
from pathlib import Path
from vnportal.build.launch import Launch
from vnportal.build.site import build_site

language_runs = Launch.runs
held = []

def counted(self, when_built):
    # By name: importing the classes would load the very modules counted below.
    kinds = {"Entry", "FileCheck", "SiteIndex"}
    held.append(sum(
        type(thing).__name__ in kinds and type(thing).__module__.startswith("vnportal.")
        for thing in gc.get_objects()
    ))
    held.append(sorted(
        name for name in ("PIL", "babel", "markdown", "pelican", "vnportal.model.index")
        if name in sys.modules
    ))
    return language_runs(self, when_built)

Launch.runs = counted
report = build_site(Path(sys.argv[1]), Path(sys.argv[2]))
print(held, report.stories["vi"], report.stories["en"])
"""

# Run in a fresh interpreter too: what each language worker holds when its run begins.
COUNT_IN_WORKERS = """
import gc, json, sys
from collections import Counter
from pathlib import Path
import vnportal.build.workers as workers
from vnportal.build.site import build_site

marks = Path(sys.argv[3])
language = workers.build_language

def counted(settings_file, output, run):
    kinds = Counter(
        type(thing).__name__ for thing in gc.get_objects()
        if str(getattr(type(thing), "__module__", "")).startswith("vnportal.")
    )
    held = {name: kinds[name] for name in ("FileCheck", "SiteIndex", "Entry")}
    held["entries"] = len(run.index.entries)
    held["sources"] = sorted(run.sources)
    (marks / f"{run.lang}.json").write_text(json.dumps(held))
    return language(settings_file, output, run)

workers.build_language = counted
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""

SLOW_WORKERS = """
import os, sys, time
from pathlib import Path
import vnportal.build.workers as workers
from vnportal.build.site import build_site

marks = Path(sys.argv[3])

def slow_language(settings_file, output, run):
    (marks / f"{run.lang}.tmp").write_text(str(os.getpid()))
    os.replace(marks / f"{run.lang}.tmp", marks / f"{run.lang}.pid")
    time.sleep(120)

workers.build_language = slow_language
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""


# Run in a fresh interpreter: a rewrite of story text, then where its objects are.
GENERATIONS_AFTER = """
import gc, sys
from pathlib import Path
from vnportal.build.site import build_site

settings, output, story = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
build_site(settings, output)
story.write_text(story.read_text(encoding="utf-8") + "\\n\\nMột đoạn mới.\\n", encoding="utf-8")
report = build_site(settings, output)

print(gc.isenabled(), report.rendered > 0, [len(gc.get_objects(g)) for g in range(3)])
"""


def _ended(pid: int) -> bool:
    """Gone, or a zombie waiting to be reaped by whoever adopted it: it runs no more."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def _worker_pids(marks: Path, count: int, process: subprocess.Popen | None = None) -> list[int]:
    deadline = time.monotonic() + 120
    while len(list(marks.glob("*.pid"))) < count:
        assert process is None or process.poll() is None, "the build ended before its workers"
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    return [int(mark.read_text()) for mark in marks.glob("*.pid")]


def test_the_build_process_holds_no_index_while_the_languages_build(tmp_path):
    settings = write_corpus(tmp_path, STORIES)
    done = subprocess.run(
        [sys.executable, "-c", COUNT_WHILE_BUILDING, str(settings), str(tmp_path / "output")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    held, vi, en = done.stdout.strip().splitlines()[-1].rsplit(" ", 2)
    # No file check, index entry or index in the build process; not even the modules
    # that make them, nor Pelican (its settings were read in a child of its own).
    assert held == "[0, []]"
    assert (int(vi), int(en)) == (2, 1)  # and the languages were built from them
    assert (tmp_path / "output/2024/07/hoi-nghi/index.html").is_file()


def test_each_worker_holds_one_copy_of_the_index_and_its_own_language_only(tmp_path):
    """The workers are forked before the index is read and sent their runs: none holds
    the checked files, and each holds the index once and its own language's readings.
    (Inherited, the data of both languages was copied page by page into each worker as
    it read it: the largest part of a large build's memory.)"""
    settings = write_corpus(tmp_path, STORIES)
    marks = tmp_path / "marks"
    marks.mkdir()
    command = [sys.executable, "-c", COUNT_IN_WORKERS, str(settings), str(tmp_path / "out")]
    done = subprocess.run(
        [*command, str(marks)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    for lang, count in (("vi", 2), ("en", 1)):
        held = json.loads((marks / f"{lang}.json").read_text())
        assert held["FileCheck"] == 0
        assert held["SiteIndex"] == 1
        assert held["Entry"] == held["entries"] >= 3
        content = str(tmp_path / "content" / lang) + os.sep
        assert len(held["sources"]) == count
        assert all(path.startswith(content) for path in held["sources"])
    assert (tmp_path / "out/en/2024/07/conference/index.html").is_file()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the workers")
def test_workers_end_when_the_build_is_killed(tmp_path):
    """kill -9 of the build (a closed terminal, an impatient officer) leaves no worker
    running: they are not its children, so each watches a pipe that only the build holds."""
    settings = write_corpus(tmp_path, STORIES)
    marks = tmp_path / "marks"
    marks.mkdir()
    command = [sys.executable, "-c", SLOW_WORKERS, str(settings), str(tmp_path / "out"), str(marks)]
    build = subprocess.Popen(command, cwd=ROOT)
    try:
        pids = _worker_pids(marks, 2, build)
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 30
    while not all(_ended(pid) for pid in pids):
        assert time.monotonic() < deadline, "a worker outlived the build"
        time.sleep(0.05)


def test_a_build_stopped_while_the_languages_build_stops_and_reaps_them(tmp_path, monkeypatch):
    """Ctrl+C (or any error of the build process) while the workers run: they are ended
    and reaped before the build returns, and output/ is left as it was."""
    settings = write_corpus(tmp_path, STORIES)
    output = tmp_path / "output"
    build_site(settings, output)
    before = sorted(path.relative_to(output) for path in output.rglob("*"))
    (tmp_path / "content/vi/2024/09").mkdir()
    (tmp_path / "content/vi/2024/09/moi.md").write_text(
        story("Bài mới", date="2024-09-01 08:00"), encoding="utf-8"
    )
    marks = tmp_path / "marks"
    marks.mkdir()

    def slow_language(settings_file, output, run):  # in the forked worker
        (marks / f"{run.lang}.tmp").write_text(str(os.getpid()))
        os.replace(marks / f"{run.lang}.tmp", marks / f"{run.lang}.pid")
        time.sleep(120)

    def interrupted(self, when_built):
        _worker_pids(marks, 1)
        raise KeyboardInterrupt

    monkeypatch.setattr(workers, "build_language", slow_language)
    monkeypatch.setattr(Launch, "runs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(settings, output)
    for pid in [int(mark.read_text()) for mark in marks.glob("*.pid")]:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, signal.SIG_DFL)  # ended and reaped by the build
    assert sorted(path.relative_to(output) for path in output.rglob("*")) == before


def test_what_a_build_leaves_alive_is_not_scanned_again_as_young_objects(tmp_path):
    """A build runs with the cycle collector off; turned on again as it was, its first
    pass scanned everything the build left alive (the kept index's 100,000 entries at
    50,000 story pairs, when a rewrite still read them all: 0.2 s before the process
    ended). They are put in the oldest generation, collected from there as everything
    else that lasts. (Left young, the objects of this small site alone were 9,194.)"""
    settings = write_corpus(tmp_path, STORIES)
    story = tmp_path / "content" / "vi/2024/07/hoi-nghi.md"
    command = [sys.executable, "-c", GENERATIONS_AFTER, str(settings), str(tmp_path / "output")]
    done = subprocess.run(
        [*command, str(story)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    enabled, rewritten, by_generation = done.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (enabled, rewritten) == ("True", "True")
    young, middle, oldest = json.loads(by_generation)
    assert young < 100 and middle == 0  # only what was made after the build, if anything
    assert oldest > 10_000
