"""Import old-portal articles (copied text or saved HTML) as Vietnamese stories.

``parse_text`` and ``parse_html`` (in ``importer_html``) turn one article into
an ``ImportedStory``; ``render_story`` writes it as Markdown with YAML front
matter; ``import_files`` places stories under ``content/vi/<yyyy>/<mm>/`` and
reports, per file, what was found and what is left to do. Nothing is ever
overwritten, and importing the same input twice changes nothing.

How copied text is read (shared/design/vietnamese.md §8):

* Copy noise goes first: invisible characters, doubled spaces, lines of only
  punctuation (the lone ``.`` lines), share/print/comment buttons and the
  "related stories" tail.
* The date line is the first line that holds a date (``11/07/2024``,
  ``11-07-2024``, ``09/4/2021``) and little else: a weekday, a time
  (``11:17``, ``11h17``), ``(GMT+7)``. Without one the import stops.
* The title is the first remaining line, the lead the next one; a leading
  ``(ABO)`` in the lead is the source. The last line, if in capitals, is the
  byline (``CAO THẮNG`` → author ``Cao Thắng``).
* Photo captions: copied pages keep a photo's caption as a short line of its
  own. A line counts as a caption when it has at most CAPTION_MAX_WORDS words,
  is one sentence (or carries a photo credit such as ``Ảnh: …``), starts with
  a capital, is not a list item, label (``Địa điểm: …``) or question, and a
  paragraph still follows it: the last line of a story is never a caption.
  Several such lines in a row are several photos. Each caption becomes a
  placeholder figure (see ``render_figure``) that builds and is easy to find.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ...model.errors import ContentError
from ...model.frontmatter import decode, split, write_front_matter
from ...model.vietnamese import TIMEZONE, canonical_key, name_case, nfc, search_fold, slugify

if TYPE_CHECKING:
    from rich.console import Console

CAPTION_MAX_WORDS = 20
SLUG_MAX_LENGTH = 60
MAX_TAGS = 5
PROGRESS_THRESHOLD = 3  # more files than this, on a terminal: show a progress bar
DATE_LINE_EXAMPLE = "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Block:
    """A piece of the story body, already written in Markdown."""

    markdown: str
    kind: str = "paragraph"  # paragraph, heading, list, quote, table


@dataclass(frozen=True)
class Figure:
    """A photo the importer could not bring along: its caption and where it was."""

    caption: str = ""  # Markdown (inline)
    src: str = ""  # the photo's address on the old portal, when known
    alt: str = ""


@dataclass
class ImportedStory:
    """One article as recovered from the old portal, before it is written."""

    origin: str
    title: str
    date: datetime
    has_time: bool = True
    modified: datetime | None = None
    lead: str = ""
    source: str | None = None
    author: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    blocks: list[Block | Figure] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if isinstance(b, Block) and b.kind == "paragraph"]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def field_date(self) -> datetime | date:
        """What goes into ``date:``: the day alone when the input had no time."""
        return self.date if self.has_time else self.date.date()


# ---------------------------------------------------------------- reading files


def read_input(path: Path) -> str:
    """The file's text in NFC, or a ContentError an editor can act on."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ContentError(
            path, "the file is empty", "copy the article into it: date line, title, text"
        )
    if _looks_binary(raw):
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


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control bytes: no text encoding of Vietnamese has those."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16: decode() names it
    sample = raw[:4096]
    controls = sum(byte < 0x20 and byte not in b"\t\n\r\f" for byte in sample)
    return b"\x00\x00" in sample or controls > len(sample) / 100


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
        from .html import parse_html  # it builds on this module's helpers

        return parse_html(text, str(path), tag_keywords)
    return parse_text(text, str(path), tag_keywords)


