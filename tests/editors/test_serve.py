"""invoke serve and invoke livereload: no folder listings, and 400 for impossible addresses."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from vnportal.editors.livereload import LiveSite, make_preview_server
from vnportal.editors.serve import make_server

PAGE = "<!doctype html><html><body><p>Trang chủ</p></body></html>".encode()
NOT_FOUND = "<!doctype html><html><body><p>Trang không tồn tại</p></body></html>".encode()


def _site(root: Path) -> Path:
    (root / "images/2024").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "index.html").write_bytes(PAGE)
    (root / "404.html").write_bytes(NOT_FOUND)
    (root / "en/404.html").write_bytes(b"<html><body>Not found</body></html>")
    (root / "images/2024/anh.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    return root


@pytest.fixture(params=["serve", "livereload"])
def host(request, tmp_path: Path) -> Iterator[str]:
    root = _site(tmp_path / "output")
    if request.param == "serve":
        server = make_server(root, 0, quiet=True)
    else:
        server = make_preview_server(root, 0, LiveSite())
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(host: str, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("folder", ["/images/", "/images/2024/", "/en/"])
def test_a_folder_without_a_page_is_not_listed(host, folder):
    status, body = _get(host, folder)
    assert status == 404
    assert b"anh.svg" not in body and b"Directory listing" not in body
    assert b"Not found" in body or "Trang không tồn tại".encode() in body


BAD = ["/%00", "/index.html%00.txt", "/images/%00/", "/%C3%28", "/a%0Ab"]


@pytest.mark.parametrize("path", BAD)
def test_an_address_no_file_can_have_is_a_bad_request(host, path):
    status, _ = _get(host, path)
    assert status == 400


def test_pages_and_files_are_still_served(host):
    assert _get(host, "/")[0] == 200
    assert _get(host, "/images/2024/anh.svg")[0] == 200
