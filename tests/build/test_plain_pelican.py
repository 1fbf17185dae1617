"""``pelican content`` alone, with our settings, builds a correct Vietnamese site."""

from __future__ import annotations

import os
import subprocess
import sys

from bs4 import BeautifulSoup

from ..corpus import ROOT, story, write_corpus


def test_plain_pelican_builds_the_vietnamese_site(tmp_path):
    files = {
        "vi/2024/07/tap-huan.md": story(
            "Tập huấn kỹ năng", tags="[hòa giải ở cơ sở, Hoà giải ở cơ sở]", category="Sự kiện"
        ),
        "vi/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nSở Tư pháp.\n",
        "en/2024/07/tap-huan.md": story("Training", tags="[mediation]", category="Events"),
    }
    settings = write_corpus(tmp_path, files, f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    output = tmp_path / "output"
    command = [sys.executable, "-m", "pelican", str(tmp_path / "content")]
    done = subprocess.run(
        [*command, "-s", str(settings), "-o", str(output)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    page = BeautifulSoup((output / "2024/07/tap-huan/index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "vi"
    assert page.h1.get_text(strip=True) == "Tập huấn kỹ năng"
    assert "Thứ Năm, 11/07/2024, 11:17 (GMT+7)" in page.get_text(" ", strip=True)
    # The story's own tag list (the side column lists its topics again on wide screens).
    tags = [a.get_text(strip=True) for a in page.select('.story-footer a[href*="/tags/"]')]
    assert tags.count("hòa giải ở cơ sở") + tags.count("Hoà giải ở cơ sở") == 1  # one tag
    assert (output / "tags/hoa-giai-o-co-so/index.html").is_file()
    assert (output / "gioi-thieu/index.html").is_file()
    assert (output / "feeds/all.atom.xml").is_file()
    assert not (output / "en").exists()  # English is built by invoke build only
