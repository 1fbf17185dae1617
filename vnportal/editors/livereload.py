"""Live preview: rebuild on save, reload the browser, keep serving the last good site.

``invoke livereload`` serves output/ on 127.0.0.1 and looks at content/, the
theme, the settings and this package twice a second. A change starts the
ordinary build in a fresh Python process, so edits to the plugin count too and
a crash cannot take the server down; its messages go to the terminal. The build
replaces output/ only when it succeeded, so after a bad save the previous site
stays served. Pages served by the preview carry one small script that listens
on /__livereload for the next good build; it is added to responses only, never
written to output/, and needs nothing from the theme.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..model.sources import walk_files
from .serve import PortalRequestHandler, is_sound_path

POLL_SECONDS = 0.5  # a full scan of a few thousand files takes a few milliseconds
KEEPALIVE_SECONDS = 15  # a comment on the event stream notices closed tabs
EVENTS_PATH = "/__livereload"
SCRIPT_PATH = "/__livereload.js"
RELOAD_SCRIPT = b"""// Live preview only: reload this page when the next good build is ready.
(function () {
  var since = new URL(document.currentScript.src).searchParams.get("since");
  var events = new EventSource("/__livereload?since=" + since);
  events.onmessage = function () {
    events.close();
    location.reload();
  };
})();
"""
NOTHING_BUILT = b"""<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Nothing here yet</title>
<p>There is no page at this address yet. If the build failed, its errors are in the
terminal; this page reloads by itself after the next good build.</p></html>
"""
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where `python -m vnportal` works


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under ``paths``, editors' temporary files aside."""
    return {
        name: (mtime, size)
        for path in paths
        for name, size, mtime in walk_files(path, ignore=_ignored)
    }


def _ignored(name: str) -> bool:
    # Swap, backup and lock files change while typing; __pycache__ changes on every build.
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".tmp"))
        or (name == "__pycache__")
    )


class Watcher:
    """Tells whether any watched file was added, changed or removed since the last look."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._seen = snapshot(paths)

    def changed(self) -> bool:
        now = snapshot(self.paths)
        if now == self._seen:
            return False
        self._seen = now
        return True


class LiveSite:
    """The number of the last good build, and the browsers waiting for the next one."""

    def __init__(self) -> None:
        self.generation = 0
        self.closed = False
        self._news = threading.Condition()

    def published(self) -> None:
        with self._news:
            self.generation += 1
            self._news.notify_all()

    def close(self) -> None:
        with self._news:
            self.closed = True
            self._news.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        """The generation once it differs from ``since`` (or after ``timeout`` seconds)."""
        with self._news:
            self._news.wait_for(lambda: self.generation != since or self.closed, timeout)
            return self.generation


def rebuild_if_changed(watcher: Watcher, build: Callable[[], bool], site: LiveSite) -> bool | None:
    """One turn of the preview loop: None if nothing changed, else whether the build succeeded."""
    if not watcher.changed():
        return None
    succeeded = build()
    if succeeded:
        site.published()
    else:
        print("The preview keeps showing the last good build.", file=sys.stderr)
    return succeeded


def build_in_subprocess(settings: Path, output: Path) -> bool:
    """The ordinary ``python -m vnportal build``; its messages go straight to the terminal."""
    command = [sys.executable, "-m", "vnportal", "build"]
    command += ["--settings", str(settings.resolve()), "--output", str(output.resolve())]
    return subprocess.run(command, cwd=PACKAGE_ROOT, check=False).returncode == 0


def with_reload_script(html: bytes, generation: int) -> bytes:
    """The page with the reload script before ``</body>`` (or at the end)."""
    tag = f'<script src="{SCRIPT_PATH}?since={generation}" defer></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class PreviewRequestHandler(PortalRequestHandler):
    """Serves output/ like ``invoke serve``, plus the reload script and its event stream."""

    quiet = True  # the terminal is for build messages

    def __init__(self, *args, site: LiveSite, **kwargs) -> None:
        self.site = site  # before super(): the request is handled inside __init__
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        path = urlsplit(self.path).path
        if not is_sound_path(self.path):
            super().do_GET()  # answers 400
        elif path == EVENTS_PATH:
            self._stream_reloads()
        elif path == SCRIPT_PATH:
            self._send(RELOAD_SCRIPT, "text/javascript")
        elif (page := self._html_page(path)) is not None:
            self._send(with_reload_script(page.read_bytes(), self.site.generation), "text/html")
        else:
            super().do_GET()

    def end_headers(self) -> None:
        # Browsers would otherwise reuse a cached stylesheet after a reload.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        page = Path(self.directory) / (
            "en/404.html" if self.path.startswith("/en/") else "404.html"
        )
        body = page.read_bytes() if page.is_file() else NOTHING_BUILT
        self._send(with_reload_script(body, self.site.generation), "text/html", status=404)

    def _html_page(self, path: str) -> Path | None:
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                return None  # the parent class redirects to the address with a slash
            file = file / "index.html"
        return file if file.suffix == ".html" and file.is_file() else None

    def _send(self, body: bytes, kind: str, *, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _stream_reloads(self) -> None:
        """Server-sent events: one 'reload' once a build newer than the page's is ready."""
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        seen = int(since) if since.isdigit() else self.site.generation
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            while not self.site.closed:
                if self.site.wait(seen, KEEPALIVE_SECONDS) != seen:
                    self.wfile.write(b"data: reload\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": waiting for the next build\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab was closed or reloaded


def make_preview_server(root: Path, port: int, site: LiveSite) -> ThreadingHTTPServer:
    """The preview server for ``root`` on 127.0.0.1 (port 0: any free port)."""
    handler = functools.partial(PreviewRequestHandler, directory=str(root), site=site)
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_live(settings: Path, output: Path, port: int) -> None:
    """Serve ``output`` and rebuild it whenever content, theme, settings or code change."""
    from ..build.settings import read_base_settings

    site = LiveSite()
    try:  # first, so that a busy port is said at once
        server = make_preview_server(output, port, site)
    except OSError as error:
        raise SystemExit(
            f"Cannot listen on port {port} ({error.strerror}): try --port 8001"
        ) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = read_base_settings(settings)
    watcher = Watcher(
        [Path(base["PATH"]), Path(base["THEME"]), settings, Path(__file__).parents[1]]
    )
    build = functools.partial(build_in_subprocess, settings, output)
    if build():
        site.published()
    print(f"Preview on http://127.0.0.1:{port}/ — it rebuilds when you save (Ctrl+C to stop)")
    try:
        while True:
            time.sleep(POLL_SECONDS)
            rebuild_if_changed(watcher, build, site)
    except KeyboardInterrupt:
        pass
    finally:
        site.close()
        server.shutdown()
        server.server_close()
