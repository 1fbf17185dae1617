"""The photo stage: every width and format made, upright, without EXIF, once per photo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from vnportal.incremental.caches import KeyedCache
from vnportal.model.photos import PhotoLimits
from vnportal.model.sources import walk_files
from vnportal.site import photos as photo_stage
from vnportal.site.photos import make_photo_files, photo_files, survey_photos

from ..photo_files import camera_photo, truncated

LIMITS = PhotoLimits()


def surveyed(tmp_path: Path, files: dict[str, bytes]):
    content = tmp_path / "content"
    for relpath, data in files.items():
        (content / relpath).parent.mkdir(parents=True, exist_ok=True)
        (content / relpath).write_bytes(data)
    cache = KeyedCache(tmp_path / "photos.pickle", "test")
    return content, survey_photos(content, walk_files, cache, LIMITS)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_every_file_is_the_size_and_format_it_claims_and_carries_no_exif(tmp_path):
    photo = camera_photo((1800, 1200), gps=True)
    _, survey = surveyed(tmp_path, {"images/2024/07/a.jpg": photo})
    planned = survey.photos["images/2024/07/a.jpg"]
    files = photo_files(photo, planned, LIMITS)
    assert set(files) == {Path(name).name for name in planned.files}
    for variant in planned.variants:
        image = opened(files[Path(variant.relpath).name])
        assert image.size == (variant.width, variant.height)
        assert image.format == variant.format
    for name, data in files.items():
        image = opened(data)
        assert not image.getexif(), name  # no position, no camera, no time
        assert b"Phone maker" not in data and b"GPS" not in data


def test_a_photo_turned_by_exif_is_published_upright(tmp_path):
    # Saved lying on its side, with EXIF saying "turn it a quarter to the right".
    photo = camera_photo((1600, 900), orientation=6)
    _, survey = surveyed(tmp_path, {"images/a.jpg": photo})
    planned = survey.photos["images/a.jpg"]
    files = photo_files(photo, planned, LIMITS)
    upright = opened(files["a.jpg"])
    assert upright.size == (900, 1600)
    # The red left half of the stored picture is now the top half.
    top, bottom = upright.getpixel((450, 100)), upright.getpixel((450, 1500))
    assert top[0] > 150 and top[2] < 100 and bottom[2] > 120


def test_the_same_photo_gives_the_same_bytes(tmp_path):
    photo = camera_photo((900, 600))
    _, survey = surveyed(tmp_path, {"images/a.jpg": photo})
    planned = survey.photos["images/a.jpg"]
    assert photo_files(photo, planned, LIMITS) == photo_files(photo, planned, LIMITS)


def test_an_unchanged_photo_is_never_processed_twice(tmp_path, monkeypatch):
    content, survey = surveyed(tmp_path, {"images/a.jpg": camera_photo((900, 600))})
    made = []
    real = photo_stage.photo_files
    monkeypatch.setattr(
        photo_stage, "photo_files", lambda *args: made.append(args[1].relpath) or real(*args)
    )
    for target in ("first", "second"):
        make_photo_files(survey, tmp_path / "cache", LIMITS, ["images/a.jpg"], tmp_path / target)
    assert made == ["images/a.jpg"]
    first, second = tmp_path / "first", tmp_path / "second"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.*"))
    assert names == sorted(survey.photos["images/a.jpg"].files)
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    # Renamed or touched, the same bytes are not made again either.
    (content / "images/b.jpg").write_bytes((content / "images/a.jpg").read_bytes())
    _, again = surveyed(tmp_path, {})
    make_photo_files(again, tmp_path / "cache", LIMITS, ["images/b.jpg"], tmp_path / "third")
    assert made == ["images/a.jpg", "images/b.jpg"]  # b's names differ, so its files are made


def test_a_photo_found_damaged_is_reported_and_nothing_of_it_written(tmp_path):
    good = camera_photo((900, 600))
    _, survey = surveyed(
        tmp_path, {"images/good.jpg": good, "images/cut.jpg": truncated(camera_photo())}
    )
    target = tmp_path / "target"
    problems = make_photo_files(survey, tmp_path / "cache", LIMITS, sorted(survey.photos), target)
    assert list(problems) == ["images/cut.jpg"]
    assert "damaged or cut short" in problems["images/cut.jpg"].problem
    assert not list(target.glob("images/cut*"))
    assert (target / "images/good.jpg").is_file()
    assert not list((tmp_path / "cache").rglob("*.partial"))


@pytest.mark.parametrize("name", ["a.webp", "a.png"])
def test_webp_and_png_photos_get_a_format_every_browser_shows(tmp_path, name):
    fmt = "WEBP" if name.endswith("webp") else "PNG"
    _, survey = surveyed(tmp_path, {f"images/{name}": camera_photo((1000, 700), fmt=fmt)})
    photo = survey.photos[f"images/{name}"]
    assert photo.fallback.format == ("PNG" if fmt == "PNG" else "JPEG")
    assert photo.share is not None and photo.share.format in {"JPEG", "PNG"}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_an_upright_photo_keeps_its_own_pixels_without_its_metadata(tmp_path, fmt):
    name = "a.jpg" if fmt == "JPEG" else "a.png"
    photo = camera_photo((900, 600), gps=True, fmt=fmt)
    _, survey = surveyed(tmp_path, {f"images/{name}": photo})
    published = photo_files(photo, survey.photos[f"images/{name}"], LIMITS)[name]
    assert b"Phone maker" not in published and not opened(published).getexif()
    assert len(published) < len(photo)
    # The same compressed picture: not one pixel differs, nothing compressed twice.
    assert opened(published).tobytes() == opened(photo).tobytes()
    if fmt == "JPEG":
        assert photo.endswith(published[published.index(b"\xff\xda") :])
