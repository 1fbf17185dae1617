"""Local preview server on 127.0.0.1, with the portal's own 404 page."""

from __future__ import annotations

import functools
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Feeds are served as text/xml, which browsers open (applying the feed's CSS
# stylesheet) where application/rss+xml would be downloaded; feed readers take
# either. A web server publishing the portal should serve them the same way.
CONTENT_TYPES = {
    ".xml": "text/xml; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
}


class PortalRequestHandler(SimpleHTTPRequestHandler):
    """Files of the built portal: no folder listings (the portal's 404 page instead),
    and 400 for an address no file can have (a NUL byte, a bad escape)."""

    quiet = False

    def send_head(self):
        if not is_sound_path(self.path):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request: this address cannot name a file")
            return None
        return super().send_head()

    def list_directory(self, path):
        # A static host shows no listings either: a folder without index.html is not a page.
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def guess_type(self, path):
        return CONTENT_TYPES.get(Path(str(path)).suffix.lower()) or super().guess_type(path)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)

    def send_error(self, code, message=None, explain=None):
        page = self._not_found_page() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        english = self.path.startswith("/en/")
        page = root / ("en/404.html" if english else "404.html")
        return page if page.is_file() else None


def is_sound_path(request_path: str) -> bool:
    """Whether a request's path can name a file: no NUL or other control character."""
    path = urlsplit(request_path).path
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    return not any(ord(char) < 32 or ord(char) == 127 for char in decoded)


class _QuietHandler(PortalRequestHandler):
    quiet = True


def make_server(root: Path, port: int, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``root`` on 127.0.0.1 (port 0: any free port)."""
    kind = _QuietHandler if quiet else PortalRequestHandler
    handler = functools.partial(kind, directory=str(root))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_forever(root: Path, port: int) -> None:
    from ..build.output import tidy_output

    with tidy_output(root) as said:  # a build killed while publishing is finished first
        for line in said:
            print(line)
    if not (root / "index.html").is_file():
        raise SystemExit(f"{root} has no index.html: run 'invoke build' first")
    server = make_server(root, port)
    print(f"Serving {root.name}/ on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
