"""Lighthouse scores of the built portal: a report, not a pass/fail test.

    .venv/bin/python scripts/lighthouse.py [OUTPUT_DIR]

Serves the built site on 127.0.0.1, runs Lighthouse (pinned in
package-lock.json) in Debian's Chromium on the home page, a story and the tag
index in both languages, and prints accessibility, best-practices and SEO
scores with every audit that did not pass. Scores depend on timing, so they
belong in a report; the axe and Nu checks in the test suite are the gates.
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
CATEGORIES = ["accessibility", "best-practices", "seo"]
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
    below = 0
    print(f"{'page':45} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    with tempfile.TemporaryDirectory() as folder:
        for path in PAGES:
            result = audit(base + path, Path(folder) / "report.json")
            scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
            below += sum(score < 100 for score in scores)
            print(f"{path:45} " + " ".join(f"{s:>15}" for s in scores))
            for failure in failures(result):
                print(f"    not passed: {failure}")
    server.shutdown()
    print(f"{len(PAGES)} pages, {below} scores below 100")
    return 0


if __name__ == "__main__":
    sys.exit(main())
