"""Every HTML file of the built portal passes the Nu Html Checker (vnu.jar) with no errors."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .chromium import missing_tool

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(folder: Path) -> list[dict[str, Any]]:
    java = shutil.which("java")
    if java is None:
        missing_tool("java is missing")
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR.relative_to(ROOT)} is missing")
    result = subprocess.run(
        [
            str(java),
            "-jar",
            str(VNU_JAR),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report to stderr; the JVM may print notes before it.
    report = result.stderr[result.stderr.find("{") :]
    try:
        return json.loads(report)["messages"]
    except (ValueError, KeyError) as error:
        raise AssertionError(
            f"vnu exited {result.returncode} without a JSON report:\n"
            f"{result.stdout}\n{result.stderr}"
        ) from error


def describe(message: dict[str, Any], folder: Path) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    with contextlib.suppress(ValueError):
        path = str(Path(path).relative_to(folder))
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())
    text = f"{path}:{line}: {message.get('message', '')}"
    return f"{text}\n    {extract}" if extract else text


def test_every_built_html_file_has_zero_nu_html_checker_errors(built_site: Path) -> None:
    assert any(built_site.rglob("*.html")), "the build wrote no HTML"
    messages = run_vnu(built_site.resolve())
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(
        describe(m, built_site.resolve()) for m in errors
    )
