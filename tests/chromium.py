"""Debian's Chromium as the tests drive it (never a browser Playwright downloads)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Chromium's own banner announcing the end of XSLT, not part of our feed pages.
    "--disable-features=GenerateXSLTWarningBanner",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_tool(message: str) -> None:
    """Fail in CI, where every tool must be installed; skip on a bare checkout."""
    message += " (bash scripts/test.sh installs it)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)
