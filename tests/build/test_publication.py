"""Publication is all or nothing: builds killed or failing while they update output/."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnportal.build.output import journal_path
from vnportal.build.site import build_site

from ..corpus import ROOT, story, write_corpus

# Runs one build in a process of its own, with the move of files into output/ wrapped:
# "kill" ends the process with SIGKILL at the Nth move, "fail" raises PermissionError
# there, "count" prints how many moves there were; "slow" makes the language workers
# sleep (they write their pid first), "journal" kills just before the journal is written.
DRIVER = """
import os, signal, sys, time
from pathlib import Path
import vnportal.build.output as output
import vnportal.build.workers as workers
from vnportal.build.site import build_site
from vnportal.model.errors import BuildError

settings, out, mode, at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
moved = 0
real_move, real_journal = output._move, output._write_journal

def move(source, target):
    global moved
    moved += 1
    if moved == at and mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if moved == at and mode == "fail":
        raise PermissionError(13, "Permission denied", target)
    real_move(source, target)

def journal(*args):
    if mode == "journal":
        os.kill(os.getpid(), signal.SIGKILL)
    real_journal(*args)

def slow(settings_file, output, run):
    Path(out.parent, f"worker-{run.lang}.pid").write_text(str(os.getpid()))
    time.sleep(120)

output._move, output._write_journal = move, journal
if mode == "slow":
    workers.build_language = slow
try:
    build_site(settings, out)
except BuildError as error:
    print("\\n".join(error.problems), file=sys.stderr)
    sys.exit(1)
print(f"moves: {moved}")
"""

STORIES = 6


def _files(tag: str) -> dict[str, str]:
    """A few stories sharing one tag, in two months, one of them translated."""
    files = {
        f"vi/2024/0{7 + n % 2}/tin-{n}.md": story(
            f"Tin số {n}", date=f"2024-0{7 + n % 2}-1{n} 08:00", tags=f"[{tag}, tập huấn]"
        )
        for n in range(STORIES)
    }
    files["en/2024/07/tin-0.md"] = story("Story 0", date="2024-07-10 08:00", tags="[training]")
    return files


def _tree(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
    }


class Site:
    """A small site built once with tag A, then edited to tag B (many pages change,
    tag A's pages go, tag B's come): the states before and after, kept to restore."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = write_corpus(
            root, _files("hòa giải"), f"CACHE_PATH = {str(root / 'cache')!r}\n"
        )
        self.output = root / "output"
        build_site(self.settings, self.output)
        self.saved = root / "saved"
        for name in ("output", "cache"):
            shutil.copytree(root / name, self.saved / name, symlinks=True)
        self.old = _tree(self.output)
        for path, text in _files("phổ biến pháp luật").items():
            (root / "content" / path).write_text(text, encoding="utf-8")
        build_site(self.settings, root / "cold", use_cache=False)
        self.new = _tree(root / "cold")

    def restore(self) -> None:
        """Back to the first build, as if the edit had just been saved."""
        for name in ("output", "cache"):
            shutil.rmtree(self.root / name, ignore_errors=True)
            shutil.copytree(self.saved / name, self.root / name, symlinks=True)
        for leftover in self.root.glob(".output.*"):
            if leftover.name == ".output.lock":
                continue
            if leftover.is_dir():  # a replaced output may still be being deleted meanwhile
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)

    def drive(self, mode: str, at: int = 0, **options) -> subprocess.CompletedProcess:
        command = [
            sys.executable,
            "-c",
            DRIVER,
            str(self.settings),
            str(self.output),
            mode,
            str(at),
        ]
        return subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, check=False, **options
        )

    def command(self, *words: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "vnportal", *words, "--settings", str(self.settings)]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    def leftovers(self) -> list[str]:
        """Folders beside output/ (a replaced output/ is deleted in the background: awaited)."""

        def found() -> list[str]:
            return sorted(p.name for p in self.root.glob(".output.*") if p.name != ".output.lock")

        _wait_for(lambda: not any(".old-" in name for name in found()), seconds=20)
        return found()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return Site(tmp_path_factory.mktemp("publication"))


