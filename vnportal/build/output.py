"""The end of a build: its staging folder becomes output/, or updates it in place.

A first build (or one after output/ was changed by hand) swaps the staging
folder in whole; a later build's staging folder holds only the pages that
changed, which are moved into output/, and the pages no longer made are
removed. Nothing here runs unless every language built.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..model.sources import LANGUAGES, FileStat, url_prefix, walk_files


def update_in_place(
    output: Path,
    staging: Path,
    files: list[FileStat],
    keys: dict[str, tuple[dict[str, str], int]],
) -> list[FileStat]:
    """Bring ``output`` up to date with the languages just built; return its new file list.

    ``staging`` holds only what was made this time: pages and feeds whose key
    changed, and the copied images and theme files. Unchanged pages stay where
    they are. Files of the languages that ran which the build no longer makes
    (a deleted story, a tag nobody uses any more) are removed. Nothing here
    runs unless every language built: a failed build leaves output/ untouched.
    """
    root, made = str(output) + os.sep, str(staging) + os.sep
    new = [path[len(made) :] for path, _, _ in walk_files(staging)]
    replaced = set(new)
    wanted = replaced.union(*(pages for pages, _ in keys.values()))
    kept, emptied = [], set()
    for entry in files:
        relpath = entry[0][len(root) :]
        if _language_of(relpath) in keys and relpath not in wanted:
            os.unlink(entry[0])
            emptied.add(os.path.dirname(entry[0]))
        elif relpath not in replaced:
            kept.append(entry)
    _remove_empty_folders(emptied, output)
    for relpath in new:
        target = root + relpath
        try:
            os.replace(made + relpath, target)
        except FileNotFoundError:  # a new folder: a new story, tag or page
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(made + relpath, target)
        stat = os.stat(target)
        kept.append((target, stat.st_size, stat.st_mtime_ns))
    return sorted(kept)


def _language_of(relpath: str) -> str:
    others = (lang for lang in LANGUAGES[1:] if relpath.startswith(url_prefix(lang)))
    return next(others, LANGUAGES[0])


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


def replace_output(output: Path, staging: Path) -> None:
    """Swap the staging folder in; the old output is deleted by a detached process.

    Removing tens of thousands of files takes seconds on a large archive, and
    nothing needs to wait for it: the old folder is already out of the way.
    """
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    output.rename(retired / output.name)
    staging.rename(output)
    subprocess.Popen(
        ["rm", "-rf", "--", str(retired)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
