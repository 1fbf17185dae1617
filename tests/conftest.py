"""Shared fixtures: the sample portal built once, small corpora, a local server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from vnportal.build.site import build_site
from vnportal.editors.serve import make_server

from .chromium import CHROMIUM, CHROMIUM_ARGS, missing_tool
from .corpus import ROOT, write_corpus


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample content built with the local settings."""
    output = tmp_path_factory.mktemp("sample") / "output"
    build_site(ROOT / "pelicanconf.py", output)
    return output


PUBLIC_ORIGIN = "https://pbgdpl.tiengiang.example.vn"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample content built as `invoke publish` builds it."""
    root = tmp_path_factory.mktemp("published")
    settings = root / "publish.py"
    settings.write_text(
        "from publishconf import *  # noqa: F403\n"
        f"SITEURL = FEED_DOMAIN = {PUBLIC_ORIGIN!r}\n"
        f"PATH = {str(ROOT / 'content')!r}\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT)!r}]\n"
        f"CACHE_PATH = {str(root / 'cache')!r}\n",
        encoding="utf-8",
    )
    build_site(settings, root / "output")
    return root / "output"


@pytest.fixture
def build_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Build a small corpus; returns the output folder (raises BuildError).

    ``settings`` is optional Python appended to the corpus's settings file.
    """

    def build(files: dict[str, str | bytes], settings: str = "") -> Path:
        settings_file = write_corpus(tmp_path, files, settings)
        output = tmp_path / "output"
        build_site(settings_file, output)
        return output

    return build


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built sample portal served on 127.0.0.1; yields its base URL."""
    server = make_server(built_site, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; missing Chromium fails in CI and skips elsewhere."""
    if not CHROMIUM.is_file():
        missing_tool(f"{CHROMIUM} is missing")
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
