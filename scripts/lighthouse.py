"""Lighthouse scores of the built portal: a report, not a pass/fail test.

    .venv/bin/python scripts/lighthouse.py [OUTPUT_DIR]

Serves the built site on 127.0.0.1, runs Lighthouse (pinned in
package-lock.json) in Debian's Chromium on the home page, a story and the tag
index in both languages, and prints performance (Lighthouse's default: a
mid-range phone on a slow 4G connection, simulated), accessibility,
best-practices and SEO scores with every audit that did not pass, and the
loading figures behind the performance score. Scores depend on timing, so
they belong in a report; the axe and Nu checks in the test suite are the gates.
The report says whether the home page and the seed story reach the
performance target (95).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnportal.editors.serve import make_server  # noqa: E402

PAGES = [
    "/",
    "/2024/07/tap-huan-ky-nang-pbgdpl/",
    "/tags/",
    "/en/",
    "/en/2024/07/tap-huan-ky-nang-pbgdpl/",
    "/en/tags/",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PERFORMANCE_TARGET = 95
PERFORMANCE_PAGES = {"/", "/2024/07/tap-huan-ky-nang-pbgdpl/"}
# The figures behind the performance score, as Lighthouse names them.
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)


def audit(url: str, report: Path) -> dict:
    subprocess.run(
        [
            str(ROOT / "node_modules/.bin/lighthouse"),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
    )
    return json.loads(report.read_text(encoding="utf-8"))


def failures(result: dict) -> list[str]:
    skipped = {"informative", "notApplicable", "manual"}
    return [
        f"{a['id']}: {a['title']}"
        for a in result["audits"].values()
        if a.get("score") is not None
        and a["score"] < 1
        and a.get("scoreDisplayMode") not in skipped
    ]


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "output")
    if not (site / "index.html").is_file():
        print(f"{site} has no index.html: build first (invoke build)", file=sys.stderr)
        return 1
    server = make_server(site, 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    below, slow = 0, []
    print(f"{'page':45} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    with tempfile.TemporaryDirectory() as folder:
        for path in PAGES:
            result = audit(base + path, Path(folder) / "report.json")
            scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
            below += sum(score < 100 for score in scores[1:])
            if path in PERFORMANCE_PAGES and scores[0] < PERFORMANCE_TARGET:
                slow.append(path)
            print(f"{path:45} " + " ".join(f"{s:>15}" for s in scores))
            audits = result["audits"]
            shown = [f"{name} {audits[key]['displayValue']}" for key, name in METRICS.items()]
            print(f"    {', '.join(shown)}")
            for failure in failures(result):
                print(f"    not passed: {failure}")
    server.shutdown()
    print(f"{len(PAGES)} pages, {below} accessibility/best-practices/SEO scores below 100")
    verdict = f"below {PERFORMANCE_TARGET} on {', '.join(slow)}" if slow else "reached"
    print(f"performance target {PERFORMANCE_TARGET} on the home page and the seed story: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
