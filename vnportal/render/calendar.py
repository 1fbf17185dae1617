"""iCalendar files (RFC 5545) of events, written with the icalendar package.

Addresses, under each language's prefix ('' for Vietnamese, 'en/' for English):

    <story address><slug>.ics     one event, what "Add to calendar" downloads
    <events address><name>.ics    every event of the language, to subscribe to

Choices that keep calendars trustworthy:

- A UID is ``<lang>/<translation key>@<domain>``, the stable parts of the
  story's feed id (see feeds.py): a rebuild, a new title or a new slug updates the event in a
  subscriber's calendar instead of adding it again.
- Times carry ``TZID=Asia/Ho_Chi_Minh`` and the calendar its ``VTIMEZONE``;
  all-day events are dates, their DTEND the day after the last one.
- DTSTAMP is the story's last modification, never the build time, so two
  builds are byte-identical.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..incremental.page_keys import content_digest
from ..model.digests import digest
from ..model.events import Event, ical_end
from ..model.vietnamese import TIMEZONE
from .feeds import FeedSite, feed_site, updated_time

# RFC 5545 has no "postponed": a postponed event is tentative until it has a new date.
ICAL_STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
# The events page of each language, when the settings do not name it.
EVENTS_ADDRESSES = {"vi": "su-kien/", "en": "events/"}
CALENDAR_NAMES = {"vi": "su-kien.ics", "en": "events.ics"}
MEDIA_TYPE = "text/calendar"


def event_stories(articles: list[Any]) -> list[Any]:
    """Stories with an event, soonest start first (then by address, for a stable order)."""
    with_event = [article for article in articles if getattr(article, "event", None)]
    return sorted(with_event, key=lambda article: (article.event.starts_at, article.url))


def event_file_url(article: Any) -> str:
    """Site-relative address of a story's own ``.ics`` (beside its page)."""
    return f"{article.url}{article.slug}.ics"


def events_page_url(settings: dict[str, Any], lang: str) -> str:
    """Site-relative address of the events page of ``lang`` (with the language prefix)."""
    addresses = settings.get("PORTAL_PAGE_ADDRESSES", {}).get("events", EVENTS_ADDRESSES)
    return f"{settings.get('LANG_PREFIX', '')}{addresses[lang]}"


def calendar_url(settings: dict[str, Any], lang: str) -> str:
    """Site-relative address of the calendar of every event of ``lang``."""
    return events_page_url(settings, lang) + CALENDAR_NAMES[lang]


def event_uid(article: Any, site: FeedSite) -> str:
    """``<lang>/<translation key>@<domain>``: the parts of the story's feed id that never change."""
    key = getattr(article, "translation_key", None) or Path(article.source_path).name
    return f"{site.lang}/{quote(key, safe='/')}@{site.options.id_domain}"


def render_calendar(articles: list[Any], site: FeedSite, title: str) -> bytes:
    """A calendar of the events of ``articles``, with the VTIMEZONE its times use."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{site.publisher}//vnportal//{site.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", str(TIMEZONE.key))
    for article in articles:
        calendar.add_component(_calendar_event(article, site))
    if any(not article.event.all_day for article in articles):
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _calendar_event(article: Any, site: FeedSite) -> CalendarEvent:
    event: Event = article.event
    permalink = site.absolute(article.url)
    entry = CalendarEvent()
    entry.add("uid", event_uid(article, site))
    entry.add("dtstamp", _utc(updated_time(article)))
    entry.add("dtstart", event.start)
    entry.add("dtend", ical_end(event))
    entry.add("summary", article.title)
    if event.location:
        entry.add("location", ", ".join(filter(None, (event.location, event.address))))
    entry.add("description", _description(article, event, permalink))
    entry.add("url", permalink)
    entry.add("status", ICAL_STATUS[event.status])
    if event.organizer:
        entry.add("x-portal-organizer", event.organizer)
    return entry


def _description(article: Any, event: Event, permalink: str) -> str:
    lines = [str(article.summary or "")]
    if event.organizer:
        lines.append(event.organizer)
    if event.online_url:
        lines.append(event.online_url)
    lines.append(permalink)
    return "\n".join(line for line in lines if line)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def write_calendars(generator: Any, writer: Any) -> None:
    """After the article pages are written: one ``.ics`` per event, one calendar of all."""
    settings = generator.settings
    site = feed_site(settings)
    salt = writer.reuse.salt(generator.context)
    stories = event_stories(generator.articles)
    for article in stories:
        url = event_file_url(article)
        key = digest(salt, url, content_digest(article))
        writer.write_bytes(url, key, partial(render_calendar, [article], site, article.title))
    url = calendar_url(settings, site.lang)
    key = digest(salt, url, site.name, *(content_digest(article) for article in stories))
    writer.write_bytes(url, key, partial(render_calendar, stories, site, site.name))
