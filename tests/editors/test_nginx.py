"""The published portal in a real nginx, started as `invoke serve --nginx` starts it.

Status codes, headers, compression, caching and types as a reader's browser or a
feed reader gets them; then Chromium loads pages through it: no Content-Security-
Policy violation, no request leaving the portal, and search works.
"""

from __future__ import annotations

import gzip
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import brotli
import pytest
from playwright.sync_api import Browser, Page, Route

from vnportal.editors.nginx import find_nginx

from ..chromium import missing_tool
from ..conftest import PUBLIC_ORIGIN
from ..corpus import ROOT

pytestmark = pytest.mark.browser

STORY = "/2024/07/tap-huan-ky-nang-pbgdpl/"
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_command(port: int, output: Path) -> list[str]:
    """What `invoke serve --nginx --port N --output DIR` runs."""
    serve = ["serve", "--nginx", "--port", str(port), "--output", str(output)]
    return [sys.executable, "-m", "vnportal", *serve]


def wait_for(port: int, process: subprocess.Popen) -> None:
    """Until nginx answers on ``port``. A connection accepted is not enough: the
    configuration test (`nginx -t`) run just before nginx starts binds the port too,
    for a moment, and a request sent then is refused once it has ended."""
    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError(f"serve --nginx ended with {process.returncode}")
        if _answers(port):
            return
        time.sleep(0.05)
    raise AssertionError("nginx did not start answering")


