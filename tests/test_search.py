"""Search on the built portal, in Chromium: Vietnamese typed any way, no server, no JavaScript.

The sample content says "hòa giải" (new tone style) in most stories and "hoà giải"
(old style) in "Tổ hoà giải ấp Bình Long…"; the training story cites
"Quyết định 315/QĐ-TTg" and every story names Tiền Giang.
"""

from __future__ import annotations

import json
import shutil
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from vnportal.build.site import build_site
from vnportal.editors.serve import make_server

from .corpus import story, write_corpus
from .test_browser import describe_violations

pytestmark = pytest.mark.browser

SEED_TITLE = "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật"
OLD_STYLE_TITLE = "Tổ hoà giải ấp Bình Long gỡ “nút thắt” tranh chấp lối đi chung"
DONE = """() => {
    const status = document.getElementById('search-status');
    return status && status.textContent && !status.textContent.endsWith('…');
}"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def search(page: Page, base: str, query: str, path: str = "/tim-kiem/", order: str = "") -> list:
    """Open the search page with ?q=; the results' (title, date, excerpt, category, url)."""
    page.goto(f"{base}{path}?q={quote(query)}")
    page.wait_for_function(DONE, timeout=20_000)
    if order:
        page.select_option("#search-sort", order)
        page.wait_for_timeout(50)
        page.wait_for_function(DONE, timeout=20_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.search-result').length > 0"
        " || /^(No story|Không tìm)/.test(document.getElementById('search-status').textContent)",
        timeout=20_000,
    )
    while page.locator(".search-more").count():  # every result, ten at a time
        shown = page.locator(".search-result").count()
        page.click(".search-more")
        page.wait_for_function(
            f"() => document.querySelectorAll('.search-result').length > {shown}"
        )
    return page.eval_on_selector_all(
        ".search-result",
        """cards => cards.map(card => ({
            title: card.querySelector('h2').textContent,
            url: card.querySelector('a').getAttribute('href'),
            date: (card.querySelector('.dateline') || {}).textContent || '',
            excerpt: card.querySelector('.search-result-excerpt').innerHTML,
            category: (card.querySelector('.search-result-category') || {}).textContent || '',
        }))""",
    )


@pytest.mark.parametrize(
    "typed",
    ["hoa giai", "hòa giải", "hoà giải", "HÒA GIẢI", unicodedata.normalize("NFD", "hòa giải")],
    ids=["no-marks", "new-style", "old-style", "capitals", "decomposed"],
)
def test_mediation_is_found_however_it_is_typed(page, site_server, typed):
    titles = [result["title"] for result in search(page, site_server, typed)]
    assert SEED_TITLE in titles and OLD_STYLE_TITLE in titles


@pytest.mark.parametrize(
    ("typed", "first"), [("hoà giải", OLD_STYLE_TITLE), ("hòa giải", SEED_TITLE)]
)
def test_the_spelling_typed_ranks_first_by_relevance(page, site_server, typed, first):
    """Both tone styles find both stories; the one spelled as typed comes first."""
    results = search(
        page, site_server, f"{typed} ấp Bình Long" if first == OLD_STYLE_TITLE else typed
    )
    by_relevance = search(page, site_server, typed, order="relevance")
    assert results and by_relevance
    titles = [r["title"] for r in by_relevance]
    ours = titles.index(first)
    other = titles.index(OLD_STYLE_TITLE if first == SEED_TITLE else SEED_TITLE)
    assert ours < other


@pytest.mark.parametrize("typed", ["315/QĐ-TTg", "315", "Quyết định 315"])
def test_a_document_number_finds_the_stories_that_cite_it(page, site_server, typed):
    titles = [result["title"] for result in search(page, site_server, typed)]
    assert SEED_TITLE in titles


def test_place_names_are_found_without_marks(page, site_server):
    results = search(page, site_server, "tien giang")
    assert len(results) >= 5
    assert any("<mark>Tiền Giang</mark>" in r["excerpt"] or "Tiền" in r["excerpt"] for r in results)


def test_results_show_title_date_excerpt_with_the_words_marked_and_category(page, site_server):
    results = search(page, site_server, "315/QĐ-TTg")
    seed = next(r for r in results if r["title"] == SEED_TITLE)
    assert seed["date"] == "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"
    assert "<mark>" in seed["excerpt"]
    assert seed["category"] == "Phổ biến, giáo dục pháp luật"
    assert seed["url"] == "/2024/07/tap-huan-ky-nang-pbgdpl/"
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live")
    assert status.inner_text().startswith("Tìm thấy")


