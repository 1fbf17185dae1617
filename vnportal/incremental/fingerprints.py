"""Fingerprints: digests of everything a build, a language or a page is made from."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from ..model.digests import digest
from ..model.sources import stat_lines

PACKAGE = Path(__file__).resolve().parents[1]  # vnportal/
# Libraries whose upgrade can change the output.
LIBRARIES = (
    "pelican",
    "markdown",
    "nh3",
    "babel",
    "feedgen",
    "beautifulsoup4",
    "jinja2",
    "pyyaml",
    "pypdf",
)
# Settings that differ between builds without changing any page.
# Where a build writes and keeps its cache, and the object carrying one run's
# inputs (vnportal/render/run.py): they differ between builds without changing any page.
# PORTAL_TODAY changes every day: only what shows upcoming events depends on it.
# PORTAL_MOMENT changes on every build: only which stories wait depends on it, and
# that is in the index (index_inputs).
VOLATILE_SETTINGS = {"PORTAL_RUN", "OUTPUT_PATH", "CACHE_PATH", "PORTAL_TODAY", "PORTAL_MOMENT"}


# code_digest() as the last build recorded it, when the code is still as it was then
# (recorded_code_digest); empty until told.
_RECORDED: dict[str, str] = {}


def recorded_code_digest(value: str) -> None:
    """code_digest() is ``value``, told by the "nothing changed" check: the last build
    recorded it with the stamp of the code (vnportal/build/up_to_date.py: names, sizes
    and times of our files, the libraries installed), and the stamp is still that.
    Reading every source file and asking each library's version took 0.03 to 0.1 s of
    every build, an edit's too; the stamp, which the quick answer trusts already, 1 ms."""
    _RECORDED["digest"] = value


@cache
def code_digest() -> str:
    """Our package's source and the versions of the libraries that shape output: the
    last build's record of it while the code is as it was, else read."""
    return _RECORDED.get("digest") or read_code_digest()


def read_code_digest() -> str:
    """code_digest(), read from the code and the libraries."""
    from importlib import metadata  # here: the quick "nothing changed" path never needs it

    sources = [path.read_bytes() for path in sorted(PACKAGE.rglob("*.py"))]
    versions = [metadata.version(name) for name in LIBRARIES]
    return digest(sys.version_info[:2], *versions, *sources)


def files_digest(roots: Iterable[Path], walk: Callable[[Path], list] | None = None) -> str:
    """Names, sizes and modification times of every file under ``roots``."""
    entries = []
    for root in roots:
        if walk is None:
            entries += stat_lines(root)
        else:
            entries += [f"{path}\0{size}\0{mtime}" for path, size, mtime in walk(root)]
    return digest(*entries)


def settings_digest(settings: dict[str, Any]) -> str:
    stable = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
    return digest(json.dumps(stable, sort_keys=True, default=lambda o: type(o).__name__))


def input_roots(settings_file: Path, settings: dict[str, Any]) -> list[Path]:
    """Every file and folder a build reads: content, theme and the settings' folder's .py files
    (by absolute path: `invoke build` names the settings file so, the command line may not)."""
    return [
        Path(settings["PATH"]),
        Path(settings["THEME"]),
        *sorted(settings_file.resolve().parent.glob("*.py")),
    ]


def input_fingerprint(code: str, roots: str, settings: dict[str, Any]) -> str:
    """Everything a build reads: when this is unchanged, so is the output.

    ``code`` is code_digest(), ``roots`` the files_digest() of input_roots().
    """
    return digest(code, roots, settings_digest(settings), settings.get("PORTAL_TODAY", ""))


def language_inputs(
    settings: dict[str, Any],
    lang: str,
    from_index: str,
    walk: Callable[[Path], list] | None = None,
) -> str:
    """Everything one language's pages are made from, for skipping its whole run.

    Its own files, what its pages show of the other language (``from_index``:
    index_inputs()), the shared images (every page states the sizes of its
    photos), theme, code and settings.
    """
    content = Path(settings["PATH"])
    # Shared images and attachments: pages state the sizes of photos and files.
    own = [content / lang, Path(settings["THEME"]), content / "images", content / "files"]
    return digest(
        code_digest(),
        settings_digest(settings),
        settings.get("PORTAL_TODAY", ""),
        lang,
        files_digest(own, walk),
        from_index,
    )


def index_inputs(index: Any, lang: str) -> str:
    """What one language's pages show of the index beyond its own files: the other
    language's stories (translation links), which tag and category pages exist there,
    which topics pair them, the contacts page, and its own stories that wait for
    their time (their files are unchanged when it comes)."""
    others = []
    for entry in index.entries:
        if entry.lang != lang:
            others.append(
                f"{entry.lang}\0{entry.kind}\0{entry.translation_key}\0{entry.url}\0{entry.status}"
            )
        elif entry.waits_until is not None:
            others.append(f"{lang}\0{entry.relpath}\0waits")
    # Which tag and category pages are one topic (content/topics.yml, or guessed from
    # the other language's tags): their language links.
    others += [f"topic\0{p.kind}\0{p.vi}\0{p.en}\0{p.origin}" for p in index.topics.pairs]
    # The contacts page (content/contacts.yml, outside the language folders).
    others.append(f"contacts\0{index.contacts.key}")
    for other in {e.lang for e in index.entries} - {lang}:
        slugs = index.listing_slugs(other)
        others += [
            f"{other}\0{kind}\0{slug}" for kind in sorted(slugs) for slug in sorted(slugs[kind])
        ]
    return digest(*sorted(others))


def signature_of(lines: list[str]) -> str:
    """Of an output folder's stat_lines(): notices any change made to it since it was built.

    Taken over the lines as the walk makes them: made from (path, size, time) entries
    again, the lines cost 0.3 s a signature at 300,000 files (50,000 story pairs)."""
    return digest(*lines)
