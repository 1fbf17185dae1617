"""``{static}`` and ``{filename}`` links in a story body: each must name a file in content/.

The checker and the build's reader both apply this rule, so they never disagree.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ContentError
from .sources import inside_content

_INTERNAL_LINK = re.compile(r"\{(static|filename|attach)\}([^\s)\"'>]+)")


def check_internal_links(body: str, first_line: int, path: Path, content: Path) -> None:
    """Every ``{static}``/``{filename}`` target exists, or the build stops here."""
    for match in _INTERNAL_LINK.finditer(body):
        target = match[2].split("#")[0].split("?")[0]
        base = content if target.startswith("/") else path.parent
        file = inside_content(content, base, target.lstrip("/"))
        if target and file is None:
            raise ContentError(
                path,
                f"the link '{match[0]}' points outside content/",
                "link only to stories and images inside content/",
                first_line + body.count("\n", 0, match.start()),
            )
        if target and not os.path.isfile(file):
            raise ContentError(
                path,
                f"the link '{match[0]}' points to a file that does not exist",
                "check the spelling; paths starting with '/' are relative to content/, "
                "e.g. {static}/images/2024/07/anh.jpg",
                first_line + body.count("\n", 0, match.start()),
            )
