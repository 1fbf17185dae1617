"""Live preview latency: from saving a story to the browser showing the change.

``python -m benchmarks.livereload --stories N [--edits E]`` (or ``invoke bench
--livereload``) writes N pairs (our format only) into ``benchmarks/.corpus-N/``,
starts the live preview on them, the same ``serve_live`` that ``invoke
livereload`` starts (that task has no settings option, and the preview needs
the corpus's settings), from the run's code snapshot, on a free port, and opens
the middle story of the corpus in Debian's Chromium through Playwright. Then E
times: append a paragraph with a unique marker to that story's Markdown file,
and poll the page every 20 ms until the marker is in its visible text. The
time from the write to the marker is the latency an editor sees: the preview
hearing of the save (inotify, 50–100 ms), the build in the process it started
ahead of time with the build's code imported, the browser's reload and
rendering. It prints each one, their median and the 1.5 s target. The output,
the preview's messages and the times stay in ``.corpus-N/`` (``out/live``,
``logs/livereload.log``, ``livereload-*.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .corpus import Corpus

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TARGET_SECONDS = 1.5
POLL = 0.02  # seconds between two looks at the page
TIMEOUT = 120.0  # for the first build and for each edit; a bound, not a measurement
SETTLE = 1.0  # after each edit: the reloaded page reconnects before the next save
# serve_live is what `invoke livereload` runs; here with the corpus's settings.
SERVE = (
    "import sys; from pathlib import Path; "
    "from vnportal.editors.livereload import serve_live; "
    "serve_live(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))"
)
SHOWS = "marker => document.body !== null && document.body.innerText.includes(marker)"
BUILT = re.compile(r"^Built .*? in ([\d.]+) s:", re.MULTILINE)  # the build's own report


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def story_address(corpus: Corpus, port: int) -> str:
    """The edited story's page: ARTICLE_URL is {date:%Y}/{date:%m}/{slug}/, as its path."""
    return f"http://127.0.0.1:{port}/{corpus.edit_target.removesuffix('.md')}/"


def start_preview(corpus: Corpus, output: Path, port: int, log: Path) -> subprocess.Popen:
    """The preview server in a session of its own, so that stopping it stops its build too."""
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-c", SERVE, str(corpus.ours_settings), str(output), str(port)]
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=corpus.code,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )


def wait_until_served(process: subprocess.Popen, address: str) -> float:
    """Seconds until ``address`` answers 200 (the first build is done)."""
    started = time.perf_counter()
    while time.perf_counter() - started < TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"the preview stopped ({process.returncode}); see its log")
        try:
            with urllib.request.urlopen(address, timeout=5) as answer:
                if answer.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{address} not served after {TIMEOUT:.0f} s")


def stop_preview(process: subprocess.Popen) -> None:
    """Ctrl+C, as an editor stops it; its process group, which is only the preview's."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def save_edit(story: Path, marker: str) -> None:
    """One save: a paragraph appended, the file closed (the kernel tells the preview)."""
    with story.open("a", encoding="utf-8") as file:
        file.write(f"\n\nĐoạn kiểm tra xem trước {marker}.\n")


def wait_for_marker(page, marker: str) -> float:  # page: playwright's Page
    """Seconds until the page's visible text has ``marker`` (through its reload)."""
    from playwright.sync_api import Error as PlaywrightError

    started = time.perf_counter()
    while time.perf_counter() - started < TIMEOUT:
        try:
            if page.evaluate(SHOWS, marker):
                return time.perf_counter() - started
        except PlaywrightError:  # the page is navigating: its context is gone
            pass
        time.sleep(POLL)
    raise TimeoutError(f"the change was not shown after {TIMEOUT:.0f} s")


def build_times(log: Path) -> list[float]:
    """What each build of the preview said it took (without interpreter start and imports)."""
    return [float(seconds) for seconds in BUILT.findall(log.read_text(encoding="utf-8"))]


def measure_latency(corpus: Corpus, edits: int) -> dict:
    from playwright.sync_api import sync_playwright

    output = corpus.folder / "out" / "live"
    port = free_port()
    address = story_address(corpus, port)
    story = corpus.ours_content / "vi" / corpus.edit_target
    log = corpus.folder / "logs" / "livereload.log"
    log.unlink(missing_ok=True)
    process = start_preview(corpus, output, port, log)
    latencies: list[float] = []
    builds: list[float | None] = []
    try:
        first = wait_until_served(process, address)
        print(f"preview on {address} (first build and start: {first:.1f} s)", flush=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(address, wait_until="load")
            time.sleep(SETTLE)  # the page's event stream connects
            for number in range(edits):
                marker = f"livemark{number}x{secrets.token_hex(4)}"
                started = time.perf_counter()
                save_edit(story, marker)
                wait_for_marker(page, marker)
                latencies.append(time.perf_counter() - started)
                said = build_times(log)
                builds.append(said[-1] if len(said) == number + 2 else None)
                within = f" (the build said {builds[-1]:.2f} s)" if builds[-1] else ""
                print(f"  edit {number + 1}: {latencies[-1]:.2f} s{within}", flush=True)
                page.wait_for_load_state("load")
                time.sleep(SETTLE)
            browser.close()
    finally:
        stop_preview(process)
    return {
        "pairs": corpus.pairs,
        "address": address,
        "first": first,
        "latencies": latencies,
        "builds": builds,  # None where the log did not have exactly one build per save
    }


def report(measured: dict, load_before: str) -> str:
    from .run import load, machine

    latencies = measured["latencies"]
    median = statistics.median(latencies)
    said = [seconds for seconds in measured["builds"] if seconds is not None]
    within = f"; the build's own time {statistics.median(said):.2f} s" if said else ""
    met = "yes" if median <= TARGET_SECONDS else "NO"
    note = "" if measured["pairs"] == 5000 else "; set for 5,000 pairs"
    return "\n".join(
        [
            f"Live preview at {measured['pairs']:,} pairs, {len(latencies)} edits, "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}",
            machine(),
            f"load average (1, 5, 15 min): {load_before} at the start, {load()} at the end",
            "",
            "| target | measured | met? |",
            "| --- | ---: | :---: |",
            f"| livereload, save to browser ≤ {TARGET_SECONDS} s{note} | {median:.2f} s "
            f"(median; {min(latencies):.2f}–{max(latencies):.2f} s{within}) | {met} |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    from .run import load, prepare

    parser = argparse.ArgumentParser(prog="python -m benchmarks.livereload")
    parser.add_argument("--stories", type=int, default=1000, help="story pairs (default 1000)")
    parser.add_argument("--edits", type=int, default=5, help="saves measured (default 5)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"No Chromium at {CHROMIUM} (apt-get install chromium)")
    load_before = load()
    corpus, code = prepare(args.stories, formats=("ours",))
    print(code, flush=True)
    measured = measure_latency(corpus, args.edits)
    text = report(measured, load_before)
    print("\n" + text)
    saved = corpus.folder / f"livereload-{time.strftime('%Y%m%d-%H%M%S')}.json"
    saved.write_text(json.dumps({**measured, "report": text}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
