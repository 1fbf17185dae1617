"""Import files, folders, feeds and exports: read each, write its story, report.

What each input is:

* a ``.txt`` file: an article's copied text (``text``);
* an ``.html``/``.htm`` file: a saved page (``html``), with its photos when it
  was saved "complete" (the ``_files`` folder beside it);
* a folder: a saved copy of a whole old site (``mirror``); every page that is
  a story is imported, every other page is skipped, saying why;
* an ``.xml``/``.rss``/``.atom`` file: an RSS/Atom feed or a WordPress export
  (``feeds``), each item a story.

``Overrides`` (``--date``, ``--author``, ``--category``, ``--tags``,
``--source``) give what a copy lacks and win over what was found. Photos
found on disk are copied into ``content/images/<yyyy>/<mm>/`` (``photos``).

Stories go under ``content/vi/<yyyy>/<mm>/``. Nothing is ever overwritten:
the same input imported again changes nothing (its file is found with the
same text, or the story is recognised by its title, day and lead or old
address), and another article with the same title on the same day gets the
next free name. A failure is one line naming the input and what to do, and
the batch goes on. ``format_report`` prints a line per input, a summary
table and the totals; ``write_csv`` the same for the editor's spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ...model.errors import ContentError
from ...model.frontmatter import decode, looks_binary, split
from ...model.sources import LANGUAGES, markdown_files
from ...model.vietnamese import canonical_key, nfc, search_fold
from .dates import DateLine, NoDateError, parse_date_line, parse_machine_date, shown
from .feeds import Item, looks_like_feed, read_feed, read_wxr
from .html import NotAnArticleError, parse_html
from .markup import plain_text
from .mirror import SavedSite, site_pages
from .people import read_byline
from .photos import PhotoFinder, copy_photos, place_photos
from .story import ImportedStory, render_story, story_slug, unescape
from .text import parse_text
from .text_rules import counted, report_lists, unrecovered

if TYPE_CHECKING:
    from rich.console import Console

PROGRESS_THRESHOLD = 3  # more inputs than this, on a terminal: show a progress bar
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".wxr")
# Inputs larger than these are refused before they are read: a saved article
# page is rarely above 2 MB, a copied text above 200 KB. The readers take time
# linear in the input, but a 36 MB "page" is a mistake, not an article.
PAGE_MAX_BYTES = 8 * 1024 * 1024
TEXT_MAX_BYTES = 2 * 1024 * 1024
FEED_MAX_BYTES = 64 * 1024 * 1024
EXPORT_MAX_BYTES = 1024 * 1024 * 1024  # read item by item
# The portal's limit for a story's Markdown (PORTAL_LIMITS body_bytes in the settings).
BODY_MAX_BYTES = 1_000_000
DATE_EXAMPLE = "--date 2024-07-11 or --date '2024-07-11 08:30'"

IMPORTED, UNCHANGED, SKIPPED, FAILED = "imported", "unchanged", "skipped", "failed"
STATUSES = (IMPORTED, UNCHANGED, SKIPPED, FAILED)


# ---------------------------------------------------------------- what the editor gives


@dataclass
class Overrides:
    """What the command line gives for every story of the batch; it wins over what was found."""

    date: DateLine | None = None
    authors: list[str] = field(default_factory=list)
    category: str = ""
    tags: list[str] = field(default_factory=list)
    source: str = ""

    @classmethod
    def parse(
        cls,
        *,
        date: str = "",
        author: str = "",
        category: str = "",
        tags: str = "",
        source: str = "",
    ) -> Overrides:
        """The options as typed; a ValueError says which one is wrong and how to write it."""
        overrides = cls(category=plain_text(category), source=plain_text(source))
        if date.strip():
            dated = parse_machine_date(date) or _date_line(date)
            if dated is None:
                raise ValueError(
                    f"--date '{date}' is not a date: write it as {DATE_EXAMPLE} "
                    "(or as the page shows it, '11/07/2024 11:17')"
                )
            overrides.date = dated
        if author.strip():
            byline = read_byline(author)
            overrides.authors = byline.names if byline and byline.names else [plain_text(author)]
        if tags.strip():
            separator = ";" if ";" in tags else ","
            overrides.tags = [plain_text(tag) for tag in tags.split(separator) if tag.strip()]
        return overrides


def _date_line(text: str) -> DateLine | None:
    try:
        return parse_date_line(text.strip(), "--date")
    except ContentError:
        return None


# ---------------------------------------------------------------- reading files


def read_input(path: Path, limit: int = PAGE_MAX_BYTES) -> str:
    """The file's text in NFC, or a ContentError an editor can act on."""
    size = path.stat().st_size
    if size > limit:
        raise ContentError(
            path,
            f"the file is {size / 1024 / 1024:.1f} MB, more than the importer reads "
            f"({limit / 1024 / 1024:.0f} MB)",
            "save only the article (its page as 'HTML only', or its copied text) and import that",
        )
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
        except (UnicodeDecodeError, LookupError):
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
    path: Path,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    given_date: DateLine | None = None,
) -> ImportedStory:
    """An ImportedStory from a copied-text or saved-HTML file."""
    limit = TEXT_MAX_BYTES if path.suffix.lower() == ".txt" else PAGE_MAX_BYTES
    text = read_input(path, limit)
    if looks_like_html(path, text):
        return parse_html(text, str(path), tag_keywords, given_date=given_date)
    return parse_text(text, str(path), tag_keywords, given_date=given_date)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Input:
    """One input to read: a file, a page of a saved site, or a feed/export."""

    path: Path
    kind: str  # 'file', 'page', 'feed', 'wxr'
    site: SavedSite | None = None


