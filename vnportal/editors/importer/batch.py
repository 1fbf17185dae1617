"""Import files: read each one, write its story, report what was done.

``parse_file`` reads one file with the reader for its kind (saved HTML or
copied text); ``import_files`` places the stories under
``content/vi/<yyyy>/<mm>/`` and ``format_report`` says, per file, what was
found and what is left to do. Nothing is ever overwritten, and importing the
same input twice changes nothing.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ...model.errors import ContentError
from ...model.frontmatter import decode, looks_binary, split
from ...model.sources import LANGUAGES, markdown_files
from ...model.vietnamese import canonical_key, nfc
from .html import parse_html
from .story import ImportedStory, render_story, story_slug
from .text import parse_text
from .text_rules import counted

if TYPE_CHECKING:
    from rich.console import Console

PROGRESS_THRESHOLD = 3  # more files than this, on a terminal: show a progress bar
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


# ---------------------------------------------------------------- reading files


def read_input(path: Path) -> str:
    """The file's text in NFC, or a ContentError an editor can act on."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ContentError(
            path, "the file is empty", "copy the article into it: date line, title, text"
        )
    if looks_binary(raw):
        raise ContentError(
            path,
            "the file is not text (it holds binary data)",
            "import the article's copied text (.txt) or its saved page (.html)",
        )
    try:
        return decode(raw, path)
    except ContentError as error:
        declared = _declared_charset(raw) if path.suffix.lower() in HTML_SUFFIXES else None
        try:
            # A saved page that names its encoding is read the way browsers read it.
            text = raw.decode(declared or "utf-8")
        except UnicodeDecodeError:
            raise error from None
        return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _declared_charset(raw: bytes) -> str | None:
    match = re.search(rb"""<meta[^>]+charset=["']?([\w.:-]+)""", raw[:4096], re.IGNORECASE)
    if not match:
        return None
    try:
        return codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html", "<article", "<body", "<head"))


def parse_file(
    path: Path, tag_keywords: Mapping[str, Sequence[str]] | None = None
) -> ImportedStory:
    """An ImportedStory from a copied-text or saved-HTML file."""
    text = read_input(path)
    if looks_like_html(path, text):
        return parse_html(text, str(path), tag_keywords)
    return parse_text(text, str(path), tag_keywords)


# ---------------------------------------------------------------- importing files

IMPORTED, UNCHANGED, SKIPPED, FAILED = "imported", "unchanged", "skipped", "failed"


@dataclass
class FileReport:
    """What happened to one input file."""

    source: Path
    status: str
    target: Path | None = None
    message: str = ""  # for a failure: 'file:line: what is wrong — how to fix it'
    problem: str = ""  # the same without the file name, as the report shows it
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (IMPORTED, UNCHANGED)


class _Existing:
    """Stories already in content/vi, by title and day, to catch a second copy."""

    def __init__(self, content_dir: Path) -> None:
        self._by_key: dict[tuple[str, date], Path] = {}
        for path in markdown_files(content_dir / LANGUAGES[0]):
            self._add_file(path)

    def _add_file(self, path: Path) -> None:
        try:
            fields = split(decode(path.read_bytes(), path), path).fields
            day = date.fromisoformat(str(fields["date"]).strip()[:10])
        except (ContentError, KeyError, ValueError, OSError):
            return  # a broken or undated file is the build's business, not ours
        self._by_key.setdefault((canonical_key(str(fields.get("title", ""))), day), path)

    def find(self, story: ImportedStory) -> Path | None:
        return self._by_key.get((canonical_key(story.title), story.date.date()))

    def add(self, story: ImportedStory, path: Path) -> None:
        self._by_key.setdefault((canonical_key(story.title), story.date.date()), path)


def import_files(
    paths: Sequence[Path],
    content_dir: Path,
    *,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    progress: bool | None = None,
    console: Console | None = None,
) -> list[FileReport]:
    """Import every file; one report each, in order. Never overwrites a file.

    ``progress`` None shows a progress bar on a terminal when there are more
    than PROGRESS_THRESHOLD files; ``console`` (a rich Console) is where it goes.
    """
    existing = _Existing(content_dir)
    return [
        import_file(path, content_dir, existing, tag_keywords)
        for path in _with_progress(paths, progress, console)
    ]


