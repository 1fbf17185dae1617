"""Stable digests: the identity of files, texts and results from one build to the next."""

from __future__ import annotations

import hashlib

CACHE_VERSION = "1"  # raise it to make every cached result and page key new


def digest(*parts: object) -> str:
    """A hex digest of ``parts`` (bytes as they are, anything else as its text)."""
    hasher = hashlib.sha1(CACHE_VERSION.encode())
    for part in parts:
        hasher.update(b"\0")
        hasher.update(part if isinstance(part, bytes) else str(part).encode())
    return hasher.hexdigest()
