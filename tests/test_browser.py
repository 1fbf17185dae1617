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
    "contacts-vi": "/lien-he/",
    "contacts-en": "/en/contacts/",
    "library-vi": "/van-ban/",
    "document-vi": "/van-ban/ke-hoach-15-kh-stp-2024/",
    "document-type-vi": "/van-ban/loai/ke-hoach/",
    "library-en": "/en/documents/",
    "document-en": "/en/documents/ke-hoach-15-kh-stp-2024/",
    "tag-en": "/en/tags/grassroots-mediation/",
    "category-en": "/en/categories/legal-dissemination/",
    "author-en": "/en/authors/cao-thang/",
    "archives-en": "/en/archives/",
    "about-en": "/en/about/",
    "not-found-en": "/en/404.html",
    "search-vi": "/tim-kiem/?q=h%C3%B2a%20gi%E1%BA%A3i",
    "search-en": "/en/search/?q=mediation",
}
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
    return visit_page(browser, site_server, name, viewport)


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


FEED_VIEW = """() => {
    const shown = (el) => el && getComputedStyle(el).display !== 'none'
        && el.getBoundingClientRect().height > 0;
    const entries = [...document.documentElement.querySelectorAll('item, entry')];
    const linkOf = (entry) => [...entry.children].find((child) => child.localName === 'link'
        && (child.getAttribute('rel') || 'alternate') === 'alternate');
    const titleOf = (entry) => [...entry.children].find((child) => child.localName === 'title');
    return {
        notice: getComputedStyle(document.documentElement, '::before').content,
        channelTitleShown: shown([...document.documentElement.querySelectorAll('title')][0]),
        entries: entries.map((entry) => ({
            title: titleOf(entry).textContent,
            titleShown: shown(titleOf(entry)),
            address: linkOf(entry).textContent,
            addressShown: shown(linkOf(entry)),
        })),
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
    };
}"""


@pytest.mark.parametrize(
    ("path", "explanation", "feeds_page"),
    [
        ("/feeds/all.rss.xml", "Đây là một kênh tin RSS.", "/feeds/"),
        ("/en/feeds/all.atom.xml", "This page is a news feed.", "/en/feeds/"),
        ("/en/feeds/tags/culture.atom.xml", "This page is a news feed.", "/en/feeds/"),
    ],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_feed_shows_every_entry_title_and_address_with_css_alone(
    playwright_instance: Playwright,
    site_server: str,
    path: str,
    explanation: str,
    feeds_page: str,
    scheme: str,
) -> None:
    """A feed opened in a browser without XSLT, on a phone: each story's title and address."""
    if not CHROMIUM.is_file():
        missing_tool(f"{CHROMIUM} is missing")
    args = [arg for arg in CHROMIUM_ARGS if not arg.startswith("--disable-features=")]
    args.append("--disable-features=XSLT,GenerateXSLTWarningBanner")
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=args)
    try:
        page = browser.new_page(viewport={"width": 360, "height": 800}, color_scheme=scheme)
        page.goto(site_server + path)
        view = page.evaluate(FEED_VIEW)
        assert explanation in view["notice"]
        assert f"http://127.0.0.1:8000{feeds_page}" in view["notice"]
        assert view["channelTitleShown"]
        assert view["entries"], path
        for entry in view["entries"]:
            assert entry["titleShown"] and entry["title"].strip(), entry
            assert entry["addressShown"], entry
            assert entry["address"].startswith("http://127.0.0.1:8000/"), entry
        assert view["scrollWidth"] <= view["clientWidth"]
    finally:
        browser.close()


FEED_ROW_GAPS = """() => [...document.querySelectorAll('.feed-list li')].map((row) => {
    const range = document.createRange();
    range.selectNodeContents(row.querySelector('.feed-list-name'));
    const link = row.querySelector('.feed-list-links a').getBoundingClientRect();
    return link.left - range.getBoundingClientRect().right;
})"""


@pytest.mark.parametrize("path", ["/feeds/", "/en/feeds/"])
def test_feed_links_sit_close_to_their_names_on_a_wide_screen(
    browser: Browser, site_server: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_server + path)
        gaps = page.evaluate(FEED_ROW_GAPS)
        assert gaps and max(gaps) <= 320, gaps
    finally:
        page.close()