def import_file(
    path: Path,
    content_dir: Path,
    existing: _Existing,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
) -> FileReport:
    try:
        story = parse_file(path, tag_keywords)
    except ContentError as error:
        return FileReport(path, FAILED, message=str(error), problem=_problem(error))
    except OSError as error:
        problem = f"cannot be read ({error.strerror})"
        return FileReport(path, FAILED, message=f"{path}: {problem}", problem=problem)
    report = FileReport(
        path, FAILED, found=story.found, missing=story.missing, cleaned=story.cleaned
    )
    text = render_story(story)
    target, same = _target(story, text, content_dir)
    report.target = target
    if same:
        report.status, report.message = UNCHANGED, "already imported, unchanged"
    elif (earlier := existing.find(story)) is not None:
        report.status, report.target = SKIPPED, earlier
        report.message = "a story with the same title and date is already there; nothing written"
    else:
        _write_new(target, text)
        existing.add(story, target)
        report.status = IMPORTED
    return report


def _problem(error: ContentError) -> str:
    where = f" (line {error.line})" if error.line else ""
    return f"{error.problem}{where} — {error.fix}"


def _target(story: ImportedStory, text: str, content_dir: Path) -> tuple[Path, bool]:
    """The file for the story, and whether it already holds exactly this text.

    A file of that name holding another story is left alone: the next free
    name (``-2``, ``-3`` …) is used, and found again on the next run.
    """
    folder = content_dir / "vi" / f"{story.date:%Y}" / f"{story.date:%m}"
    slug = story_slug(story.title)
    for number in range(1, 100):
        candidate = folder / (f"{slug}.md" if number == 1 else f"{slug}-{number}.md")
        if not candidate.exists():
            return candidate, False
        if candidate.read_bytes() == text.encode("utf-8"):
            return candidate, True
    raise ContentError(folder, f"too many files named {slug}-N.md", "tidy up the folder")


def _write_new(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # 'x': fail rather than overwrite, even if the file appeared meanwhile.
    with target.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)


def _with_progress(
    paths: Sequence[Path], progress: bool | None, console: Console | None
) -> Iterator[Path]:
    if progress is None:
        terminal = console.is_terminal if console is not None else sys.stderr.isatty()
        progress = len(paths) > PROGRESS_THRESHOLD and terminal
    if not progress:
        yield from paths
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        paths,
        description="Importing",
        total=len(paths),
        console=console or Console(stderr=True),
        transient=True,
    )


# ---------------------------------------------------------------- the report


def _shown(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def format_report(reports: Iterable[FileReport]) -> str:
    """Per file: what happened, what was found, what is left to do; then totals."""
    reports = list(reports)
    lines = []
    for report in reports:
        lines.extend(_report_lines(report))
    totals = {status: 0 for status in (IMPORTED, UNCHANGED, SKIPPED, FAILED)}
    for report in reports:
        totals[report.status] += 1
    summary = ", ".join(f"{count} {status}" for status, count in totals.items() if count)
    lines.append(f"{counted(len(reports), 'file', 'files')}: {summary or 'nothing to do'}")
    return "\n".join(lines)


def _report_lines(report: FileReport) -> list[str]:
    if report.status == FAILED:
        return [f"{_shown(report.source)}: failed", f"  {report.problem}"]
    head = f"{_shown(report.source)} → {_shown(report.target)}: {report.status}"
    if report.message:
        head += f" ({report.message})"
    lines = [head]
    if report.status in (UNCHANGED, SKIPPED):
        return lines
    lines.append("  found: " + " · ".join(report.found))
    if report.missing:
        lines.append("  not recovered: " + " · ".join(report.missing))
    if report.cleaned:
        lines.append("  cleaned: " + " · ".join(report.cleaned))
    return lines