# ---------------------------------------------------------------- copy noise

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_DOUBLED = re.compile(r"\S[ \t\u00a0\u2000-\u200a\u202f]{2,}\S")
_PUNCTUATION_ONLY = re.compile(r"[.…·•*_\-–—|~=+#,;:]+")
# Buttons and counters of old portal pages, as search_fold writes them.
_NOISE_WORDS = (
    "chia se|chia se bai viet|facebook|zalo|twitter|tweet|email|gui email|gui bai viet|"
    "gui cho ban be|in|in bai|in bai viet|in trang|luu bai viet|luot xem|binh luan|"
    "y kien ban doc|gui y kien|co chu|nghe doc bai|nghe bai viet|quay lai|tro ve|"
    "ve dau trang|len dau trang|trang chu|theo doi|like|share|print|copy link|"
    "sao chep lien ket|bao loi|a|a-|a+|gmt+7"
)
PORTAL_NOISE = tuple(_NOISE_WORDS.split("|"))
_NOISE_LINE = re.compile(
    r"(?:\s*(?:"
    + "|".join(re.escape(word) for word in sorted(PORTAL_NOISE, key=len, reverse=True))
    + r")(?![\w+])(?:[\s:()\[\]|/,.·-]|\d)*)+"
)
# Where the copied article ends and the portal's list of other stories begins.
RELATED_MARKERS = (
    "tin lien quan",
    "bai lien quan",
    "bai viet lien quan",
    "tin cung chuyen muc",
    "tin khac",
    "cac tin khac",
    "tin da dua",
    "xem them",
    "doc them",
    "co the ban quan tam",
)


@dataclass
class _Line:
    text: str
    gap_before: bool  # a blank (or noise) line separates it from the previous one


@dataclass
class _Cleaning:
    stray_lines: int = 0
    doubled_spaces: int = 0
    invisible: int = 0
    portal_lines: list[str] = field(default_factory=list)
    related_lines: int = 0
    joined_lines: int = 0
    was_nfd: bool = False

    def notes(self) -> list[str]:
        notes = []
        if self.stray_lines:
            notes.append(
                _count(
                    self.stray_lines,
                    "line of stray punctuation ('.')",
                    "lines of stray punctuation ('.')",
                )
            )
        if self.doubled_spaces:
            notes.append(_count(self.doubled_spaces, "doubled space", "doubled spaces"))
        if self.invisible:
            notes.append(_count(self.invisible, "invisible character", "invisible characters"))
        if self.portal_lines:
            shown = ", ".join(f"'{line}'" for line in self.portal_lines[:3])
            more = " …" if len(self.portal_lines) > 3 else ""
            notes.append(f"portal words removed: {shown}{more}")
        if self.related_lines:
            notes.append(
                _count(
                    self.related_lines,
                    "line of 'related stories' cut",
                    "lines of 'related stories' cut",
                )
            )
        if self.joined_lines:
            notes.append(_count(self.joined_lines, "broken line joined", "broken lines joined"))
        if self.was_nfd:
            notes.append("decomposed Unicode (NFD) turned into NFC")
        return notes


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def clean_lines(text: str) -> tuple[list[_Line], _Cleaning]:
    """Lines of real text with spaces normalised; noise dropped and counted."""
    cleaning = _Cleaning(was_nfd=nfc(text) != text)
    lines: list[_Line] = []
    gap = True
    for raw in nfc(text).split("\n"):
        line = _clean_spaces(raw, cleaning)
        if not line:
            gap = True
        elif _PUNCTUATION_ONLY.fullmatch(line):
            cleaning.stray_lines += 1
            gap = True
        elif _NOISE_LINE.fullmatch(search_fold(line)) or _is_breadcrumb(line):
            cleaning.portal_lines.append(line)
            gap = True
        else:
            lines.append(_Line(line, gap))
            gap = False
    lines = _cut_related(lines, cleaning)
    return _join_broken(lines, cleaning), cleaning


def _clean_spaces(raw: str, cleaning: _Cleaning) -> str:
    without = _CONTROL.sub("", raw.translate(_INVISIBLE))
    cleaning.invisible += len(raw) - len(without)
    cleaning.doubled_spaces += len(_DOUBLED.findall(without))
    return _SPACES.sub(" ", without).strip()


