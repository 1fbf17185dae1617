"""The reader's search: from opening the search page to its first results and its count.

``python -m benchmarks.search_page OUTPUT [OUTPUT ...] [--query Q] [--rounds R]
[--slow]`` (or ``invoke bench --search OUTPUT,...``) serves each built output on
a free port, the way ``invoke serve`` does, and opens its search page with
``?q=`` in Debian's Chromium through Playwright, a fresh browser context each
time (nothing cached), the outputs in turn and in the other order every second
round. It times, from the page's request, the first results shown and the
final count (the status line no longer ending in "…"), and counts the files and
bytes fetched under ``pagefind/`` at both moments. ``--slow`` has Chromium
emulate a slow phone connection (150 ms, 1.6 Mbit/s down, 750 kbit/s up).

The number and size of the search index's parts (vnportal/site/search_index.py)
are a trade-off between an editor's rebuild and this wait: measure both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, sync_playwright

from vnportal.editors.serve import make_server

from .livereload import CHROMIUM, CHROMIUM_ARGS

SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
TIMEOUT_MS = 300_000  # a bound for one search, not a measurement
SHOWN = "() => document.querySelectorAll('.search-result').length > 0"
COUNTED = """() => {
    const status = document.getElementById('search-status');
    return status !== null && status.textContent !== '' && !status.textContent.endsWith('…');
}"""


@dataclass(frozen=True)
class Search:
    """One search page opened: seconds to its first results and to its count, the
    files and bytes under pagefind/ fetched by then, and what the status line said."""

    output: str
    first: float
    first_files: int
    first_bytes: int
    counted: float
    files: int
    bytes: int
    status: str

    def line(self) -> str:
        return (
            f"{self.output}: first results {self.first:.2f} s ({self.first_files} files, "
            f"{self.first_bytes / 1024:,.0f} KiB), count {self.counted:.2f} s ({self.files} "
            f"files, {self.bytes / 1024:,.0f} KiB): {self.status}"
        )


@contextmanager
def served(output: Path) -> Iterator[str]:
    server = make_server(output, 0, quiet=True)
    answer_errors = server.handle_error

    def handle_error(request, address) -> None:  # a context closed mid-answer is no error
        if not isinstance(sys.exc_info()[1], ConnectionError):
            answer_errors(request, address)

    server.handle_error = handle_error  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def search_path(output: Path) -> str:
    """The search page of the output's first language (its address in the templates)."""
    for path in ("tim-kiem", "search"):
        if (output / path / "index.html").is_file():
            return f"/{path}/"
    raise SystemExit(f"{output} has no search page (tim-kiem/ or search/): build it first")


def open_search(
    browser: Browser, base: str, path: str, query: str, slow: bool, name: str
) -> Search:
    context = browser.new_context()
    try:
        page = context.new_page()
        fetched = {"files": 0, "bytes": 0}

        def finished(request) -> None:
            if "/pagefind/" in request.url and request.response() is not None:
                fetched["files"] += 1
                fetched["bytes"] += request.sizes()["responseBodySize"]

        page.on("requestfinished", finished)
        if slow:
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", SLOW_4G)
        started = time.perf_counter()
        page.goto(f"{base}{path}?q={quote(query)}")
        page.wait_for_function(SHOWN, timeout=TIMEOUT_MS, polling=20)
        first = time.perf_counter() - started
        first_files, first_bytes = fetched["files"], fetched["bytes"]
        page.wait_for_function(COUNTED, timeout=TIMEOUT_MS, polling=20)
        counted = time.perf_counter() - started
        status = page.locator("#search-status").text_content() or ""
        shown = (first, first_files, first_bytes)
        return Search(name, *shown, counted, fetched["files"], fetched["bytes"], status)
    finally:
        context.close()


def time_searches(
    outputs: list[Path], query: str, rounds: int, slow: bool, browser: Browser | None = None
) -> list[Search]:
    """Every search page opened, in the order opened (see the module's text); each
    output is named as given. ``browser``: one already open (else Chromium is started)."""
    found: list[Search] = []
    with ExitStack() as held:
        if browser is None:
            playwright = held.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            held.callback(browser.close)
        bases = {output: held.enter_context(served(output.resolve())) for output in outputs}
        for number in range(rounds):
            for output in outputs if number % 2 == 0 else outputs[::-1]:
                search = open_search(
                    browser, bases[output], search_path(output), query, slow, str(output)
                )
                print(f"round {number + 1}, {search.line()}", flush=True)
                found.append(search)
    return found


def summary(found: list[Search]) -> list[str]:
    """Per output: the median first results and count, and the files and bytes."""
    lines = []
    for name in dict.fromkeys(search.output for search in found):
        mine = [search for search in found if search.output == name]
        lines.append(
            f"{name}: median first results {statistics.median(s.first for s in mine):.2f} s, "
            f"count {statistics.median(s.counted for s in mine):.2f} s; "
            f"{max(s.files for s in mine)} files, "
            f"{statistics.median(s.bytes for s in mine) / 1024:,.0f} KiB ({len(mine)} searches)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", nargs="+", type=Path, help="built outputs to compare")
    parser.add_argument("--query", default="hòa giải", help="words searched (default: hòa giải)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--slow", action="store_true", help="emulate a slow phone connection")
    args = parser.parse_args()
    for output in args.outputs:
        search_path(output)  # each is a built site, before the browser starts
    found = time_searches(args.outputs, args.query, args.rounds, args.slow)
    print("\n".join(summary(found)))


if __name__ == "__main__":
    main()