def _inputs(paths: Sequence[Path]) -> tuple[list[_Input], list[FileReport], list[str]]:
    """What to read, failures of paths that cannot be, and notes about folders."""
    inputs: list[_Input] = []
    failed: list[FileReport] = []
    notes: list[str] = []
    for path in paths:
        if path.is_dir():
            site = SavedSite.of(path)
            pages, others = site_pages(path)
            inputs += [_Input(page, "page", site) for page in pages]
            notes.append(
                f"{path}: {counted(len(pages), 'page', 'pages')} of a saved site"
                + (f" ({site.host})" if site.host else "")
                + (
                    f"; {counted(others, 'other file', 'other files')} (photos, styles …)"
                    if others
                    else ""
                )
            )
            if not pages:
                problem = "the folder holds no web pages (.html, .htm, .php …)"
                fix = "name the saved site's folder, or the files themselves"
                failed.append(
                    FileReport(
                        path,
                        FAILED,
                        message=f"{path}: {problem} — {fix}",
                        problem=f"{problem} — {fix}",
                    )
                )
        elif not path.exists():
            problem = "does not exist — check the name (a folder, or a .txt, .html or .xml file)"
            failed.append(FileReport(path, FAILED, message=f"{path}: {problem}", problem=problem))
        elif path.suffix.lower() in FEED_SUFFIXES or _sniff_feed(path):
            inputs.append(_Input(path, _sniff_feed(path) or "feed"))
        else:
            inputs.append(_Input(path, "file"))
    return inputs, failed, notes


def _sniff_feed(path: Path) -> str:
    if path.suffix.lower() in (".txt", *HTML_SUFFIXES):
        return ""
    try:
        with path.open("rb") as file:
            head = file.read(4000).decode("utf-8", "replace")
    except OSError:
        return ""
    return looks_like_feed(head)


# ---------------------------------------------------------------- reports


@dataclass
class FileReport:
    """What happened to one input (a file, a page, an item of a feed)."""

    source: Path
    status: str
    target: Path | None = None
    message: str = ""  # for a failure: 'file:line: what is wrong — how to fix it'
    problem: str = ""  # the same without the file name, as the report shows it
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    item: str = ""  # an item of a feed or export: '#3 Tiêu đề'
    details: dict[str, str] = field(default_factory=dict)  # for the CSV report
    lacks: list[str] = field(default_factory=list)  # short names of what was not recovered

    @property
    def ok(self) -> bool:
        return self.status != FAILED


