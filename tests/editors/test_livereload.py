"""Live preview: what is watched, when it builds and with which code, and the reload script."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from vnportal.editors import livereload
from vnportal.editors.livereload import (
    NOTHING_BUILT,
    RELOAD_SCRIPT,
    BuildProcesses,
    LiveSite,
    Rebuilder,
    Watcher,
    make_preview_server,
    preview_builds,
    watch_files,
)

from ..corpus import ROOT, story, write_corpus

# The data: icon keeps Chromium from asking for /favicon.ico.
PAGE = b'<!doctype html><html><link rel="icon" href="data:,"><body><p>Tin</p></body></html>'
TIMEOUT = 5  # seconds; every wait in these tests is bounded by it
BUILD_TIMEOUT = 120  # a bound for real builds on a busy machine, not a measurement
TEMPORARY = (
    ".a.md.swp",
    "a.md~",
    "#a.md#",
    ".#a.md",
)  # Vim, backups, Emacs (the build skips them too)


def test_watcher_sees_a_saved_file_but_not_editor_temporary_files(tmp_path):
    watcher = Watcher([tmp_path])
    assert not watcher.changed()
    for name in (".a.md.swp", "a.md~", "#a.md#", ".git"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert not watcher.changed()
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert watcher.changed() and not watcher.changed()
    (tmp_path / "a.md").unlink()
    assert watcher.changes() == {str(tmp_path / "a.md")}


@contextmanager
def watching(folders: list[Path], files: list[Path]) -> Iterator[queue.Queue[set[str]]]:
    """watch_files() in a thread; what it gives arrives in the queue."""
    found: queue.Queue[set[str]] = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        for changed in watch_files(folders, files, stop):
            found.put(changed)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join(TIMEOUT)


def test_a_save_is_noticed_but_editor_temporary_files_are_not(tmp_path):
    (tmp_path / "vi/__pycache__").mkdir(parents=True)
    with watching([tmp_path], []) as found:
        assert found.get(timeout=TIMEOUT) == set()  # watching: the first build can start
        for name in (*TEMPORARY, "a.md.tmp", "__pycache__/x.pyc", ".git/HEAD"):
            (tmp_path / "vi" / name).parent.mkdir(exist_ok=True)
            (tmp_path / "vi" / name).write_text("x", encoding="utf-8")
        (tmp_path / "vi/a.md").write_text("x", encoding="utf-8")
        assert found.get(timeout=TIMEOUT) == {str(tmp_path / "vi/a.md")}
        (tmp_path / "vi/a.md").unlink()
        assert found.get(timeout=TIMEOUT) == {str(tmp_path / "vi/a.md")}


def test_the_settings_file_is_seen_however_an_editor_saves_it(tmp_path):
    settings, content = tmp_path / "conf.py", tmp_path / "content"
    settings.write_text("A = 1\n", encoding="utf-8")
    content.mkdir()
    with watching([content], [settings]) as found:
        assert found.get(timeout=TIMEOUT) == set()
        (tmp_path / "conf.py.new").write_text("A = 2\n", encoding="utf-8")
        os.replace(tmp_path / "conf.py.new", settings)  # a new file renamed over the old
        assert found.get(timeout=TIMEOUT) == {str(settings)}
        settings.write_text("A = 3\n", encoding="utf-8")  # and then written in place
        assert found.get(timeout=TIMEOUT) == {str(settings)}


def test_without_notifications_it_says_so_once_and_looks_at_the_files(
    tmp_path, monkeypatch, capsys
):
    def limit_reached(*paths, **options):
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(livereload.watchfiles, "watch", limit_reached)
    with watching([tmp_path], []) as found:
        assert found.get(timeout=TIMEOUT) == {str(tmp_path.resolve())}  # anything may have changed
        for text in ("x", "xy"):
            (tmp_path / "a.md").write_text(text, encoding="utf-8")
            assert found.get(timeout=TIMEOUT) == {str(tmp_path / "a.md")}
    said = capsys.readouterr().err
    assert said.count("The files cannot be watched (OS file watch limit reached)") == 1


def test_notifications_that_stop_midway_give_way_to_looking(tmp_path, monkeypatch, capsys):
    def fails_after_one(*paths, **options):
        yield set()
        raise RuntimeError("error in underlying watcher: too many folders")

    monkeypatch.setattr(livereload.watchfiles, "watch", fails_after_one)
    with watching([tmp_path], []) as found:
        assert found.get(timeout=TIMEOUT) == set()
        assert found.get(timeout=TIMEOUT) == {str(tmp_path.resolve())}  # a build, to be safe
        (tmp_path / "a.md").write_text("x", encoding="utf-8")
        assert found.get(timeout=TIMEOUT) == {str(tmp_path / "a.md")}
    assert capsys.readouterr().err.count("cannot be watched") == 1


class FakeBuilds:
    """Builds that succeed (or fail) at once, or one at a time as the test lets them."""

    def __init__(
        self, succeeds: bool = True, *, held: bool = False, shows_pages: bool = False
    ) -> None:
        self.succeeds = succeeds
        self.shows_pages = shows_pages  # says so before it ends, as a rewrite of text does
        self.shown_at: list[int] = []  # the browsers' generation once it said so
        self.versions: list[int] = []  # the code version each build was asked for
        self.running = threading.Semaphore(0)  # released as each build starts
        self.let_go = threading.Semaphore(0 if held else 1000)
        self.prepared: queue.Queue[int] = queue.Queue()  # after each build
        self.stops = 0  # saves that asked a build making its search index to stop

    def build(self, code_version: int, pages_shown: Callable[[], None]) -> bool:
        self.versions.append(code_version)
        self.running.release()
        if self.shows_pages:
            pages_shown()
        assert self.let_go.acquire(timeout=TIMEOUT)
        return self.succeeds

    def prepare(self, code_version: int) -> None:
        self.prepared.put(code_version)

    def stop_search(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.let_go.release(1000)


def test_nothing_saved_nothing_built():
    builds, site = FakeBuilds(), LiveSite()
    Rebuilder(builds, site).close()
    assert (builds.versions, site.generation) == ([], 0)


def test_good_rebuild_is_announced_to_the_browsers():
    builds, site = FakeBuilds(), LiveSite()
    rebuilder = Rebuilder(builds, site)
    rebuilder.request()
    assert site.wait(0, timeout=TIMEOUT) == 1
    assert builds.prepared.get(timeout=TIMEOUT) == 0  # the next build's process, at once
    rebuilder.close()
    assert builds.versions == [0]


def test_failed_rebuild_announces_nothing(capsys):
    builds, site = FakeBuilds(False), LiveSite()
    rebuilder = Rebuilder(builds, site)
    rebuilder.request()
    builds.prepared.get(timeout=TIMEOUT)
    rebuilder.close()
    assert site.generation == 0 and "last good build" in capsys.readouterr().err


def test_saves_during_a_build_lead_to_exactly_one_more_build():
    builds, site = FakeBuilds(held=True), LiveSite()
    rebuilder = Rebuilder(builds, site)
    rebuilder.request()
    assert builds.running.acquire(timeout=TIMEOUT)
    rebuilder.request()
    rebuilder.request(code_changed=True)  # the plugin edited meanwhile
    rebuilder.request()
    builds.let_go.release()
    assert builds.running.acquire(timeout=TIMEOUT)
    assert builds.versions == [0, 1] and not rebuilder.pending  # one build, with the new code
    builds.let_go.release()
    assert site.wait(1, timeout=TIMEOUT) == 2
    rebuilder.close()
    assert builds.versions == [0, 1]


def test_pages_shown_before_the_search_index_reload_the_browsers_once():
    builds, site = FakeBuilds(held=True, shows_pages=True), LiveSite()
    rebuilder = Rebuilder(builds, site)
    rebuilder.request()
    assert builds.running.acquire(timeout=TIMEOUT)
    assert site.wait(0, timeout=TIMEOUT) == 1  # while the build still runs
    assert builds.prepared.get(timeout=TIMEOUT) == 0  # and the next one's process starts
    builds.let_go.release()
    assert builds.prepared.get(timeout=TIMEOUT) == 0
    rebuilder.close()
    assert site.generation == 1  # not told a second time when it ends


def test_a_save_while_a_build_makes_its_search_index_stops_that_quietly(capsys):
    builds, site = FakeBuilds(False, held=True, shows_pages=True), LiveSite()
    rebuilder = Rebuilder(builds, site)
    rebuilder.request()
    assert builds.running.acquire(timeout=TIMEOUT)
    assert site.wait(0, timeout=TIMEOUT) == 1
    rebuilder.request()  # saved again: the build is told to stop, and fails
    assert builds.stops == 2
    builds.let_go.release()
    assert builds.running.acquire(timeout=TIMEOUT)  # the next build
    builds.let_go.release()
    assert site.wait(1, timeout=TIMEOUT) == 2
    rebuilder.close()
    assert "search index" not in capsys.readouterr().err  # the next build made it


def test_a_search_index_that_fails_after_the_pages_is_said(capsys):
    builds, site = FakeBuilds(False, shows_pages=True), LiveSite()
    rebuilder = Rebuilder(builds, site)
    rebuilder.request()
    builds.prepared.get(timeout=TIMEOUT)
    rebuilder.close()
    err = capsys.readouterr().err
    assert site.generation == 1
    assert "search index is not up to date" in err and "last good build" not in err


# Stands in for the build: says when it starts and when it is told to build.
STAND_IN = (
    "import os, sys; print('started', os.getpid(), flush=True); "
    "sys.stdin.readline(); print('built', os.getpid(), flush=True)"
)


def test_the_process_started_ahead_builds_unless_the_code_changed_since(tmp_path, capfd):
    builds = BuildProcesses(tmp_path / "conf.py", tmp_path / "output")
    builds.command = [sys.executable, "-c", STAND_IN]
    builds.prepare(0)
    assert builds.build(0, lambda: None)
    builds.prepare(0)
    assert builds.build(1, lambda: None)  # its code is older than the change: a new process builds
    builds.close()
    said = capfd.readouterr().out
    started, built = re.findall(r"started (\d+)", said), re.findall(r"built (\d+)", said)
    assert builds.started == 3 and len(built) == 2
    assert built[0] == started[0] and built[1] == started[-1]


# Stands in for a rewrite of stories' text: says "pages shown" on the descriptor it is
# given, then ends only once the test has seen that (it removes the file "held").
SHOWS_PAGES = (
    "import os, sys, time; sys.stdin.readline(); os.write(int(sys.argv[-1]), b'1'); "
    "held = sys.argv[-2]\n"
    "while os.path.exists(held): time.sleep(0.01)\n"
    "print('built', flush=True)"
)


def test_a_build_process_that_shows_its_pages_early_is_heard_before_it_ends(tmp_path):
    held = tmp_path / "held"
    held.touch()
    builds = BuildProcesses(tmp_path / "conf.py", tmp_path / "output")
    builds.command = [sys.executable, "-c", SHOWS_PAGES, str(held)]
    said: list[bool] = []

    def pages_shown() -> None:
        said.append(held.exists())  # the process is still running
        held.unlink()

    assert builds.build(0, pages_shown)
    builds.close()
    assert said == [True]


# Stands in for a rewrite that shows its pages and then indexes until stopped (SIGTERM).
INDEXES_UNTIL_STOPPED = (
    "import os, signal, sys, time; sys.stdin.readline()\n"
    "signal.signal(signal.SIGTERM, lambda *_: (print('stopped', flush=True), os._exit(1)))\n"
    "os.write(int(sys.argv[-1]), b'1'); time.sleep(60); print('built', flush=True)"
)


def test_a_build_indexing_pages_it_has_shown_is_stopped_on_request(tmp_path, capfd):
    builds = BuildProcesses(tmp_path / "conf.py", tmp_path / "output")
    builds.command = [sys.executable, "-c", INDEXES_UNTIL_STOPPED]
    builds.stop_search()  # nothing runs: nothing happens
    started = time.monotonic()
    assert not builds.build(0, builds.stop_search)  # stopped as soon as it said so
    builds.close()
    assert time.monotonic() - started < 30
    assert "stopped" in capfd.readouterr().out


# Stands in for a build that puts everything in at once: builds until "held" is removed.
BUILDS_UNTIL_LET_GO = (
    "import os, sys, time; sys.stdin.readline(); held = sys.argv[-2]\n"
    "open(held + '.told', 'w').close()\n"
    "while os.path.exists(held): time.sleep(0.01)\n"
    "print('built', flush=True)"
)


def test_a_build_that_has_not_shown_its_pages_is_not_stopped(tmp_path, capfd):
    held = tmp_path / "held"
    held.touch()
    builds = BuildProcesses(tmp_path / "conf.py", tmp_path / "output")
    builds.command = [sys.executable, "-c", BUILDS_UNTIL_LET_GO, str(held)]
    done: queue.Queue[bool] = queue.Queue()
    threading.Thread(target=lambda: done.put(builds.build(0, lambda: None)), daemon=True).start()
    deadline = time.monotonic() + TIMEOUT
    while not (tmp_path / "held.told").exists():  # it is building
        assert time.monotonic() < deadline
        time.sleep(0.01)
    builds.stop_search()
    held.unlink()
    assert done.get(timeout=TIMEOUT)
    builds.close()
    assert "built" in capfd.readouterr().out


def test_a_build_that_never_shows_its_pages_early_is_waited_for(tmp_path):
    builds = BuildProcesses(tmp_path / "conf.py", tmp_path / "output")
    builds.command = [sys.executable, "-c", STAND_IN]
    said: list[str] = []
    assert builds.build(0, lambda: said.append("shown"))
    builds.close()
    assert said == []


@dataclass
class Live:
    host: str
    site: LiveSite
    story: Path  # content/vi/2024/07/a.md, served at /2024/07/a/
    output: Path


@contextmanager
def live_preview(tmp_path: Path, code_root: Path = ROOT, settings: str = "") -> Iterator[Live]:
    """The live preview of a one-story corpus, as ``invoke livereload`` runs it, on a free port."""
    settings_file = write_corpus(
        tmp_path,
        {"vi/2024/07/a.md": story("Bài tốt")},
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n" + settings,
    )
    output, site, stop = tmp_path / "output", LiveSite(), threading.Event()
    server = make_preview_server(output, 0, site)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    builds = threading.Thread(
        target=preview_builds,
        args=(settings_file, output, site),
        kwargs={"code_root": code_root, "stop": stop},
        daemon=True,
    )
    builds.start()
    try:
        yield Live(
            f"127.0.0.1:{server.server_address[1]}",
            site,
            tmp_path / "content/vi/2024/07/a.md",
            output,
        )
    finally:
        stop.set()
        builds.join(BUILD_TIMEOUT)
        site.close()
        server.shutdown()
        server.server_close()


class Terminal:
    """What the builds printed so far (capfd: they write to the inherited descriptors)."""

    def __init__(self, capfd: pytest.CaptureFixture[str]) -> None:
        self.capfd = capfd
        self.text = ""

    def read(self) -> str:
        out, err = self.capfd.readouterr()
        self.text += out + err
        return self.text

    def wait_for(self, words: str, count: int = 1) -> None:
        deadline = time.monotonic() + BUILD_TIMEOUT
        while self.read().count(words) < count:
            assert time.monotonic() < deadline, f"{words!r} not printed"
            time.sleep(0.05)


def test_a_save_rebuilds_once_and_the_page_reloads(tmp_path, capfd):
    with live_preview(tmp_path) as live:
        assert live.site.wait(0, BUILD_TIMEOUT) == 1
        stream = get(live.host, "/__livereload?since=1", timeout=BUILD_TIMEOUT)
        for name in TEMPORARY:  # an editor at work: none of these is a save
            (live.story.parent / name).write_text("x", encoding="utf-8")
        live.story.write_text(story("Bài tốt", body="Đoạn mới."), encoding="utf-8")
        assert stream.readline() == b"data: reload\n"
        assert "Đoạn mới." in get(live.host, "/2024/07/a/").read().decode()
    assert live.site.generation == 2
    assert capfd.readouterr().out.count("Built ") == 2  # the first build, and the save's


def test_bad_save_shows_its_error_and_keeps_the_last_good_site(tmp_path, capfd):
    terminal = Terminal(capfd)
    with live_preview(tmp_path) as live:
        assert live.site.wait(0, BUILD_TIMEOUT) == 1
        good = (live.output / "2024/07/a/index.html").read_bytes()
        live.story.write_text("---\ntitle: Hỏng\n---\n", encoding="utf-8")
        terminal.wait_for("The preview keeps showing the last good build.")
        assert "content/vi/2024/07/a.md:2: error: the story has no date" in terminal.text
        assert live.site.generation == 1  # no browser is told to reload
        assert (live.output / "2024/07/a/index.html").read_bytes() == good
        assert "Bài tốt" in get(live.host, "/2024/07/a/").read().decode()
        live.story.write_text(story("Bài sửa"), encoding="utf-8")
        assert live.site.wait(1, BUILD_TIMEOUT) == 2
        assert "Bài sửa" in get(live.host, "/2024/07/a/").read().decode()


# Appended to a copy of vnportal/editors/cli.py: the build's messages tell its code's age.
OLD_CODE = '\nprint("code v1 imported", flush=True)\n'
NEW_CODE = """
_run_build = run_build