# Records calls instead of opening the browser's dialog.
PRINT_STUB = "window.__printed = 0; window.print = () => { window.__printed += 1; };"
PRINTED_VIEW = """() => {
    const shown = (selector) => [...document.querySelectorAll(selector)]
        .some((el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length);
    return {
        title: shown('main h1'), body: shown('main .prose p'), share: shown('.share'),
        sections: shown('.category-nav'), search: shown('.site-search'),
        footerLinks: shown('.footer-nav'),
    };
}"""


@pytest.mark.parametrize("path", [f"/{SEED}", f"/en/{SEED}"])
def test_story_prints_with_its_button_and_without_menus(
    browser: Browser, site_server: str, path: str
) -> None:
    """Decree 42 asks for printing every article: the button prints; the printout is the story."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(PRINT_STUB)
    page = context.new_page()
    try:
        page.goto(site_server + path)
        button = page.locator("[data-print]")
        button.click()
        assert page.evaluate("window.__printed") == 1
        page.emulate_media(media="print")
        assert page.evaluate(PRINTED_VIEW) == {
            "title": True,
            "body": True,
            "share": False,
            "sections": False,
            "search": False,
            "footerLinks": False,
        }
    finally:
        context.close()


def test_print_button_stays_hidden_without_javascript(browser: Browser, site_server: str) -> None:
    """Without JavaScript the button could do nothing: the browser's own print remains."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_server}/{SEED}")
        assert page.locator("[data-print]").count() == 1
        assert not page.locator("[data-print]").is_visible()
    finally:
        context.close()


# The Web Share API as a phone has it, recording what the page asks to share.
SHARE_STUB = """window.__shared = [];
Object.defineProperty(Navigator.prototype, 'share', {configurable: true, value: function (data) {
    window.__shared.push(data); return Promise.resolve();
}});"""
NO_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"


@pytest.mark.parametrize(
    ("path", "label", "title"),
    [
        (f"/{SEED}", "Chia sẻ", "Tập huấn kỹ năng"),
        (f"/en/{SEED}", "Share", "Training"),
    ],
)
def test_share_button_opens_the_share_sheet_with_title_and_address(
    browser: Browser, site_server: str, path: str, label: str, title: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(SHARE_STUB)
    page = context.new_page()
    try:
        page.goto(site_server + path)
        button = page.get_by_role("button", name=label, exact=True)
        button.focus()
        page.keyboard.press("Enter")  # a button: keyboard and screen readers use it as such
        page.wait_for_function("window.__shared.length > 0")
        shared = page.evaluate("window.__shared")
        canonical = page.locator('link[rel="canonical"]').get_attribute("href")
        assert shared == [{"title": page.locator("main h1").inner_text(), "url": canonical}]
        assert shared[0]["title"].startswith(title)
    finally:
        context.close()


def test_without_a_share_sheet_the_button_copies_the_address(
    browser: Browser, site_server: str
) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server)
    context.add_init_script(NO_SHARE)
    page = context.new_page()
    try:
        page.goto(f"{site_server}/{SEED}")
        assert page.get_by_role("button", name="Chia sẻ").count() == 0
        button = page.get_by_role("button", name="Sao chép liên kết")
        button.click()
        canonical = page.locator('link[rel="canonical"]').get_attribute("href")
        assert page.evaluate("navigator.clipboard.readText()") == canonical
        assert button.get_attribute("aria-live") == "polite"
        page.get_by_role("button", name="Đã sao chép liên kết").wait_for()
    finally:
        context.close()


def test_without_javascript_the_story_keeps_plain_share_links(
    browser: Browser, site_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_server}/{SEED}")
        assert not page.locator("[data-copy-link]").is_visible()
        links = page.locator(".share a.share-link")
        assert links.count() >= 2 and links.first.is_visible()
    finally:
        context.close()