# ---------------------------------------------------------------- stories already there


@dataclass(frozen=True)
class _Known:
    path: Path
    lead: str
    first: str
    url: str


_OLD_ADDRESS = re.compile(r"<!-- Địa chỉ cũ: (\S+) -->")


def _key(text: str) -> str:
    return canonical_key(re.sub(r"[^\w\s]", " ", text))[:300]


def _first_paragraph(body: str) -> str:
    for chunk in body.split("\n\n"):
        chunk = chunk.strip()
        if chunk and not chunk.startswith(("<!--", "!", "*", "#", ">", "|")):
            return unescape(chunk.replace("**", ""))
    return ""


class _Existing:
    """Stories already in content/vi, by title and day, to catch a second copy; categories."""

    def __init__(self, content_dir: Path) -> None:
        self._by_key: dict[tuple[str, date], list[_Known]] = {}
        self.categories: Counter[str] = Counter()
        for path in markdown_files(content_dir / LANGUAGES[0]):
            self._add_file(path)

    def _add_file(self, path: Path) -> None:
        try:
            matter = split(decode(path.read_bytes(), path), path)
            fields = matter.fields
            day = date.fromisoformat(str(fields["date"]).strip()[:10])
        except (ContentError, KeyError, ValueError, OSError):
            return  # a broken or undated file is the build's business, not ours
        if isinstance(fields.get("category"), str) and fields["category"].strip():
            self.categories[" ".join(fields["category"].split())] += 1
        address = _OLD_ADDRESS.search(matter.body)
        known = _Known(
            path,
            _key(str(fields.get("summary") or "")),
            _key(_first_paragraph(matter.body)),
            address[1] if address else "",
        )
        self._by_key.setdefault((canonical_key(str(fields.get("title", ""))), day), []).append(
            known
        )

    def find(self, story: ImportedStory) -> Path | None:
        """A story already there that is this one: same title and day, and the same
        lead, first paragraph or old address (another article may share a title)."""
        lead = _key(story.lead)
        first = _key(next((unescape(p.markdown.replace("**", "")) for p in story.paragraphs), ""))
        for known in self._by_key.get((canonical_key(story.title), story.date.date()), []):
            if story.url and known.url == story.url:
                return known.path
            if (lead and known.lead == lead) or (first and known.first == first):
                return known.path
            if not lead and not first and not known.lead and not known.first:
                return known.path
        return None

    def add(self, story: ImportedStory, path: Path) -> None:
        lead = _key(story.lead)
        first = _key(next((unescape(p.markdown.replace("**", "")) for p in story.paragraphs), ""))
        known = _Known(path, lead, first, story.url)
        self._by_key.setdefault((canonical_key(story.title), story.date.date()), []).append(known)
        if story.category:
            self.categories[story.category] += 1

    def category_for(self, section: str) -> tuple[str, bool]:
        """The portal's category that the old section names, else the section itself."""
        wanted = _squeeze(section)
        if not wanted:
            return "", False
        for category, _ in self.categories.most_common():
            have = _squeeze(category)
            if have == wanted:
                return category, True
        return section, False


