"""Stage 3, publishing only: ``.gz`` and ``.br`` beside every text file of the site.

A web server with ``gzip_static`` and ``brotli_static`` (deploy/nginx.conf)
then sends a file already compressed, at the strongest settings, without
compressing it again for each reader. Each form is written only when it is
smaller than the file itself, and is the same on every build: gzip without a
file name or time, brotli at quality 11.

The forms are made in the staging folder beside the new files, so a page and
its compressed forms reach output/ together (vnportal/build/output.py moves
them, and a form lives and dies with its original). Only files that changed
are compressed; a file kept from the last build keeps its forms.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..model.sources import walk_files

FORMS = (".gz", ".br")
# Text formats of the site; images, Pagefind's parts (already gzip-compressed by
# Pagefind) and fonts gain nothing.
COMPRESSIBLE = frozenset(
    {
        ".html",
        ".css",
        ".js",
        ".json",
        ".xml",
        ".xsl",
        ".txt",
        ".svg",
        ".ics",
        ".opml",
        ".webmanifest",
        ".wasm",
    }
)


def is_compressible(relpath: str) -> bool:
    return os.path.splitext(relpath)[1].lower() in COMPRESSIBLE


def is_compressed_form(relpath: str) -> bool:
    """``x.html.gz``, ``x.css.br``: a form this step makes of a text file."""
    return relpath.endswith(FORMS) and is_compressible(relpath[:-3])


def original_of(form: str) -> str:
    return form[:-3]


def compressed_forms(data: bytes) -> dict[str, bytes]:
    """The file's gzip and brotli forms, by ending, each only when smaller than ``data``."""
    import brotli

    forms = {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
        ".br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=11),
    }
    return {ending: form for ending, form in forms.items() if len(form) < len(data)}


@dataclass
class PrecompressReport:
    files: int = 0  # text files compressed this time
    original_bytes: int = 0
    forms_bytes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FORMS, 0))


def precompress(staging: Path, output: Path | None, existing: Iterable[str]) -> PrecompressReport:
    """Write the compressed forms of the staging folder's text files into it.

    ``output`` is the site the staging folder will update (None for a whole new
    one) and ``existing`` its files, relative to it: a text file kept there
    without any compressed form (the last build did not publish) gets its forms
    now, so that an update equals a whole new build.
    """
    made = str(staging) + os.sep
    staged = {path[len(made) :] for path, _, _ in walk_files(staging)}
    sources = [(staging, relpath) for relpath in sorted(staged) if is_compressible(relpath)]
    if output is not None:
        present = set(existing)
        sources += [
            (output, relpath)
            for relpath in sorted(present - staged)
            if is_compressible(relpath) and not any(relpath + end in present for end in FORMS)
        ]
    report = PrecompressReport()

    def compress(source: tuple[Path, str]) -> tuple[int, dict[str, int]]:
        folder, relpath = source
        data = (folder / relpath).read_bytes()
        forms = compressed_forms(data)
        for ending, form in forms.items():
            target = staging / (relpath + ending)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(form)
        return len(data), {ending: len(form) for ending, form in forms.items()}

    # zlib and brotli let go of the interpreter while they work: both cores help.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for size, forms in pool.map(compress, sources):
            report.files += 1
            report.original_bytes += size
            for ending, length in forms.items():
                report.forms_bytes[ending] += length
    return report
