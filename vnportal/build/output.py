"""The end of a build: its staging folder becomes output/, or updates it in place.

A first build (or one after output/ was changed by hand) swaps the staging
folder in whole; a later build's staging folder holds only the pages that
changed, which are moved into output/, and the pages no longer made are
removed. Nothing here runs unless every language built.

Publication is all or nothing. Before the first file is moved, the plan is
written to a journal beside output/ (``.output.journal.json``), and every
file that is replaced or removed is first moved aside into a backup folder.
A write error puts everything back at once; a build killed halfway leaves the
journal, and the next command of ours (build, serve, livereload, check)
finishes the update, or undoes it if it cannot, before anything else
(``recover``). Only one build runs at a time on one output (``BuildLock``);
folders left by a build that was killed are removed by the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model.assets import is_hashed_asset
from ..model.errors import BuildError
from ..model.sources import LANGUAGES, path_of, stat_line, url_prefix, walk_files
from ..site.icons import is_icon_file
from ..site.precompress import FORMS, is_compressed_form, original_of
from ..site.search_index import SEARCH_FOLDER, search_folder_range


def _move(source: str, target: str) -> None:
    """One rename, making the target's folder when it is new (a new story, tag or page)."""
    try:
        os.replace(source, target)
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)


# --- the journal --------------------------------------------------------------------------


@dataclass
class Plan:
    """One in-place update: what moves from staging, and what leaves output/."""

    output: str
    staging: str
    backup: str  # where replaced and removed files wait until the update is complete
    moves: list[str]  # paths relative to output/ (and to staging/)
    removals: list[str]

    def forward(self) -> None:
        """Carry the update out; each step can be repeated after an interruption."""
        out, made, aside = self.output + os.sep, self.staging + os.sep, self.backup + os.sep
        for relpath in self.removals:
            if os.path.lexists(out + relpath):
                _move(out + relpath, aside + relpath)
        for relpath in self.moves:
            if not os.path.lexists(made + relpath):
                continue  # already moved in
            if os.path.lexists(out + relpath) and not os.path.lexists(aside + relpath):
                _move(out + relpath, aside + relpath)
            _move(made + relpath, out + relpath)
        _remove_empty_folders({os.path.dirname(out + r) for r in self.removals}, Path(self.output))

    def back(self) -> None:
        """Undo whatever part of the update was carried out."""
        out, made, aside = self.output + os.sep, self.staging + os.sep, self.backup + os.sep
        for relpath in reversed(self.moves):
            if not os.path.lexists(made + relpath) and os.path.lexists(out + relpath):
                _move(out + relpath, made + relpath)  # the new file was moved in
            if os.path.lexists(aside + relpath):
                _move(aside + relpath, out + relpath)
        for relpath in self.removals:
            if os.path.lexists(aside + relpath):
                _move(aside + relpath, out + relpath)
        remove_all_empty_folders(Path(self.output))

    def clean_up(self) -> None:
        shutil.rmtree(self.backup, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)


@dataclass
class Swap:
    """A whole new output/: the staging folder takes the place of the old one."""

    output: str
    staging: str
    retired: str  # a folder holding the old output until it is deleted

    def forward(self) -> None:
        old = os.path.join(self.retired, os.path.basename(self.output))
        if os.path.isdir(self.staging):
            if os.path.lexists(self.output):
                os.replace(self.output, old)
            os.replace(self.staging, self.output)

    def back(self) -> None:
        old = os.path.join(self.retired, os.path.basename(self.output))
        if os.path.isdir(old) and not os.path.lexists(self.output):
            os.replace(old, self.output)

    def clean_up(self) -> None:
        try:
            os.rmdir(self.retired)  # a first build had no old output to put away
        except OSError:
            _delete_detached(Path(self.retired))
        shutil.rmtree(self.staging, ignore_errors=True)


def journal_path(output: Path) -> Path:
    return output.parent / f".{output.name}.journal.json"


