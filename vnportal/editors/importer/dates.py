"""Publication dates in every form Vietnamese news pages show them.

Visible dates (what a reader sees, and what wins when sources disagree):

* day first: ``Thứ Năm, 11/07/2024, 11:17 (GMT+7)``, ``Thứ bảy, 7/3/2026, 00:05 (GMT+7)``,
  ``07/03/2026 08:06 GMT+7``, ``07-03-2026 - 09:40 AM``, ``Thứ Bảy, 07/03/2026 - 08:52``;
* time first: ``17:26 - 18/01/2016``, ``11:29, 11/07/2024``, ``11h17 ngày 11/7/2024``;
* in words: ``ngày 7 tháng 3 năm 2026``; in ISO order: ``2026-03-07 08:52``;
* in a byline after the author's name: ``TUẤN HƯƠNG 11:29, 11/07/2024`` (``split_dated``);
* in the lead's first sentence, a day alone: ``Ngày 09/4/2021, Sở Tư pháp …``
  (``date_in_first_sentence``).

Machine-readable dates (``article:published_time``, JSON-LD ``datePublished``,
``<time datetime>``, ``itemprop``) are read by ``parse_machine_date``, malformed
ones too: ``2026-03-07T08:52:11.000 +07:00`` (a space before the offset),
``+0700``, no offset at all (Vietnam time), ``/`` between the numbers.

Every date comes back as a ``DateLine`` in Vietnam time (GMT+7), with
whether a time of day was given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from ...model.errors import ContentError
from ...model.vietnamese import TIMEZONE, search_fold

DATE_LINE_EXAMPLE = "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"
# A line longer than this is a sentence that mentions a date, not a date line.
DATE_LINE_MAX = 90
# Years a news story can have: anything else is a misread number.
YEARS = (1990, 2100)


class NoDateError(ContentError):
    """No publication date found: the batch's line also names ``--date``."""


@dataclass(frozen=True)
class DateLine:
    """A publication date in Vietnam time; ``has_time`` False when only the day was given."""

    moment: datetime
    has_time: bool
    warning: str = ""


_DAY_FIRST = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.-]?\d)")
_YEAR_FIRST = re.compile(r"(?<![\d/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-]?\d)")
_IN_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*|\s+)năm\s+(\d{4})(?!\d)", re.IGNORECASE
)
_TIME = re.compile(
    r"(?<![\d/.:-])(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)"
    r"(?:\s*(am|pm|a\.m\.|p\.m\.|sa|ch)\b)?",
    re.IGNORECASE,
)
_ZONE = re.compile(r"\(?\s*(?:GMT|UTC)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?\s*\)?", re.I)
_WEEKDAYS = {
    "thu hai": 0,
    "thu ba": 1,
    "thu tu": 2,
    "thu nam": 3,
    "thu sau": 4,
    "thu bay": 5,
    "chu nhat": 6,
    "t2": 0,
    "t3": 1,
    "t4": 2,
    "t5": 3,
    "t6": 4,
    "t7": 5,
    "cn": 6,
}
# Words a date line may carry besides the date itself (search_fold spelling).
_DATE_WORDS = re.compile(
    r"\b(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|t[2-7]|cn|ngay|luc|vao luc|gio|"
    r"cap nhat|cap nhat luc|ngay cap nhat|dang|dang luc|dang ngay|ngay dang|ngay dang tin|"
    r"thoi gian|thoi gian dang|xuat ban|ngay xuat ban|ban in|update[d]?|posted|published|"
    r"on|at|am|pm|sa|ch|sang|chieu|toi|trua)\b"
)


def _day(match: re.Match[str]) -> tuple[int, int, int]:
    """(year, month, day) of a date match of any of the three shapes."""
    if match.re is _YEAR_FIRST:
        return int(match[1]), int(match[3]), int(match[4])
    if match.re is _IN_WORDS:
        return int(match[3]), int(match[2]), int(match[1])
    return int(match[4]), int(match[3]), int(match[1])


def _find_day(text: str) -> re.Match[str] | None:
    found = [m for m in (p.search(text) for p in (_DAY_FIRST, _YEAR_FIRST, _IN_WORDS)) if m]
    found = [m for m in found if YEARS[0] <= _day(m)[0] <= YEARS[1]]
    return min(found, key=lambda m: m.start()) if found else None


def _hour(clock: re.Match[str]) -> int:
    hour, half = int(clock[1]), (clock[4] or "").lower().replace(".", "")
    if half in ("pm", "ch") and hour < 12:
        return hour + 12
    if half in ("am", "sa") and hour == 12:
        return 0
    return hour


