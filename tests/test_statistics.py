"""The statistics page: events held and participants per year, month and category,
as SVG charts whose numbers are those of the tables beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vnportal.build.site import build_site

from .corpus import ROOT


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal built as on 30 November 2026."""
    output = tmp_path_factory.mktemp("statistics") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_BUILD_DATE", "2026-11-30")
        build_site(ROOT / "pelicanconf.py", output)
    return output


def page(output: Path, relpath: str = "so-lieu/index.html") -> BeautifulSoup:
    return BeautifulSoup((output / relpath).read_text(encoding="utf-8"), "html.parser")


def chart_values(svg) -> dict[str, int]:
    return {rect["data-label"]: int(rect["data-value"]) for rect in svg.select("rect.chart-bar")}


def table_values(page: BeautifulSoup, chart_id: str) -> dict[str, int]:
    values = {}
    for cell in page.select(f'td[data-chart="{chart_id}"]'):
        heading = cell.find_parent("tr").find("th")
        label = heading.get("data-chart-label") or heading.get_text()
        values[label] = int(cell.get_text().replace(".", "").replace(",", ""))
    return values


# Events and participants: per year, per month of each year with events, by category.
@pytest.mark.parametrize(
    ("relpath", "charts"),
    [("so-lieu/index.html", 2 + 3 * 2 + 2), ("en/statistics/index.html", 2 + 2 * 2 + 2)],
)
def test_every_chart_shows_the_numbers_of_its_table(sample, relpath, charts):
    statistics = page(sample, relpath)
    svgs = statistics.select("svg[data-chart]")
    assert len(svgs) == charts
    for svg in svgs:
        values = chart_values(svg)
        assert values == table_values(statistics, svg["data-chart"]), svg["data-chart"]
        assert svg["role"] == "img"
        title, desc = svg.find("title"), svg.find("desc")
        assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
        assert desc.get_text() == "; ".join(f"{k}: {v}" for k, v in values.items()) + "."


def test_sample_figures_per_year_count_held_events_and_their_participants(sample):
    statistics = page(sample)
    assert chart_values(statistics.select_one('svg[data-chart="events-per-year"]')) == {
        "2024": 4,
        "2025": 1,
        "2026": 1,  # the cancelled session and the December contest are not counted
    }
    participants = statistics.select_one('svg[data-chart="participants-per-year"]')
    assert chart_values(participants) == {"2024": 955, "2025": 150, "2026": 800}
    months = chart_values(statistics.select_one('svg[data-chart="events-per-month-2024"]'))
    assert months == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "6": 0, "7": 1, "8": 0, "9": 0,
                      "10": 0, "11": 1, "12": 0}  # fmt: skip
    categories = chart_values(statistics.select_one('svg[data-chart="events-per-category"]'))
    assert sum(categories.values()) == 6


def test_bars_are_as_tall_as_their_values(sample):
    svg = page(sample).select_one('svg[data-chart="participants-per-year"]')
    heights = {rect["data-label"]: float(rect["height"]) for rect in svg.select("rect")}
    assert heights["2024"] == 200.0
    assert heights["2026"] == pytest.approx(200 * 800 / 955, abs=0.1)


def test_statistics_pages_pair_across_languages(sample):
    english = page(sample, "en/statistics/index.html")
    assert english.find("h1").get_text() == "Statistics"
    assert page(sample).find("h1").get_text() == "Số liệu"
    alternates = {link["hreflang"]: link["href"] for link in english.select("link[hreflang]")}
    assert alternates["vi"].endswith("/so-lieu/")