def _write_journal(output: Path, step: Plan | Swap) -> None:
    """The plan, on disk before the first move (written whole, then renamed into place)."""
    path = journal_path(output)
    temporary = path.with_suffix(".tmp")
    data = {"kind": type(step).__name__, **asdict(step)}
    with temporary.open("w", encoding="utf-8") as file:
        json.dump(data, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    _sync_folder(path.parent)


def _read_journal(output: Path) -> Plan | Swap | None:
    try:
        data = json.loads(journal_path(output).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:  # cut short before it was renamed into place: nothing was moved
        journal_path(output).unlink()
        return None
    kind = {"Plan": Plan, "Swap": Swap}[data.pop("kind")]
    return kind(**data)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _carry_out(output: Path, step: Plan | Swap) -> None:
    """Journal, then do ``step``; on an error put everything back and say what failed."""
    _write_journal(output, step)
    try:
        step.forward()
    except OSError as error:
        step.back()
        journal_path(output).unlink()
        step.clean_up()
        raise BuildError([_write_problem(output, error)]) from None
    journal_path(output).unlink()
    _sync_folder(output.parent)
    step.clean_up()


@contextlib.contextmanager
def writing(output: Path) -> Iterator[None]:
    """Errors of the file system while preparing to write ``output``, said in one line."""
    try:
        yield
    except OSError as error:
        raise BuildError([_write_problem(output, error)]) from None


def _write_problem(output: Path, error: OSError) -> str:
    where = error.filename or output
    return (
        f"{where}: cannot write the site there ({error.strerror or error}); output/ was left "
        f"as it was — make {output} writable for this user, or build into another folder "
        "with --output"
    )


def recover(output: Path) -> str | None:
    """Finish (or else undo) an update of ``output`` that a killed build left halfway.

    Returns what was done, for the command to say, or None when nothing was pending.
    """
    step = _read_journal(output)
    if step is None:
        return None
    try:
        step.forward()
        done = f"finished publishing the build of {output} that was interrupted"
    except OSError:
        step.back()
        done = f"undid the unfinished update of {output} (it could not be completed)"
    journal_path(output).unlink()
    step.clean_up()
    return done


# --- updating -----------------------------------------------------------------------------


def update_in_place(
    output: Path,
    staging: Path,
    lines: list[str],
    keys: dict[str, tuple[dict[str, str], int]],
    *,
    unchanged: set[str] = frozenset(),
    compressed: bool = False,
) -> list[str]:
    """Bring ``output`` up to date with the languages just built: ``lines``, its
    stat_lines() (sorted by path); return its new ones.

    ``staging`` holds only what was made this time: pages and feeds whose key
    changed, and the copied images and theme files; ``unchanged`` names those
    that were made again exactly as output/ has them (see drop_unchanged).
    Unchanged pages stay where they are. Files of the languages that ran which
    the build no longer makes (a deleted story, a tag nobody uses any more) are
    removed. A compressed form (``.gz``, ``.br``) of a file stays only while its
    original stays unchanged, and only in a build that ``compressed`` the site.
    """
    root, made = str(output) + os.sep, str(staging) + os.sep
    moves = [path[len(made) :] for path, _, _ in walk_files(staging)]
    replaced = set(moves)
    wanted = replaced.union(unchanged, *(pages for pages, _ in keys.values()))
    kept: list[str] = []
    removals, forms = [], []
    if keys.keys() - {SEARCH}:
        language_of = _language_of()
    else:
        # A build that ran no language (a rewrite of story text) asks only which files are
        # the search index's: a prefix, where the full question costs seconds at 300,000
        # files. The other files stay unless replaced or compressed forms.
        language_of = _search_or_none
        kept, lines = _outside_search_folder(root, lines, replaced)
    for line in lines:
        relpath = path_of(line)[len(root) :]
        if relpath.endswith(FORMS) and is_compressed_form(relpath):
            forms.append(line)  # decided below, with its original
        elif language_of(relpath) in keys and relpath not in wanted:
            removals.append(relpath)
        elif relpath not in replaced:
            kept.append(line)
    # Asked only about compressed forms: a site without them (an editor's own build)
    # does not make this set of every file (300,000 at the largest sizes).
    compressed_moves = any(is_compressed_form(relpath) for relpath in moves)
    staying = {path_of(line)[len(root) :] for line in kept} if forms or compressed_moves else set()
    for line in forms:
        relpath = path_of(line)[len(root) :]
        if relpath in replaced:
            continue  # a new form of a changed file takes its place
        if compressed and original_of(relpath) in staying:
            kept.append(line)
        else:
            removals.append(relpath)
    # A form made of a kept file whose original goes after all: not moved in.
    moves = [
        relpath
        for relpath in moves
        if not is_compressed_form(relpath)
        or original_of(relpath) in staying
        or original_of(relpath) in replaced
    ]
    backup = tempfile.mkdtemp(prefix=f".{output.name}.backup-", dir=output.parent)
    _carry_out(output, Plan(str(output), str(staging), backup, moves, removals))
    for relpath in moves:
        found = os.stat(root + relpath)
        kept.append(stat_line(root + relpath, found.st_size, found.st_mtime_ns))
    return sorted(kept)


# A stat line whose path ends so: a compressed form (no zero byte is in a path).
_FORM_LINE = re.compile("|".join(re.escape(f"{form}\0") for form in FORMS))


def _outside_search_folder(
    root: str, lines: list[str], replaced: set[str]
) -> tuple[list[str], list[str]]:
    """Of ``lines`` (sorted by path), those outside the search index's folder that simply
    stay, and the rest to be looked at one by one: the folder's files, which sort
    together, and the compressed forms and replaced files outside it. Quick passes
    instead of one slow one over the 300,000 files of the largest sites: the replaced
    files (a few) are found by their place in the order."""
    start, end = search_folder_range(root, lines)
    outside = lines[:start] + lines[end:]  # still sorted
    look = set(filter(_FORM_LINE.search, outside))
    for relpath in replaced:
        prefix = f"{root}{relpath}\0"
        at = bisect_left(outside, prefix)
        if at < len(outside) and outside[at].startswith(prefix):
            look.add(outside[at])
    if not look:
        return outside, lines[start:end]
    return [line for line in outside if line not in look], lines[start:end] + sorted(look)


def drop_unchanged(output: Path, staging: Path) -> set[str]:
    """Remove from ``staging`` the files output/ already has byte for byte; name them.

    Images and theme files are copied on every run, and a page whose key changed
    may come out the same: left out of the update, their files in output/ keep
    their modification time, so ``rsync`` and caches see them unchanged.
    """
    made, root = str(staging) + os.sep, str(output) + os.sep
    same = set()
    # Strings and os calls, not Path: a rewrite of story text asks this of every file of
    # a search part (500 and more), most of them the same.
    for path, size, _ in walk_files(staging):
        relpath = path[len(made) :]
        try:
            live = os.stat(root + relpath, follow_symlinks=False)
        except OSError:
            continue
        if live.st_size != size or not stat.S_ISREG(live.st_mode):
            continue
        with open(path, "rb") as new, open(root + relpath, "rb") as old:
            if new.read() != old.read():
                continue
        os.unlink(path)
        same.add(relpath)
    return same


def replace_output(output: Path, staging: Path) -> None:
    """Swap the staging folder in; the old output is deleted by a detached process.

    Removing tens of thousands of files takes seconds on a large archive, and
    nothing needs to wait for it: the old folder is already out of the way.
    """
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    _carry_out(output, Swap(str(output), str(staging), _retired_beside(output)))


def retire(folder: Path, output: Path) -> None:
    """``folder``, beside ``output``, out of the way at once and deleted by a process of
    its own: renamed into an ".old-" folder, which the "nothing changed" check passes
    over and a later full build tidies if the deletion was cut short."""
    retired = _retired_beside(output)
    try:
        os.replace(folder, os.path.join(retired, folder.name))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    _delete_detached(Path(retired))


def _retired_beside(output: Path) -> str:
    """A new ".old-" folder beside ``output`` for what is to be deleted detached (the
    "nothing changed" check passes over the name, vnportal/build/up_to_date.py)."""
    return tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent)


def _delete_detached(folder: Path) -> None:
    subprocess.Popen(
        ["rm", "-rf", "--", str(folder)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


SEARCH = "search"  # the search index's files, which no language run makes
# Sitemaps, robots.txt, icons, manifest, hashed CSS and JS: no language run makes them.
SITEMAPS = "sitemaps"
PHOTOS = "photos"  # photos of content/images/, their sizes, and share cards (vnportal/site/)


def _language_of() -> Callable[[str], str]:
    """Which run made a file: a language's, the search index or the sitemaps (vnportal/site/).

    The modules that tell are loaded here, once the languages are built: they bring
    Pillow and the index's modules, which the build process need not hold while
    its workers run (vnportal/build/launch.py).
    """
    from ..site.photos import is_photo_file
    from ..site.share_images import is_share_card
    from ..site.sitemap import is_sitemap_file

    def language_of(relpath: str) -> str:
        if relpath.startswith(SEARCH_FOLDER + "/"):
            return SEARCH
        if is_sitemap_file(relpath) or is_icon_file(relpath) or is_hashed_asset(relpath):
            return SITEMAPS
        if is_photo_file(relpath) or is_share_card(relpath):
            return PHOTOS
        others = (lang for lang in LANGUAGES[1:] if relpath.startswith(url_prefix(lang)))
        return next(others, LANGUAGES[0])

    return language_of


def _search_or_none(relpath: str) -> str | None:
    """What _language_of() says of a file when only SEARCH matters."""
    return SEARCH if relpath.startswith(SEARCH_FOLDER + "/") else None


def remove_all_empty_folders(root: Path) -> None:
    """After a failed in-place build: a built site has no empty folder, so any is new."""
    for folder, _, names in os.walk(root, topdown=False):
        if folder != str(root) and not names and not os.listdir(folder):
            os.rmdir(folder)


def _remove_empty_folders(folders: set[str], root: Path) -> None:
    """Remove these folders and their parents up to ``root`` while they are empty."""
    top = str(root)
    for folder in sorted(folders, key=len, reverse=True):
        while folder.startswith(top + os.sep):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or already gone with a deeper one)
                break
            folder = os.path.dirname(folder)


# --- one build at a time ------------------------------------------------------------------

LEFTOVERS = ("building", "backup", "old")  # folders a build makes beside output/


class BuildLock:
    """An exclusive lock on ``output`` for one build: a second build waits for the first.

    The operating system releases it when the process ends, however it ends, so
    a killed build never leaves it held. Holding it proves that no other build of
    this output is running: folders a build makes beside output/ that are still
    there then belong to a build that was killed, and are removed.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = output.parent / f".{output.name}.lock"
        self._file = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held until exit)
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.seek(0)
            holder = self._file.read().strip() or "another process"
            print(
                f"Another build of {self.output} is running ({holder}); waiting for it to end…",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(self._file, fcntl.LOCK_EX)
        self._file.seek(0)
        self._file.truncate()
        self._file.write(f"process {os.getpid()}")
        self._file.flush()

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # releases the lock
            self._file = None

    def tidy(self) -> list[str]:
        """Finish an interrupted update, then remove what killed builds left; say what."""
        return _tidy(self.output)


def _tidy(output: Path) -> list[str]:
    """With the lock held: recover ``output``, then remove what killed builds left there."""
    said = [done] if (done := recover(output)) else []
    killed = False
    for kind in LEFTOVERS:
        for folder in output.parent.glob(f".{output.name}.{kind}-*"):
            killed = killed or kind == "building"
            shutil.rmtree(folder, ignore_errors=True)
    if killed and output.is_dir():
        # Pelican makes a new page's folder where the site is while it builds; a killed
        # build leaves those folders empty, and a built site has no empty folder.
        remove_all_empty_folders(output)
    return said


@contextlib.contextmanager
def tidy_output(output: Path) -> Iterator[list[str]]:
    """For the commands that only read output/ (serve, check): recover it if no build runs."""
    lock = BuildLock(output)
    if not output.parent.is_dir():
        yield []
        return
    with open(lock.path, "a+", encoding="utf-8") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield []  # a build is running: it tidies up itself
            return
        yield _tidy(output)


def stage_changed(
    made: dict[str, bytes], output: Path, staging: Path, trusted: bool
) -> dict[str, str]:
    """Files made whole by a build step (sitemaps, icons...) into the staging folder,
    each only when it differs from output/'s; every one's name, for update_in_place."""
    for relpath, data in made.items():
        previous = output / relpath
        if trusted and previous.is_file() and previous.read_bytes() == data:
            continue  # left untouched, like an unchanged page
        (staging / relpath).write_bytes(data)
    return dict.fromkeys(made, "")
