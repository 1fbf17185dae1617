"""The search index stage: which parts are made, and how many Pagefind runs at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from vnportal.site import search_index
from vnportal.site.search_index import PARALLEL_PARTS, Part, make_search_index


def test_both_languages_together_run_no_more_pagefinds_than_the_limit(tmp_path, monkeypatch):
    """Each Pagefind holds its part's whole index in memory: the build's peak memory
    depends on how many run at once, whichever language asked for them."""
    years = [str(year) for year in range(2016, 2026)]
    parts = {Part(lang, year): [] for lang in ("vi", "en") for year in years}
    monkeypatch.setattr(search_index, "parts_of", lambda index: parts)
    running, most = 0, 0
    count = threading.Lock()

    def fake_pagefind(part, entries, output, staging):
        nonlocal running, most
        with count:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with count:
            running -= 1
        return search_index._Indexed(part)

    monkeypatch.setattr(search_index, "_index_part", fake_pagefind)
    slots = threading.BoundedSemaphore(PARALLEL_PARTS)
    (tmp_path / "output").mkdir()
    with ThreadPoolExecutor(max_workers=2) as languages:
        reports = list(
            languages.map(
                lambda lang: make_search_index(
                    tmp_path / "output", tmp_path, None, {}, "salt", {}, [lang], slots=slots
                ),
                ["vi", "en"],
            )
        )
    assert sorted(folder for report in reports for folder in report.made) == sorted(
        part.folder for part in parts
    )
    assert most == PARALLEL_PARTS
