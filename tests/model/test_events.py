"""The event block of a story: what it reads, and what it refuses at which line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from vnportal.model.errors import ContentError
from vnportal.model.events import build_date, ical_end
from vnportal.model.frontmatter import read_story
from vnportal.model.vietnamese import TIMEZONE

HEAD = "---\ntitle: Hội nghị\ndate: 2024-07-11 11:17 +07:00\nevent:\n"


def read(tmp_path: Path, block: str):
    path = tmp_path / "a.md"
    path.write_text(HEAD + block + "---\n\nNội dung.\n", encoding="utf-8")
    return read_story(path)


def refused(tmp_path: Path, block: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        read(tmp_path, block)
    return caught.value


def test_full_event_block_is_read_in_vietnam_time(tmp_path):
    event = read(
        tmp_path,
        "  start: 2024-07-11 08:00 +07:00\n  end: 2024-07-11 11:30\n"
        "  location:\n    name: Hội trường Sở Tư pháp\n    address: Số 6 Lê Lợi\n"
        "  organizer: Sở Tư pháp\n  audience: Hòa giải viên\n  participants: 120\n"
        "  online_url: https://hop.example.vn/a\n  status: postponed\n",
    ).event
    assert event.start == datetime(2024, 7, 11, 8, 0, tzinfo=TIMEZONE)
    assert event.end == datetime(2024, 7, 11, 11, 30, tzinfo=TIMEZONE)
    assert (event.location, event.address) == ("Hội trường Sở Tư pháp", "Số 6 Lê Lợi")
    assert (event.organizer, event.audience, event.participants) == (
        "Sở Tư pháp",
        "Hòa giải viên",
        120,
    )
    assert (event.online_url, event.status, event.all_day, event.multi_day) == (
        "https://hop.example.vn/a",
        "postponed",
        False,
        False,
    )


def test_dates_alone_make_an_all_day_event_whose_end_is_inclusive(tmp_path):
    event = read(tmp_path, "  start: 2024-11-08\n  end: 2024-11-09\n  location: Mỹ Tho\n").event
    assert (event.start, event.end, event.all_day, event.multi_day) == (
        date(2024, 11, 8),
        date(2024, 11, 9),
        True,
        True,
    )
    assert ical_end(event) == date(2024, 11, 10)
    assert event.status == "scheduled" and event.upcoming(date(2024, 11, 9))
    assert not event.upcoming(date(2024, 11, 10))


def test_event_without_end_ends_when_it_starts(tmp_path):
    event = read(tmp_path, "  start: 2025-03-01 14:00\n").event
    assert event.end == event.start


@pytest.mark.parametrize(
    ("block", "line", "words"),
    [
        (
            "  start: 2024-07-11 08:00\n  end: 2024-07-10 08:00\n",
            6,
            "ends (2024-07-10 08:00) before",
        ),
        ("  start: 2024-07-11 08:00\n  end: 2024-07-11 07:59\n", 6, "before it starts"),
        ("  start: 2024-02-30\n", 5, "not a real date"),
        ("  start: 11/07/2024\n", 5, "not a date I can read"),
        ("  start: 2024-07-11\n  end: 2024-07-12 10:00\n", 6, "both dates"),
        ("  start: 2024-07-11\n  participants: -5\n", 6, "negative"),
        ("  start: 2024-07-11\n  participants: nhiều\n", 6, "not a number"),
        ("  start: 2024-07-11\n  online_url: javascript:alert(1)\n", 6, "not a web address"),
        ("  start: 2024-07-11\n  online_url: ftp://a.vn/x\n", 6, "not a web address"),
        ("  start: 2024-07-11\n  status: done\n", 6, "unknown event status 'done'"),
        ("  start: 2024-07-11\n  location:\n    adress: X\n", 7, "unknown field 'adress'"),
        ("  location: Mỹ Tho\n", 4, "has no start"),
        ("  start: 2024-07-11\n  organiser: Sở Tư pháp\n", 6, "unknown field 'organiser'"),
    ],
)
def test_bad_event_data_is_an_error_at_its_line(tmp_path, block, line, words):
    error = refused(tmp_path, block)
    assert words in error.problem and error.line == line, str(error)


def test_misspelt_event_key_says_which_was_meant(tmp_path):
    error = refused(tmp_path, "  start: 2024-07-11\n  organiser: Sở Tư pháp\n")
    assert "did you mean 'organizer'?" in error.fix
    assert "'cancelled'" in refused(tmp_path, "  start: 2024-07-11\n  status: canceled\n").fix


def test_thousands_separators_in_participants_are_read(tmp_path):
    assert read(tmp_path, "  start: 2024-07-11\n  participants: 1.200\n").event.participants == 1200


def test_build_date_comes_from_the_environment_then_the_setting_then_today():
    assert build_date({"PORTAL_BUILD_DATE": "2026-11-30"}, {}) == date(2026, 11, 30)
    assert build_date(
        {"PORTAL_BUILD_DATE": "2026-11-30"}, {"PORTAL_BUILD_DATE": "2025-01-02"}
    ) == date(2025, 1, 2)
    assert build_date({}, {}) == datetime.now(TIMEZONE).date()
    with pytest.raises(ContentError):
        build_date({}, {"PORTAL_BUILD_DATE": "mai"})
