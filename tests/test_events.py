"""Events in the built sample portal: the event box, schema.org Event, and .ics files."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, datetime
from pathlib import Path

import icalendar
import vobject
from bs4 import BeautifulSoup

from vnportal.model.vietnamese import TIMEZONE

SEED = "2024/07/tap-huan-ky-nang-pbgdpl/"
ORIGIN = "http://127.0.0.1:8000"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def event_data(page: BeautifulSoup) -> dict:
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert [block["@type"] for block in blocks] == ["NewsArticle", "Event", "BreadcrumbList"]
    return blocks[1]


def ics_files(built_site: Path) -> list[Path]:
    return sorted(built_site.rglob("*.ics"))


def test_event_story_shows_when_where_who_status_and_a_calendar_link(built_site):
    box = parse(built_site / SEED / "index.html").select_one(".event-box")
    facts = [" ".join(dd.get_text(" ").split()) for dd in box.select("dd")]
    assert facts[0] == "Thứ Năm, 11/07/2024, 08:00–11:30"
    assert facts[1].startswith("Hội trường Sở Tư pháp tỉnh Tiền Giang")
    assert "Sở Tư pháp tỉnh Tiền Giang" in facts and "120" in facts and "Theo kế hoạch" in facts
    link = box.select_one(".event-box-calendar a")
    assert link.get_text() == "Thêm vào lịch" and link.has_attr("download")
    assert (built_site / link["href"].lstrip("/")).is_file()
    english = parse(built_site / "en" / SEED / "index.html").select_one(".event-box")
    assert english.select_one("dd").get_text() == "Thursday, 11 July 2024, 08:00–11:30"
    assert english.select_one(".event-box-calendar a").get_text() == "Add to calendar"


def test_events_across_days_and_cancelled_ones_say_so(built_site):
    law_day = parse(built_site / "2024/11/ngay-phap-luat-2024/index.html")
    assert law_day.select_one(".event-box dd").get_text() == "08/11/2024 – 09/11/2024"
    cancelled = parse(built_site / "2026/11/hoan-tro-giup-phap-ly-luu-dong-tan-phu-dong/index.html")
    assert cancelled.select_one(".event-status-cancelled").get_text() == "Đã hủy"


def test_event_story_carries_schema_org_event_beside_the_news_article(built_site):
    data = event_data(parse(built_site / SEED / "index.html"))
    assert data["name"] == "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật"
    assert (data["startDate"], data["endDate"]) == (
        "2024-07-11T08:00:00+07:00",
        "2024-07-11T11:30:00+07:00",
    )
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["streetAddress"].startswith("Số 6 Lê Lợi")
    assert data["organizer"] == {"@type": "Organization", "name": "Sở Tư pháp tỉnh Tiền Giang"}
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["inLanguage"] == "vi" and data["url"] == f"{ORIGIN}/{SEED}"
    cancelled = parse(built_site / "2026/11/hoan-tro-giup-phap-ly-luu-dong-tan-phu-dong/index.html")
    assert event_data(cancelled)["eventStatus"] == "https://schema.org/EventCancelled"
    all_day = event_data(parse(built_site / "2024/11/ngay-phap-luat-2024/index.html"))
    assert (all_day["startDate"], all_day["endDate"]) == ("2024-11-08", "2024-11-09")


def test_every_ics_parses_back_with_the_event_fields(built_site):
    files = ics_files(built_site)
    assert len(files) == 8 + 4 + 2  # one per event story of each language, one calendar each
    for path in files:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = calendar.walk("VEVENT")
        assert events, path
        for event in events:
            for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "STATUS"):
                assert name in event, (path, name)
            assert event["URL"].startswith(f"{ORIGIN}/")
            assert event["STATUS"] in ("CONFIRMED", "TENTATIVE", "CANCELLED")
            start = event.decoded("DTSTART")
            if isinstance(start, datetime):
                assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
                assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]


def test_one_event_file_holds_that_event_as_the_story_says(built_site):
    path = built_site / SEED / "tap-huan-ky-nang-pbgdpl.ics"
    (event,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2024, 7, 11, 8, 0, tzinfo=TIMEZONE)
    assert event.decoded("DTEND") == datetime(2024, 7, 11, 11, 30, tzinfo=TIMEZONE)
    assert str(event["SUMMARY"]) == "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật"
    assert str(event["LOCATION"]).startswith("Hội trường Sở Tư pháp tỉnh Tiền Giang, Số 6 Lê Lợi")
    assert "Phó Giám đốc Sở Tư pháp" in str(event["DESCRIPTION"])
    assert str(event["UID"]) == "vi/2024/07/tap-huan-ky-nang-pbgdpl.md@127.0.0.1"
    assert str(event["URL"]) == f"{ORIGIN}/{SEED}"
    law_day = built_site / "2024/11/ngay-phap-luat-2024/ngay-phap-luat-2024.ics"
    (all_day,) = icalendar.Calendar.from_ical(law_day.read_bytes()).walk("VEVENT")
    assert (all_day.decoded("DTSTART"), all_day.decoded("DTEND")) == (
        date(2024, 11, 8),
        date(2024, 11, 10),  # iCalendar's end of an all-day event is the day after
    )


def test_language_calendars_open_in_a_second_parser_as_a_client_reads_them(built_site):
    for relpath, count in (("su-kien/su-kien.ics", 8), ("en/events/events.ics", 4)):
        text = (built_site / relpath).read_bytes().decode("utf-8")
        calendar = vobject.readOne(text)
        events = calendar.contents["vevent"]
        assert len(events) == count
        uids = [event.uid.value for event in events]
        assert len(set(uids)) == count
        starts = [event.dtstart.value for event in events]
        assert all(isinstance(start, (date, datetime)) for start in starts)
        for event in events:
            start = event.dtstart.value
            if isinstance(start, datetime):
                assert start.utcoffset().total_seconds() == 7 * 3600


def test_ics_files_follow_the_rfc_5545_line_rules(built_site):
    for path in ics_files(built_site):
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        lines = raw.split(b"\r\n")[:-1]
        assert all(len(line) <= 75 for line in lines), path
        unfolded = [line for line in lines if not line.startswith(b" ")]
        assert unfolded[0] == b"BEGIN:VCALENDAR" and unfolded[-1] == b"END:VCALENDAR"
        begins = [line[6:] for line in unfolded if line.startswith(b"BEGIN:")]
        ends = [line[4:] for line in unfolded if line.startswith(b"END:")]
        assert sorted(begins) == sorted(ends)
        assert all(b":" in line for line in unfolded), path


def test_local_server_sends_calendars_as_text_calendar(site_server):
    with urllib.request.urlopen(f"{site_server}/su-kien/su-kien.ics") as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
