"""Local preview server on 127.0.0.1, with the portal's own 404 page."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Feeds are served as text/xml, which browsers open (applying the feed's XSLT
# stylesheet) where application/rss+xml would be downloaded; feed readers take
# either. A web server publishing the portal should serve them the same way.
CONTENT_TYPES = {
    ".xml": "text/xml; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
}


class PortalRequestHandler(SimpleHTTPRequestHandler):
    quiet = False

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


class _QuietHandler(PortalRequestHandler):
    quiet = True


def make_server(root: Path, port: int, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``root`` on 127.0.0.1 (port 0: any free port)."""
    kind = _QuietHandler if quiet else PortalRequestHandler
    handler = functools.partial(kind, directory=str(root))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_forever(root: Path, port: int) -> None:
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
