"""Live preview: one turn of the rebuild loop, and the preview server's reload script."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from vnportal.editors.livereload import (
    NOTHING_BUILT,
    RELOAD_SCRIPT,
    LiveSite,
    Watcher,
    build_in_subprocess,
    make_preview_server,
    rebuild_if_changed,
)

from ..corpus import story, write_corpus

# The data: icon keeps Chromium from asking for /favicon.ico.
PAGE = b'<!doctype html><html><link rel="icon" href="data:,"><body><p>Tin</p></body></html>'
TIMEOUT = 5  # seconds; every wait in these tests is bounded by it


def test_watcher_sees_a_saved_file_but_not_editor_temporary_files(tmp_path):
    watcher = Watcher([tmp_path])
    assert not watcher.changed()
    for name in (".a.md.swp", "a.md~", "#a.md#", ".git"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert not watcher.changed()
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert watcher.changed() and not watcher.changed()
    (tmp_path / "a.md").unlink()
    assert watcher.changed()


class FakeBuild:
    def __init__(self, succeeds: bool) -> None:
        self.succeeds = succeeds
        self.runs = 0

    def __call__(self) -> bool:
        self.runs += 1
        return self.succeeds


def test_nothing_saved_nothing_built(tmp_path):
    build, site = FakeBuild(True), LiveSite()
    assert rebuild_if_changed(Watcher([tmp_path]), build, site) is None
    assert (build.runs, site.generation) == (0, 0)


def test_good_rebuild_is_announced_to_the_browsers(tmp_path):
    watcher, build, site = Watcher([tmp_path]), FakeBuild(True), LiveSite()
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert rebuild_if_changed(watcher, build, site) is True
    assert (build.runs, site.generation) == (1, 1)
    assert site.wait(0, timeout=0) == 1


def test_failed_rebuild_announces_nothing(tmp_path, capsys):
    watcher, build, site = Watcher([tmp_path]), FakeBuild(False), LiveSite()
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert rebuild_if_changed(watcher, build, site) is False
    assert site.generation == 0 and "last good build" in capsys.readouterr().err


def test_bad_save_shows_its_error_and_keeps_the_last_good_site(tmp_path, capfd):
    settings = write_corpus(tmp_path, {"vi/2024/07/a.md": story("Bài tốt")})
    output = tmp_path / "output"
    assert build_in_subprocess(settings, output)
    good = (output / "2024/07/a/index.html").read_bytes()
    watcher, site = Watcher([tmp_path / "content"]), LiveSite()
    (tmp_path / "content/vi/2024/07/a.md").write_text("---\ntitle: Hỏng\n---\n", encoding="utf-8")
    assert rebuild_if_changed(watcher, lambda: build_in_subprocess(settings, output), site) is False
    assert "content/vi/2024/07/a.md:2: error: the story has no date" in capfd.readouterr().err
    assert (output / "2024/07/a/index.html").read_bytes() == good


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


def get(host: str, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(host, timeout=TIMEOUT)
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
