"""The built sample portal: share previews and responsive photos, page by page.

Every meta tag a social app or search engine reads is parsed and its picture
opened; every ``srcset`` candidate is opened and its width compared with the
one stated; every ``<img>`` states its size.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from vnportal.build.settings import read_base_settings
from vnportal.model.photos import svg_size

from .corpus import ROOT, story
from .photo_files import camera_photo

SETTINGS = read_base_settings(ROOT / "pelicanconf.py")
ORIGIN = SETTINGS["PREVIEW_ORIGIN"]
SEED = "2024/07/tap-huan-ky-nang-pbgdpl/index.html"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@cache
def _size(path: Path) -> tuple[int, int, str]:
    if path.suffix == ".svg":
        width, height = svg_size(path.read_bytes()) or (0, 0)
        return width, height, "SVG"
    image = Image.open(path)
    return image.width, image.height, image.format or ""


def local(site: Path, url: str) -> Path:
    """The output file of a site address or an absolute address of the site."""
    parts = urlsplit(url)
    assert parts.scheme in {"", "http", "https"} and (not parts.netloc or url.startswith(ORIGIN))
    return site / parts.path.lstrip("/")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content", ""))
    return found


def test_every_story_shares_a_raster_picture_of_the_stated_size(built_site):
    stories = 0
    for path in pages(built_site):
        tags = meta(soup(path))
        if tags.get("og:type") != ["article"]:
            continue
        stories += 1
        image = tags["og:image"][0]
        assert image.startswith(ORIGIN + "/"), path
        width, height, fmt = _size(local(built_site, image))
        assert fmt in {"JPEG", "PNG"}, (path, image)
        assert tags["og:image:width"] == [str(width)] and tags["og:image:height"] == [str(height)]
        assert width >= 1200 or fmt == "PNG", (path, width)
        assert tags["og:image:type"] == [{"JPEG": "image/jpeg", "PNG": "image/png"}[fmt]]
        assert tags["og:image:alt"][0].strip()
        assert tags["twitter:card"] == ["summary_large_image"]
        assert tags["twitter:image"] == [image]
        assert tags["og:title"] == tags["twitter:title"] and tags["og:title"][0].strip()
    assert stories >= 23


def test_a_story_without_a_photo_shares_a_card_of_1200_by_630(built_site):
    tags = meta(soup(built_site / "2023/09/hoa-giai-tranh-chap-loi-di/index.html"))
    assert "/share/" in tags["og:image"][0]
    assert _size(local(built_site, tags["og:image"][0])) == (1200, 630, "PNG")


def test_the_seed_story_shares_its_own_photo(built_site):
    tags = meta(soup(built_site / SEED))
    assert tags["og:image"][0].startswith(f"{ORIGIN}/images/2024/07/hoi-nghi-tap-huan.1200w.")


def test_every_page_has_the_open_graph_fields_search_and_share_need(built_site):
    for path in pages(built_site):
        page = soup(path)
        tags = meta(page)
        if path.name == "404.html":  # shown at any missing address: nothing to share
            assert "og:url" not in tags
            continue
        assert tags["og:site_name"][0] and tags["og:title"][0], path
        assert tags["og:url"][0].startswith(ORIGIN + "/"), path
        assert tags["og:locale"][0] in {"vi_VN", "en_US"}, path
        assert tags["og:type"][0] in {"article", "website"}, path
        for key, values in tags.items():
            assert len(values) == 1 or key in {"article:tag", "og:locale:alternate"}, (path, key)


def test_every_picture_candidate_exists_at_the_width_it_states(built_site):
    checked = 0
    for path in pages(built_site):
        for element in soup(path).find_all(["img", "source"]):
            for candidate in (element.get("srcset") or "").split(","):
                if not candidate.strip():
                    continue
                url, descriptor = candidate.split()
                assert descriptor.endswith("w")
                width, _, fmt = _size(local(built_site, url))
                assert width == int(descriptor[:-1]), (path, url)
                if element.name == "source":
                    assert {"image/avif": "AVIF", "image/webp": "WEBP"}[element["type"]] == fmt
                checked += 1
    assert checked > 100


def test_every_image_states_its_size_so_nothing_moves(built_site):
    for path in pages(built_site):
        for img in soup(path).find_all("img"):
            src = img["src"]
            if src.startswith("data:") or "/theme/" in src:
                continue
            width, height, _ = _size(local(built_site, src))
            assert (img.get("width"), img.get("height")) == (str(width), str(height)), (path, src)


def test_the_lead_photo_comes_first_and_the_rest_wait_until_scrolled_to(built_site):
    page = soup(built_site / SEED)
    lead = page.select_one(".story-figure img")
    assert lead["fetchpriority"] == "high" and "loading" not in lead.attrs
    body = page.select(".prose img")
    assert len(body) == 2 and all(img["loading"] == "lazy" for img in body)
    # The sample's newest story has no photo: the home page's cards come below its
    # text on a phone, and wait.
    home = soup(built_site / "index.html")
    assert home.select_one(".lead-story img") is None
    assert all(img["loading"] == "lazy" for img in home.select("main img"))


def test_the_home_pages_lead_photo_is_fetched_first(build_corpus):
    photo = "images/2024/07/a.jpg"
    output = build_corpus(
        {
            "vi/2024/07/a.md": story(image=photo, image_alt="Ảnh", date="2024-07-12"),
            "vi/2024/07/b.md": story(title="Tin cũ", image=photo, image_alt="Ảnh"),
            photo: camera_photo(),
        }
    )
    home = soup(output / "index.html")
    lead = home.select_one(".lead-story img")
    assert lead["fetchpriority"] == "high" and "loading" not in lead.attrs
    assert [img["loading"] for img in home.select(".card img")] == ["lazy"]


def test_no_published_picture_says_where_or_with_what_it_was_taken(built_site):
    files = [*built_site.glob("images/**/*.*"), *built_site.glob("share/*.png")]
    rasters = [path for path in files if path.suffix in {".jpg", ".png", ".webp", ".avif"}]
    assert len(rasters) > 30
    for path in rasters:
        image = Image.open(path)
        assert not image.getexif(), path
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, path


def test_drawings_are_labelled_in_the_pages_language(built_site):
    vi = soup(built_site / "2023/09/hoa-giai-tranh-chap-loi-di/index.html")
    en = soup(built_site / "en/2023/09/hoa-giai-tranh-chap-loi-di/index.html")
    assert vi.select_one(".drawing-label").get_text() == "Ảnh minh họa"
    assert en.select_one(".drawing-label").get_text() == "Illustration"


@pytest.mark.parametrize("title", ['"><script>alert(1)</script>', "Tin </script> & <b>đậm</b>"])
def test_a_title_with_markup_stays_text_in_every_meta_tag(build_corpus, title):
    escaped = title.replace('"', '\\"')
    output = build_corpus({"vi/2024/07/a.md": story(title=escaped)})
    page = soup(output / "2024/07/a/index.html")
    # Only the JSON-LD blocks hold the title, escaped: no script of the page runs it.
    for script in page.find_all("script"):
        assert script.get("src") or script["type"] == "application/ld+json"
        assert "</script" not in script.get_text() and "<script" not in script.get_text()
    tags = meta(page)
    assert tags["og:title"] == [title] and tags["twitter:title"] == [title]
    assert tags["og:image:alt"] == [title]
    card = local(output, tags["og:image"][0])
    assert Image.open(io.BytesIO(card.read_bytes())).size == (1200, 630)


def test_a_new_story_has_its_own_card_and_an_old_one_the_sites(build_corpus):
    files = {
        "vi/2026/11/moi.md": story(title="Tin mới", date="2026-11-20 08:00"),
        "vi/2020/01/cu.md": story(title="Tin cũ", date="2020-01-02 08:00"),
        "vi/2019/01/cu.md": story(title="Tin cũ hơn", date="2019-01-02 08:00"),
    }
    output = build_corpus(files, 'PORTAL_BUILD_DATE = "2026-11-30"\n')
    cards = {
        name: meta(soup(output / f"{name}/index.html"))["og:image"][0]
        for name in ("2026/11/moi", "2020/01/cu", "2019/01/cu")
    }
    assert cards["2020/01/cu"] == cards["2019/01/cu"] != cards["2026/11/moi"]
    everything = build_corpus(
        files, 'PORTAL_BUILD_DATE = "2026-11-30"\nPORTAL_SHARE_CARD_DAYS = None\n'
    )
    old = meta(soup(everything / "2020/01/cu/index.html"))["og:image"][0]
    assert old not in cards.values() and _size(local(everything, old)) == (1200, 630, "PNG")
