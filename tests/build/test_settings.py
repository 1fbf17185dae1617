"""A build from nothing reads its settings in a child process, so that the build process
never imports Pelican: the settings must be exactly those Pelican reads, and a mistake
in the settings file must be reported just as when they are read in the process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings, read_settings_apart
from vnportal.incremental.fingerprints import settings_digest

from ..corpus import ROOT

# A fresh interpreter: the test session has imported Pelican, and read_settings_apart
# then reads the settings in the process itself.
READ_APART = """
import json, sys, traceback
from pathlib import Path
from vnportal.build.settings import read_settings_apart
from vnportal.incremental.fingerprints import settings_digest
try:
    settings = read_settings_apart(Path(sys.argv[1]))
except BaseException as error:
    print(json.dumps({"error": type(error).__name__, "message": str(error)}))
    raise SystemExit(0)
rules = [[rule.min_page, rule.URL, rule.SAVE_AS] for rule in settings["PAGINATION_PATTERNS"]]
filters = sorted(name for name, value in settings["JINJA_FILTERS"].items() if callable(value))
print(json.dumps({
    "digest": settings_digest(settings),
    "rules": rules,
    "filters": filters,
    "pelican imported": "pelican" in sys.modules,
}))
"""


def _read_apart(settings_file: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", READ_APART, str(settings_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _settings_file(folder: Path, extra: str) -> Path:
    path = folder / "settingsconf.py"
    path.write_text(
        f"from pelicanconf import *  # noqa: F403\nPATH = {str(ROOT / 'content')!r}\n{extra}",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def on_path(monkeypatch):
    """Settings files import pelicanconf, beside which the project's root lies."""
    monkeypatch.syspath_prepend(str(ROOT))


def test_settings_read_apart_are_those_pelican_reads_and_pelican_stays_out(tmp_path, on_path):
    settings_file = _settings_file(tmp_path, "")
    here = read_base_settings(settings_file)
    apart = _read_apart(settings_file)
    assert apart["pelican imported"] is False
    assert apart["digest"] == settings_digest(here)
    assert apart["rules"] == [list(rule) for rule in here["PAGINATION_PATTERNS"]]
    # Pagination patterns are Pelican's own kind of value: read apart, they still
    # name their fields as Pelican's do.
    assert apart["rules"][1][0] == here["PAGINATION_PATTERNS"][1].min_page


def test_a_mistake_in_the_settings_file_is_reported_as_when_read_in_the_process(tmp_path, on_path):
    settings_file = _settings_file(tmp_path, "TIMEZONE = ASIA_HO_CHI_MINH\n")
    with pytest.raises(NameError) as here:
        read_base_settings(settings_file)
    apart = _read_apart(settings_file)
    assert apart == {"error": "NameError", "message": str(here.value)}
    assert "ASIA_HO_CHI_MINH" in apart["message"]


def test_a_value_that_cannot_be_sent_is_read_in_the_process_instead(tmp_path, on_path):
    """A function in the settings (a Jinja filter) cannot be pickled across: the
    settings are then read in the process, with the function."""
    settings_file = _settings_file(tmp_path, "JINJA_FILTERS = {'upper': lambda text: text}\n")
    apart = _read_apart(settings_file)
    assert apart["filters"] == ["upper"]
    assert apart["pelican imported"] is True


def test_in_a_process_that_has_pelican_the_settings_are_read_there(tmp_path, on_path):
    settings_file = _settings_file(tmp_path, "")
    assert "pelican" in sys.modules
    assert settings_digest(read_settings_apart(settings_file)) == settings_digest(
        read_base_settings(settings_file)
    )
