"""The files attached to documents: each is checked at every build, where it is named.

Not cached with the document's own checks: a file can be replaced while the
document that names it stays the same. Reading the first bytes (and a ZIP's
list of members) is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model.attachments import DEFAULT_MAX_BYTES, content_matches, kind_of, what_it_is
from .one_file import FileCheck
from .report import ERROR, WARNING, Problem

SETTING = "PORTAL_ATTACHMENT_MAX_BYTES"


def attachment_problems(
    files: Iterable[FileCheck], content: Path, settings: dict[str, Any]
) -> list[Problem]:
    """A file whose content is not what its ending says (error), or a heavy one (warning)."""
    limit = int(settings.get(SETTING, DEFAULT_MAX_BYTES))
    problems = []
    for file in files:
        document = file.story.document if file.story is not None else None
        for attachment in document.files if document else ():
            path = content / attachment.path
            kind = kind_of(attachment.path)
            if kind is None or not path.is_file():
                continue  # the index says so
            data = path.read_bytes()
            if not content_matches(attachment.path, data):
                problems.append(
                    Problem(
                        file.shown,
                        attachment.line,
                        ERROR,
                        f"the attachment '{attachment.path}' is not {kind.description}: "
                        f"its content is {what_it_is(data)}",
                        "save the document again in the format its name ends with, "
                        "or give the file the ending of its real format",
                    )
                )
            if len(data) > limit:
                problems.append(
                    Problem(
                        file.shown,
                        attachment.line,
                        WARNING,
                        f"the attachment '{attachment.path}' is {_megabytes(len(data))}, more "
                        f"than the {_megabytes(limit)} an attachment should be",
                        "readers on phones download it: save a smaller PDF (reduce the scan's "
                        f"resolution), or raise {SETTING} in pelicanconf.py",
                    )
                )
    return problems


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
