"""Digests: the same parts give the same digest, however many there are."""

from __future__ import annotations

import hashlib

from vnportal.model.digests import CACHE_VERSION, CHUNK, JOINED_PARTS, digest


def part_by_part(*parts: object) -> str:
    """The definition: each part's bytes after a zero byte."""
    hasher = hashlib.sha1(CACHE_VERSION.encode())
    for part in parts:
        hasher.update(b"\0" + (part if isinstance(part, bytes) else str(part).encode()))
    return hasher.hexdigest()


def test_many_parts_give_the_digest_of_their_bytes_one_by_one():
    lines = [
        f"output/{year}/07/hòa-giải-{n}/index.html\0{20_000 + n}\0{n}"
        for year in (2024, 2025)
        for n in range(CHUNK)
    ]
    assert len(lines) > CHUNK and digest(*lines) == part_by_part(*lines)
    mixed = [*lines[:40], b"\xff\x00 bytes", 7, ("vi", 3), "Thứ Năm, 11/07/2024", ""]
    assert len(mixed) > JOINED_PARTS and digest(*mixed) == part_by_part(*mixed)
    for few in [(), ("a",), (b"\0", "b", 1), tuple("abcdefghijklmnop")]:
        assert digest(*few) == part_by_part(*few)


def test_where_the_parts_split_changes_the_digest():
    assert digest("ab", "c") != digest("a", "bc") != digest("abc")
    many = [str(n) for n in range(100)]
    assert digest(*many) != digest(*many[:-2], many[-2] + many[-1])