def run_build(*args, **kwargs):
    print("built by code v2", flush=True)
    return _run_build(*args, **kwargs)
"""


def test_a_change_to_the_code_is_built_by_fresh_code(tmp_path, capfd):
    code = tmp_path / "code"
    shutil.copytree(
        ROOT / "vnportal", code / "vnportal", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy2(ROOT / "pelicanconf.py", code)
    cli = code / "vnportal/editors/cli.py"
    source = cli.read_text(encoding="utf-8")
    cli.write_text(source + OLD_CODE, encoding="utf-8")
    terminal = Terminal(capfd)
    with live_preview(tmp_path, code, f"PLUGIN_PATHS = [{str(code)!r}]\n") as live:
        assert live.site.wait(0, BUILD_TIMEOUT) == 1
        terminal.wait_for("code v1 imported", count=2)  # and the next build's process waits
        cli.write_text(source + NEW_CODE, encoding="utf-8")
        assert live.site.wait(1, BUILD_TIMEOUT) == 2
        assert "built by code v2" in terminal.read()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, LiveSite, Path]]:
    """A preview server on a free port over a tiny site; yields (base URL, site, root)."""
    root = tmp_path / "output"
    (root / "en").mkdir(parents=True)
    (root / "index.html").write_bytes(PAGE)
    (root / "en/index.html").write_bytes(PAGE)
    (root / "en/404.html").write_bytes(b"<html><body>Not found</body></html>")
    (root / "site.css").write_bytes(b"body{}")
    site = LiveSite()
    server = make_preview_server(root, 0, site)
    # A short poll so that shutdown() returns at once.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", site, root
    site.close()
    server.shutdown()
    server.server_close()


def get(host: str, path: str, timeout: float = TIMEOUT) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(host, timeout=timeout)
    connection.request("GET", path)
    return connection.getresponse()


def test_preview_listens_on_loopback_only(preview):
    host, _, _ = preview
    assert host.startswith("127.0.0.1:")


def test_pages_carry_the_reload_script_but_the_files_on_disk_do_not(preview):
    host, site, root = preview
    site.published()
    for path in ("/", "/index.html", "/en/"):
        response = get(host, path)
        body = response.read()
        assert response.status == 200 and response.getheader("Cache-Control") == "no-cache"
        assert body.endswith(
            b'<script src="/__livereload.js?since=1" defer></script></body></html>'
        )
    assert (root / "index.html").read_bytes() == PAGE


def test_other_files_are_served_as_they_are(preview):
    host, _, _ = preview
    assert get(host, "/site.css").read() == b"body{}"
    assert get(host, "/en").status == 301  # to /en/, as any static server does
    assert get(host, "/__livereload.js").read() == RELOAD_SCRIPT


def test_missing_page_gets_the_404_page_which_reloads_too(preview):
    host, _, _ = preview
    english = get(host, "/en/khong-co/")
    assert english.status == 404 and b"Not found" in english.read()
    nothing = get(host, "/khong-co/")  # no Vietnamese 404.html: the build failed so far
    body = nothing.read()
    assert nothing.status == 404 and body.startswith(NOTHING_BUILT) and b"__livereload" in body


def test_event_stream_says_reload_once_the_next_good_build_is_ready(preview):
    host, site, _ = preview
    stream = get(host, "/__livereload?since=0")
    assert stream.getheader("Content-Type") == "text/event-stream"
    site.published()
    assert stream.readline() == b"data: reload\n"


def test_page_that_missed_a_build_is_told_to_reload_at_once(preview):
    host, site, _ = preview
    site.published()
    assert get(host, "/__livereload?since=0").readline() == b"data: reload\n"


@pytest.mark.browser
def test_browser_reloads_the_page_after_a_good_build(preview, browser):
    host, site, _ = preview
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"http://{host}/")
    page.evaluate("window.before = true")
    page.wait_for_function("document.readyState === 'complete'", timeout=TIMEOUT * 1000)
    with page.expect_event("load", timeout=TIMEOUT * 1000):
        site.published()
    assert page.evaluate("window.before") is None and errors == []
    page.close()


def test_reload_script_is_not_part_of_the_theme():
    theme = Path(__file__).resolve().parents[2] / "theme"
    texts = (p.read_text("utf-8", "ignore") for p in theme.rglob("*") if p.is_file())
    assert not any("__livereload" in text for text in texts)
