"""The command line's build: what an editor reads when a build is stopped."""

from __future__ import annotations

from pathlib import Path

import vnportal.build.site
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
