"""deploy/nginx-tls.conf in a real nginx, with a throwaway self-signed certificate.

nginx runs the TLS variant as `invoke serve --nginx` runs deploy/nginx.conf (same
shared rules, adapted only in where it listens, what it serves and which
certificate it presents); the client trusts that one certificate and nothing else.
"""

from __future__ import annotations

import gzip
import http.client
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest

from vnportal.editors.nginx import TlsTrial, find_nginx, main_config, running_nginx

from ..chromium import missing_tool
from .test_nginx import CSP, STORY, free_port, get, wait_for

# For 127.0.0.1 and localhost, a day long, key unencrypted (-nodes): nginx reads it unasked.
SELF_SIGNED = shlex.split(
    "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
    "-addext subjectAltName=IP:127.0.0.1,DNS:localhost"
)
HALF_A_YEAR = 180 * 24 * 3600  # the shortest HSTS lifetime worth announcing


@dataclass(frozen=True)
class Servers:
    """The two listeners of deploy/nginx-tls.conf and the certificate it presents."""

    http_port: int
    https_port: int
    chain: Path

    def context(self) -> ssl.SSLContext:
        """A new client context (a test may change its own) trusting only that certificate."""
        return trusting(self.chain)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, valid for a day: (chain, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        missing_tool("openssl is missing")
    folder = tmp_path_factory.mktemp("tls")
    chain, key = folder / "fullchain.pem", folder / "privkey.pem"
    command = [openssl, *SELF_SIGNED, "-keyout", str(key), "-out", str(chain)]
    subprocess.run(command, check=True, capture_output=True)
    return chain, key


def trusting(chain: Path) -> ssl.SSLContext:
    """A client context that trusts only the throwaway certificate, and checks its name."""
    context = ssl.create_default_context(cafile=str(chain))
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    return context


@pytest.fixture(scope="module")
def servers(published_site: Path, certificate: tuple[Path, Path]) -> Iterator[Servers]:
    if find_nginx() is None:
        missing_tool("nginx is missing")
    chain, key = certificate
    http_port = free_port()
    https_port = free_port()
    while https_port == http_port:
        https_port = free_port()
    tls = TlsTrial(port=https_port, certificate=chain, key=key)
    with running_nginx(published_site, http_port, quiet=True, tls=tls) as process:
        wait_for(https_port, process)
        wait_for(http_port, process)
        yield Servers(http_port, https_port, chain)
        assert process.poll() is None, "nginx stopped while the tests ran"


def test_the_configuration_loads_without_a_warning(published_site, certificate, tmp_path):
    # Warnings do not stop nginx, so running_nginx lets them by: an OCSP stapling
    # line with no responder, or a directive nginx has replaced, shows up here.
    binary = find_nginx()
    if binary is None:
        missing_tool("nginx is missing")
    tls = TlsTrial(port=free_port(), certificate=certificate[0], key=certificate[1])
    config = tmp_path / "nginx.conf"
    config.write_text(main_config(published_site, free_port(), tmp_path, quiet=True, tls=tls))
    command = [str(binary), "-e", "stderr", "-p", str(tmp_path), "-c", str(config), "-t"]
    checked = subprocess.run(command, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    said = [
        line
        for line in checked.stderr.splitlines()
        # nginx 1.25.1 prefers "http2 on;"; the config keeps the form Debian 12's 1.22 knows.
        if ("[warn]" in line or "[emerg]" in line) and '"listen ... http2"' not in line
    ]
    assert said == []


def get_tls(servers: Servers, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """As test_nginx.get, over HTTPS (HTTP/1.1: the client offers no ALPN)."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1", servers.https_port, context=servers.context(), timeout=10
    )
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name.replace("_", "-"), value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def handshake(servers: Servers, context: ssl.SSLContext, name: str = "127.0.0.1") -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", servers.https_port), timeout=10)
    return context.wrap_socket(raw, server_hostname=name)


# --- HTTPS -----------------------------------------------------------------------------


def test_pages_are_served_over_https(servers):
    assert get_tls(servers, "/")[0] == 200
    assert get_tls(servers, "/en/")[0] == 200
    assert get_tls(servers, STORY)[0] == 200
    status, headers, _ = get_tls(servers, "/tags")
    assert status == 301 and headers["location"] == "/tags/"  # keeps the scheme and host


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_the_certificate_is_checked_and_its_names_accepted(servers, name):
    with handshake(servers, servers.context(), name) as connection:
        assert connection.getpeercert()["subject"] == ((("commonName", "localhost"),),)


def test_a_client_that_does_not_trust_the_certificate_is_refused(servers):
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(servers, ssl.create_default_context())  # the system's CAs only


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_both_accepted(servers, version):
    context = servers.context()
    context.minimum_version = context.maximum_version = version
    with handshake(servers, context) as connection:
        assert connection.version() == version.name.replace("v1_", "v1.")


def test_tls_1_1_is_refused(servers):
    # A client able to speak TLS 1.1 (OpenSSL allows it only at security level 0).
    context = servers.context()
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_1
    with pytest.raises(ssl.SSLError):
        handshake(servers, context)


@pytest.mark.parametrize(
    ("path", "lang"), [("/khong-co-trang-nay/", "vi"), ("/en/no-such-page/", "en")]
)
def test_a_missing_page_gets_the_portals_404_page_in_its_language(servers, path, lang):
    status, headers, body = get_tls(servers, path)
    assert status == 404
    assert f'<html lang="{lang}"'.encode() in body
    assert "strict-transport-security" in headers


def test_every_response_carries_hsts_and_the_security_headers(servers, published_site):
    def address(pattern: str) -> str:
        return "/" + next(published_site.glob(pattern)).relative_to(published_site).as_posix()

    # A file for each location of portal-site.conf (one add_header of a location's
    # own would drop all the server's there), a 404 and a redirect.
    expected = {
        "/": 200,
        "/feeds/all.rss.xml": 200,
        address("theme/css/site.*.css"): 200,
        "/pagefind/vi.json": 200,
        address("pagefind/**/*.pf_meta"): 200,
        address("images/2024/07/hoi-nghi-tap-huan.800w.*.webp"): 200,
        address("share/*.png"): 200,
        "/images/2024/07/hoi-nghi-tap-huan.jpg": 200,
        "/nope": 404,
        "/tags": 301,
    }
    for path, status in expected.items():
        answer, headers, _ = get_tls(servers, path)
        assert answer == status, path
        hsts = headers.get("strict-transport-security", "")
        lifetime = re.fullmatch(r"max-age=(\d+)(?:; ?includeSubDomains)?(?:; ?preload)?", hsts)
        assert lifetime and int(lifetime[1]) >= HALF_A_YEAR, (path, hsts)
        assert headers["content-security-policy"] == CSP, path
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert "camera=()" in headers["permissions-policy"], path
        assert "server" not in headers or headers["server"] == "nginx", path  # no version


@pytest.mark.parametrize("encoding", ["br", "gzip", None])
def test_compressed_forms_are_sent_over_tls_to_those_who_accept_them(
    servers, published_site, encoding
):
    asked = {"Accept_Encoding": encoding} if encoding else {}
    status, headers, body = get_tls(servers, STORY, **asked)
    original = (published_site / STORY.strip("/") / "index.html").read_bytes()
    assert status == 200 and headers["vary"] == "Accept-Encoding"
    assert headers.get("content-encoding") == encoding
    unpack = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding]
    assert unpack(body) == original


def test_brotli_is_preferred_over_tls_when_both_are_accepted(servers):
    headers = get_tls(servers, "/", Accept_Encoding="gzip, deflate, br")[1]
    assert headers["content-encoding"] == "br"


def test_http2_is_offered_and_spoken(servers):
    context = servers.context()
    context.set_alpn_protocols(["h2", "http/1.1"])  # as browsers offer them
    with handshake(servers, context) as connection:
        assert connection.selected_alpn_protocol() == "h2"
        # The client preface and an empty SETTINGS frame; an HTTP/2 server answers
        # with its own SETTINGS frame (type 4) on stream 0.
        connection.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0]))
        header = receive(connection, 9)
        assert header[3] == 4 and int.from_bytes(header[5:9], "big") == 0


def receive(connection: ssl.SSLSocket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        assert chunk, "the server closed the connection"
        data += chunk
    return data


def test_http_1_1_clients_still_get_http_1_1(servers):
    context = servers.context()
    context.set_alpn_protocols(["http/1.1"])
    with handshake(servers, context) as connection:
        assert connection.selected_alpn_protocol() == "http/1.1"


# --- plain HTTP ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/en/", STORY, "/tags", "/khong-co-trang-nay/", "/tim-kiem/?q=h%C3%B2a"]
)
def test_plain_http_only_redirects_to_the_same_address_over_https(servers, path):
    status, headers, body = get(f"http://127.0.0.1:{servers.http_port}", path)
    assert status == 301
    # The HTTPS port is 443 in production, so the address names no port.
    assert headers["location"] == f"https://127.0.0.1{path}"
    # nginx's own short notice: none of the portal's pages, types or caching.
    assert b"<html lang=" not in body and len(body) < 512
    assert headers["content-type"] == "text/html"
    for name in ("content-encoding", "cache-control", "expires", "set-cookie", "vary"):
        assert name not in headers, name
    assert "strict-transport-security" not in headers  # browsers ignore it over HTTP


def test_plain_http_to_the_https_port_is_refused(servers):
    status = get(f"http://127.0.0.1:{servers.https_port}", "/")[0]
    assert status == 400
