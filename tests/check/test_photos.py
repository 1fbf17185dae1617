"""The checker and the build on photos: every problem at the story line that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.check import check_content
from vnportal.model.errors import BuildError

from ..corpus import ROOT, story, write_corpus
from ..photo_files import camera_photo, png_header_only, truncated

BASE = read_base_settings(ROOT / "pelicanconf.py")
PHOTO = "images/2024/07/hoi-nghi.jpg"
# Line 6 is the body's first line; line 4 is the lead photo's field.
WITH_PHOTO = story(body=f"![Đại biểu dự hội nghị]({{static}}/{PHOTO})")
WITH_LEAD = story(image=PHOTO, image_alt="Đại biểu dự hội nghị")


def checked(tmp_path: Path, files: dict[str, str | bytes], **settings) -> list[str]:
    write_corpus(tmp_path, files)
    report = check_content(tmp_path / "content", {**BASE, **settings})
    return [str(problem) for problem in report.problems]


def built(build_corpus, files: dict[str, str | bytes], settings: str = "") -> list[str]:
    with pytest.raises(BuildError) as caught:
        build_corpus(files, settings)
    return caught.value.problems


BAD = {
    "cut short": (truncated(camera_photo()), "is damaged or cut short"),
    "a PNG named .jpg": (camera_photo(fmt="PNG"), "is a PNG file with the ending of a JPEG file"),
    "a web page named .jpg": (b"<!doctype html><title>404</title>", "is not a JPEG, PNG or WebP"),
    "20,000 x 20,000 px": (png_header_only(20_000, 20_000), "more than the 40 megapixels"),
}


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_photo_is_an_error_at_the_line_that_shows_it(tmp_path, kind):
    data, what = BAD[kind]
    found = checked(tmp_path, {"vi/2024/07/a.md": WITH_PHOTO, PHOTO: data})
    assert len(found) == 1, found
    assert found[0].startswith(f"content/vi/2024/07/a.md:6: error: '{PHOTO}' ")
    assert what in found[0] and " — " in found[0]


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_photo_stops_the_build_and_nothing_is_written(build_corpus, tmp_path, kind):
    data, what = BAD[kind]
    found = built(build_corpus, {"vi/2024/07/a.md": WITH_LEAD, PHOTO: data})
    assert [line for line in found if what in line] == [
        next(line for line in found if line.startswith("content/vi/2024/07/a.md:4: error:"))
    ]
    assert not (tmp_path / "output").exists()
    assert not list(tmp_path.glob(".output.building-*"))  # the half-made site is gone


def test_a_bad_photo_added_later_leaves_the_published_site_as_it_was(build_corpus, tmp_path):
    files = {"vi/2024/07/a.md": WITH_PHOTO, PHOTO: camera_photo()}
    output = build_corpus(files)
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    found = built(build_corpus, {**files, PHOTO: truncated(camera_photo(colour=(9, 9, 9)))})
    assert "content/vi/2024/07/a.md:6: error:" in found[0]
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_a_photo_no_story_shows_is_reported_at_its_own_file(tmp_path):
    found = checked(tmp_path, {"vi/2024/07/a.md": story(), PHOTO: b"GIF89a not really"})
    assert found == [
        f"content/{PHOTO}: error: '{PHOTO}' is not a JPEG, PNG or WebP picture (perhaps a web "
        "page or a document saved with a picture's name) — open the original in a photo editor "
        "and save it again as JPEG, PNG or WebP"
    ]


def test_a_photo_with_a_gps_position_is_a_warning(tmp_path):
    found = checked(tmp_path, {"vi/2024/07/a.md": WITH_LEAD, PHOTO: camera_photo(gps=True)})
    assert found == [
        f"content/vi/2024/07/a.md:4: warning: the photo '{PHOTO}' records the GPS position "
        "where it was taken — the site publishes it without (EXIF is removed), but the file in "
        "content/ keeps it: remove the position in a photo editor if the place is private"
    ]


def test_a_heavy_photo_is_a_warning_with_the_limit_a_setting(tmp_path):
    files = {"vi/2024/07/a.md": WITH_PHOTO, PHOTO: camera_photo()}
    assert checked(tmp_path, files) == []
    found = checked(tmp_path, files, PORTAL_PHOTO_MAX_BYTES=10_000)
    assert len(found) == 1
    assert found[0].startswith(f"content/vi/2024/07/a.md:6: warning: the photo '{PHOTO}' is ")
    assert "more than the 0.0 MB a photo should be" not in found[0]


def test_a_photo_without_alt_text_and_a_missing_photo_are_errors(tmp_path):
    body = f"![]({{static}}/{PHOTO})\n\n![Ảnh](/images/2024/07/khong-co.jpg)"
    found = checked(tmp_path, {"vi/2024/07/a.md": story(body=body), PHOTO: camera_photo()})
    assert found[0].startswith(f"content/vi/2024/07/a.md:6: error: the image '{{static}}/{PHOTO}'")
    assert "has no description (alt text)" in found[0]
    assert found[1].startswith("content/vi/2024/07/a.md:8: error: the image")
    assert "does not exist" in found[1]


def test_a_good_photo_passes_and_is_published_in_every_size(build_corpus):
    output = build_corpus({"vi/2024/07/a.md": WITH_PHOTO, PHOTO: camera_photo()})
    names = sorted(p.name for p in (output / "images/2024/07").iterdir())
    assert "hoi-nghi.jpg" in names
    assert {name.split(".")[-1] for name in names} >= {"jpg", "webp"}
    assert len([n for n in names if ".480w." in n]) >= 2
