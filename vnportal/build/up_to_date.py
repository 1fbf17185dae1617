""" "Nothing changed": answered before Pelican or the build's own code is loaded.

Most builds an editor starts (a second ``invoke build``, a deployment's hourly
rebuild) find nothing to do, and importing Pelican, Markdown, Jinja and the
render stage alone takes several tenths of a second. So every build leaves a
small record beside its stamp (``quick.json``) of what a later build needs to
decide without them:

- a key of the settings file's own values (executed as Pelican executes it),
  the folder the build runs in, the environment variable naming the public
  address, the Python version, the installed libraries (their ``.dist-info``
  names carry the versions) and the size and time of this package's files:
  when it matches, Pelican would read the same settings and the same code
  would build;
- the content and theme folders those settings name, and the digest of every
  file under them (name, size, time), as the full build computed it;
- the day the build took as today, and when the next scheduled story is due;
- the signature of output/ (every file's name, size and time) after the build.

Every file of output/ is stat'ed; of its folders only those whose time changed
since an earlier walk listed them are listed again (folder_listings.py in
vnportal/incremental/: a built site has a folder per page).

If any of these differ, or another build holds the lock, or a killed build
left something to tidy, the answer is "don't know" and the full build decides
(vnportal/build/site.py). The record is removed when a build starts, with the
stamp, so a half-finished build is never vouched for.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from ..incremental.caches import (
    BuildCache,
    read_ahead,
    read_json,
    read_marshal,
    write_json,
    write_marshal,
)
from ..incremental.fingerprints import code_digest, recorded_code_digest, signature_of
from ..incremental.folder_listings import Listing, readable_listings, updated_listings
from ..incremental.halved_walk import HalvedWalk
from ..model.digests import digest
from ..model.events import build_moment
from ..model.public_address import SITEURL_VARIABLE
from ..model.sources import FolderWalks, stat_lines
from .forked_walk import ForkedWalk, WalkInHand
from .report import BuildReport, report_of

PACKAGE = Path(__file__).resolve().parents[1]  # vnportal/
RECORD = "quick.json"
DEFAULT_CACHE_PATH = "cache"  # Pelican's, when the settings file names none


def quick_key(settings_file: Path, raw: dict[str, Any], code: str | None = None) -> str | None:
    """The key of the settings file's values (``raw``), the place, the libraries and
    our code (``code``: its stamp, if taken already).

    None when the values cannot be written down exactly (an object without a
    stable form): then there is no quick answer, only the full build's.
    """
    try:
        values = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=_no_stable_form)
    except (TypeError, ValueError):
        return None
    return digest(
        str(settings_file.resolve()),
        os.getcwd(),
        os.environ.get(SITEURL_VARIABLE, ""),
        values,
        _code_stamp() if code is None else code,
    )


def current_key(settings_file: Path) -> str | None:
    """quick_key() of the settings file as it is now; None when it cannot be read
    (the full build reads it next and reports why)."""
    try:
        return quick_key(settings_file, raw_settings(settings_file))
    except Exception:  # whatever a settings file raises
        return None


def _no_stable_form(value: object) -> str:
    raise TypeError(type(value).__name__)


def raw_settings(settings_file: Path) -> dict[str, Any]:
    """The settings file's upper-case names, executed as Pelican executes it."""
    name = settings_file.stem
    spec = importlib.util.spec_from_file_location(name, settings_file)
    if spec is None or spec.loader is None:
        return {}
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as Pelican does: publishconf.py imports pelicanconf
    spec.loader.exec_module(module)
    return {key: value for key, value in vars(module).items() if key.isupper()}


def _code_stamp() -> str:
    """Our package's files (name, size, time), the Python version, and which
    distributions are installed where this interpreter imports from."""
    ours = [line for line in stat_lines(PACKAGE) if line.split("\0", 1)[0].endswith(".py")]
    installed = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        installed += [f"{folder}\0{name}" for name in sorted(names) if name.endswith(".dist-info")]
    return digest(sys.version, *ours, *installed)


def build_cache(settings_file: Path, raw: dict[str, Any]) -> BuildCache:
    """The build's cache folder, CACHE_PATH resolved as Pelican resolves it."""
    cache = raw.get("CACHE_PATH", DEFAULT_CACHE_PATH)
    if "CACHE_PATH" in raw and not os.path.isabs(cache):
        cache = os.path.abspath(os.path.normpath(settings_file.parent / cache))
    return BuildCache({"CACHE_PATH": cache})


def record_path(settings_file: Path, raw: dict[str, Any], output: Path) -> Path:
    """Where the record of ``output`` is: beside its stamp in the cache folder."""
    return build_cache(settings_file, raw).record_path(output)