def test_results_are_newest_first_unless_best_match_is_chosen(page, site_server):
    dates = [r["date"] for r in search(page, site_server, "hòa giải") if r["date"]]
    stamps = [[*d.split(", ")[1].split("/")[::-1], d.split(", ")[2][:5]] for d in dates]
    assert stamps == sorted(stamps, reverse=True)
    assert len(dates) >= 5


def test_english_search_finds_english_stories_only(page, site_server):
    english = search(page, site_server, "mediation", path="/en/search/")
    assert english and all(r["url"].startswith("/en/") for r in english)
    vietnamese = search(page, site_server, "mediation")
    assert not any(r["url"].startswith("/en/") for r in vietnamese)
    assert page.locator("html").get_attribute("lang") == "vi"


def test_a_link_with_q_opens_with_the_results_shown(page, site_server):
    page.goto(f"{site_server}/tim-kiem/?q=hoa+giai")
    page.wait_for_selector(".search-result", timeout=20_000)
    assert page.input_value("#search-q") == "hoa giai"


def test_the_header_field_on_every_page_opens_the_search_page(page, site_server):
    page.goto(f"{site_server}/2024/07/tap-huan-ky-nang-pbgdpl/")
    page.fill("#site-search-q", "hòa giải")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result", timeout=20_000)
    assert "/tim-kiem/?q=" in page.url


def test_filters_narrow_the_results_and_work_by_keyboard(page, site_server):
    everything = search(page, site_server, "hòa giải")
    page.focus("#search-filters summary")
    summaries = page.locator("#search-filters summary")
    # category, tag, year; then type, issuer and status, which documents carry
    assert summaries.count() == 6
    year = page.locator("#search-filters details").nth(2)
    year.locator("summary").focus()
    page.keyboard.press("Enter")  # opens the year filter
    box = year.locator("input[type=checkbox][value='2023']")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_timeout(50)
    page.wait_for_function(DONE, timeout=20_000)
    page.wait_for_function(
        f"() => document.querySelectorAll('.search-result').length < {len(everything)}"
    )
    dates = page.eval_on_selector_all(
        ".search-result .dateline", "ds => ds.map(d => d.textContent)"
    )
    assert dates and all("/2023," in date for date in dates)


ANNOUNCEMENTS = """() => {
    window.announced = [];
    const status = document.getElementById('search-status');
    new MutationObserver(() => window.announced.push(
        [status.textContent, document.querySelectorAll('.search-result').length]
    )).observe(status, {childList: true, characterData: true, subtree: true});
}"""


def test_a_count_is_never_announced_above_an_empty_list(page, site_server):
    """A screen reader hears the status line as it changes: the cards must already be there."""
    search(page, site_server, "hòa giải")
    page.evaluate(ANNOUNCEMENTS)
    year = page.locator("#search-filters details").nth(2)
    year.locator("summary").click()
    year.locator("input[type=checkbox][value='2023']").check()
    page.wait_for_timeout(50)
    page.wait_for_function(DONE, timeout=20_000)
    page.fill("#search-q", "Tiền Giang")
    page.press("#search-q", "Enter")
    page.wait_for_function(DONE, timeout=20_000)
    announced = page.evaluate("() => window.announced")
    counts = [(said, cards) for said, cards in announced if said.startswith("Tìm thấy")]
    assert len(counts) >= 2, announced  # the filter's count, then the new query's
    assert all(cards > 0 for _, cards in counts), announced


