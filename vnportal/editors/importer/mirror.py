"""A saved copy of a whole old site (as ``wget --mirror`` leaves it): its pages.

``site_pages`` lists the files of a folder that are web pages, in a stable
order: ``.html``/``.htm``/``.php``/``.asp(x)``… and files without a suffix
that start like HTML (``wget`` saves ``index.php?id=3`` as it is). Photos,
styles and scripts are counted, not listed. Folders of a page saved
"complete" (``Trang_files/``) and hidden folders are left out.

``SavedSite`` knows the site's root and address: ``wget --mirror`` writes the
pages under a folder named after the host (``stp.example.gov.vn/``), so a
page's old address is that host and its path, and ``/uploads/a.jpg`` is the
file ``<root>/uploads/a.jpg``. Whether a page is a story (not a listing, a tag
page or a contact page) is for the HTML reader to say (``require_article``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cfm")
_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$", re.I)


@dataclass(frozen=True)
class SavedSite:
    """The folder of a saved site: where its root is, and its address if known."""

    folder: Path
    root: Path
    host: str = ""

    @classmethod
    def of(cls, folder: Path) -> SavedSite:
        if _HOST.match(folder.resolve().name):
            return cls(folder, folder, folder.resolve().name)
        subfolders = [
            entry
            for entry in sorted(folder.iterdir())
            if entry.is_dir() and _HOST.match(entry.name)
        ]
        if len(subfolders) == 1:
            return cls(folder, subfolders[0], subfolders[0].name)
        return cls(folder, folder, "")

    def address(self, page: Path) -> str:
        """The page's old address, 'https://<host>/<path>', or '' when the host is unknown."""
        if not self.host:
            return ""
        try:
            relative = page.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return ""
        if relative.endswith("index.html"):
            relative = relative[: -len("index.html")]
        return f"https://{self.host}/{quote(relative, safe='/?=&%.-_~')}"


def _looks_like_page(path: Path) -> bool:
    if path.suffix.lower() in PAGE_SUFFIXES:
        return True
    if "." in path.name and "?" not in path.name:
        return False
    try:
        with path.open("rb") as file:
            head = file.read(512).lstrip().lower()
    except OSError:
        return False
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml"))


def site_pages(folder: Path) -> tuple[list[Path], int]:
    """(the saved site's pages in a stable order, how many other files there are)."""
    pages: list[Path] = []
    others = 0
    for current, folders, files in os.walk(folder):
        base = Path(current)
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and not _saved_page_folder(base, name)
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = base / name
            if _looks_like_page(path):
                pages.append(path)
            else:
                others += 1
    return pages, others


def _saved_page_folder(base: Path, name: str) -> bool:
    """'Trang_files' beside 'Trang.html': the photos of a page saved complete."""
    if not name.endswith(("_files", "-Dateien", "_fichiers")):
        return False
    stem = name.rsplit("_", 1)[0] if name.endswith(("_files", "_fichiers")) else name[:-8]
    return any((base / f"{stem}{suffix}").exists() for suffix in (".html", ".htm"))