def _zone(match: re.Match[str]) -> timezone | None:
    if not match[2]:
        return UTC if match[0].strip("() ") else None
    sign = -1 if match[1] == "-" else 1
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _cut(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " + text[match.end() :]


@dataclass(frozen=True)
class _Parts:
    day: re.Match[str]
    clock: re.Match[str] | None
    zone: re.Match[str] | None
    leftover: str  # the text without the date, the time and the zone


def _parts(text: str) -> _Parts | None:
    day = _find_day(text)
    if day is None:
        return None
    rest = _cut(text, day)
    zone = _ZONE.search(rest)
    if zone and not zone[0].strip("() "):
        zone = None
    if zone:
        rest = _cut(rest, zone)
    clock = _TIME.search(rest)
    if clock:
        rest = _cut(rest, clock)
    return _Parts(day, clock, zone, rest)


def _build(text: str, parts: _Parts, origin: str) -> DateLine:
    year, month, day = _day(parts.day)
    clock = parts.clock
    try:
        moment = datetime(
            year,
            month,
            day,
            _hour(clock) if clock else 0,
            int(clock[2]) if clock else 0,
        )
    except ValueError as error:
        raise ContentError(
            origin,
            f"the date line '{text}' is not a real date or time ({error})",
            "correct the day, month or hour in the file and import it again",
        ) from None
    offset = _zone(parts.zone) if parts.zone else None
    moment = moment.replace(tzinfo=offset or TIMEZONE).astimezone(TIMEZONE)
    return DateLine(moment, clock is not None, _weekday_warning(text, moment))


def _weekday_warning(line: str, moment: datetime) -> str:
    folded = search_fold(line)
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"(?<![\w/.-]){name}(?![\w/.-])", folded) and weekday != moment.weekday():
            return f"the date line says '{line}', but {moment:%d/%m/%Y} is another weekday"
    return ""


def parse_date_line(line: str, origin: str) -> DateLine | None:
    """The date of a line that is a date line, None for any other line."""
    if len(line) > DATE_LINE_MAX:
        return None
    parts = _parts(line)
    if parts is None:
        return None
    leftover = _DATE_WORDS.sub(" ", search_fold(parts.leftover))
    if re.search(r"[a-z0-9]", leftover):
        return None  # a sentence that mentions a date, not a date line
    return _build(line, parts, origin)


_NAME_LEFTOVER = re.compile(r"[\s,;:|/()\[\]–—-]+")


def split_dated(line: str, origin: str) -> tuple[DateLine, str] | None:
    """'TUẤN HƯƠNG 11:29, 11/07/2024' → (its date, 'TUẤN HƯƠNG'): a date beside other words.

    The words are what is left once the date, the time, the zone and date
    words (weekdays, 'cập nhật', 'lúc' …) are taken out, for the caller to
    judge (a byline's name, a label). None when the line holds no date.
    """
    if len(line) > DATE_LINE_MAX:
        return None
    parts = _parts(line)
    if parts is None:
        return None
    # The date words go, the rest keeps its letters and case.
    leftover = parts.leftover
    for match in reversed(list(_DATE_WORDS.finditer(fold_in_place(leftover)))):
        leftover = leftover[: match.start()] + " " * len(match[0]) + leftover[match.end() :]
    words = _NAME_LEFTOVER.sub(" ", leftover).strip()
    return _build(line, parts, origin), words


def fold_in_place(text: str) -> str:
    """search_fold letter by letter, so that positions in the result are those of ``text``."""
    folded = []
    for char in text:
        plain = "".join(
            c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c)
        ).replace("đ", "d")
        folded.append(plain if len(plain) == 1 else char)
    return "".join(folded)


_FIRST_SENTENCE_DATE = re.compile(
    r"^(?:[^.!?]{0,60}?\b)?ngày\s+(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)",
    re.IGNORECASE,
)


def date_in_first_sentence(text: str) -> DateLine | None:
    """'Ngày 09/4/2021, Sở Tư pháp …' → 9 April 2021 (a day, no time), else None."""
    match = _FIRST_SENTENCE_DATE.match(text.strip())
    if not match:
        return None
    try:
        moment = datetime(int(match[4]), int(match[3]), int(match[1]), tzinfo=TIMEZONE)
    except ValueError:
        return None
    if not YEARS[0] <= moment.year <= YEARS[1]:
        return None
    return DateLine(moment, False)


_MACHINE = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:(?:[T\s]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\s*\d{1,2}(?::?\d{2})?)?\s*$",
    re.IGNORECASE,
)


def parse_machine_date(value: str) -> DateLine | None:
    """A machine-readable date, however malformed; None when it is not one.

    ``2024-07-11T11:17:00+07:00``, ``…Z``, ``2026-03-07T08:52:11.000 +07:00``,
    ``2026-03-07 08:52`` (no offset: Vietnam time), ``2024-07-11`` (a day).
    A day first (``07/03/2026 08:52``) is read as a visible date.
    """
    text = " ".join(str(value).replace("&#x2B;", "+").replace("&#43;", "+").split())
    if not text:
        return None
    match = _MACHINE.match(text)
    if match is None:
        try:
            return parse_date_line(text, "<date>")
        except ContentError:
            return None
    zone = (match["tz"] or "").replace(" ", "").upper()
    try:
        moment = datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"] or 0),
            int(match["M"] or 0),
            int(match["S"] or 0),
        )
        if zone in ("Z", "UTC", "GMT"):
            tzinfo: timezone | object = UTC
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            hours, minutes = (
                (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
            )
            if hours > 14 or minutes > 59:
                return None
            tzinfo = timezone(sign * timedelta(hours=hours, minutes=minutes))
        else:
            tzinfo = TIMEZONE
        moment = moment.replace(tzinfo=tzinfo).astimezone(TIMEZONE)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return None
    if not YEARS[0] <= moment.year <= YEARS[1]:
        return None
    return DateLine(moment, match["H"] is not None)


def shown(dated: DateLine) -> str:
    """'07/03/2026 08:52' or '07/03/2026': a date as the report shows it."""
    return f"{dated.moment:%d/%m/%Y %H:%M}" if dated.has_time else f"{dated.moment:%d/%m/%Y}"