def _is_breadcrumb(line: str) -> bool:
    """'Trang chủ > Pháp luật > Tin tức': the old portal's navigation."""
    return bool(re.fullmatch(r"(?:[^>»›/]{1,30}\s*[>»›/]\s*)+[^>»›/]{1,30}", line)) and (
        search_fold(line).startswith("trang chu")
    )


def _cut_related(lines: list[_Line], cleaning: _Cleaning) -> list[_Line]:
    for index, line in enumerate(lines):
        folded = search_fold(line.text).strip(" :.")
        if index >= 3 and folded in RELATED_MARKERS:
            cleaning.related_lines = len(lines) - index
            return lines[:index]
    return lines


_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»", ")")


def _join_broken(lines: list[_Line], cleaning: _Cleaning) -> list[_Line]:
    """Hard-wrapped copies: a line going on in lower case belongs to the one before."""
    joined: list[_Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not line.gap_before
            and not previous.text.endswith(_SENTENCE_END)
            and line.text[:1].islower()
        ):
            previous.text = f"{previous.text} {line.text}"
            cleaning.joined_lines += 1
        else:
            joined.append(line)
    return joined


# ---------------------------------------------------------------- the date line

_DATE_IN_LINE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_TIME_IN_LINE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*(?:[:hg]|giờ)\s*(\d{2})(?::(\d{2}))?(?!\d)")
_ZONE_IN_LINE = re.compile(r"\(?\s*(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?", re.I)
_WEEKDAYS = {
    "thu hai": 0,
    "thu ba": 1,
    "thu tu": 2,
    "thu nam": 3,
    "thu sau": 4,
    "thu bay": 5,
    "chu nhat": 6,
}
# Words a date line may carry besides the date itself (search_fold spelling).
_DATE_WORDS = re.compile(
    r"\b(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|ngay|luc|gio|cap nhat|dang|dang luc|"
    r"ngay dang|thoi gian|update[d]?|posted|published)\b"
)


@dataclass(frozen=True)
class DateLine:
    moment: datetime
    has_time: bool
    warning: str = ""


def parse_date_line(line: str, origin: str) -> DateLine | None:
    """The date of a line that is a date line, None for any other line."""
    if len(line) > 80:
        return None
    day = _DATE_IN_LINE.search(line)
    if not day:
        return None
    rest = line[: day.start()] + " " + line[day.end() :]
    zone = _ZONE_IN_LINE.search(rest)
    if zone:
        rest = rest[: zone.start()] + " " + rest[zone.end() :]
    clock = _TIME_IN_LINE.search(rest)
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    leftover = _DATE_WORDS.sub(" ", search_fold(rest))
    if re.search(r"[a-z0-9]", leftover):
        return None  # a sentence that mentions a date, not a date line
    return _date_line(line, origin, day, clock, zone)


def _date_line(
    line: str,
    origin: str,
    day: re.Match[str],
    clock: re.Match[str] | None,
    zone: re.Match[str] | None,
) -> DateLine:
    try:
        moment = datetime(
            int(day[3]),
            int(day[2]),
            int(day[1]),
            int(clock[1]) if clock else 0,
            int(clock[2]) if clock else 0,
        )
    except ValueError as error:
        raise ContentError(
            origin,
            f"the date line '{line}' is not a real date or time ({error})",
            "correct the day, month or hour in the file and import it again",
        ) from None
    offset = _zone(zone) if zone else TIMEZONE
    moment = moment.replace(tzinfo=offset).astimezone(TIMEZONE)
    return DateLine(moment, clock is not None, _weekday_warning(line, moment))


def _zone(match: re.Match[str]) -> timezone:
    sign = -1 if match[1] == "-" else 1
    return timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3] or 0)))


def _weekday_warning(line: str, moment: datetime) -> str:
    folded = search_fold(line)
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", folded) and weekday != moment.weekday():
            return f"the date line says '{line}', but {moment:%d/%m/%Y} is another weekday"
    return ""


