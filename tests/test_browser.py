"""The built portal as a reader sees it in Chromium: accessible, local, keyboard-usable.

Each page is opened once per viewport; the visit records what the checks need
(axe-core results, widths, requests, console messages, the first Tab stop).
Set SCREENSHOT_DIR to keep full-page screenshots of every visit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Playwright, Route

from .chromium import CHROMIUM, CHROMIUM_ARGS, missing_tool

pytestmark = pytest.mark.browser

LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the page (inline images, generated blobs).
LOCAL_SCHEMES = {"data", "blob", "about"}

SEED = "2024/07/tap-huan-ky-nang-pbgdpl/"
PAGES = {
    "home-vi": "/",
    "article-vi": f"/{SEED}",
    "home-en": "/en/",
    "article-en": f"/en/{SEED}",
    "tags-vi": "/tags/",
    "tag-vi": "/tags/hoa-giai-o-co-so/",
    "feeds-vi": "/feeds/",
    "tags-en": "/en/tags/",
    "feeds-en": "/en/feeds/",
    "home-page-2-vi": "/page/2/",
    "categories-vi": "/categories/",
    "category-vi": "/categories/hoa-giai-o-co-so/",
    "authors-vi": "/authors/",
    "author-vi": "/authors/cao-thang/",
    "archives-vi": "/archives/",
    "year-vi": "/archives/2024/",
    "about-vi": "/gioi-thieu/",
    "not-found-vi": "/404.html",
    "untranslated-vi": "/2025/03/hoi-thi-hoa-giai-vien-gioi/",
    "events-vi": "/su-kien/",
    "events-en": "/en/events/",
    "statistics-vi": "/so-lieu/",
    "statistics-en": "/en/statistics/",
    "tag-en": "/en/tags/grassroots-mediation/",
    "category-en": "/en/categories/legal-dissemination/",
    "author-en": "/en/authors/cao-thang/",
    "archives-en": "/en/archives/",
    "about-en": "/en/about/",
    "not-found-en": "/en/404.html",
    "search-vi": "/tim-kiem/?q=h%C3%B2a%20gi%E1%BA%A3i",
    "search-en": "/en/search/?q=mediation",
    # Feeds become pages through their XSLT stylesheet (skipped where Chromium has no XSLT;
    # test_feed_without_xslt_still_explains_itself covers that case).
    "feed-rss-vi": "/feeds/all.rss.xml",
    "feed-atom-en": "/en/feeds/all.atom.xml",
}
XSLT_SUPPORTED = "() => typeof XSLTProcessor !== 'undefined'"
VIEWPORTS = {"360": (360, 800), "1280": (1280, 900)}

FIRST_TAB_STOP = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        href: el.getAttribute('href'),
        text: (el.textContent || '').trim(),
        html: el.outerHTML.slice(0, 200),
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""


@dataclass
class Visit:
    """What one page load at one viewport showed."""

    name: str
    url: str
    status: int | None = None
    violations: list[dict[str, Any]] = field(default_factory=list)
    scroll_width: int = 0
    client_width: int = 0
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    first_tab: dict[str, Any] | None = None
    has_main: bool = False
    without_xslt: bool = False  # a feed that this Chromium cannot turn into a page


def screenshot_path(name: str, width: str) -> Path | None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path / f"{name}-{width}.png"


def visit_page(browser: Browser, base_url: str, name: str, viewport: str) -> Visit:
    width, height = VIEWPORTS[viewport]
    visit = Visit(name=f"{name} @ {viewport}px", url=base_url + PAGES[name])
    context = browser.new_context(viewport={"width": width, "height": height})

    def guard(route: Route) -> None:
        # Anything not served by the local server is recorded and never fetched.
        parts = urlsplit(route.request.url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == LOCAL_HOST:
            route.continue_()
        else:
            visit.foreign_requests.append(route.request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            visit.console_errors.append(f"{message.text} ({where})")

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("websocket", lambda socket: visit.foreign_requests.append(f"websocket {socket.url}"))
    try:
        response = page.goto(visit.url, wait_until="load")
        visit.status = response.status if response else None
        if name.startswith("feed-") and not page.evaluate(XSLT_SUPPORTED):
            visit.without_xslt = True
            return visit
        page.evaluate("document.fonts.ready.then(() => true)")
        if name.startswith("search-"):  # checked with its results shown
            page.wait_for_selector(".search-result", timeout=20_000)

        # Keyboard first: nothing has focus yet, as for a reader who just arrived.
        page.keyboard.press("Tab")
        visit.first_tab = page.evaluate(FIRST_TAB_STOP)
        visit.has_main = page.evaluate("() => document.getElementById('main') !== null")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")

        visit.scroll_width, visit.client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        visit.violations = Axe().run(page).response["violations"]

        shot = screenshot_path(name, viewport)
        if shot is not None:
            page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    return visit


@pytest.fixture(
    scope="module",
    params=[(name, vp) for name in PAGES for vp in VIEWPORTS],
    ids=[f"{name}-{vp}" for name in PAGES for vp in VIEWPORTS],
)
def visit(request: pytest.FixtureRequest, browser: Browser, site_server: str) -> Visit:
    name, viewport = request.param
    visit = visit_page(browser, site_server, name, viewport)
    if visit.without_xslt:
        pytest.skip(f"{visit.url}: this Chromium has no XSLT")
    return visit


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            snippet = " ".join(node.get("html", "").split())[:160]
            lines.append(f"    {target}  {snippet}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      {summary}")
    return "\n".join(lines)


def test_page_is_served(visit: Visit) -> None:
    assert visit.status == 200, f"{visit.url} answered {visit.status}"


def test_axe_core_finds_no_accessibility_violations(visit: Visit) -> None:
    assert not visit.violations, (
        f"{visit.name} ({visit.url}) has {len(visit.violations)} axe violation(s):\n"
        + describe_violations(visit.violations)
    )


def test_page_never_scrolls_sideways(visit: Visit) -> None:
    assert visit.scroll_width <= visit.client_width, (
        f"{visit.name}: content is {visit.scroll_width}px wide in a {visit.client_width}px window"
    )


def test_page_loads_nothing_from_other_hosts(visit: Visit) -> None:
    requests = "\n  ".join(visit.foreign_requests)
    assert not visit.foreign_requests, f"{visit.name} asked other hosts for:\n  {requests}"


def test_page_logs_no_console_errors(visit: Visit) -> None:
    errors = "\n  ".join(visit.console_errors)
    assert not visit.console_errors, f"{visit.name} logged:\n  {errors}"


def test_first_tab_focuses_a_visible_skip_link_to_main(visit: Visit) -> None:
    stop = visit.first_tab
    assert stop is not None, f"{visit.name}: the first Tab focused nothing"
    assert stop["tag"] == "a" and stop["href"] == "#main", (
        f"{visit.name}: the first Tab focused {stop['html']}, not a skip link to #main"
    )
    assert stop["visible"], f"{visit.name}: the focused skip link is not on screen"
    assert visit.has_main, f"{visit.name}: the skip link points to #main, which is missing"


@pytest.mark.parametrize(
    ("path", "lang", "title", "explanation"),
    [
        (
            "/feeds/all.rss.xml",
            "vi",
            "Phổ biến, giáo dục pháp luật Tiền Giang",
            "Đây là một kênh tin RSS.",
        ),
        (
            "/en/feeds/tags/culture.atom.xml",
            "en",
            "Tag: culture – Tien Giang Legal Dissemination",
            "This page is a news feed.",
        ),
    ],
)
def test_feed_opens_as_a_page_that_says_how_to_follow_it(
    browser: Browser, site_server: str, path: str, lang: str, title: str, explanation: str
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_server + path)
        if not page.evaluate(XSLT_SUPPORTED):
            pytest.skip("this Chromium has no XSLT")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("main h1").inner_text() == title
        assert explanation in page.locator("main").inner_text()
        assert page.locator("main .card-title a").count() > 0
    finally:
        context.close()


def test_feed_without_xslt_still_explains_itself(
    playwright_instance: Playwright, site_server: str
) -> None:
    """Where XSLT is gone, the feed's CSS stylesheet shows the same notice and its stories."""
    if not CHROMIUM.is_file():
        missing_tool(f"{CHROMIUM} is missing")
    args = [arg for arg in CHROMIUM_ARGS if not arg.startswith("--disable-features=")]
    args.append("--disable-features=XSLT,GenerateXSLTWarningBanner")
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=args)
    try:
        page = browser.new_page()
        page.goto(site_server + "/feeds/all.rss.xml")
        notice = page.evaluate(
            "() => getComputedStyle(document.documentElement, '::before').content"
        )
        assert "Đây là một kênh tin RSS." in notice
        assert page.locator("channel > title").is_visible()
        assert page.locator("item > title").first.is_visible()
        assert not page.locator("item > description").first.evaluate(
            "el => getComputedStyle(el).display === 'none'"
        )
    finally:
        browser.close()
