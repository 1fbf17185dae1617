"""Every Markdown file becomes a page or a draft, or the build stops.

Pelican logs a file it cannot read and carries on; this check compares what
the generators hold with what the index found, so nothing vanishes silently.
"""

from __future__ import annotations

from typing import Any

from ..model.errors import BuildError
from ..model.sources import SourcePath
from .pelican_patches import CONTENT_LISTS
from .run import language_run


def account_for_every_file(generators: list[Any]) -> None:
    settings = generators[0].settings
    run = language_run(settings)
    lang = run.lang
    built = {
        SourcePath.of(item.source_path, settings["PATH"]).relpath
        for generator in generators
        for name in CONTENT_LISTS
        for item in getattr(generator, name, [])
    }
    expected = {entry.relpath for entry in run.index.in_language(lang)}
    lost = sorted(expected - built)
    if lost:
        raise BuildError(
            [
                f"content/{lang}/{relpath}: was not turned into a page — "
                "see the messages above for why, fix the file and build again"
                for relpath in lost
            ]
        )
