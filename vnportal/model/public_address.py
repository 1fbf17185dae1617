"""The public address of a published portal (``PORTAL_SITEURL``), checked and normalised.

Every absolute link of a published site starts with it: canonical and hreflang
links, feeds, sitemaps, Open Graph. A slip in it breaks all of them at once, so
the build accepts only an address it can use as it is, or make so without
guessing: ``pbgdpl.tiengiang.gov.vn/`` becomes ``https://pbgdpl.tiengiang.gov.vn``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from .errors import ContentError

SITEURL_VARIABLE = "PORTAL_SITEURL"
EXAMPLE = "https://pbgdpl.tiengiang.gov.vn"


def public_address(text: str, source: str = SITEURL_VARIABLE) -> str:
    """``text`` as the portal's origin: https, lower-case host, no path, no trailing slash.

    ``source`` names where the value came from, for the message. Raises
    ContentError when the address cannot be the root of a public portal.
    """
    raw = (text or "").strip()

    def bad(problem: str, fix: str) -> ContentError:
        return ContentError(source, f"{problem}: '{raw}'", fix)

    if not raw:
        return _missing(source)
    if any(char.isspace() for char in raw):
        raise bad("the public address has a space in it", f"write it without, e.g. {EXAMPLE}")
    if "://" not in raw:
        raw = "https://" + raw  # a bare host name: the portal is served over HTTPS
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise bad("the public address is not a web address", f"write it as {EXAMPLE}") from None
    scheme = parts.scheme.lower()
    if scheme == "http":
        raise bad(
            "a published portal must be served over HTTPS, and this address starts with http://",
            "write https:// and serve the site with deploy/nginx-tls.conf; "
            "for a local trial use 'invoke build' instead",
        )
    if scheme != "https":
        raise bad("the public address must start with https://", f"write it as {EXAMPLE}")
    if parts.username is not None or parts.password is not None:
        raise bad("the public address holds a user name", f"leave it out: {EXAMPLE}")
    if parts.query or parts.fragment or raw.endswith(("?", "#")):
        raise bad("the public address has a '?' or '#' part", f"leave it out: {EXAMPLE}")
    if parts.path.strip("/"):
        raise bad(
            "the portal must be at the root of its address, and this one has a path",
            "give the portal a host name of its own (for GitHub Pages, a custom domain), "
            f"e.g. {EXAMPLE}",
        )
    host = _host(parts.hostname or "", bad)
    if host == "localhost" or host.endswith(".localhost") or host.startswith("127."):
        raise bad(
            "the public address names this computer, which no reader can reach",
            f"write the portal's public address, e.g. {EXAMPLE}",
        )
    return f"https://{host}" + (f":{port}" if port not in (None, 443) else "")


def _missing(source: str) -> str:
    raise ContentError(
        source,
        "the public address is empty",
        f"set {SITEURL_VARIABLE} to the portal's address, e.g. {SITEURL_VARIABLE}={EXAMPLE}",
    )


def _host(host: str, bad: Callable[[str, str], ContentError]) -> str:
    """The host name in ASCII (a Vietnamese domain in its punycode form)."""
    if not host or host.startswith(".") or ".." in host:
        raise bad("the public address has no valid host name", f"write it as {EXAMPLE}")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise bad("the host name of the public address is not valid", f"e.g. {EXAMPLE}") from None
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789-.")
    if not set(ascii_host.lower()) <= allowed:
        raise bad(
            "the host name of the public address has characters a domain cannot have",
            f"e.g. {EXAMPLE}",
        )
    return ascii_host.lower().rstrip(".")
