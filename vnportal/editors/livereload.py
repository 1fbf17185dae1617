"""Live preview: rebuild on save, reload the browser, keep serving the last good site.

``invoke livereload`` serves output/ on 127.0.0.1. The kernel tells it
(inotify, through watchfiles) of each save under content/, the theme or this
package, 50–100 ms after the save's last write; the settings file is looked at
every 0.1 s. Editors' swap, backup and lock files do not count. Each build
runs in a process of its own, with the function, messages and exit code of
``python -m vnportal build``, so edits to the plugin count too and a crash
cannot take the server down. The process for the next build is started as
soon as one ends and waits with the build's code imported, so a save pays
neither the interpreter's start nor the imports (about 0.5 s); a change to
this package or to the settings makes it stale, so it is dropped and that
build runs in a process started afresh. Saves made while a build runs lead
to exactly one more build after it. The build replaces output/ only when it
succeeded, so after a bad save the previous site stays served; a rebuild of
stories' text puts the changed pages in before it remakes their year's search
index (a second or more on a large archive), and the browser reloads then; a
save made while it indexes stops it, and the next build makes that index. While
it waits, the process also reads the checker's cache from disk, the largest
file a rebuild reads. If the kernel
cannot watch the files (its limit of watches reached, say), the preview says
so once and looks at every file twice a second instead. Pages served by the
preview carry one small script that listens on /__livereload for the next
good build; it is added to responses only, never written to output/, and
needs nothing from the theme.
"""

from __future__ import annotations

import functools
import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import watchfiles

from ..model.sources import walk_files
from .serve import PortalRequestHandler, is_sound_path

# watchfiles waits 1.6 s by default for more changes before it reports; one save
# is a few writes within milliseconds, so 50 ms of quiet is enough to call it done.
NOTICE_MS = 50
# A watch on a single file ends when an editor saves by renaming a new file over
# it, so the settings file is looked at instead: one stat every 0.1 s.
FILE_LOOK_MS = 100
SAID_POLL_SECONDS = 0.02  # a build's end, where the kernel cannot tell it (no pidfd)
POLL_SECONDS = 0.5  # without notifications: a full scan of a few thousand files takes ms
STOP_WAIT_SECONDS = 5  # a build interrupted by Ctrl+C is given this long to end by itself
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
# A build process started ahead of time (``python -c``, where ``python -m vnportal``
# works; arguments: settings, output, and the descriptor on which it says "pages
# shown"). It imports the build's code (the rewrite of story text, which most saves
# are, brings Pelican, Markdown, Jinja and our stages: vnportal.build.site alone
# leaves them to the process that reads the index) and reads the checker's cache,
# then waits: a line on stdin starts the build, run as ``python -m vnportal build``
# runs it, with the same messages and exit code; the end of stdin (the preview
# stopped, or dropped it) ends it without a word, and so does Ctrl+C before the
# build. The import is guarded here rather than in a module of the package, whose
# own import would come first, so that broken code is reported once, by the build
# that was asked for.
BUILD_WHEN_TOLD = """\
import os, signal, sys, traceback
from pathlib import Path
signal.signal(signal.SIGINT, lambda *_: os._exit(130))
shown = int(sys.argv[3])
try:
    import vnportal.build.site  # run_build imports it once it knows there is work to do
    import vnportal.build.text_rewrite  # and the rewrite of story text imports this
    from vnportal.editors.cli import run_build
except Exception:
    run_build, broken = None, traceback.format_exc()
else:
    vnportal.build.up_to_date.read_caches_ahead(Path(sys.argv[1]))
if not sys.stdin.readline():
    os._exit(0)
signal.signal(signal.SIGINT, signal.default_int_handler)
if run_build is None:
    sys.stderr.write(broken)
    code = 1
else:
    code = run_build(
        Path(sys.argv[1]), Path(sys.argv[2]), pages_shown=lambda: os.write(shown, b"1")
    )
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)  # as vnportal/__main__.py: the build's heap is not freed object by object
"""


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


