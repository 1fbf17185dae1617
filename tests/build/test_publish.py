"""`invoke publish`: absolute addresses, nothing unpublished, compressed forms of every text."""

from __future__ import annotations

import getpass
import gzip
import hashlib
import re
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import brotli
import pytest

from vnportal.build.settings import read_base_settings
from vnportal.build.site import build_site
from vnportal.editors.cli import run_build

from ..conftest import PUBLIC_ORIGIN
from ..corpus import ROOT, story, write_corpus

PUBLISH = "CACHE_PATH = {cache!r}\n"
STORIES = {
    "vi/2024/07/tap-huan.md": story("Tập huấn", body="Nội dung tập huấn. " * 40),
    "vi/2024/07/ban-nhap.md": story("Bản nháp", status="draft"),
    "vi/pages/nhap.md": story("Trang nháp", date="2024-07-01", status="draft"),
}


def use_address(monkeypatch, address: str) -> None:
    """As a new `invoke publish` process would see it: publishconf.py reads it on import."""
    monkeypatch.setenv("PORTAL_SITEURL", address)
    monkeypatch.delitem(sys.modules, "publishconf", raising=False)


def publish(root: Path, files: dict[str, str], monkeypatch, address: str) -> Path:
    use_address(monkeypatch, address)
    settings = write_corpus(root, files, PUBLISH.format(cache=str(root / "cache")), "publishconf")
    build_site(settings, root / "output", use_cache=False)
    return root / "output"


def test_every_address_a_reader_or_crawler_follows_is_absolute(published_site):
    home = (published_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLIC_ORIGIN}/">' in home
    assert f'hreflang="en" href="{PUBLIC_ORIGIN}/en/"' in home
    assert f'href="{PUBLIC_ORIGIN}/2024/07/tap-huan-ky-nang-pbgdpl/"' in home
    feed = (published_site / "feeds/all.rss.xml").read_text(encoding="utf-8")
    assert f"<link>{PUBLIC_ORIGIN}/2024/07/tap-huan-ky-nang-pbgdpl/</link>" in feed
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PUBLIC_ORIGIN}/en/</loc>" in sitemap
    assert f"Sitemap: {PUBLIC_ORIGIN}/sitemap.xml" in (published_site / "robots.txt").read_text()


def test_the_address_from_the_environment_is_normalised(tmp_path, monkeypatch):
    output = publish(tmp_path, STORIES, monkeypatch, " PBGDPL.TienGiang.gov.vn/ ")
    home = (output / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://pbgdpl.tiengiang.gov.vn/">' in home
    feed = (output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "https://pbgdpl.tiengiang.gov.vn/2024/07/tap-huan/" in feed


def test_drafts_are_not_written_at_all(tmp_path, monkeypatch, capsys):
    output = publish(tmp_path, STORIES, monkeypatch, "https://pbgdpl.tiengiang.gov.vn")
    assert not (output / "drafts").exists()
    everything = b"".join(p.read_bytes() for p in output.rglob("*") if p.is_file())
    assert "Bản nháp".encode() not in everything and b"ban-nhap" not in everything


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("http://pbgdpl.tiengiang.gov.vn", "served over HTTPS"),
        ("https://pbgdpl.tiengiang.gov.vn/cong-thong-tin", "has a path"),
    ],
)
def test_an_unusable_address_stops_the_build_before_anything_is_written(
    tmp_path, monkeypatch, capsys, address, said
):
    use_address(monkeypatch, address)
    settings = write_corpus(tmp_path, STORIES, "", "publishconf")
    assert run_build(settings, tmp_path / "output") == 1
    error = capsys.readouterr().err
    assert "PORTAL_SITEURL: " in error and said in error and "nothing was published" in error
    assert not (tmp_path / "output").exists()


def test_text_files_carry_gzip_and_brotli_forms_with_the_same_bytes(published_site):
    page = published_site / "2024/07/tap-huan-ky-nang-pbgdpl/index.html"
    original = page.read_bytes()
    assert gzip.decompress(Path(f"{page}.gz").read_bytes()) == original
    assert brotli.decompress(Path(f"{page}.br").read_bytes()) == original
    for name in ("theme/css/site.css", "theme/js/search.js", "sitemap.xml", "feeds/all.rss.xml"):
        assert (published_site / f"{name}.br").is_file(), name
    # Images and Pagefind's parts (compressed already) get none.
    assert not list(published_site.rglob("*.png.gz"))
    assert not list(published_site.rglob("*.pf_*.gz"))


def test_a_form_is_written_only_when_smaller(published_site):
    for form in [*published_site.rglob("*.gz"), *published_site.rglob("*.br")]:
        assert form.stat().st_size < Path(str(form)[:-3]).stat().st_size, form


def test_compressed_forms_are_the_same_on_every_build(published_site, tmp_path):
    again = tmp_path / "output"
    settings = published_site.parent / "publish.py"
    build_site(settings, again, use_cache=False)
    forms = sorted(p.relative_to(published_site) for p in published_site.rglob("*.[gb][zr]"))
    assert len(forms) > 200
    assert [f for f in forms if (published_site / f).read_bytes() != (again / f).read_bytes()] == []
    shutil.rmtree(again)


def test_nothing_of_the_build_machine_leaks_into_the_published_site(published_site):
    """No path, user or host of the machine, no local address, no preview origin."""
    home = str(Path.home())
    user = getpass.getuser()
    machine = socket.gethostname()
    forbidden = {
        str(ROOT),
        str(published_site.parent),
        tempfile.gettempdir() + "/",
        "pytest-of-",
        f"{home}/",
        f"/home/{user}",
        f"{user}@",
        "127.0.0.1",
        "localhost",
        read_base_settings(ROOT / "pelicanconf.py")["PREVIEW_ORIGIN"],
        "file://",
    }
    if len(machine) >= 4:
        forbidden.add(machine)
    found = []
    files = [p for p in published_site.rglob("*") if p.is_file()]
    assert len(files) > 500
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # gzip forms and Pagefind's parts: their text
            data = gzip.decompress(data)
        elif path.suffix == ".br":
            data = brotli.decompress(data)
        text = data.decode("utf-8", errors="replace")
        shown = path.relative_to(published_site)
        found += [f"{shown}: {word}" for word in forbidden if word in text]
    assert found == []


def test_pages_link_the_theme_css_and_js_by_content_hashed_names(published_site):
    linked = set()
    for page in [*published_site.rglob("*.html"), *published_site.rglob("*.xsl")]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"/theme/(?:css|js)/[\w-]+\.(?:css|js)\b", text), page
        linked.update(re.findall(r"/theme/((?:css|js)/[\w-]+\.[0-9a-f]{8}\.(?:css|js))", text))
    assert {"css/site", "js/search", "js/print", "js/copy-link", "js/menu", "css/nojs"} == {
        name.rsplit(".", 2)[0] for name in linked
    }
    for name in linked:  # each is the theme's file, named after its content
        stem, tag, ending = name.rsplit(".", 2)
        original = (ROOT / "theme/static" / f"{stem}.{ending}").read_bytes()
        assert (published_site / "theme" / name).read_bytes() == original
        assert hashlib.sha256(original).hexdigest()[:8] == tag


def test_a_local_build_links_the_plain_names(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/theme/css/site.css"' in home
    assert not list(built_site.glob("theme/css/site.*.css"))
