"""Deployment: rsync sends only what a build changed; ghp-import makes the Pages branch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vnportal.build.site import build_site
from vnportal.editors.deploy import DeployError, gh_pages_command, rsync_command, rsync_target

from ..chromium import missing_tool
from ..corpus import story, write_corpus


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("deploy@pbgdpl.gov.vn:/var/www/pbgdpl", "deploy@pbgdpl.gov.vn:/var/www/pbgdpl/"),
        ("pbgdpl.gov.vn:/var/www/pbgdpl/", "pbgdpl.gov.vn:/var/www/pbgdpl/"),
        ("/srv/www/pbgdpl", "/srv/www/pbgdpl/"),
    ],
)
def test_a_site_folder_is_a_target(given, used):
    assert rsync_target(given) == used


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("", "not a place to copy to"),
        ("pbgdpl.gov.vn", "not a place to copy to"),
        ("deploy@pbgdpl.gov.vn:www/pbgdpl", "full path"),
        ("deploy@pbgdpl.gov.vn:/", "not a site's own folder"),
        ("deploy@pbgdpl.gov.vn:/var/www", "not a site's own folder"),
        ("/etc/", "not a site's own folder"),
        ("/var/www/../../etc", "not a site's own folder"),
    ],
)
def test_a_target_whose_other_files_would_be_deleted_is_refused(given, said):
    with pytest.raises(DeployError, match=said):
        rsync_target(given)


def sent(output: Path, target: Path) -> list[str]:
    """Copy with the deploy task's rsync command; the files it sent or deleted."""
    done = subprocess.run(
        rsync_command(output, str(target)), capture_output=True, text=True, check=True
    )
    return [line.split(" ", 1)[1] for line in done.stdout.splitlines() if line[1:2] == "f"]


def test_rsync_sends_only_what_an_edit_changed(tmp_path, monkeypatch):
    if shutil.which("rsync") is None:
        missing_tool("rsync is missing")
    monkeypatch.delitem(sys.modules, "publishconf", raising=False)
    files = {
        f"vi/2024/0{month}/tin-{month}.md": story(f"Tin {month}", date=f"2024-0{month}-11 08:00")
        for month in range(1, 6)
    }
    cache = f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
    settings = write_corpus(tmp_path, files, cache, "publishconf")
    output, server = tmp_path / "output", tmp_path / "www"
    build_site(settings, output)
    everything = sent(output, server)
    assert len(everything) > 100  # the first time
    assert sent(output, server) == []  # nothing changed, nothing sent
    (tmp_path / "content/vi/2024/03/tin-3.md").write_text(
        story("Tin 3", date="2024-03-11 08:00", body="Nội dung đã sửa."), encoding="utf-8"
    )
    build_site(settings, output)
    changed = sent(output, server)
    assert "2024/03/tin-3/index.html" in changed and "2024/03/tin-3/index.html.br" in changed
    assert "theme/css/site.css" not in changed and "2024/01/tin-1/index.html" not in changed
    assert len(changed) < len(everything) / 5  # the pages that show the story, and their forms


def test_ghp_import_makes_a_pages_branch_with_the_domain(tmp_path, published_site):
    repository = tmp_path / "repository"
    repository.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=repository, capture_output=True, text=True, check=True
        ).stdout

    git("init", "-q")
    git("config", "user.email", "it@example.vn")
    git("config", "user.name", "IT")
    command = gh_pages_command(published_site, "https://pbgdpl.tiengiang.gov.vn", push=False)
    subprocess.run(command, cwd=repository, check=True)
    names = git("ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"CNAME", ".nojekyll", "index.html", "en/index.html"} <= set(names)
    assert git("show", "gh-pages:CNAME").strip() == "pbgdpl.tiengiang.gov.vn"
