"""The page numbers under a long list: first, last, and two either side of the current one."""

from __future__ import annotations

import gc
import gettext
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"


def _expected(current: int, total: int) -> list[str]:
    """The rule, written plainly over every page number."""
    shown: list[str] = []
    for n in range(1, total + 1):
        if n in (1, total) or abs(n - current) <= 2:
            shown.append(str(n))
        elif n in (2, total - 1):
            shown.append("…")
    return shown


class _Paginator:
    def __init__(self, total: int) -> None:
        self.num_pages = total

    def page(self, n: int) -> SimpleNamespace:
        return SimpleNamespace(url="tags/hoa-giai/" if n == 1 else f"tags/hoa-giai/page/{n}/")


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(gettext.NullTranslations(), newstyle=True)
    env.globals["_"] = env.globals["gettext"]
    return env


def _html(current: int, total: int) -> str:
    paginator = _Paginator(total)
    page = SimpleNamespace(
        number=current,
        has_previous=lambda: current > 1,
        has_next=lambda: current < total,
    )
    return (
        _environment()
        .get_template("partials/pagination.html")
        .render(
            SITEURL="https://stp.example.gov.vn",
            articles_paginator=paginator,
            articles_page=page,
            articles_previous_page=paginator.page(current - 1),
            articles_next_page=paginator.page(current + 1),
        )
    )


def _render(current: int, total: int) -> BeautifulSoup:
    return BeautifulSoup(_html(current, total), "html.parser")


def test_every_list_length_shows_the_plain_rule_and_marks_the_current_page():
    for total in range(2, 16):
        for current in range(1, total + 1):
            soup = _render(current, total)
            items = soup.select(".pagination-list li:not(.pagination-prev):not(.pagination-next)")
            shown = [item.get_text().replace("Page", "").strip() for item in items]
            assert shown == _expected(current, total), (current, total)
            assert [a.get_text() for a in soup.select("a[aria-current=page]")] == [
                f"Page {current}"
            ]
            assert soup.select_one(".pagination-status").get_text() == f"Page {current} of {total}"


def test_a_long_list_links_its_far_pages_by_their_addresses():
    soup = _render(2500, 5000)
    hrefs = [a["href"] for a in soup.select(".pagination-list a")]
    base = "https://stp.example.gov.vn/tags/hoa-giai/"
    assert hrefs == [
        f"{base}page/2499/",  # previous
        base,
        *(f"{base}page/{n}/" for n in range(2498, 2503)),
        f"{base}page/5000/",
        f"{base}page/2501/",  # next
    ]
    assert len(soup.select(".pagination-gap")) == 2


def test_a_list_of_one_page_has_no_page_numbers():
    assert _render(1, 1).select(".pagination") == []


def test_rendering_the_page_numbers_leaves_nothing_for_the_cycle_collector():
    """The language workers render with the collector off: a reference cycle made per
    page (a macro does: it and the page's context refer to each other) keeps every
    page's context to the end, hundreds of megabytes for the lists of a large archive."""
    _html(3, 10)  # the template compiled and cached
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for current in range(1, 11):
            _html(current, 10)
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
