"""Stable digests: the identity of files, texts and results from one build to the next."""

from __future__ import annotations

import hashlib

CACHE_VERSION = "1"  # raise it to make every cached result and page key new

# Beyond this many parts, text parts are joined and hashed a chunk at a time: the walk
# of a large output/ (300,000 files) is digested twice in every rebuild, and hashing
# each line on its own took most of that time. The bytes hashed are the same.
JOINED_PARTS = 16
CHUNK = 8192


def digest(*parts: object) -> str:
    """A hex digest of ``parts`` (bytes as they are, anything else as its text),
    each after a zero byte."""
    hasher = hashlib.sha1(CACHE_VERSION.encode())
    if len(parts) <= JOINED_PARTS:
        for part in parts:
            hasher.update(b"\0")
            hasher.update(_bytes_of(part))
        return hasher.hexdigest()
    for start in range(0, len(parts), CHUNK):
        chunk = parts[start : start + CHUNK]
        try:
            text = "\0" + "\0".join(chunk)  # type: ignore[arg-type]
        except TypeError:  # not all text: part by part
            hasher.update(b"".join(b"\0" + _bytes_of(part) for part in chunk))
        else:
            hasher.update(text.encode())  # UTF-8 of the whole is the parts' UTF-8 joined
    return hasher.hexdigest()


def _bytes_of(part: object) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()