FIRST_STORY_TOP = "() => document.querySelector('main article h2').getBoundingClientRect().top"


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_on_a_phone_the_first_story_starts_in_the_first_third_and_the_menu_opens(
    browser: Browser, site_server: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(site_server + path)
        assert page.evaluate(FIRST_STORY_TOP) <= 800 / 3
        sections = page.locator("#category-nav-list")
        assert not sections.is_visible()
        toggle = page.locator("nav.category-nav button[aria-controls='category-nav-list']")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        assert sections.is_visible()
        page.keyboard.press("Tab")  # the first section is the next stop
        assert page.evaluate("document.activeElement.closest('#category-nav-list') !== null")
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false" and not sections.is_visible()
        assert page.evaluate("document.activeElement") == page.evaluate(
            "document.querySelector('[data-menu]')"
        )
    finally:
        page.close()


def test_sections_are_listed_without_a_menu_on_a_wide_screen_or_without_javascript(
    browser: Browser, site_server: str
) -> None:
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    try:
        wide.goto(site_server + "/")
        assert wide.locator("#category-nav-list").is_visible()
        assert not wide.locator("[data-menu]").is_visible()
        phone = context.new_page()
        phone.goto(site_server + "/")
        assert phone.locator("#category-nav-list a").count() >= 3
        assert phone.locator("#category-nav-list a").last.is_visible()
        assert not phone.locator("[data-menu]").is_visible()
    finally:
        wide.close()
        context.close()


COUNT_LINES = """() => [...document.querySelectorAll('.term-count')].map((count) => {
    const range = document.createRange();
    range.selectNodeContents(count);
    return [count.textContent, new Set([...range.getClientRects()].map((r) => r.top)).size];
})"""


@pytest.mark.parametrize("path", ["/tags/", "/en/tags/"])
@pytest.mark.parametrize("width", [360, 1280])
def test_tag_index_never_breaks_a_count(
    browser: Browser, site_server: str, path: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(site_server + path)
        counts = page.evaluate(COUNT_LINES)
        assert counts and [text for text, lines in counts if lines != 1] == []
    finally:
        page.close()


BOXES = """(selector) => [...document.querySelectorAll(selector)].map((element) => {
    const box = element.getBoundingClientRect();
    return [box.left, box.top, box.right, box.bottom];
})"""


@pytest.mark.parametrize("path", [f"/{SEED}", f"/en/{SEED}"])
def test_a_wide_screen_shows_other_news_beside_a_story_of_a_comfortable_measure(
    browser: Browser, site_server: str, path: str
) -> None:
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    phone = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        wide.goto(site_server + path)
        [story] = wide.evaluate(BOXES, "article.story")
        [aside] = wide.evaluate(BOXES, ".story-aside")
        assert story[2] - story[0] <= 44 * 16  # the reading column: at most 44rem
        assert aside[0] >= story[2] + 24 and aside[1] < story[1] + 100  # beside it, at its top
        latest = wide.locator(".story-aside [aria-labelledby='aside-latest'] a")
        assert 1 <= latest.count() <= 5
        own_title = wide.locator("h1.story-title").inner_text()
        assert own_title not in latest.all_inner_texts()
        assert wide.locator(".aside-topics a").count() >= 2  # its category and tags
        phone.goto(site_server + path)
        [story] = phone.evaluate(BOXES, "article.story")
        [aside] = phone.evaluate(BOXES, ".story-aside")
        assert aside[1] >= story[3]  # below the story on a phone
        assert not phone.locator(".aside-topics").is_visible()  # the footer lists them there
    finally:
        wide.close()
        phone.close()


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_cards_line_up_with_and_without_photos(
    browser: Browser, site_server: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_server + path)
        rows: dict[float, set[float]] = {}
        for list_box in page.locator(".card-list").all():
            tops = list_box.evaluate(
                """(list) => [...list.querySelectorAll('.card')].map((card) => [
                    card.getBoundingClientRect().top,
                    card.querySelector('.card-title').getBoundingClientRect().top])"""
            )
            for card_top, title_top in tops:
                rows.setdefault(round(card_top), set()).add(round(title_top))
        assert rows and all(len(titles) == 1 for titles in rows.values()), rows
        assert page.locator(".card-image-none").count() >= 1  # the sample mixes both kinds
    finally:
        page.close()
