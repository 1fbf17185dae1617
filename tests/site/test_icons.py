"""The icons and the web app manifest, drawn from the theme's one SVG."""

from __future__ import annotations

import io
import json

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from vnportal.model.errors import BuildError
from vnportal.site.icons import read_drawing


def test_icons_and_manifest_are_made_and_linked_from_every_page(built_site):
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180)):
        with Image.open(built_site / name) as image:
            assert image.format == "PNG" and image.size == (size, size), name
    with Image.open(built_site / "apple-touch-icon.png") as image:
        assert image.mode == "RGB"  # opaque: iOS would paint transparent corners black
    with Image.open(built_site / "favicon-32.png") as image:
        assert image.getpixel((0, 0))[3] == 0  # the rounded corner stays transparent
        assert image.getpixel((16, 2))[:3] == (0x9E, 0x1B, 0x1B)
    manifest = json.loads((built_site / "site.webmanifest").read_text("utf-8"))
    assert manifest["name"] == "Phổ biến, giáo dục pháp luật Tiền Giang"
    assert manifest["lang"] == "vi" and manifest["short_name"]
    assert manifest["theme_color"] == "#9e1b1b"
    sizes = set()
    for icon in manifest["icons"]:
        path = built_site / icon["src"].lstrip("/")
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert icon["sizes"] == "{}x{}".format(*image.size)
            sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    for page in (
        "index.html",
        "en/index.html",
        "404.html",
        "2024/07/tap-huan-ky-nang-pbgdpl/index.html",
    ):
        head = BeautifulSoup((built_site / page).read_text("utf-8"), "html.parser").head
        links = {(tuple(link["rel"]), link["href"]) for link in head.find_all("link")}
        assert (("icon",), "/theme/img/favicon.svg") in links, page
        assert (("icon",), "/favicon-32.png") in links, page
        assert (("apple-touch-icon",), "/apple-touch-icon.png") in links, page
        assert (("manifest",), "/site.webmanifest") in links, page


def test_the_source_may_hold_only_rectangles(tmp_path):
    source = tmp_path / "icon.svg"
    source.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        '<circle r="4" fill="#000000"/></svg>'
    )
    with pytest.raises(BuildError, match="circle"):
        read_drawing(source)
    source.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 16"/>')
    with pytest.raises(BuildError, match="square"):
        read_drawing(source)


def test_icons_are_the_same_on_every_draw(tmp_path):
    from pathlib import Path

    from vnportal.site.icons import make_icon_files

    static = Path(__file__).resolve().parents[2] / "theme" / "static"
    first = make_icon_files(static, "Tên", "Tên", "")
    assert first == make_icon_files(static, "Tên", "Tên", "")
    assert io.BytesIO(first["icon-512.png"]).getvalue().startswith(b"\x89PNG")


def test_unchanged_icons_are_not_drawn_again(tmp_path, monkeypatch):
    from vnportal.build.site import build_site
    from vnportal.site import icons

    from ..corpus import story, write_corpus

    settings = write_corpus(tmp_path, {"vi/2024/07/a.md": story("Một")})
    build_site(settings, tmp_path / "output")
    first = (tmp_path / "output/icon-512.png").read_bytes()

    def no_drawing(*args, **kwargs):
        raise AssertionError("an unchanged icon was drawn again")

    monkeypatch.setattr(icons, "draw_png", no_drawing)
    write_corpus(tmp_path, {"vi/2024/07/b.md": story("Hai")})
    build_site(settings, tmp_path / "output")
    build_site(settings, tmp_path / "output2")  # another output, the same cache
    assert (tmp_path / "output2/icon-512.png").read_bytes() == first