def _squeeze(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", search_fold(text))


# ---------------------------------------------------------------- importing


def import_files(
    paths: Sequence[Path],
    content_dir: Path,
    *,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    overrides: Overrides | None = None,
    progress: bool | None = None,
    console: Console | None = None,
    body_limit: int = BODY_MAX_BYTES,
    notes: list[str] | None = None,
) -> list[FileReport]:
    """Import every input; one report each (a feed's items, a folder's pages), in order.

    ``progress`` None shows a progress bar on a terminal when there are more
    than PROGRESS_THRESHOLD inputs; ``console`` (a rich Console) is where it
    goes. ``notes`` receives a line per folder (how many pages it holds).
    """
    importer = _Importer(content_dir, tag_keywords or {}, overrides or Overrides(), body_limit)
    inputs, failed, folder_notes = _inputs(paths)
    if notes is not None:
        notes.extend(folder_notes)
    reports = list(failed)
    for one in _with_progress(inputs, progress, console):
        reports.extend(importer.run(one))
    return reports


class _Importer:
    def __init__(
        self,
        content_dir: Path,
        tag_keywords: Mapping[str, Sequence[str]],
        overrides: Overrides,
        body_limit: int,
    ) -> None:
        self.content_dir = content_dir
        self.tag_keywords = tag_keywords
        self.overrides = overrides
        self.body_limit = body_limit
        self.existing = _Existing(content_dir)

    def run(self, one: _Input) -> list[FileReport]:
        """The reports of one input; never raises (a failure is a report)."""
        try:
            if one.kind in ("feed", "wxr"):
                return list(self._items(one))
            return [self._page(one)]
        except NotAnArticleError as error:
            return [_skipped(one.path, error.problem.removeprefix("not a story: "))]
        except NoDateError as error:
            return [_failed(one.path, error, date_missing=True)]
        except ContentError as error:
            return [_failed(one.path, error)]
        except OSError as error:
            problem = f"cannot be read ({error.strerror or error})"
            return [FileReport(one.path, FAILED, message=f"{one.path}: {problem}", problem=problem)]
        except (RecursionError, MemoryError) as error:
            return [_broken(one.path, error)]
        except Exception as error:
            return [_broken(one.path, error)]

    def _page(self, one: _Input) -> FileReport:
        path = one.path
        if one.kind == "page":
            text = read_input(path, PAGE_MAX_BYTES)
            assert one.site is not None
            story = parse_html(
                text,
                str(path),
                self.tag_keywords,
                given_date=self.overrides.date,
                require_article=True,
                page_url=one.site.address(path),
            )
            finder = PhotoFinder.beside(path, one.site.root, one.site.host)
        else:
            story = parse_file(path, self.tag_keywords, self.overrides.date)
            finder = PhotoFinder.beside(path)
        return self.write(story, path, finder)

    def _items(self, one: _Input) -> Iterator[FileReport]:
        path = one.path
        if one.kind == "wxr":
            size = path.stat().st_size
            if size > EXPORT_MAX_BYTES:
                read_input(path, EXPORT_MAX_BYTES)  # raises the size message
            items: Iterable[Item] = read_wxr(
                path, str(path), self.tag_keywords, self.overrides.date
            )
        else:
            size = path.stat().st_size
            if size > FEED_MAX_BYTES:
                read_input(path, FEED_MAX_BYTES)
            items = read_feed(path.read_bytes(), str(path), self.tag_keywords, self.overrides.date)
        finder = PhotoFinder.beside(path, path.parent)
        for item in items:
            if item.story is not None:
                try:
                    report = self.write(item.story, path, finder)
                except (ContentError, OSError) as error:
                    report = (
                        _failed(path, error)
                        if isinstance(error, ContentError)
                        else FileReport(path, FAILED, problem=f"cannot be written ({error})")
                    )
            elif item.skipped:
                report = _skipped(path, item.skipped)
            else:
                assert item.error is not None
                report = _failed(path, item.error, isinstance(item.error, NoDateError))
            report.item = item.label
            yield report

    def write(self, story: ImportedStory, source: Path, finder: PhotoFinder | None) -> FileReport:
        self._apply_overrides(story)
        copies = place_photos(story, finder, self.content_dir)
        report_lists(story)
        report = FileReport(
            source, FAILED, found=story.found, missing=story.missing, cleaned=story.cleaned
        )
        report.details = _details(story)
        report.lacks = [name for name, _ in unrecovered(story)]
        text = render_story(story)
        size = len(text.encode("utf-8"))
        if size > self.body_limit:
            report.problem = (
                f"the story would be {size:,} bytes, more than a story may hold "
                f"({self.body_limit:,}) — split the article and import its parts"
            )
            report.message = f"{source}: {report.problem}"
            return report
        target, same = _target(story, text, self.content_dir)
        report.target = target
        if same:
            report.status, report.message = UNCHANGED, "already imported, unchanged"
        elif (earlier := self.existing.find(story)) is not None:
            report.status, report.target = SKIPPED, earlier
            report.message = (
                "a story with the same title and date is already there; nothing written"
            )
        else:
            copied = copy_photos(copies, self.content_dir)
            _write_new(target, text)
            self.existing.add(story, target)
            report.status = IMPORTED
            if copied:
                report.details["photos copied"] = str(copied)
        report.details["story"] = str(report.target or "")
        return report

    def _apply_overrides(self, story: ImportedStory) -> None:
        given = self.overrides
        if given.date is not None:
            if abs((given.date.moment - story.date).total_seconds()) >= 60 or (
                given.date.has_time != story.has_time
            ):
                said = shown(DateLine(story.date, story.has_time))
                story.notes.append(f"dated {shown(given.date)} by --date (the input said {said})")
            story.date, story.has_time = given.date.moment, given.date.has_time
        if given.authors:
            story.authors = list(given.authors)
        if given.source:
            story.source = given.source
        if given.tags:
            story.tags = list(dict.fromkeys(given.tags))
        if given.category:
            story.category = given.category
        elif not story.category and story.section:
            story.category, known = self.existing.category_for(story.section)
            story.notes = [n for n in story.notes if not n.startswith("the old page's section")]
            if not known:
                story.notes.append(
                    f"category '{story.category}' is the old site's section: keep it or "
                    "choose one of the portal's (--category)"
                )


def _details(story: ImportedStory) -> dict[str, str]:
    photos = story.figures
    return {
        "title": story.title,
        "date": shown(DateLine(story.date, story.has_time)),
        "authors": "; ".join(story.authors),
        "source": story.source or "",
        "category": story.category or "",
        "old address": story.url,
        "photos": f"{len([p for p in photos if p.local])}/{len(photos)}",
    }


def _problem(error: ContentError) -> str:
    where = f" (line {error.line})" if error.line else ""
    return f"{error.problem}{where} — {error.fix}"


def _failed(path: Path, error: ContentError, date_missing: bool = False) -> FileReport:
    extra = f", or give the date: {DATE_EXAMPLE}" if date_missing else ""
    return FileReport(path, FAILED, message=f"{error}{extra}", problem=_problem(error) + extra)


def _skipped(path: Path, reason: str) -> FileReport:
    report = FileReport(path, SKIPPED, message=f"not a story: {reason}")
    report.details = {"kind": "not a story"}
    return report


def _broken(path: Path, error: BaseException) -> FileReport:
    kind = type(error).__name__
    detail = str(error).split("\n")[0][:120]
    problem = (
        f"the importer could not read it ({kind}{': ' + detail if detail else ''}) — "
        "import its copied text instead, and send the file to the portal's developers"
    )
    return FileReport(path, FAILED, message=f"{path}: {problem}", problem=problem)


def _target(story: ImportedStory, text: str, content_dir: Path) -> tuple[Path, bool]:
    """The file for the story, and whether it already holds exactly this text.

    A file of that name holding another story is left alone: the next free
    name (``-2``, ``-3`` …) is used, and found again on the next run.
    """
    folder = content_dir / "vi" / f"{story.date:%Y}" / f"{story.date:%m}"
    slug = story_slug(story.title)
    encoded = text.encode("utf-8")
    for number in range(1, 1000):
        candidate = folder / (f"{slug}.md" if number == 1 else f"{slug}-{number}.md")
        if not candidate.exists():
            return candidate, False
        if candidate.stat().st_size == len(encoded) and candidate.read_bytes() == encoded:
            return candidate, True
    raise ContentError(folder, f"too many files named {slug}-N.md", "tidy up the folder")


def _write_new(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # 'x': fail rather than overwrite, even if the file appeared meanwhile.
    with target.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)


def _with_progress(
    inputs: Sequence[_Input], progress: bool | None, console: Console | None
) -> Iterator[_Input]:
    if progress is None:
        terminal = console.is_terminal if console is not None else sys.stderr.isatty()
        progress = len(inputs) > PROGRESS_THRESHOLD and terminal
    if not progress:
        yield from inputs
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        inputs,
        description="Importing",
        total=len(inputs),
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


def _name(report: FileReport) -> str:
    return _shown(report.source) + (f" {report.item}" if report.item else "")


def format_report(
    reports: Iterable[FileReport], notes: Sequence[str] = (), csv_path: Path | None = None
) -> str:
    """Per input: what happened, what was found, what is left to do; a summary; totals."""
    reports = list(reports)
    lines = list(notes)
    for report in reports:
        lines.extend(_report_lines(report))
    totals = {status: 0 for status in STATUSES}
    for report in reports:
        totals[report.status] += 1
    if len(reports) > 1 or csv_path is not None:
        lines.extend(_summary(reports, totals, csv_path))
    summary = ", ".join(f"{count} {status}" for status, count in totals.items() if count)
    items = any(report.item for report in reports)
    noun = ("input", "inputs") if items else ("file", "files")
    lines.append(f"{counted(len(reports), *noun)}: {summary or 'nothing to do'}")
    return "\n".join(lines)


def _report_lines(report: FileReport) -> list[str]:
    if report.status == FAILED:
        return [f"{_name(report)}: failed", f"  {report.problem}"]
    if report.status == SKIPPED and report.target is None:
        return [f"{_name(report)}: skipped ({report.message})"]
    head = f"{_name(report)} → {_shown(report.target)}: {report.status}"
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


def _summary(
    reports: Sequence[FileReport], totals: Mapping[str, int], csv_path: Path | None
) -> list[str]:
    lines = ["", "Summary"]
    width = max(len(status) for status in STATUSES)
    reasons = Counter(
        re.sub(r"\d+", "N", r.message.removeprefix("not a story: "))
        for r in reports
        if r.status == SKIPPED and r.target is None
    )
    for status in STATUSES:
        line = f"  {status:<{width}}  {totals[status]:>6}"
        if status == SKIPPED and reasons:
            line += "  (" + "; ".join(f"{n} × {why}" for why, n in reasons.most_common(4)) + ")"
        lines.append(line)
    lacking = Counter(lack for r in reports if r.status == IMPORTED for lack in r.lacks)
    if lacking:
        lines.append("Not recovered, in the imported stories")
        lack_width = max(len(lack) for lack in lacking)
        for lack, count in lacking.most_common():
            lines.append(f"  {lack:<{lack_width}}  {count:>6}")
    if csv_path is not None:
        lines.append(f"Report for the editor (one row per input): {_shown(csv_path)}")
    lines.append("")
    return lines


CSV_COLUMNS = (
    "input",
    "item",
    "status",
    "story",
    "title",
    "date",
    "authors",
    "source",
    "category",
    "old address",
    "photos",
    "not recovered",
    "problem",
)


def write_csv(reports: Iterable[FileReport], path: Path) -> None:
    """One row per input, for the editor's spreadsheet (UTF-8 with a BOM, for Excel)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_COLUMNS)
        for report in reports:
            details = report.details
            writer.writerow(
                [
                    _shown(report.source),
                    report.item,
                    report.status,
                    _shown(report.target),
                    details.get("title", ""),
                    details.get("date", ""),
                    details.get("authors", ""),
                    details.get("source", ""),
                    details.get("category", ""),
                    details.get("old address", ""),
                    details.get("photos", ""),
                    "; ".join(report.lacks) if report.status == IMPORTED else "",
                    report.problem or (report.message if report.status == SKIPPED else ""),
                ]
            )