def test_an_edit_moves_many_files(site):
    site.restore()
    done = site.drive("count")
    assert done.returncode == 0, done.stderr
    moves = int(done.stdout.rsplit("moves: ", 1)[1])
    assert moves > 20  # replaced pages are moved aside, then the new ones in
    assert _tree(site.output) == site.new


def test_a_build_killed_while_publishing_is_finished_by_the_next_command(site):
    site.restore()
    moves = int(site.drive("count").stdout.rsplit("moves: ", 1)[1])
    for at in sorted({1, 2, 3, moves // 3, moves // 2, moves - 1, moves}):
        site.restore()
        killed = site.drive("kill", at)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert journal_path(site.output).is_file()
        assert _tree(site.output) not in (site.old, site.new) or at in (1, moves)
        checked = site.command("check")  # the next command of ours, whichever it is
        assert "finished publishing" in checked.stdout, (at, checked.stdout, checked.stderr)
        assert _tree(site.output) == site.new, f"killed at move {at} of {moves}"
        assert not journal_path(site.output).exists()
        assert site.leftovers() == []
        built = site.command("build", "--output", str(site.output))
        assert built.returncode == 0, built.stderr
        assert _tree(site.output) == site.new


def test_a_build_killed_before_publishing_leaves_the_old_site_and_is_tidied(site):
    site.restore()
    killed = site.drive("journal")
    assert killed.returncode == -signal.SIGKILL
    files = {path: data for path, data in _tree(site.output).items() if data is not None}
    assert files == {path: data for path, data in site.old.items() if data is not None}
    assert any(".building-" in name for name in site.leftovers())  # its staging folder
    checked = site.command("check")  # the next command tidies up: old site, no leftovers
    assert checked.returncode == 0, checked.stderr
    assert _tree(site.output) == site.old
    assert site.leftovers() == []
    built = site.command("build", "--output", str(site.output))
    assert built.returncode == 0, built.stderr
    assert _tree(site.output) == site.new
    assert site.leftovers() == []


@pytest.mark.parametrize("at", [1, 5, 20])
def test_a_write_error_while_publishing_puts_the_old_site_back(site, at):
    site.restore()
    failed = site.drive("fail", at)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "cannot write the site there (Permission denied)" in failed.stderr
    assert _tree(site.output) == site.old
    assert site.leftovers() == []
    assert not journal_path(site.output).exists()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by its parent (init, here).
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_workers_die_with_a_killed_build(site):
    site.restore()
    for old in site.root.glob("worker-*.pid"):
        old.unlink()
    command = [sys.executable, "-c", DRIVER, str(site.settings), str(site.output), "slow", "0"]
    build = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    pid_files = [site.root / "worker-vi.pid", site.root / "worker-en.pid"]
    assert _wait_for(lambda: all(p.exists() and p.read_text() for p in pid_files))
    workers = [int(p.read_text()) for p in pid_files]
    build.kill()
    build.wait()
    try:
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), seconds=10)
    finally:  # never leave a sleeping worker behind, even when the test fails
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    built = site.command("build", "--output", str(site.output))  # tidies the staging folder
    assert built.returncode == 0, built.stderr
    assert site.leftovers() == []


def test_a_second_build_waits_for_the_first(site):
    site.restore()
    with open(site.root / ".output.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a build is running
        build = ["build", "--settings", str(site.settings), "--output", str(site.output)]
        second = subprocess.Popen(
            [sys.executable, "-m", "vnportal", *build],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        said = second.stderr.readline()
        assert "Another build of" in said and "waiting for it to end" in said
        assert second.poll() is None
        assert _tree(site.output) == site.old
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert _tree(site.output) == site.new
