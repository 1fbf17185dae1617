"""The events page of a language: upcoming events first (soonest first), then
past ones grouped by month (latest month first).

What is upcoming depends on the build date (``vnportal/model/events.py``:
``build_date``), which the build decides once and gives each language's run (``today``); the
page's key includes it, so an incremental build the next day makes the page
again when an event has passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..incremental.page_keys import content_digest
from ..model.digests import digest
from .calendar import calendar_url, event_stories
from .feeds import feed_origin
from .run import run_today


@dataclass
class EventListing:
    """What the events page shows, decided once per run."""

    today: date
    upcoming: list[Any] = field(default_factory=list)  # soonest first
    past_months: list[tuple[date, list[Any]]] = field(default_factory=list)  # latest first
    calendar_url: str = ""  # site-relative
    webcal_url: str = ""  # absolute, webcal://
    https_url: str = ""  # absolute

    @property
    def key(self) -> str:
        """What the page shows: the day it is built and every event story."""
        stories = [*self.upcoming, *(story for _, group in self.past_months for story in group)]
        return digest(self.today.isoformat(), *(content_digest(story) for story in stories))


def event_listing(articles: list[Any], settings: dict[str, Any], lang: str) -> EventListing:
    today = run_today(settings)
    stories = event_stories(articles)
    listing = EventListing(today)
    listing.upcoming = [story for story in stories if story.event.upcoming(today)]
    past = [story for story in reversed(stories) if not story.event.upcoming(today)]
    for story in past:
        month = story.event.start_day.replace(day=1)
        if not listing.past_months or listing.past_months[-1][0] != month:
            listing.past_months.append((month, []))
        listing.past_months[-1][1].append(story)
    listing.calendar_url = calendar_url(settings, lang)
    absolute = f"{feed_origin(settings)}/{listing.calendar_url}"
    listing.https_url = absolute
    listing.webcal_url = "webcal://" + absolute.split("://", 1)[1]
    return listing


def plan_event_listing(generator: Any) -> None:
    """After the articles are read: the events page's lists, for its template."""
    settings = generator.settings
    generator.context["event_listing"] = event_listing(
        generator.articles, settings, settings["PORTAL_LANG"]
    )