def find_date_line(lines: list[_Line], origin: str) -> tuple[int, DateLine]:
    for index, line in enumerate(lines):
        found = parse_date_line(line.text, origin)
        if found is not None:
            return index, found
    raise ContentError(
        origin,
        "no date line found",
        f"add one like '{DATE_LINE_EXAMPLE}' at the top",
    )


# ---------------------------------------------------------------- lead and byline

_SOURCE_TAG = re.compile(r"\((?P<source>[^()\d][^()]{0,29})\)\s*[-–—:]?\s*(?P<rest>\S.*)")
_BYLINE_ROLE = re.compile(
    r"(?:(?:tin|bài|ảnh|video|clip|thực hiện)\s*(?:,|và|&|-|/)?\s*)+:\s*", re.IGNORECASE
)
_BYLINE_NOTE = re.compile(r"\s*\((?P<note>[^()]*)\)\s*$")


def split_source(lead: str) -> tuple[str | None, str]:
    """'(ABO) Ngày 11-7, …' → ('ABO', 'Ngày 11-7, …'); the paper's short name."""
    match = _SOURCE_TAG.fullmatch(lead)
    if not match:
        return None, lead
    source = match["source"].strip()
    if not source[:1].isupper() or len(source.split()) > 4 or "GMT" in source.upper():
        return None, lead
    return source, match["rest"]


def byline_author(line: str) -> tuple[str, str] | None:
    """'CAO THẮNG' → ('Cao Thắng', note): a closing line in capitals, else None."""
    text = _BYLINE_ROLE.sub("", line, count=1) if _BYLINE_ROLE.match(line) else line
    note = ""
    if match := _BYLINE_NOTE.search(text):
        note, text = match["note"].strip(), text[: match.start()]
    text = text.strip(" .-–—")
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or len(text.split()) > 8 or not re.fullmatch(r"[\w .,\-–&]+", text):
        return None
    if any(not c.isupper() for c in letters):
        return None
    return name_case(text), note


# ---------------------------------------------------------------- captions

_PHOTO_CREDIT = re.compile(r"(?:^|[\s(.])(?:ảnh|ảnh minh họa|ảnh minh hoạ|nguồn ảnh)\s*[:(]?", re.I)
_LIST_START = re.compile(r"[*\-+•–—]|\d+[.)]\s|[a-zđ]\)\s")
_TWO_SENTENCES = re.compile(r"[.!?…]\s+[^\W\d_]")
_LABEL = re.compile(r"^[^:]{1,40}:\s")


def is_caption_like(text: str) -> bool:
    """A short line that reads like a photo caption (the rules are in the module doc)."""
    words = text.split()
    if not words or len(words) > CAPTION_MAX_WORDS:
        return False
    if _PHOTO_CREDIT.search(text):
        return True
    if _LIST_START.match(text) or not text[0].isupper() or _LABEL.match(text):
        return False
    if text.endswith((":", "?", ",", ";")):
        return False
    return not _TWO_SENTENCES.search(text)


def body_blocks(lines: Sequence[str]) -> list[Block | Figure]:
    """Paragraphs and captions; a run of caption-like lines needs a paragraph after it."""
    flags = [is_caption_like(line) for line in lines]
    blocks: list[Block | Figure] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and flags[end]:
            end += 1
        if end > index and end < len(lines):
            blocks.extend(Figure(caption=escape_inline(line)) for line in lines[index:end])
            index = end
            continue
        stop = max(end, index + 1)
        blocks.extend(Block(escape_block(line)) for line in lines[index:stop])
        index = stop
    return blocks


# ---------------------------------------------------------------- Markdown text

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_INTERNAL_LINK = re.compile(r"\{(?=(?:static|filename|attach)\})")
_BLOCK_START = re.compile(r"^(#|>|[*+-](?=\s|$)|\d+(?=[.)](?:\s|$))|=+$|-+$)")


