"""The events page of each language, relative to a fixed build date."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vnportal.build.site import build_site

from .corpus import story, write_corpus


def event(start: str, end: str = "", status: str = "") -> str:
    fields = [f"  start: {start}"] + ([f"  end: {end}"] if end else [])
    fields += ["  location: Hội trường"] + ([f"  status: {status}"] if status else [])
    return "\n" + "\n".join(fields)


FILES = {
    "vi/2024/07/tap-huan.md": story(
        "Tập huấn", event=event("2024-07-11 08:00", "2024-07-11 11:30")
    ),
    "vi/2024/07/hoi-thao.md": story("Hội thảo", event=event("2024-07-25 14:00")),
    "vi/2024/11/ngay-phap-luat.md": story(
        "Ngày Pháp luật", date="2024-11-01 08:00", event=event("2024-11-08", "2024-11-09")
    ),
    "vi/2024/11/hoi-thi.md": story(
        "Hội thi", date="2024-11-02 08:00", event=event("2024-12-16 07:30", status="cancelled")
    ),
    "vi/2024/11/luu-dong.md": story(
        "Lưu động", date="2024-11-03 08:00", event=event("2024-12-02 07:30")
    ),
    "vi/2024/10/khong-phai-su-kien.md": story("Tin thường", date="2024-10-01 08:00"),
    "en/2024/07/tap-huan.md": story(
        "Training", event=event("2024-07-11 08:00", "2024-07-11 11:30")
    ),
}


def build(tmp_path: Path, day: str, monkeypatch, name: str = "output", **options) -> Path:
    monkeypatch.setenv("PORTAL_BUILD_DATE", day)
    settings = write_corpus(tmp_path, FILES, f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    build_site(settings, tmp_path / name, **options)
    return tmp_path / name


def titles(section) -> list[str]:
    return [a.get_text() for a in section.select(".event-item-title a")]


def page(output: Path, relpath: str = "su-kien/index.html") -> BeautifulSoup:
    return BeautifulSoup((output / relpath).read_text(encoding="utf-8"), "html.parser")


def test_upcoming_events_come_first_soonest_first_then_past_ones_by_month(tmp_path, monkeypatch):
    events = page(build(tmp_path, "2024-11-09", monkeypatch))
    upcoming, past = events.select(".events-section")
    # An event still going on on the build date is upcoming.
    assert titles(upcoming) == ["Ngày Pháp luật", "Lưu động", "Hội thi"]
    assert [h.get_text() for h in past.select(".event-month")] == ["Tháng 7/2024"]
    assert titles(past) == ["Hội thảo", "Tập huấn"]
    assert "Tin thường" not in events.get_text()
    cancelled = upcoming.select(".event-item")[2]
    assert cancelled.select_one(".event-status-cancelled").get_text() == "Đã hủy"


def test_events_move_to_the_past_as_the_build_date_passes_them(tmp_path, monkeypatch):
    events = page(build(tmp_path, "2024-12-03", monkeypatch))
    upcoming, past = events.select(".events-section")
    assert titles(upcoming) == ["Hội thi"]
    assert [h.get_text() for h in past.select(".event-month")] == [
        "Tháng 12/2024",
        "Tháng 11/2024",
        "Tháng 7/2024",
    ]
    assert titles(past) == ["Lưu động", "Ngày Pháp luật", "Hội thảo", "Tập huấn"]


def test_events_page_links_the_calendar_as_webcal_and_https_in_each_language(tmp_path, monkeypatch):
    output = build(tmp_path, "2024-11-09", monkeypatch)
    links = [a["href"] for a in page(output).select(".events-subscribe ul a")]
    assert links == [
        "webcal://127.0.0.1:8000/su-kien/su-kien.ics",
        "http://127.0.0.1:8000/su-kien/su-kien.ics",
    ]
    english = page(output, "en/events/index.html")
    assert english.find("h1").get_text() == "Events"
    assert english.select_one(".events-subscribe a")["href"].endswith("/en/events/events.ics")
    assert english.find("html")["lang"] == "en"
    alternates = {link["hreflang"]: link["href"] for link in english.select("link[hreflang]")}
    assert alternates["vi"].endswith("/su-kien/")


def test_an_incremental_build_on_a_later_day_equals_a_cold_build(tmp_path, monkeypatch):
    build(tmp_path, "2024-11-09", monkeypatch)
    later = build(tmp_path, "2024-12-03", monkeypatch)
    cold = build(tmp_path, "2024-12-03", monkeypatch, "cold", use_cache=False)
    files = {p.relative_to(later): p.read_bytes() for p in later.rglob("*") if p.is_file()}
    again = {p.relative_to(cold): p.read_bytes() for p in cold.rglob("*") if p.is_file()}
    assert files == again
    assert titles(page(later).select(".events-section")[0]) == ["Hội thi"]


def test_a_build_date_that_is_not_a_date_stops_the_build(tmp_path, monkeypatch):
    from vnportal.model.errors import ContentError

    with pytest.raises(ContentError, match="build date"):
        build(tmp_path, "30/11/2026", monkeypatch)


def test_events_feed_lists_upcoming_events_soonest_first(tmp_path, monkeypatch):
    import feedparser

    output = build(tmp_path, "2024-11-09", monkeypatch)
    for fmt in ("rss", "atom"):
        feed = feedparser.parse((output / f"feeds/events.{fmt}.xml").read_bytes())
        assert [entry.title for entry in feed.entries] == ["Ngày Pháp luật", "Lưu động", "Hội thi"]
    english = feedparser.parse((output / "en/feeds/events.rss.xml").read_bytes())
    assert english.entries == []  # its one event is over
    events = page(output)
    announced = [link["href"] for link in events.select('link[rel="alternate"][type]')]
    assert "/feeds/events.rss.xml" in announced and "/feeds/events.atom.xml" in announced
    opml = (output / "feeds/feeds.opml").read_text(encoding="utf-8")
    assert "http://127.0.0.1:8000/feeds/events.rss.xml" in opml
