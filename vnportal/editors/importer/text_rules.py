"""Rules for the Vietnamese text of old-portal articles, shared by the readers.

How a copied article's lines are read (shared/design/vietnamese.md §8):

* Copy noise goes first: invisible characters, doubled spaces, lines of only
  punctuation (the lone ``.`` lines), share/print/comment buttons and the
  "related stories" tail.
* The date line is the first line that holds a date (``11/07/2024``,
  ``11-07-2024``, ``09/4/2021``) and little else: a weekday, a time
  (``11:17``, ``11h17``), ``(GMT+7)``. Without one the import stops.
* A leading ``(ABO)`` in the lead is the source. A closing line in capitals is
  the byline (``CAO THẮNG`` → author ``Cao Thắng``).
* Photo captions: copied pages keep a photo's caption as a short line of its
  own. A line counts as a caption when it has at most CAPTION_MAX_WORDS words,
  is one sentence (or carries a photo credit such as ``Ảnh: …``), starts with
  a capital, is not a list item, label (``Địa điểm: …``) or question, and a
  paragraph still follows it: the last line of a story is never a caption.
  Several such lines in a row are several photos. Each caption becomes a
  placeholder figure (see ``story.render_figure``) that builds and is easy to
  find.

``finish`` does what every reader does last: checks the title, proposes tags
and writes the report's lists of what was found and what was not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ...model.errors import ContentError
from ...model.frontmatter import write_front_matter
from ...model.vietnamese import TIMEZONE, name_case, nfc, search_fold
from .story import Block, Figure, ImportedStory, escape_block, escape_inline, unescape

CAPTION_MAX_WORDS = 20
MAX_TAGS = 5
DATE_LINE_EXAMPLE = "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"


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
                counted(
                    self.stray_lines,
                    "line of stray punctuation ('.')",
                    "lines of stray punctuation ('.')",
                )
            )
        if self.doubled_spaces:
            notes.append(counted(self.doubled_spaces, "doubled space", "doubled spaces"))
        if self.invisible:
            notes.append(counted(self.invisible, "invisible character", "invisible characters"))
        if self.portal_lines:
            shown = ", ".join(f"'{line}'" for line in self.portal_lines[:3])
            more = " …" if len(self.portal_lines) > 3 else ""
            notes.append(f"portal words removed: {shown}{more}")
        if self.related_lines:
            notes.append(
                counted(
                    self.related_lines,
                    "line of 'related stories' cut",
                    "lines of 'related stories' cut",
                )
            )
        if self.joined_lines:
            notes.append(counted(self.joined_lines, "broken line joined", "broken lines joined"))
        if self.was_nfd:
            notes.append("decomposed Unicode (NFD) turned into NFC")
        return notes


def counted(number: int, one: str, many: str) -> str:
    """'1 file', '3 files': a number with the word in singular or plural."""
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


# ---------------------------------------------------------------- what every reader does last


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
    found.append(counted(len(story.paragraphs), "paragraph", "paragraphs"))
    others = len([b for b in story.blocks if isinstance(b, Block)]) - len(story.paragraphs)
    if others:
        found.append(
            counted(others, "heading, list, quote or table", "headings, lists, quotes or tables")
        )
    captions = [f for f in story.figures if f.caption]
    if story.figures:
        found.append(
            counted(len(story.figures), "photo", "photos")
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
            counted(len(story.figures), "photo", "photos")
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