def write_record(
    path: Path,
    *,
    key: str | None,
    roots: list[Path],
    roots_digest: str,
    today: str,
    stamp: dict[str, Any],
    published: bool,
) -> None:
    """Keep at ``path`` what the next build needs to say "nothing changed" on its own."""
    if key is None:
        path.unlink(missing_ok=True)
        return
    write_json(
        path,
        {
            "key": key,
            "content": [str(root) for root in roots[:2]],  # the settings' PATH and THEME
            "inputs": roots_digest,
            "today": today,
            "output": stamp["output"],
            "files": stamp["files"],
            "warnings": stamp["warnings"],
            "index": stamp["index"],
            "published": published,
            # The build that follows, whatever changed, need not read the code again.
            "code": [_code_stamp(), code_digest()],
        },
    )


def _take_code_digest(recorded: object, code: str) -> None:
    """The code's digest from the record (``[stamp, digest]``), if the code's stamp
    (``code``) is still the one recorded with it."""
    if (
        isinstance(recorded, list)
        and len(recorded) == 2
        and all(isinstance(value, str) for value in recorded)
    ):
        stamp, value = recorded
        if stamp == code:
            recorded_code_digest(value)


@dataclass
class CheckWalks:
    """What the "nothing changed" check walked, for the build that follows it when the
    content, theme or settings changed: their walks (100,000 files at the largest
    sizes), and the walk of output/, going on in forked children."""

    inputs: FolderWalks = field(default_factory=FolderWalks)
    output: WalkInHand = field(default_factory=WalkInHand)


def unchanged_site(
    settings_file: Path, output: Path, walks: CheckWalks | None = None
) -> BuildReport | None:
    """The report of a build that found nothing to do, or None: let the full build decide.

    ``walks``: given what was walked here when only the inputs changed.
    """
    started = time.perf_counter()
    output = output.resolve()
    try:
        raw = raw_settings(settings_file)
        cache = build_cache(settings_file, raw)
        record = read_json(cache.record_path(output))
        if not isinstance(record, dict):
            return None
        code = _code_stamp()  # once: the record's digest and the key both ask for it
        _take_code_digest(record.get("code"), code)
        if record.get("key") != quick_key(settings_file, raw, code):
            return None
        moment = build_moment(raw)
    except Exception:  # a settings file that fails is the full build's to report
        return None
    next_out = record["index"].get("next_out")
    if record["today"] != moment.date().isoformat() or (
        next_out and datetime.fromisoformat(next_out) <= moment
    ):
        return None
    roots = [Path(root) for root in record["content"]]
    roots += sorted(settings_file.resolve().parent.glob("*.py"))
    if not output.is_dir():
        return None
    with _lock_if_free(output) as locked:
        if not locked:
            return None
        # Half of the content, then half of output/, walked by a child meanwhile: the
        # walk is most of the time.
        # Folders whose time stands are not listed again (the listings of an earlier walk).
        listings_path = cache.listings_path(output)
        kept = partial(_kept_listings, listings_path)
        with contextlib.closing(HalvedWalk(output, kept, first=roots)) as walk:
            walked = walk.first_lines()
            if digest(*(line for lines in walked.values() for line in lines)) != record["inputs"]:
                if walks is not None:
                    walks.inputs.take(walked)
                    walks.output.keep(ForkedWalk(output, walk.hand_over()))
                return None
            if signature_of(walk.lines()) != record["output"]:
                return None
            listings = updated_listings(walk.kept(), walk.listed)
            if listings is not None:
                write_marshal(listings_path, listings)
    for warning in record["warnings"]:
        print(warning, file=sys.stderr)
    return report_of(
        record["index"],
        output,
        record["files"],
        started,
        up_to_date=True,
        published=record["published"],
    )


def _kept_listings(path: Path) -> dict[str, Listing]:
    return readable_listings(read_marshal(path))


def read_caches_ahead(settings_file: Path) -> None:
    """Read the checker's cache before a build is asked for (the live preview's waiting
    process: about 0.3 s at 10,000 stories); the build takes it if the file is the same."""
    try:
        raw = raw_settings(settings_file)
    except Exception:  # a settings file that fails is the build's to report
        return
    read_ahead(build_cache(settings_file, raw).checks_path())


@contextlib.contextmanager
def _lock_if_free(output: Path) -> Iterator[bool]:
    """The build lock of ``output`` if no build holds it and no killed build left
    anything beside output/ to tidy (vnportal/build/output.py does that)."""
    prefix = f".{output.name}."
    lock = f"{prefix}lock"
    # A retired output (".old-") is being deleted by a process of its own and changes
    # nothing; a journal or a killed build's folders need the full build.
    leftovers = [
        name
        for name in os.listdir(output.parent)
        if name.startswith(prefix) and name != lock and not name.startswith(f"{prefix}old-")
    ]
    if leftovers:
        yield False
        return
    with open(output.parent / lock, "a+", encoding="utf-8") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False  # another build runs: the full build waits for it
            return
        yield True  # released when the file is closed