def escape_inline(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, no HTML, no links."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_START.sub("&lt;", text)
    # '{static}…' would be checked as a link to a file by the build.
    return _INTERNAL_LINK.sub("&#123;", text)


def escape_block(text: str) -> str:
    """A paragraph of plain text, also safe from starting a heading, quote or list."""
    return guard_start(escape_inline(text))


def guard_start(markdown: str) -> str:
    """Markdown text whose first characters cannot start a heading, quote or list."""
    match = _BLOCK_START.match(markdown)
    if match is None:
        return markdown
    if match[0][:1].isdigit():  # '1. ' would start a numbered list
        return f"{match[0]}\\{markdown[len(match[0]) :]}"
    return f"\\{markdown}"


def unescape(markdown: str) -> str:
    """Plain text of an inline Markdown string made by this module."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    return text.replace("&lt;", "<").replace("&amp;", "&").replace("&#123;", "{")


# ---------------------------------------------------------------- copied text


def parse_text(
    text: str,
    origin: str = "<text>",
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
) -> ImportedStory:
    """An ImportedStory from an article copied from an old portal page."""
    lines, cleaning = clean_lines(text)
    if not lines:
        raise ContentError(
            origin, "the file has no text", "copy the article into it: date line, title, text"
        )
    index, dated = find_date_line(lines, origin)
    rest = [line.text for position, line in enumerate(lines) if position != index]
    if not rest:
        raise ContentError(origin, "there is no title after the date line", "add the title")
    story = ImportedStory(origin=origin, title=rest[0], date=dated.moment)
    story.has_time = dated.has_time
    story.cleaned = cleaning.notes()
    if dated.warning:
        story.missing.append(dated.warning)
    body = _take_byline(story, rest[1:])
    if body:
        story.source, story.lead = split_source(body[0])
        body = body[1:]
    story.blocks = body_blocks(body)
    finish(story, tag_keywords)
    return story


def _take_byline(story: ImportedStory, lines: list[str]) -> list[str]:
    if lines and (byline := byline_author(lines[-1])):
        story.author, note = byline
        if note:
            story.missing.append(f"byline note not kept: '({note})'")
        return lines[:-1]
    return lines


def finish(story: ImportedStory, tag_keywords: Mapping[str, Sequence[str]] | None) -> None:
    """Checks and proposals common to text and HTML: title, tags, the report lists."""
    story.title = nfc(story.title)
    words = len(story.title.split())
    if words > 35:
        story.missing.append(f"the title has {words} words: check it is not a paragraph")
    if story.title == story.title.upper() and any(c.isalpha() for c in story.title):
        story.missing.append("the title is in capitals: write it in sentence case")
    body = " ".join(unescape(b.markdown) for b in story.blocks if isinstance(b, Block))
    story.tags = propose_tags(story.title, story.lead, body, tag_keywords or {})
    story.found = _found(story)
    story.missing = _not_recovered(story) + story.missing


def _found(story: ImportedStory) -> list[str]:
    found = [f"date {_shown_date(story)}", f"title '{_short(story.title)}'"]
    if story.lead:
        found.append("lead" + (f" (source {story.source})" if story.source else ""))
    found.append(_count(len(story.paragraphs), "paragraph", "paragraphs"))
    others = len([b for b in story.blocks if isinstance(b, Block)]) - len(story.paragraphs)
    if others:
        found.append(
            _count(others, "heading, list, quote or table", "headings, lists, quotes or tables")
        )
    captions = [f for f in story.figures if f.caption]
    if story.figures:
        found.append(
            _count(len(story.figures), "photo", "photos")
            + (
                ": " + "; ".join(f"'{_short(unescape(f.caption))}'" for f in captions)
                if captions
                else ""
            )
        )
    if story.author:
        found.append(f"author {story.author}")
    if story.category:
        found.append(f"category {story.category}")
    if story.tags:
        found.append("tags proposed: " + ", ".join(story.tags))
    return found


def _not_recovered(story: ImportedStory) -> list[str]:
    missing = []
    if not story.has_time:
        missing.append("no time of day (the story is dated 00:00)")
    if not story.lead:
        missing.append("no lead (summary)")
    if not story.author:
        missing.append("no author (no closing byline in capitals)")
    if not story.category:
        missing.append("no category: add 'category: …'")
    if story.figures:
        missing.append(
            _count(len(story.figures), "photo", "photos")
            + " to add by hand (search the file for 'TODO ảnh')"
        )
    if not story.paragraphs:
        missing.append("no paragraphs after the lead")
    return missing


def _shown_date(story: ImportedStory) -> str:
    return write_front_matter({"d": story.field_date}).split("\n")[1][3:]


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---------------------------------------------------------------- tags


def _folded_words(text: str) -> str:
    """' hoa giai o co so ': folded, punctuation gone, padded for whole-word search."""
    return " " + " ".join(re.findall(r"\w+", search_fold(text))) + " "


def propose_tags(
    title: str, lead: str, body: str, keywords: Mapping[str, Sequence[str]], limit: int = MAX_TAGS
) -> list[str]:
    """Tags whose keywords the story mentions, most prominent first.

    Matching ignores case, diacritics and tone style, so 'Hoà giải' finds the
    keyword 'hòa giải'. A mention in the title counts three times, in the lead
    twice.
    """
    parts = [(_folded_words(title), 3), (_folded_words(lead), 2), (_folded_words(body), 1)]
    scores: dict[str, int] = {}
    for tag, words in keywords.items():
        needles = [_folded_words(word) for word in words] or [_folded_words(tag)]
        score = sum(weight * text.count(n) for text, weight in parts for n in needles if n.strip())
        if score:
            scores[tag] = score
    ranked = sorted(scores, key=lambda tag: -scores[tag])  # stable: settings order breaks ties
    return [nfc(tag) for tag in ranked[:limit]]


# ---------------------------------------------------------------- Markdown output


def render_figure(figure: Figure, image_folder: str) -> str:
    """A placeholder that builds: a TODO comment, then the caption in italics.

    A Markdown image pointing at a file that does not exist would stop the
    build, and a copied photo address would make readers' browsers call the
    old portal; so the photo stays a to-do an editor can find with
    ``grep -rn "TODO ảnh" content/``. The comment carries what is known about
    the photo (its old address and description) without '--', which would end
    it early; the caption shows where the photo will go.
    """
    details = []
    if figure.src:
        details.append(f"Ảnh gốc: {figure.src}")
    if figure.alt:
        details.append(f"Mô tả gốc: {figure.alt}")
    todo = (
        f"TODO ảnh: chép ảnh vào content/{image_folder}/ rồi thay "
        f"{'dòng in nghiêng dưới đây' if figure.caption else 'chú thích này'} bằng ảnh có chú "
        "thích (cách viết: README, Writing a story)." + "".join(f" {detail}" for detail in details)
    )
    while "--" in todo:
        todo = todo.replace("--", "- -")
    todo = _INTERNAL_LINK.sub("&#123;", todo)  # the build checks {static} links even here
    comment = f"<!-- {todo} -->"
    if not figure.caption:
        return comment
    return f"{comment}\n\n*{figure.caption}*"


def render_story(story: ImportedStory) -> str:
    """The story file: YAML front matter, then the body in Markdown."""
    fields = {
        "title": story.title,
        "date": story.field_date,
        "modified": story.modified if story.modified and story.modified > story.date else None,
        "author": story.author,
        "source": story.source,
        "category": story.category,
        "tags": story.tags,
        "summary": story.lead,
    }
    image_folder = f"images/{story.date:%Y}/{story.date:%m}"
    parts = [
        render_figure(block, image_folder) if isinstance(block, Figure) else block.markdown
        for block in story.blocks
    ]
    return write_front_matter(fields) + "\n" + "\n\n".join(parts) + "\n"


def story_slug(title: str, limit: int = SLUG_MAX_LENGTH) -> str:
    """The file name: the title's slug, cut at a word boundary to ``limit`` characters."""
    slug = slugify(title) or "bai-viet"
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)
    return slug[:cut] if cut > 0 else slug[:limit]


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
        for path in sorted((content_dir / "vi").rglob("*.md")):
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
    lines.append(f"{_count(len(reports), 'file', 'files')}: {summary or 'nothing to do'}")
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
