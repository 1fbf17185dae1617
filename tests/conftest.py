"""Shared fixtures: the sample portal built once, small corpora, a local server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vnportal.build import build_site
from vnportal.serve import make_server

from .corpus import ROOT, write_corpus


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample content built with the local settings."""
    output = tmp_path_factory.mktemp("sample") / "output"
    build_site(ROOT / "pelicanconf.py", output)
    return output


@pytest.fixture
def build_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Build a small corpus; returns the output folder (raises BuildError)."""

    def build(files: dict[str, str | bytes]) -> Path:
        settings = write_corpus(tmp_path, files)
        output = tmp_path / "output"
        build_site(settings, output)
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
