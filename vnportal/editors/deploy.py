"""Putting a published site online: `invoke deploy --rsync` and `invoke gh-pages`.

``rsync`` copies only what changed: an incremental build leaves unchanged files
with their time (vnportal/build/output.py), and rsync compares size and time.
Files the build no longer makes are deleted on the server too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

# Folders of a server whose contents must never be replaced by the site (--delete).
_SYSTEM_FOLDERS = {"/", "/bin", "/boot", "/etc", "/home", "/lib", "/opt", "/root", "/srv"}
_SYSTEM_FOLDERS |= {"/tmp", "/usr", "/var", "/var/www", "/var/lib"}
_REMOTE = re.compile(r"^(?:(?P<user>[\w.-]+)@)?(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):(?P<path>.*)$")
EXAMPLE = "deploy@pbgdpl.tiengiang.gov.vn:/var/www/pbgdpl"


class DeployError(Exception):
    """A deployment that cannot go ahead; the message says what to do."""


def rsync_target(target: str) -> str:
    """``target`` if it names a site folder (``user@host:/path`` or a local ``/path``)."""
    text = target.strip()
    match = _REMOTE.match(text)
    path = match["path"] if match else text
    if not text or (match is None and not text.startswith("/")):
        raise DeployError(f"--rsync '{target}' is not a place to copy to: write it as {EXAMPLE}")
    if not path.startswith("/"):
        raise DeployError(
            f"--rsync '{target}': give the folder's full path, starting with /: {EXAMPLE}"
        )
    folder = "/" + path.strip("/")
    if folder in _SYSTEM_FOLDERS or ".." in folder.split("/"):
        raise DeployError(
            f"--rsync '{target}': {folder} is not a site's own folder, and everything in it "
            f"that is not part of the site would be deleted — name the site's folder: {EXAMPLE}"
        )
    return text.rstrip("/") + "/"


def rsync_command(output: Path, target: str) -> list[str]:
    """Copy the contents of ``output`` to ``target``: changed files only, removed ones deleted.

    Times are kept (so the next run compares them), owners and permissions are
    not: the files get the server's usual 755/644 whoever built them.
    """
    return [
        "rsync",
        "--recursive",
        "--links",
        "--times",
        "--delete-after",  # the old files stay servable until the new ones are there
        "--chmod=D755,F644",
        "--itemize-changes",
        f"{output}/",
        rsync_target(target),
    ]


def gh_pages_command(output: Path, siteurl: str, *, push: bool = True) -> list[str]:
    """ghp-import of ``output`` to the gh-pages branch, with the custom domain's CNAME.

    ``-n`` adds .nojekyll: GitHub's Jekyll would hide files and folders whose
    names start with an underscore.
    """
    host = urlsplit(siteurl).hostname or ""
    command = [sys.executable, "-m", "ghp_import", "-n", "-f", "-c", host]
    command += ["-m", "Publish the portal"]
    if push:
        command.append("-p")
    return [*command, str(output)]


def run(command: list[str]) -> int:
    """Run a deployment command, saying what it is; its exit code."""
    if shutil.which(command[0]) is None and command[0] != sys.executable:
        print(
            f"{command[0]} is not installed — install it (Debian: apt-get install {command[0]})",
            file=sys.stderr,
        )
        return 1
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, check=False).returncode
