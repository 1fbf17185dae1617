"""The statistics page: events held and their participants per year, per month
and by category, as bar charts drawn at build time (SVG) and the same numbers
in tables: the figures a Department of Justice reports each year.

An event counts once it has begun on or before the build date, unless it was
cancelled; ``participants`` left out count as 0.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model.vietnamese import month_names, sort_key
from .calendar import event_stories
from .run import run_today

# The drawing area of every chart, in SVG user units (the SVG scales to its column).
CHART_WIDTH = 640
COLUMN_HEIGHT = 200  # tallest bar of a column chart
LABEL_SPACE = 28  # below the columns, for their labels
VALUE_SPACE = 22  # above the tallest bar, for its value
ROW_HEIGHT = 46  # one label line and one bar, in a bar chart of long names


@dataclass(frozen=True)
class Figure:
    """Events held and people who took part, in one year, month or category."""

    label: str
    events: int
    participants: int


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    """One bar chart: its name and description for screen readers, and its bars."""

    id: str
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    horizontal: bool

    @property
    def description(self) -> str:
        """Every value in words, for readers who cannot see the bars."""
        return "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars) + "."


@dataclass(frozen=True)
class YearFigures:
    year: int
    total: Figure
    months: tuple[Figure, ...]  # twelve, January first


@dataclass(frozen=True)
class Statistics:
    today: date
    years: tuple[YearFigures, ...]  # latest first
    categories: tuple[Figure, ...]  # most events first

    @property
    def key(self) -> str:
        """Everything the page shows, for incremental builds."""
        return repr(self)

    def per_year(self, kind: str) -> list[tuple[str, int]]:
        """(year, events or participants), oldest year first, as a chart reads."""
        return [(year.total.label, getattr(year.total, kind)) for year in reversed(self.years)]

    def per_month(self, year: YearFigures, kind: str) -> list[tuple[str, int]]:
        return [(str(number), getattr(month, kind)) for number, month in enumerate(year.months, 1)]

    def per_category(self, kind: str) -> list[tuple[str, int]]:
        return [(category.label, getattr(category, kind)) for category in self.categories]


def held_events(articles: list[Any], today: date) -> list[Any]:
    """Event stories whose event has begun by ``today`` and was not cancelled."""
    return [
        story
        for story in event_stories(articles)
        if story.event.status != "cancelled" and story.event.start_day <= today
    ]


def plan_statistics(generator: Any) -> None:
    """After the articles are read: the statistics page's figures, for its template."""
    settings = generator.settings
    names = month_names(settings["PORTAL_LANG"])
    generator.context["statistics"] = statistics(generator.articles, settings, names)


def statistics(articles: list[Any], settings: dict[str, Any], month_names: list[str]) -> Statistics:
    today = run_today(settings)
    held = held_events(articles, today)
    by_month: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for story in held:
        people = story.event.participants or 0
        for counts in (
            by_month[story.event.start_day.year, story.event.start_day.month],
            by_category[story.category.name if story.category else ""],
        ):
            counts[0] += 1
            counts[1] += people
    years = []
    for year in sorted({year for year, _ in by_month}, reverse=True):
        months = tuple(
            Figure(month_names[month - 1], *by_month.get((year, month), (0, 0)))
            for month in range(1, 13)
        )
        total = Figure(
            str(year), sum(m.events for m in months), sum(m.participants for m in months)
        )
        years.append(YearFigures(year, total, months))
    categories = sorted(
        (Figure(name, *counts) for name, counts in by_category.items()),
        key=lambda figure: (-figure.events, sort_key(figure.label)),
    )
    return Statistics(today, tuple(years), tuple(categories))


def column_chart(chart_id: str, title: str, data: list[tuple[str, int]]) -> Chart:
    """Vertical bars side by side, each labelled below and with its value above."""
    highest = max((value for _, value in data), default=0) or 1
    slot = CHART_WIDTH / max(len(data), 1)
    bars = []
    for number, (label, value) in enumerate(data):
        height = round(COLUMN_HEIGHT * value / highest, 1)
        x = round(number * slot + slot * 0.15, 1)
        width = round(slot * 0.7, 1)
        y = round(VALUE_SPACE + COLUMN_HEIGHT - height, 1)
        middle = round(x + width / 2, 1)
        bars.append(
            Bar(
                label,
                value,
                x,
                y,
                width,
                height,
                middle,
                VALUE_SPACE + COLUMN_HEIGHT + 20,
                middle,
                y - 6,
            )
        )
    height = VALUE_SPACE + COLUMN_HEIGHT + LABEL_SPACE
    return Chart(chart_id, title, tuple(bars), CHART_WIDTH, height, False)


def bar_chart(chart_id: str, title: str, data: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per row, each under its (possibly long) label."""
    highest = max((value for _, value in data), default=0) or 1
    longest = CHART_WIDTH - 60  # room for the value after the longest bar
    bars = []
    for number, (label, value) in enumerate(data):
        top = number * ROW_HEIGHT
        width = round(longest * value / highest, 1)
        bars.append(Bar(label, value, 0, top + 22, width, 16, 0, top + 16, width + 6, top + 35))
    height = max(len(data), 1) * ROW_HEIGHT
    return Chart(chart_id, title, tuple(bars), CHART_WIDTH, height, True)
