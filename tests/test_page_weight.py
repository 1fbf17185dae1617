"""A story must stay light on a cheap phone: HTML + CSS + JS, compressed, at most 30 KB."""

from __future__ import annotations

import gzip
from pathlib import Path

from bs4 import BeautifulSoup

BUDGET = 30 * 1024  # bytes after gzip; images and the on-demand search bundle excluded
STORIES = [
    "2024/07/tap-huan-ky-nang-pbgdpl/",
    "en/2024/07/tap-huan-ky-nang-pbgdpl/",
    "2024/11/ngay-phap-luat-2024/",
]


def compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def story_weight(site: Path, url: str) -> dict[str, int]:
    page = site / url / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    assets += [script["src"] for script in soup.select("script[src]")]
    weights = {url: compressed(page)}
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by the portal"
        weights[asset] = compressed(site / asset.lstrip("/"))
    return weights


def test_story_pages_stay_within_the_weight_budget(built_site):
    for url in STORIES:
        weights = story_weight(built_site, url)
        assert len(weights) >= 2, "the page should load its stylesheet"
        assert sum(weights.values()) <= BUDGET, weights
