"""The ``event:`` block of a story: when, where, who organises, and its status.

A story reporting on or announcing an event carries::

    event:
      start: 2024-07-11 08:00 +07:00     # or a date, 2024-07-11, for an all-day event
      end: 2024-07-11 11:30 +07:00       # optional; a date for all-day events (inclusive)
      location:
        name: Hội trường Sở Tư pháp
        address: Số 6 Lê Lợi, Phường 1, TP. Mỹ Tho   # optional
      organizer: Sở Tư pháp tỉnh Tiền Giang
      audience: Hòa giải viên ở cơ sở                # optional
      participants: 120                              # optional
      online_url: https://…                          # optional
      status: scheduled                              # or postponed, cancelled

``location`` may also be plain text (its name). Every problem is a
ContentError at the line of the key it concerns.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import ContentError
from .timezone import TIMEZONE

EVENT_FIELDS = (
    "start",
    "end",
    "location",
    "organizer",
    "audience",
    "participants",
    "online_url",
    "status",
)
LOCATION_FIELDS = ("name", "address")
EVENT_STATUSES = ("scheduled", "postponed", "cancelled")
_STATUS_ALIASES = {"canceled": "cancelled", "confirmed": "scheduled"}
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# The environment variable that fixes the build date, over PORTAL_BUILD_DATE.
BUILD_DATE_VARIABLE = "PORTAL_BUILD_DATE"
# The setting by which a build gives every stage the one moment it decided on (ISO).
MOMENT_SETTING = "PORTAL_MOMENT"


@dataclass(frozen=True)
class Event:
    """An event as the portal shows it; ``end`` is inclusive for all-day events."""

    start: datetime | date
    end: datetime | date
    location: str | None = None
    address: str | None = None
    organizer: str | None = None
    audience: str | None = None
    participants: int | None = None
    online_url: str | None = None
    status: str = "scheduled"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def start_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def end_day(self) -> date:
        return self.end.date() if isinstance(self.end, datetime) else self.end

    @property
    def multi_day(self) -> bool:
        return self.end_day != self.start_day

    @property
    def starts_at(self) -> datetime:
        """The start as a moment in Vietnam time (midnight for all-day events), to sort by."""
        if isinstance(self.start, datetime):
            return self.start
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=TIMEZONE)

    def upcoming(self, today: date) -> bool:
        """Not yet over on ``today`` (an event going on today is still upcoming)."""
        return self.end_day >= today


def upcoming_events(stories: list[Any], today: date) -> list[Any]:
    """The stories whose event is not over on ``today``, soonest first (then by path)."""
    upcoming = [story for story in stories if getattr(story, "event", None)]
    upcoming = [story for story in upcoming if story.event.upcoming(today)]
    return sorted(upcoming, key=lambda story: (story.event.starts_at, str(story.source_path)))


def read_event(
    value: Any,
    path: Path,
    lines: dict[str, int],
    read_date: Callable[[Any, Path, int, str], datetime],
) -> Event:
    """The validated ``event:`` block; ``lines`` holds ``event.start``-style keys.

    ``read_date`` is the front matter's own date reader, so an event's times
    are read like a story's date.
    """

    def line(key: str) -> int | None:
        return lines.get(f"event.{key}", lines.get("event"))

    def error(what: str, fix: str, key: str) -> ContentError:
        return ContentError(path, what, fix, line(key))

    if not isinstance(value, dict):
        raise error(
            "'event' must be a block of fields",
            "write 'event:' alone on its line, then the fields indented below it, "
            "such as '  start: 2024-07-11 08:00 +07:00'",
            "",
        )
    for key in value:
        if key not in EVENT_FIELDS:
            raise error(f"unknown field '{key}' in 'event'", _did_you_mean(key, EVENT_FIELDS), key)
    if value.get("start") is None:
        raise error(
            "the event has no start",
            "add '  start: 2024-07-11 08:00 +07:00' (or a date, for an all-day event)",
            "",
        )
    start = _moment(value["start"], path, line("start"), read_date, "event.start")
    end = start
    if value.get("end") is not None:
        end = _moment(value["end"], path, line("end"), read_date, "event.end")
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise error(
                "'start' and 'end' of the event must both be dates or both dates with a time",
                "write both as dates (2024-07-11) for an all-day event, or both with a time",
                "end",
            )
        if end < start:
            raise error(
                f"the event ends ({value['end']}) before it starts ({value['start']})",
                "check the day and time of 'end'",
                "end",
            )
    location, address = _location(value.get("location"), path, lines)
    status = _text(value.get("status"), path, line("status"), "status") or "scheduled"
    if status not in EVENT_STATUSES:
        meant = _STATUS_ALIASES.get(status.lower())
        raise error(
            f"unknown event status '{status}'",
            f"write '{meant}'" if meant else "use one of: " + ", ".join(EVENT_STATUSES),
            "status",
        )
    return Event(
        start=start,
        end=end,
        location=location,
        address=address,
        organizer=_text(value.get("organizer"), path, line("organizer"), "organizer"),
        audience=_text(value.get("audience"), path, line("audience"), "audience"),
        participants=_count(value.get("participants"), path, line("participants")),
        online_url=_url(value.get("online_url"), path, line("online_url")),
        status=status,
    )


def _moment(
    value: Any, path: Path, line: int | None, read_date: Callable, name: str
) -> datetime | date:
    text = _text(value, path, line, name.removeprefix("event."))
    if _DAY.match(text):
        return read_date(text, path, line, name).date()
    return read_date(text, path, line, name)


def _location(value: Any, path: Path, lines: dict[str, int]) -> tuple[str | None, str | None]:
    line = lines.get("event.location", lines.get("event"))
    if value is None or isinstance(value, str):
        return _text(value, path, line, "location"), None
    if not isinstance(value, dict):
        raise ContentError(
            path,
            "'location' of the event must be a name, or a block with 'name' and 'address'",
            "write '  location: Hội trường Sở Tư pháp', or 'name:' and 'address:' below it",
            line,
        )
    for key in value:
        if key not in LOCATION_FIELDS:
            raise ContentError(
                path,
                f"unknown field '{key}' in the event's 'location'",
                _did_you_mean(key, LOCATION_FIELDS),
                lines.get(f"event.location.{key}", line),
            )
    name = _text(value.get("name"), path, lines.get("event.location.name", line), "name")
    if not name:
        raise ContentError(
            path,
            "the event's location has no name",
            "add '    name: …' (the hall, the commune's office...) under 'location:'",
            line,
        )
    address = _text(
        value.get("address"), path, lines.get("event.location.address", line), "address"
    )
    return name, address


def _text(value: Any, path: Path, line: int | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ContentError(
            path,
            f"'{name}' of the event must be plain text",
            f"write it on one line: '{name}: …'",
            line,
        )
    return " ".join(str(value).split()) or None


def _count(value: Any, path: Path, line: int | None) -> int | None:
    text = _text(value, path, line, "participants")
    if text is None:
        return None
    digits = (
        text.replace(".", "").replace(",", "")
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text)
        else text
    )
    if not re.fullmatch(r"-?\d+", digits):
        raise ContentError(
            path,
            f"'participants' of the event is not a number: '{text}'",
            "write the number of people who took part, in digits: 'participants: 120'",
            line,
        )
    count = int(digits)
    if count < 0:
        raise ContentError(
            path,
            f"'participants' of the event is negative: {count}",
            "write the number of people who took part (0 or more)",
            line,
        )
    return count


def _url(value: Any, path: Path, line: int | None) -> str | None:
    text = _text(value, path, line, "online_url")
    if text is None:
        return None
    if not re.match(r"^https?://[^\s/]+", text, re.IGNORECASE):
        raise ContentError(
            path,
            f"'online_url' of the event is not a web address: '{text}'",
            "write the full address of the online meeting, starting with https://",
            line,
        )
    return text


def _did_you_mean(key: Any, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(
        str(key).strip().lower().replace("-", "_"), known, n=1, cutoff=0.6
    )
    if close:
        return f"did you mean '{close[0]}'? Rename it to '{close[0]}'"
    return "use one of: " + ", ".join(known)


def build_date(settings: dict[str, Any], environ: dict[str, str] | None = None) -> date:
    """The day the build treats as today, which decides what is upcoming."""
    return build_moment(settings, environ).date()


def build_moment(settings: dict[str, Any], environ: dict[str, str] | None = None) -> datetime:
    """The moment the build treats as now, in Vietnam time: it decides which scheduled
    stories are out and which events are upcoming.

    ``PORTAL_BUILD_DATE`` in the environment, else the setting of that name, else
    now. A date (``2026-11-30``) stands for the end of that day, so that every story
    of the day is out, as it would be in a build run that evening; a date and time
    (``2026-11-30 09:00``, Vietnam time unless it names an offset) for itself.
    """
    environ = os.environ if environ is None else environ
    given = environ.get(BUILD_DATE_VARIABLE) or settings.get(BUILD_DATE_VARIABLE)
    if not given:
        return datetime.now(TIMEZONE)
    if isinstance(given, datetime):
        return _in_vietnam(given)
    if isinstance(given, date):
        return _end_of(given)
    text = str(given).strip()
    try:
        if _DAY.match(text):
            return _end_of(date.fromisoformat(text))
        return _in_vietnam(datetime.fromisoformat(re.sub(r"\s+(?=[+-]\d\d:?\d\d$)", "", text)))
    except ValueError:
        raise ContentError(
            BUILD_DATE_VARIABLE,
            f"the build date is not a date: '{given}'",
            "write it as 2026-11-30 or 2026-11-30 09:00, or leave it unset for now",
        ) from None


def _end_of(day: date) -> datetime:
    return datetime.combine(day, datetime.max.time(), TIMEZONE)


def _in_vietnam(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TIMEZONE)
    return moment.astimezone(TIMEZONE)


def ical_end(event: Event) -> datetime | date:
    """DTEND as iCalendar wants it: the day after the last one for all-day events."""
    return event.end + timedelta(days=1) if event.all_day else event.end