def _answers(port: int) -> bool:
    """Whether an HTTP request to ``port`` gets a response (any status: the HTTPS port
    answers a plain request with 400)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("HEAD", "/")
        connection.getresponse()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


@pytest.fixture(scope="module")
def nginx(published_site: Path) -> Iterator[str]:
    """`python -m vnportal serve --nginx` over the published site; stopped with Ctrl-C."""
    if find_nginx() is None:
        missing_tool("nginx is missing")
    port = free_port()
    process = subprocess.Popen(
        serve_command(port, published_site),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        code = process.wait(timeout=15)
    assert code == 0
    with socket.socket() as probe:  # nothing is left listening
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def get(base: str, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One request with exactly these headers; status, headers (lower-case names), body."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name.replace("_", "-"), value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_pages_have_clean_addresses_and_folders_redirect_to_their_slash(nginx):
    assert get(nginx, "/")[0] == 200
    assert get(nginx, "/en/")[0] == 200
    assert get(nginx, STORY)[0] == 200
    status, headers, _ = get(nginx, "/tags")
    assert status == 301 and headers["location"] == "/tags/"


@pytest.mark.parametrize(
    ("path", "lang"), [("/khong-co-trang-nay/", "vi"), ("/en/no-such-page/", "en")]
)
def test_a_missing_page_gets_the_portals_404_page_in_its_language(nginx, path, lang):
    status, headers, body = get(nginx, path)
    assert status == 404
    assert f'<html lang="{lang}"'.encode() in body
    assert headers["content-security-policy"] == CSP


def test_accept_language_never_redirects(nginx):
    status, headers, body = get(nginx, "/", Accept_Language="en-US,en;q=0.9")
    assert status == 200 and "location" not in headers
    assert b'<html lang="vi"' in body


def test_every_response_carries_the_security_headers(nginx):
    for path in ("/", STORY, "/feeds/all.rss.xml", "/theme/js/search.js", "/nope"):
        headers = get(nginx, path)[1]
        assert headers["content-security-policy"] == CSP, path
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in headers["permissions-policy"]
        assert "strict-transport-security" not in headers  # only in the TLS variant


@pytest.mark.parametrize("encoding", ["br", "gzip", None])
def test_compressed_forms_are_sent_to_those_who_accept_them(nginx, published_site, encoding):
    asked = {"Accept_Encoding": encoding} if encoding else {}
    status, headers, body = get(nginx, STORY, **asked)
    original = (published_site / STORY.strip("/") / "index.html").read_bytes()
    assert status == 200 and headers["vary"] == "Accept-Encoding"
    assert headers.get("content-encoding") == encoding
    unpack = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding]
    assert unpack(body) == original
    if encoding:
        assert len(body) < len(original) / 2


def test_brotli_is_preferred_when_both_are_accepted(nginx):
    headers = get(nginx, "/", Accept_Encoding="gzip, deflate, br")[1]
    assert headers["content-encoding"] == "br"


def test_hashed_css_and_js_are_cached_for_a_year_the_plain_names_for_a_day(nginx, published_site):
    hashed = next(published_site.glob("theme/css/site.*.css")).name
    assert get(nginx, f"/theme/css/{hashed}")[1]["cache-control"] == "max-age=31536000"
    assert get(nginx, "/theme/css/site.css")[1]["cache-control"] == "max-age=86400"


def test_photo_sizes_and_share_cards_are_cached_for_a_year_the_photo_for_a_day(
    nginx, published_site
):
    size = next((published_site / "images/2024/07").glob("hoi-nghi-tap-huan.800w.*.webp"))
    card = next((published_site / "share").glob("*.png"))
    for path in (size, card):
        address = "/" + path.relative_to(published_site).as_posix()
        status, headers = get(nginx, address)[:2]
        assert (status, headers["cache-control"]) == (200, "max-age=31536000"), address
    photo = get(nginx, "/images/2024/07/hoi-nghi-tap-huan.jpg")[1]
    assert photo["cache-control"] == "max-age=86400"


def test_pages_feeds_and_calendars_are_cached_briefly(nginx, published_site):
    assert get(nginx, "/")[1]["cache-control"] == "max-age=300"
    assert get(nginx, "/feeds/all.rss.xml")[1]["cache-control"] == "max-age=600"
    calendar = next(published_site.rglob("*.ics")).relative_to(published_site).as_posix()
    assert get(nginx, f"/{calendar}")[1]["cache-control"] == "max-age=600"


def test_each_kind_of_file_has_its_type(nginx, published_site):
    calendar = next(published_site.rglob("*.ics")).relative_to(published_site).as_posix()
    search_part = next(published_site.rglob("*.pf_meta")).relative_to(published_site).as_posix()
    expected = {
        "/": "text/html; charset=utf-8",
        "/feeds/all.rss.xml": "text/xml; charset=utf-8",
        "/sitemap.xml": "text/xml; charset=utf-8",
        f"/{calendar}": "text/calendar; charset=utf-8",
        "/site.webmanifest": "application/manifest+json; charset=utf-8",
        "/theme/js/search.js": "application/javascript; charset=utf-8",
        f"/{search_part}": "application/octet-stream",
    }
    for path, content_type in expected.items():
        assert get(nginx, path)[1]["content-type"] == content_type, path


# --- in Chromium -----------------------------------------------------------------------


@pytest.fixture
def page(browser: Browser, nginx: str) -> Iterator[Page]:
    """Pages at the public address, answered by the local nginx; other requests fail."""
    context = browser.new_context()
    elsewhere: list[str] = []

    def through_nginx(route: Route) -> None:
        url = route.request.url
        if not url.startswith(PUBLIC_ORIGIN + "/"):
            elsewhere.append(url)
            route.abort()
            return
        route.fulfill(response=route.fetch(url=nginx + url[len(PUBLIC_ORIGIN) :]))

    context.route("**/*", through_nginx)
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]

    def console(message) -> None:
        # Errors, and a policy violation whatever its level (Chromium's own notices aside).
        if message.type == "error" or "Content Security Policy" in message.text:
            page.problems.append(message.text)  # type: ignore[attr-defined]

    page.on("console", console)
    page.on("pageerror", lambda error: page.problems.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    assert elsewhere == []


@pytest.mark.parametrize(
    "path", ["/", STORY, "/en/", "/su-kien/", "/khong-co-trang-nay/", "/feeds/all.rss.xml"]
)
def test_pages_load_without_any_policy_violation(page, path):
    page.goto(PUBLIC_ORIGIN + path)
    page.wait_for_load_state("load")
    problems = page.problems  # type: ignore[attr-defined]
    if "khong-co" in path:  # the page itself, answered 404 on purpose
        problems.remove(
            "Failed to load resource: the server responded with a status of 404 (Not Found)"
        )
    assert problems == []
    if not path.endswith(".xml"):
        # The stylesheet was allowed to load.
        assert page.evaluate("[...document.styleSheets].some(s => s.cssRules.length > 0)")


def test_search_works_under_the_policy(page):
    page.goto(f"{PUBLIC_ORIGIN}/tim-kiem/?q={quote('hòa giải')}")
    page.wait_for_function(
        "() => document.querySelectorAll('.search-result').length > 0", timeout=20_000
    )
    assert page.problems == []  # type: ignore[attr-defined]
    first = page.locator(".search-result a").first.evaluate("link => link.href")
    assert first.startswith(PUBLIC_ORIGIN + "/20")


def test_ctrl_c_leaves_no_nginx_running(published_site):
    if find_nginx() is None:
        missing_tool("nginx is missing")
    port = free_port()
    process = subprocess.Popen(
        serve_command(port, published_site),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    wait_for(port, process)
    children = children_of(process.pid)
    assert children, "nginx runs as a child of the command"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == parent:
                found.append(int(entry.name))
    return found
