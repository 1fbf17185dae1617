"""What a photo is: its size as shown, its GPS position, and the files planned for it."""

from __future__ import annotations

import pytest

from vnportal.model.photos import (
    WIDTHS,
    PhotoError,
    PhotoLimits,
    inspect_photo,
    plan_variants,
    read_facts,
    svg_size,
)

from ..photo_files import camera_photo, png_header_only, truncated

LIMITS = PhotoLimits()


def test_a_photo_turned_by_exif_is_as_wide_as_it_is_shown():
    facts = read_facts(camera_photo((1800, 1200), orientation=6), "images/a.jpg", LIMITS)
    assert (facts.width, facts.height, facts.orientation) == (1200, 1800, 6)


def test_a_gps_position_is_noticed_and_its_absence_too():
    assert read_facts(camera_photo(gps=True), "images/a.jpg", LIMITS).has_gps
    assert not read_facts(camera_photo(), "images/a.jpg", LIMITS).has_gps


def test_a_png_named_jpg_is_refused_with_both_formats_named():
    with pytest.raises(PhotoError) as refused:
        read_facts(camera_photo(fmt="PNG"), "images/2024/07/anh.jpg", LIMITS)
    assert "'images/2024/07/anh.jpg' is a PNG file with the ending of a JPEG file" in str(
        refused.value
    )
    assert ".png" in refused.value.fix


def test_a_file_that_is_no_picture_is_refused():
    with pytest.raises(PhotoError, match="is not a JPEG, PNG or WebP picture"):
        read_facts(b"<html>404 Not Found</html>", "images/a.jpg", LIMITS)


def test_a_photo_cut_short_is_found_when_decoded():
    damaged = truncated(camera_photo())
    read_facts(damaged, "images/a.jpg", LIMITS)  # the header alone looks fine
    with pytest.raises(PhotoError, match="damaged or cut short"):
        inspect_photo(damaged, "images/a.jpg", LIMITS)


def test_a_decompression_bomb_is_refused_before_any_pixel_is_decoded():
    with pytest.raises(PhotoError) as refused:
        read_facts(png_header_only(20_000, 20_000), "images/bom.png", LIMITS)
    assert "more than the 40 megapixels" in refused.value.problem
    assert "smaller" in refused.value.fix


def test_the_pixel_limit_is_a_setting():
    small = PhotoLimits.of({"PORTAL_PHOTO_MAX_PIXELS": 1000})
    with pytest.raises(PhotoError, match=r"is 1800 × 1200 px, more than the 0\.001 megapixels"):
        read_facts(camera_photo(), "images/a.jpg", small)


def test_widths_are_never_wider_than_the_photo_and_carry_its_digest():
    facts = read_facts(camera_photo((1000, 500)), "images/2024/07/a.jpg", LIMITS)
    variants = plan_variants("images/2024/07/a.jpg", "0123456789abcdef", facts, avif=True)
    assert sorted({v.width for v in variants}) == [480, 800, 1000]
    assert {v.format for v in variants} == {"JPEG", "WEBP", "AVIF"}
    assert all(v.height == round(500 * v.width / 1000) for v in variants)
    assert "images/2024/07/a.800w.0123456789.webp" in {v.relpath for v in variants}


def test_a_large_photo_stops_at_the_widest_size():
    facts = read_facts(camera_photo((4000, 3000)), "images/a.jpg", LIMITS)
    widths = [v.width for v in plan_variants("images/a.jpg", "f" * 16, facts, avif=False)]
    assert widths == [*WIDTHS, *WIDTHS]  # JPEG then WebP; no AVIF when Pillow has none


def test_a_small_photo_is_made_at_its_own_width_only():
    facts = read_facts(camera_photo((300, 200), fmt="PNG"), "images/a.png", LIMITS)
    variants = plan_variants("images/a.png", "f" * 16, facts, avif=False)
    assert [(v.width, v.format) for v in variants] == [(300, "PNG"), (300, "WEBP")]


def test_a_drawing_has_its_size_from_width_and_height_or_its_viewbox():
    assert svg_size(b'<svg xmlns="x" width="1200" height="675">') == (1200, 675)
    assert svg_size(b'<?xml?>\n<svg viewBox="0 0 640 360">') == (640, 360)
    assert svg_size(b'<svg width="100%" height="100%">') is None
    assert svg_size(b"not a drawing") is None
