"""Every Markdown file becomes a page or a draft, or the build stops.

Pelican logs a file it cannot read and carries on; this check compares what
the generators hold with what the index found, so nothing vanishes silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.errors import BuildError
from ..model.index import SiteIndex

# Every list in which Pelican's generators keep the stories and pages they read.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "hidden_translations",
    "draft_translations",
)


def account_for_every_file(generators: list[Any]) -> None:
    settings = generators[0].settings
    index: SiteIndex = settings["PORTAL_INDEX"]
    lang: str = settings["PORTAL_LANG"]
    root = Path(settings["PATH"]) / lang
    built = {
        Path(item.source_path).relative_to(root).as_posix()
        for generator in generators
        for name in CONTENT_LISTS
        for item in getattr(generator, name, [])
    }
    expected = {entry.relpath for entry in index.in_language(lang)}
    lost = sorted(expected - built)
    if lost:
        raise BuildError(
            [
                f"content/{lang}/{relpath}: was not turned into a page — "
                "see the messages above for why, fix the file and build again"
                for relpath in lost
            ]
        )
