"""The language run's shared state: its Markdown caches are saved once, then closed."""

import os

import pytest

from vnportal.incremental.caches import KeyedCache
from vnportal.render.run import LanguageRun


def test_conversions_asked_for_after_the_save_are_refused_not_lost(tmp_path):
    run = LanguageRun(lang="vi", index=None)  # type: ignore[arg-type]
    path = tmp_path / "markdown.pickle"
    run.markdown_cache(path, "salt").get("a", lambda text: "<p>một</p>")
    run.save_markdown_caches()
    os.wait()  # the forked copy that writes the file

    with pytest.raises(RuntimeError, match="already saved"):
        run.markdown_cache(path, "salt")
    saved = KeyedCache(path, "salt", packed=True)
    assert saved.get("a", lambda text: "made again") == "<p>một</p>"
