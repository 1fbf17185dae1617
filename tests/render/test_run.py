"""The language run's shared state: its Markdown caches are saved once, then closed."""

import pytest

from vnportal.incremental.caches import KeyedCache
from vnportal.render.run import LanguageRun


def test_conversions_asked_for_after_the_save_are_refused_not_lost(tmp_path):
    run = LanguageRun(lang="vi", index=None)  # type: ignore[arg-type]
    path = tmp_path / "markdown-vi"
    run.markdown_cache(path, "salt").get("a", lambda text: "<p>một</p>")
    run.save_markdown_caches()

    with pytest.raises(RuntimeError, match="already saved"):
        run.markdown_cache(path, "salt")
    saved = KeyedCache(path, "salt", packed=True, sharded=True)
    assert saved.get("a", lambda text: "made again") == "<p>một</p>"


def test_a_language_run_writes_its_caches_itself_before_it_renders(tmp_path, monkeypatch):
    """No forked copy: it would hold a copy of every page the run changes while it
    renders, at the run's largest (the peak of a 100,000-story build)."""

    def no_fork() -> int:
        raise AssertionError("a language run saves its caches without forking")

    monkeypatch.setattr("os.fork", no_fork)
    run = LanguageRun(lang="vi", index=None)  # type: ignore[arg-type]
    path = tmp_path / "markdown-vi"
    run.markdown_cache(path, "salt").get("Luật Đất đai", lambda text: "<p>Luật Đất đai</p>")
    run.save_markdown_caches()

    assert path.exists()  # written when the call returns
    saved = KeyedCache(path, "salt", packed=True, sharded=True)
    assert saved.get("Luật Đất đai", lambda text: "made again") == "<p>Luật Đất đai</p>"
