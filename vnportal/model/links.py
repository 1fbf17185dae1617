"""``{static}`` and ``{filename}`` links in a story body: each must name a file in content/.

``{filename}`` is for stories and pages (``.md`` files, linked at their address),
``{static}`` for images and other files (copied as they are). The checker and
the build's reader both apply this rule, so they never disagree.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from .errors import ContentError
from .sources import SourcePath, inside_content

_INTERNAL_LINK = re.compile(r"\{(static|filename|attach)\}([^\s)\"'>]+)")


def check_internal_links(
    body: str, first_line: int, path: Path, content: Path
) -> list[tuple[int, SourcePath]]:
    """Every ``{static}``/``{filename}`` target exists and is of its kind, or the build stops
    here; returns the stories linked with ``{filename}``, with their lines."""
    stories = []
    for match in _INTERNAL_LINK.finditer(body):
        kind, written = match[1], match[0]
        line = first_line + body.count("\n", 0, match.start())
        target = match[2].split("#")[0].split("?")[0]
        if not target:
            continue
        file = linked_file(target, path, content)
        if file is None:
            raise ContentError(
                path,
                f"the link '{written}' points outside content/",
                "link only to stories and images inside content/",
                line,
            )
        if not os.path.isfile(file):
            raise ContentError(
                path,
                f"the link '{written}' points to a file that does not exist",
                "check the spelling; paths starting with '/' are relative to content/, "
                "e.g. {static}/images/2024/07/anh.jpg",
                line,
            )
        is_story = file.endswith(".md")
        if kind != "filename" and is_story:
            raise ContentError(
                path,
                f"the link '{written}' names a story with {{{kind}}}, which would be "
                "published as this text",
                f"link stories with {{filename}}: {written.replace(f'{{{kind}}}', '{filename}')}",
                line,
            )
        if kind == "filename" and not is_story:
            raise ContentError(
                path,
                f"the link '{written}' names a file that is not a story with {{filename}}",
                f"link images and other files with {{static}}: "
                f"{written.replace('{filename}', '{static}')}",
                line,
            )
        if kind == "filename":
            # A .md file outside the language folders is no story: the index says so.
            with contextlib.suppress(ValueError):
                stories.append((line, SourcePath.of(file, os.path.normpath(content))))
    return stories


def linked_file(target: str, path: Path, content: Path) -> str | None:
    """The file a ``{static}``/``{filename}`` target names from the story at ``path``
    (``/`` from content/, otherwise from the story's folder), or None outside content/."""
    base = content if target.startswith("/") else path.parent
    return inside_content(content, base, target.lstrip("/"))