def test_the_search_page_without_javascript_says_so_and_offers_the_indexes(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/tim-kiem/?q=hoa+giai")
    note = page.locator("[data-search-no-script]")
    assert note.is_visible()
    assert "JavaScript" in note.inner_text()
    links = note.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/tags/", "/archives/"]
    assert not page.locator("#search-app").is_visible()
    context.close()


@pytest.mark.parametrize("path", ["/", "/2024/07/tap-huan-ky-nang-pbgdpl/", "/en/"])
def test_other_pages_load_nothing_of_the_search_engine(browser, site_server, path):
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_server + path, wait_until="networkidle")
    page.focus("#site-search-q")
    page.wait_for_timeout(200)
    context.close()
    assert not [url for url in asked if "pagefind" in url or "search.js" in url]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_search_page_with_results_has_no_accessibility_violations(
    browser, site_server, scheme, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    search(page, site_server, "hòa giải")
    page.locator("#search-filters details").first.evaluate("d => d.open = true")
    violations = Axe().run(page).response["violations"]
    wide = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    context.close()
    assert not violations, describe_violations(violations)
    assert not wide


# --- an incremental build keeps the index right -------------------------------------------


@pytest.fixture
def small_site(tmp_path: Path) -> Iterator[tuple[Path, Path, str]]:
    files = {
        f"vi/202{n}/0{n + 1}/tin-{n}.md": story(f"Tin số {n}", date=f"202{n}-0{n + 1}-10 08:00")
        for n in range(3, 6)
    }
    settings = write_corpus(tmp_path, files, f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    output = tmp_path / "output"
    build_site(settings, output)
    server = make_server(output, 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield settings, output, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    shutil.rmtree(output, ignore_errors=True)


def test_a_story_added_in_an_incremental_build_is_found(page, small_site):
    settings, output, base = small_site
    assert search(page, base, "thanh long") == []
    added = story("Mùa thanh long", date="2025-08-01 09:00", body="Nông dân trồng thanh long.")
    (settings.parent / "content/vi/2025/08").mkdir(parents=True)
    (settings.parent / "content/vi/2025/08/thanh-long.md").write_text(added, encoding="utf-8")
    report = build_site(settings, output)
    assert report.search_parts == 1  # only 2025's part of the index is made again
    titles = [r["title"] for r in search(page, base, "thanh long")]
    assert titles == ["Mùa thanh long"]
    (settings.parent / "content/vi/2025/08/thanh-long.md").unlink()
    build_site(settings, output)
    assert search(page, base, "thanh long") == []


# --- a large year comes in several parts ----------------------------------------------------


def test_results_stay_newest_first_when_a_large_year_is_split_into_parts(browser, page, tmp_path):
    """A national archive's year is split into quarters or months (PORTAL_SEARCH_PART_PAGES);
    Pagefind sorts within one part only, so the page asks month by month."""
    days = ["2024-01-20", "2024-02-03", "2024-02-25", "2024-05-09", "2024-11-02", "2024-11-28"]
    days += ["2024-12-15", "2025-03-01"]
    files = {
        f"vi/{day[:4]}/{day[5:7]}/tin-{n}.md": story(
            f"Tin phà Rạch Miễu số {n}", date=f"{day} 0{n % 9 + 1}:00", body="Bến phà Rạch Miễu."
        )
        for n, day in enumerate(days)
    }
    extra = f"CACHE_PATH = {str(tmp_path / 'cache')!r}\nPORTAL_SEARCH_PART_PAGES = 2\n"
    settings = write_corpus(tmp_path, files, extra)
    output = tmp_path / "output"
    build_site(settings, output)
    manifest = json.loads((output / "pagefind/vi.json").read_text(encoding="utf-8"))
    assert manifest["parts"][:5] == ["2025", "2024-12", "2024-11", "2024-04", "2024-02"]
    server = make_server(output, 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        found = [r["title"] for r in search(page, base, "phà Rạch Miễu")]
        assert found == [f"Tin phà Rạch Miễu số {n}" for n in reversed(range(len(days)))]
        # An edit re-indexes one month's part, not the whole year.
        edited = output.parent / "content/vi/2024/02/tin-1.md"
        text = edited.read_text(encoding="utf-8") + "\nVườn bưởi Lò Rèn.\n"
        edited.write_text(text, encoding="utf-8")
        report = build_site(settings, output)
        assert report.search_parts == 1
        later = browser.new_context()  # a reader coming back, without the old index cached
        found = [r["title"] for r in search(later.new_page(), base, "bưởi")]
        later.close()
        assert found == ["Tin phà Rạch Miễu số 1"]
    finally:
        server.shutdown()
        server.server_close()


# --- the newest part first ----------------------------------------------------------------


class HeldPart:
    """A built output served, the requests of one search part held back (as on a slow
    connection) until release()."""

    def __init__(self, page: Page, output: Path, folder: str) -> None:
        self.page = page
        self.server = make_server(output, 0, quiet=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._held: list = []
        self._released = False
        page.route(f"**/pagefind/{folder}/**", self._hold)

    def search(self, query: str) -> str:
        """Open the search page with ``query``; the status line once results show."""
        self.page.goto(f"{self.base}/tim-kiem/?q={quote(query)}")
        self.page.wait_for_function("() => document.querySelectorAll('.search-result').length > 0")
        return self.page.locator("#search-status").text_content() or ""

    def _hold(self, route) -> None:
        if self._released:
            route.continue_()
        else:
            self._held.append(route)

    def release(self) -> None:
        self._released = True
        for route in self._held:
            route.continue_()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def built_parts(tmp_path: Path, files: dict[str, str]) -> tuple[Path, list[str]]:
    """The corpus built: its output, and the Vietnamese search parts, newest first."""
    settings = write_corpus(tmp_path, files, f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    output = tmp_path / "output"
    build_site(settings, output)
    manifest = json.loads((output / "pagefind/vi.json").read_text(encoding="utf-8"))
    return output, manifest["parts"]


def titles_shown(page: Page) -> list[str]:
    return page.eval_on_selector_all(".search-result h2", "h => h.map(x => x.textContent)")


def test_the_first_results_show_before_the_older_parts_are_loaded(page, tmp_path):
    """Newest first, the first results come from the newest part (its months are the
    newest): a phone shows them, and the rest of that part's, while the older years'
    index is still on its way; the count and the older results follow."""
    files = {
        f"vi/2025/{n % 9 + 1:02d}/tin-{n}.md": story(
            f"Cầu Rạch Miễu 2 tin {n}",
            date=f"2025-{n % 9 + 1:02d}-{n + 1:02d} 08:00",
            body="Thi công cầu Rạch Miễu 2.",
        )
        for n in range(12)
    }
    files.update(
        {
            f"vi/2024/{n % 12 + 1:02d}/cu-{n}.md": story(
                f"Cầu Rạch Miễu 2 năm trước {n}",
                date=f"2024-{n % 12 + 1:02d}-{n + 1:02d} 08:00",
                body="Khởi công cầu Rạch Miễu 2.",
            )
            for n in range(13)
        }
    )
    output, parts = built_parts(tmp_path, files)
    assert parts == ["2025", "2024"]
    served = HeldPart(page, output, "vi/2024")
    try:
        assert served.search("Rạch Miễu") == "Đã tìm thấy 12 bài viết, đang tìm tiếp…"
        first = titles_shown(page)
        newest = [f"Cầu Rạch Miễu 2 tin {n}" for n in sorted(range(12), key=lambda n: (n % 9, n))]
        assert first == list(reversed(newest))[:10]
        assert page.locator(".search-filter").count() == 0  # the filters need every part
        page.click(".search-more")  # the newest part's other two, before the older part
        page.wait_for_function("() => document.querySelectorAll('.search-result').length > 10")
        titles = titles_shown(page)
        assert titles == list(reversed(newest))
        assert page.locator(".search-more").count() == 0
        served.release()
        page.wait_for_function(DONE, timeout=20_000)
        assert page.locator("#search-status").text_content() == "Tìm thấy 25 bài viết"
        shown = titles_shown(page)
        assert shown == titles  # the same twelve, not drawn again
        older = [
            f"Cầu Rạch Miễu 2 năm trước {n}" for n in sorted(range(13), key=lambda n: (n % 12, n))
        ]
        page.focus(".search-more")  # by keyboard: focus stays on the button while there are more
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('.search-result').length > 12")
        assert page.evaluate("document.activeElement.classList.contains('search-more')")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('.search-result').length > 22")
        titles = titles_shown(page)
        assert titles[12:] == list(reversed(older))
        assert page.locator(".search-more").count() == 0
        page.wait_for_selector(".search-filter")
    finally:
        served.close()


def test_early_in_a_year_the_first_results_come_from_the_newest_parts_together(page, tmp_path):
    """In January the newest year's part holds a few stories: the page adds the year
    before, and the one before that, until it has a page of results, and still shows
    them before the oldest parts are loaded."""
    counts = {"2026": 2, "2025": 4, "2024": 5, "2023": 2}
    files = {
        f"vi/{year}/0{n + 1}/tin-{year}-{n}.md": story(
            f"Bến phà Mỹ Lợi {year} tin {n}",
            date=f"{year}-0{n + 1}-10 08:00",
            body="Bến phà Mỹ Lợi đông khách.",
        )
        for year, count in counts.items()
        for n in range(count)
    }
    output, parts = built_parts(tmp_path, files)
    assert parts == list(counts)
    served = HeldPart(page, output, "vi/2023")
    try:
        assert served.search("phà Mỹ Lợi") == "Đã tìm thấy 11 bài viết, đang tìm tiếp…"
        newest = [
            f"Bến phà Mỹ Lợi {year} tin {n}"
            for year in ("2026", "2025", "2024")
            for n in reversed(range(counts[year]))
        ]
        titles = titles_shown(page)
        assert titles == newest[:10]
        served.release()
        page.wait_for_function(DONE, timeout=20_000)
        assert page.locator("#search-status").text_content() == "Tìm thấy 13 bài viết"
        page.click(".search-more")
        page.wait_for_function("() => document.querySelectorAll('.search-result').length > 10")
        titles = titles_shown(page)
        assert titles[10:] == newest[10:] + [f"Bến phà Mỹ Lợi 2023 tin {n}" for n in (1, 0)]
    finally:
        served.close()
