"""Every Markdown file is a published page, a listed draft, or an error: one to one."""

from __future__ import annotations

import pytest

from vnportal.build.site import build_site
from vnportal.model.errors import BuildError
from vnportal.render.accounting import account_for_every_file

from ..corpus import story, write_corpus

CORPUS = {
    "vi/2024/07/cong-khai.md": story("Công khai"),
    "vi/2024/08/nhap.md": story("Bản nháp", date="2024-08-01 08:00", status="draft"),
    "vi/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n",
    "vi/pages/nhap.md": "---\ntitle: Trang nháp\nstatus: draft\n---\nNháp.\n",
    "en/2024/07/cong-khai.md": story("Public"),
    "en/2024/09/draft.md": story("Draft", date="2024-09-01 08:00", status="draft"),
}
PUBLISHED = {
    "vi/2024/07/cong-khai.md": "2024/07/cong-khai/",
    "vi/pages/gioi-thieu.md": "gioi-thieu/",
    "en/2024/07/cong-khai.md": "en/2024/07/cong-khai/",
}
DRAFTS = {
    "vi/2024/08/nhap.md": "drafts/nhap/",
    "vi/pages/nhap.md": "drafts/pages/nhap/",
    "en/2024/09/draft.md": "en/drafts/draft/",
}


def test_each_file_is_a_page_or_a_listed_draft(tmp_path):
    settings = write_corpus(tmp_path, CORPUS)
    report = build_site(settings, tmp_path / "out")
    assert sorted(report.drafts) == sorted(f"content/{path}" for path in DRAFTS)
    assert report.stories == {"vi": 1, "en": 1}
    for source, url in {**PUBLISHED, **DRAFTS}.items():
        assert (tmp_path / "out" / url / "index.html").is_file(), source
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "Công khai" in home and "Bản nháp" not in home
    assert set(PUBLISHED) | set(DRAFTS) == set(CORPUS)


def test_command_line_lists_the_drafts(tmp_path, capsys):
    from vnportal.editors.cli import run_build

    settings = write_corpus(tmp_path, CORPUS)
    assert run_build(settings, tmp_path / "out") == 0
    printed = capsys.readouterr().out
    assert "3 drafts" in printed
    assert all(f"content/{path}" in printed for path in DRAFTS)


def test_file_that_pelican_dropped_stops_the_build(tmp_path):
    """If Pelican skips a file for any reason, the check names it."""

    class Generator:
        def __init__(self, settings, articles):
            self.settings, self.articles = settings, articles

    from vnportal.build.settings import read_base_settings
    from vnportal.model.index import build_index
    from vnportal.render.run import PORTAL_RUN, LanguageRun

    settings_file = write_corpus(tmp_path, {"vi/2024/07/a.md": story(), "vi/2024/07/b.md": story()})
    base = read_base_settings(settings_file)
    index = build_index(tmp_path / "content", base)
    kept = type("Article", (), {"source_path": str(tmp_path / "content/vi/2024/07/a.md")})()
    settings = {**base, PORTAL_RUN: LanguageRun(lang="vi", index=index)}
    with pytest.raises(BuildError) as caught:
        account_for_every_file([Generator(settings, [kept])])
    assert caught.value.problems == [
        "content/vi/2024/07/b.md: was not turned into a page — "
        "see the messages above for why, fix the file and build again"
    ]
