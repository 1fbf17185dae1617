"""The records a build leaves for the next one, and its report."""

from __future__ import annotations

from typing import Any

from ..site.precompress import PrecompressReport
from ..site.search_index import SearchIndexReport
from .body_edit import Record
from .inputs import BuildInputs
from .report import BuildReport, report_of


def ended(
    inputs: BuildInputs,
    record: Record,
    stamp: dict[str, Any],
    page_keys: dict[str, dict[str, str]],
    search: SearchIndexReport,
    rendered: int,
    reused: int,
    compressed: PrecompressReport | None = None,
) -> BuildReport:
    """The records of a build that ended well, the stamp last; its report."""
    write_records(inputs, record, stamp, page_keys)
    inputs.keep_record(stamp)
    return report_of(
        stamp["index"],
        inputs.output,
        stamp["files"],
        inputs.started,
        rendered=rendered,
        reused=reused,
        search_parts=len(search.made),
        search_seconds=search.seconds,
        published=bool(inputs.settings.get("PORTAL_PUBLISH")),
        compressed=compressed,
    )


def write_records(
    inputs: BuildInputs,
    record: Record,
    stamp: dict[str, Any],
    page_keys: dict[str, dict[str, str]],
) -> None:
    """What the next build trusts (without the quick "nothing changed" record).

    ``record``: what this build read, with the signature of the output it left."""
    output, cache = inputs.output, inputs.cache
    record.save(cache.files_path(output))
    cache.save(output, stamp, page_keys)
