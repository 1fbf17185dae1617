"""The command line's build: what an editor reads when a build is stopped."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import vnportal.build.site
from vnportal.build.report import BuildReport
from vnportal.editors.cli import run_build


def test_ctrl_c_during_a_build_says_so_without_a_traceback(monkeypatch, capsys, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(vnportal.build.site, "build_site", interrupted)
    code = run_build(Path("pelicanconf.py"), tmp_path / "output", use_cache=False)
    said = capsys.readouterr()
    assert code == 130
    assert "stopped (Ctrl+C)" in said.err and "half done" in said.err
    assert "Traceback" not in said.err + said.out


def test_the_summary_counts_one_part_and_one_story_in_the_singular(monkeypatch, capsys, tmp_path):
    def built(*args, **kwargs):
        return BuildReport(
            output=tmp_path,
            stories={"vi": 5000, "en": 5000},
            drafts=[],
            waiting=[("content/vi/2026/12/hen-gio.md", datetime(2026, 12, 3, 10))],
            files=33580,
            seconds=2.1,
            rendered=13,
            reused=22912,
            search_parts=1,
            search_seconds=0.7,
        )

    monkeypatch.setattr(vnportal.build.site, "build_site", built)
    assert run_build(Path("pelicanconf.py"), tmp_path / "output", use_cache=False) == 0
    said = capsys.readouterr().out
    assert "search index: 1 part made in 0.7 s" in said
    assert "1 story waits for its time" in said
    assert "content/vi/2026/12/hen-gio.md: 03/12/2026 10:00 (Vietnam time)" in said