def is_temporary(path: str, roots: list[str]) -> bool:
    """Whether a name in ``path`` below the watched folder it is in is one _ignored sets aside."""
    for root in roots:
        if path.startswith(root + os.sep):
            return any(_ignored(name) for name in path[len(root) + 1 :].split(os.sep))
    return False


def touches(changed: Iterable[str], paths: list[Path]) -> bool:
    """Whether any of ``changed`` is one of ``paths`` or under one of them."""
    roots = [str(path) for path in paths]
    return any(name == root or name.startswith(root + os.sep) for name in changed for root in roots)


class Watcher:
    """Tells which watched files were added, changed or removed since the last look."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._seen = snapshot(paths)

    def changes(self) -> set[str]:
        now = snapshot(self.paths)
        if now == self._seen:
            return set()
        changed = {
            name for name in now.keys() | self._seen.keys() if now.get(name) != self._seen.get(name)
        }
        self._seen = now
        return changed

    def changed(self) -> bool:
        return bool(self.changes())


def watch_files(
    folders: list[Path], files: list[Path], stop: threading.Event | None = None
) -> Iterator[set[str]]:
    """Sets of changed paths, one per save (editors' temporary files aside), until ``stop``.

    The first set comes once the files are watched, empty unless something
    changed already: a build started then misses no save. Without
    notifications (no inotify, or its limit reached, at the start or later),
    this says so once and looks at every file every POLL_SECONDS; what
    changed until then is unknown, so the first set it gives is every path.
    """
    roots = [str(folder.resolve()) for folder in folders]
    single = Watcher(files)
    stop = stop or threading.Event()  # never set: Ctrl+C ends the watch
    started = False
    try:
        for changes in watchfiles.watch(
            *roots,
            watch_filter=lambda _change, path: not is_temporary(path, roots),
            debounce=NOTICE_MS,
            step=NOTICE_MS,
            rust_timeout=FILE_LOOK_MS,
            yield_on_timeout=True,  # the files are looked at between notifications
            stop_event=stop,
        ):
            changed = {path for _change, path in changes}
            if single.changed():
                changed |= {str(file) for file in files}
            if changed or not started:
                started = True
                yield changed
        return  # stopped
    except (OSError, RuntimeError) as error:  # watchfiles' own errors are RuntimeErrors
        print(
            f"The files cannot be watched ({error}); looking at them every "
            f"{POLL_SECONDS} s instead.",
            file=sys.stderr,
        )
    everything = [Path(root) for root in roots] + files
    watcher = Watcher(everything)
    yield {str(path) for path in everything}
    while not stop.wait(POLL_SECONDS):
        if changed := watcher.changes():
            yield changed


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


def announce(succeeded: bool, site: LiveSite) -> None:
    """A good build reloads the browsers; after a bad one they keep the last good site."""
    if succeeded:
        site.published()
    else:
        print("The preview keeps showing the last good build.", file=sys.stderr)


class Builds(Protocol):
    """What the Rebuilder needs: builds numbered by the version of the code they need."""

    def build(self, code_version: int, pages_shown: Callable[[], None]) -> bool: ...
    def prepare(self, code_version: int) -> None: ...
    def stop_search(self) -> None: ...
    def close(self) -> None: ...


@dataclass
class _BuildProcess:
    code_version: int
    process: subprocess.Popen[bytes]
    shown: int  # the end of a pipe on which it says that output/ shows the changed pages

    def drop(self) -> None:
        """End it before it builds (nothing to undo) and let go of its pipe."""
        self.process.kill()
        self.process.wait()
        os.close(self.shown)


class BuildProcesses:
    """Each build in a process of its own; the next one started ahead of time.

    A process's code is as of the ``code_version`` it was started at: the
    Rebuilder counts changes to the code and the settings, and a process
    started before the latest one is dropped rather than told to build.
    """

    def __init__(self, settings: Path, output: Path, code_root: Path = PACKAGE_ROOT) -> None:
        self.command = [sys.executable, "-c", BUILD_WHEN_TOLD]
        self.command += [str(settings.resolve()), str(output.resolve())]
        self.code_root = code_root
        self.started = 0  # processes started so far
        self._lock = threading.Lock()
        self._ready: _BuildProcess | None = None
        self._running: subprocess.Popen[bytes] | None = None
        self._searching: subprocess.Popen[bytes] | None = None  # pages shown, index to come
        self._closed = False

    def prepare(self, code_version: int) -> None:
        """Have a process for the next build waiting, with its code imported."""
        with self._lock:
            if not self._closed:
                self._waiting(code_version)

    def build(self, code_version: int, pages_shown: Callable[[], None]) -> bool:
        """One build with code as of ``code_version``; whether it succeeded.

        ``pages_shown`` is called if the build says that output/ shows the changed
        pages before it ends (it then makes the search index).
        """
        with self._lock:
            if self._closed:
                return False
            waiting = self._waiting(code_version)
            self._running, self._ready = waiting.process, None
        process = waiting.process
        assert process.stdin is not None
        try:
            process.stdin.write(b"build\n")
            process.stdin.close()
        except BrokenPipeError:  # it was killed meanwhile: its exit code says so
            pass
        try:
            if _said_before_end(waiting.shown, process):
                with self._lock:
                    self._searching = process
                pages_shown()
            succeeded = process.wait() == 0
        finally:
            os.close(waiting.shown)
        with self._lock:
            self._running = self._searching = None
        return succeeded

    def stop_search(self) -> None:
        """Stop the running build if it is making the search index of pages it has shown
        (vnportal/build/search_stop.py): the next build makes it again anyway."""
        with self._lock:
            if self._searching is not None and self._searching.poll() is None:
                self._searching.terminate()

    def close(self) -> None:
        """Drop the waiting process; give a running build (Ctrl+C reached it too) time to end."""
        with self._lock:
            self._closed = True
            self._drop_ready()
            running = self._running
        if running is not None:
            try:
                running.wait(STOP_WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                running.kill()  # like kill -9: the next build finishes or undoes its output swap
                running.wait()

    def _waiting(self, code_version: int) -> _BuildProcess:
        """The waiting process if it is alive and its code current, else a new one (lock held)."""
        if self._ready is not None:
            ready = self._ready
            if ready.code_version == code_version and ready.process.poll() is None:
                return ready
            self._drop_ready()
        self.started += 1
        reading, writing = os.pipe()
        try:
            process = subprocess.Popen(
                [*self.command, str(writing)],
                cwd=self.code_root,
                stdin=subprocess.PIPE,
                pass_fds=(writing,),
            )
        except BaseException:
            os.close(reading)
            raise
        finally:
            os.close(writing)
        self._ready = _BuildProcess(code_version, process, reading)
        return self._ready

    def _drop_ready(self) -> None:
        if self._ready is not None:
            ready, self._ready = self._ready, None
            ready.drop()


def _said_before_end(pipe: int, process: subprocess.Popen[bytes]) -> bool:
    """Wait until ``process`` writes on ``pipe`` (True) or ends (False).

    The end of the pipe is no sign: processes the build forked (a cache written in
    the background) hold its other end a while longer. So the process itself is
    waited for too, through a descriptor of its own where Linux gives one.
    """
    try:
        ended = os.pidfd_open(process.pid)
    except (AttributeError, OSError):  # no pidfd: look every so often instead
        ended, step = None, SAID_POLL_SECONDS
    else:
        step = None
    try:
        while True:
            watched = [pipe] if ended is None else [pipe, ended]
            readable = select.select(watched, [], [], step)[0]
            if pipe in readable:
                return bool(os.read(pipe, 1))
            if ended in readable or process.poll() is not None:
                # It may have written just before it ended.
                return bool(select.select([pipe], [], [], 0)[0] and os.read(pipe, 1))
    finally:
        if ended is not None:
            os.close(ended)


class Rebuilder:
    """Builds one after another in a thread of their own, as changes are requested.

    Changes requested while a build runs lead to exactly one more build after
    it; a build that has shown its pages and is making the search index is
    stopped then. After each build the process for the next one is started at
    once, or as soon as the build has shown its pages.
    """

    def __init__(self, builds: Builds, site: LiveSite, ready_message: str = "") -> None:
        self.builds = builds
        self.site = site
        self.ready_message = ready_message  # said once, after the first build
        self._wake = threading.Condition()
        self._pending = False
        self._code_version = 0  # changes to the code and settings requested so far
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="rebuilds", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> bool:
        """Whether a build is still to come (after the one running, if any)."""
        with self._wake:
            return self._pending

    def request(self, *, code_changed: bool = False) -> None:
        with self._wake:
            self._pending = True
            self._code_version += code_changed
            self._wake.notify()
        self.builds.stop_search()  # a build still indexing what this save changes again

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self.builds.close()
        self._thread.join(STOP_WAIT_SECONDS)

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending or self._closed)
                if self._closed:
                    return
                self._pending = False
                version = self._code_version
            shown = threading.Event()
            succeeded = self.builds.build(version, functools.partial(self._show, shown))
            with self._wake:
                if self._closed:  # stopped, the build most likely with it: nothing to say
                    return
                version = self._code_version
            if not shown.is_set():
                announce(succeeded, self.site)
            elif not succeeded and not self.pending:  # else the next build makes it
                print(
                    "The preview shows the edited pages; their search index is not up to date.",
                    file=sys.stderr,
                )
            if self.ready_message:
                print(self.ready_message, flush=True)
                self.ready_message = ""
            self.builds.prepare(version)

    def _show(self, shown: threading.Event) -> None:
        """The build put its pages in and makes the search index: the browsers reload now,
        and the process for the next build starts meanwhile (an editor may save again
        before this build ends)."""
        shown.set()
        self.site.published()
        with self._wake:
            version = self._code_version
        self.builds.prepare(version)


def follow_changes(changes: Iterable[set[str]], rebuilder: Rebuilder, code: list[Path]) -> None:
    """A build when watching has begun, then one per save; fresh code after a change to ``code``."""
    for changed in changes:
        rebuilder.request(code_changed=touches(changed, code))


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


def preview_builds(
    settings: Path,
    output: Path,
    site: LiveSite,
    *,
    code_root: Path = PACKAGE_ROOT,
    stop: threading.Event | None = None,
    ready_message: str = "",
) -> None:
    """Build ``output`` now and whenever content, theme, settings or code change, until Ctrl+C
    (or ``stop``); tell ``site`` of each good build."""
    from ..build.settings import read_base_settings

    base = read_base_settings(settings)
    settings, package = settings.resolve(), (code_root / "vnportal").resolve()
    folders = [Path(base["PATH"]), Path(base["THEME"]), package]
    rebuilder = Rebuilder(BuildProcesses(settings, output, code_root), site, ready_message)
    try:
        follow_changes(watch_files(folders, [settings], stop), rebuilder, [package, settings])
    finally:
        rebuilder.close()


def serve_live(settings: Path, output: Path, port: int) -> None:
    """Serve ``output`` and rebuild it whenever content, theme, settings or code change."""
    site = LiveSite()
    try:  # first, so that a busy port is said at once
        server = make_preview_server(output, port, site)
    except OSError as error:
        raise SystemExit(
            f"Cannot listen on port {port} ({error.strerror}): try --port 8001"
        ) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready = f"Preview on http://127.0.0.1:{port}/ — it rebuilds when you save (Ctrl+C to stop)"
    try:
        preview_builds(settings, output, site, ready_message=ready)
    except KeyboardInterrupt:
        pass
    finally:
        site.close()
        server.shutdown()
        server.server_close()
