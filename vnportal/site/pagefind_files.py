"""Pagefind's output made byte-identical from one build to the next.

Pagefind (1.5) writes each filter file's values, and the list of filter files in
its metadata, in hash-map order, which changes from run to run; the file names
are digests of the contents, so the names change too. This rewrites those two
kinds of file in a stable order (values and filters sorted), names them by
digests of the new contents, and points pagefind-entry.json at the new
metadata. The files keep Pagefind's format (gzip of a signature and CBOR), so
pagefind.js reads them as before.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"


def settle(bundle: Path) -> None:
    """Rewrite the filter files and metadata of the Pagefind bundle in ``bundle``."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, language in entry["languages"].items():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = meta[3]  # [[filter name, file hash], ...]
        for pair in filters:
            old = bundle / "filter" / f"{pair[1]}.pf_filter"
            name, values = _read(old)
            stable = [name, sorted(([value, sorted(pages)] for value, pages in values))]
            pair[1] = f"{lang}_{_digest(stable)[:7]}"
            old.unlink()
            _write(bundle / "filter" / f"{pair[1]}.pf_filter", stable)
        filters.sort()
        language["hash"] = f"{lang}_{_digest(meta)[:10]}"
        meta_path.unlink()
        _write(bundle / f"pagefind.{language['hash']}.pf_meta", meta)
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    entry_path.write_text(text, encoding="utf-8")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _write(path: Path, value: Any) -> None:
    # mtime=0: no time in the gzip header, so the same value gives the same bytes.
    data = SIGNATURE + cbor2.dumps(value, canonical=True)
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _digest(value: Any) -> str:
    return hashlib.sha256(cbor2.dumps(value, canonical=True)).hexdigest()
