"""The language run's shared state: its Markdown caches are saved once, then closed."""

import time

import pytest

from vnportal.incremental.caches import KeyedCache
from vnportal.render.run import LanguageRun


def test_conversions_asked_for_after_the_save_are_refused_not_lost(tmp_path):
    run = LanguageRun(lang="vi", index=None)  # type: ignore[arg-type]
    path = tmp_path / "markdown.pickle"
    run.markdown_cache(path, "salt").get("a", lambda text: "<p>một</p>")
    run.save_markdown_caches()
    deadline = time.monotonic() + 30
    while not path.exists():  # a forked copy writes it, and replaces it in one step
        assert time.monotonic() < deadline
        time.sleep(0.01)

    with pytest.raises(RuntimeError, match="already saved"):
        run.markdown_cache(path, "salt")
    saved = KeyedCache(path, "salt", packed=True)
    assert saved.get("a", lambda text: "made again") == "<p>một</p>"
