"""What a build says it did: the command line prints it, tests and benchmarks read it."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.sources import LANGUAGES

if TYPE_CHECKING:
    from ..site.precompress import PrecompressReport


@dataclass
class BuildReport:
    output: Path
    stories: dict[str, int]  # published stories per language
    drafts: list[str]  # files held back with status: draft, built under drafts/
    waiting: list[tuple[str, datetime]]  # stories dated later than the build, held back till then
    files: int
    seconds: float
    rendered: int = 0  # pages and feeds made this time
    reused: int = 0  # unchanged pages and feeds taken from the previous build
    up_to_date: bool = False  # nothing changed: output/ was left as it was
    search_parts: int = 0  # parts of the search index made again
    search_seconds: float = 0.0  # the time that took
    published: bool = False  # a publishing build (publishconf.py): drafts not written
    compressed: PrecompressReport | None = None  # text files given .gz and .br forms


def report_of(
    summary: dict[str, Any], output: Path, files: int, started: float, **counts: Any
) -> BuildReport:
    """The report of a build, from the summary of its index (kept in the stamp)."""
    return BuildReport(
        output=output,
        stories={lang: summary["stories"][lang] for lang in LANGUAGES},
        drafts=summary["drafts"],
        waiting=[
            (source, datetime.fromisoformat(when)) for source, when in summary.get("waiting", [])
        ],
        files=files,
        seconds=time.perf_counter() - started,
        **counts,
    )


def print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)
