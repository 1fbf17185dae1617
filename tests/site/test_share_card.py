"""Share cards: the og:image drawn for a story without a photo, checked as a reader of a
shared link would see it: size, Vietnamese letters, a long title kept on the card."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from vnportal.site import share_card
from vnportal.site.share_card import (
    DEFAULT_THEME,
    FONT,
    MARGIN,
    SIZE,
    STRIP,
    ShareColours,
    contrast_ratio,
    draw_share_card,
    fit_title,
    share_card_key,
)

SITE = "Phổ biến, giáo dục pháp luật Tiền Giang"
TITLE = "Tập huấn kỹ năng phổ biến, giáo dục pháp luật cho báo cáo viên cấp huyện"
LONG_TITLE = (
    "Hướng dẫn thực hiện Luật Đất đai năm 2024 và các nghị định quy định chi tiết về bồi "
    "thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất; quyền và nghĩa vụ của người sử "
    "dụng đất; thủ tục đăng ký biến động, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở "
    "hữu tài sản gắn liền với đất trên địa bàn tỉnh Tiền Giang, kèm theo các biểu mẫu"
)
# Every Vietnamese vowel with every tone, đ, and both cases: 146 letters.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LOWER = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} | {"đ"}
LETTERS = sorted(LOWER | {letter.upper() for letter in LOWER})


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_a_card_is_a_1200_by_630_palette_png_without_metadata():
    png = draw_share_card(TITLE, SITE, kicker="Tin hoạt động · 12/07/2024")
    image = _image(png)
    assert image.format == "PNG" and image.size == SIZE == (1200, 630)
    assert image.mode == "P"  # a palette keeps the file small
    assert len(png) < 60_000
    for chunk in (b"tIME", b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in png


def test_the_same_inputs_give_the_same_bytes_even_in_a_new_process_state():
    first = draw_share_card(TITLE, SITE, kicker="Tin tức")
    share_card._font.cache_clear()  # the font is read and opened again
    share_card._font_bytes.cache_clear()
    assert draw_share_card(TITLE, SITE, kicker="Tin tức") == first


def test_what_changes_the_picture_changes_the_bytes_and_the_key():
    base = (TITLE, SITE, "Tin tức", ShareColours())
    other_colours = ShareColours(band="#1b1b1b")
    variants = [
        base,
        (TITLE + " năm 2024", SITE, "Tin tức", ShareColours()),
        (TITLE, "Sở Tư pháp", "Tin tức", ShareColours()),
        (TITLE, SITE, "Văn bản mới", ShareColours()),
        (TITLE, SITE, "Tin tức", other_colours),
    ]
    keys = {share_card_key(*variant) for variant in variants}
    cards = {
        draw_share_card(title, site, kicker=kicker, colours=colours)
        for title, site, kicker, colours in variants
    }
    assert len(keys) == len(cards) == len(variants)
    assert share_card_key(*base) == share_card_key(*base)
    assert re.fullmatch(r"[0-9a-f]{40}", share_card_key(*base))  # usable as a file name


def test_the_key_changes_with_the_font_file(tmp_path):
    theme = tmp_path / "theme"
    (theme / FONT).parent.mkdir(parents=True)
    font = (DEFAULT_THEME / FONT).read_bytes()
    (theme / FONT).write_bytes(font)
    same = share_card_key(TITLE, SITE, "", None, theme=theme)
    assert same == share_card_key(TITLE, SITE, "", None)
    other = tmp_path / "other"
    (other / FONT).parent.mkdir(parents=True)
    (other / FONT).write_bytes(font + b"\0")  # same glyphs, other bytes
    assert share_card_key(TITLE, SITE, "", None, theme=other) != same


def test_decomposed_input_draws_the_same_card_as_composed():
    decomposed = unicodedata.normalize("NFD", TITLE)
    assert decomposed != TITLE
    site = unicodedata.normalize("NFD", SITE)
    assert draw_share_card(decomposed, site, kicker="Tin tức") == draw_share_card(
        TITLE, SITE, kicker="Tin tức"
    )
    assert share_card_key(decomposed, site, "", None) == share_card_key(TITLE, SITE, "", None)


def _ink(font: ImageFont.FreeTypeFont, text: str) -> bytes:
    canvas = Image.new("L", (160, 160), 0)
    ImageDraw.Draw(canvas).text((20, 110), text, font=font, fill=255, anchor="ls")
    return canvas.tobytes()


def test_the_font_draws_every_vietnamese_letter():
    assert len(LETTERS) == 146 and all(len(letter) == 1 for letter in LETTERS)
    named = "ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựỳỷỹỵđĐ"
    assert set(named) | {c.upper() for c in named} <= set(LETTERS)
    font = ImageFont.truetype(str(DEFAULT_THEME / FONT), 64)
    notdef = _ink(font, "\ue000")  # a private-use code point: the font's .notdef glyph
    assert _ink(font, "中") == notdef  # what a missing letter looks like in this font
    blank = bytes(160 * 160)
    for letter in LETTERS:
        drawn = _ink(font, letter)
        assert drawn not in (notdef, blank), f"U+{ord(letter):04X} {letter}"
        base = unicodedata.normalize("NFD", letter)[0]
        if base != letter:  # the marks are drawn, not just the base letter
            assert drawn != _ink(font, base), f"U+{ord(letter):04X} {letter}"
    for char in "0123456789–—‘’“”…«»•₫§%&":
        assert _ink(font, char) not in (notdef, blank), char


def test_a_very_long_title_stays_inside_the_margins_and_ends_with_an_ellipsis():
    assert len(LONG_TITLE) > 300
    size, lines = fit_title(LONG_TITLE, kicker="Văn bản mới")
    assert lines[-1].endswith("…") and not lines[-1].endswith(" …")
    assert " ".join(lines)[:-1] in LONG_TITLE  # cut at a word, nothing rewritten
    assert size >= 40  # still readable in a feed
    colours = ShareColours()
    card = _image(draw_share_card(LONG_TITLE, SITE, kicker="Văn bản mới")).convert("RGB")
    band_top = next(y for y in range(SIZE[1]) if card.getpixel((5, y)) == _rgb(colours.band))
    page = _rgb(colours.background)
    # Between the strip and the band, the side margins are empty page...
    for box in ((0, STRIP, MARGIN, band_top), (SIZE[0] - MARGIN, STRIP, SIZE[0], band_top)):
        assert set(card.crop(box).getdata()) == {page}, box
    # ...and so are a few rows above the band: the title does not run into it.
    assert set(card.crop((0, band_top - 16, SIZE[0], band_top)).getdata()) == {page}
    # The title is there, drawn in full strength of the text colour.
    assert _rgb(colours.text) in set(card.crop((0, STRIP, SIZE[0], band_top)).getdata())


def test_short_titles_are_drawn_larger_than_long_ones():
    short_size, short_lines = fit_title("Họp báo quý III")
    long_size, _ = fit_title(LONG_TITLE)
    assert short_lines == ("Họp báo quý III",) and short_size > long_size


def test_a_long_word_is_broken_to_fit_rather_than_overflowing():
    address = "https://pbgdpl.tiengiang.gov.vn/" + "van-ban-quy-pham-phap-luat-" * 4
    _, lines = fit_title(address)
    assert "".join(lines) == address


def test_the_default_colours_are_the_sites_and_every_text_reaches_4_5_to_1():
    css = (DEFAULT_THEME / "static/css/site.css").read_text("utf-8")
    root = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    properties = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]+);", root))

    def full(colour: str) -> str:
        digits = colour[1:].lower()
        return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)

    colours = ShareColours()
    assert colours.background == full(properties["bg"])
    assert colours.text == full(properties["text"])
    assert colours.accent == full(properties["accent"])
    assert colours.band == full(properties["bar"])
    for ink, ground in colours.text_pairs():
        assert contrast_ratio(ink, ground) >= 4.5, (ink, ground)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)


def test_colours_that_would_be_hard_to_read_are_refused():
    with pytest.raises(ValueError, match="contrast"):
        ShareColours(text="#999999")
    with pytest.raises(ValueError, match="contrast"):
        ShareColours(band="#ff9e94")  # white site name on light pink
    with pytest.raises(ValueError, match="#rrggbb"):
        ShareColours(accent="red")


def test_the_card_is_drawn_in_the_given_colours():
    colours = ShareColours(background="#fffdf5", text="#102a43", accent="#0b5394", band="#0b5394")
    card = _image(draw_share_card(TITLE, SITE, kicker="Tin tức", colours=colours))
    card = card.convert("RGB")
    assert card.getpixel((600, 3)) == _rgb(colours.accent)  # the top strip
    assert card.getpixel((5, 300)) == _rgb(colours.background)
    assert card.getpixel((5, SIZE[1] - 5)) == _rgb(colours.band)
    band = set(card.crop((0, SIZE[1] - 100, SIZE[0], SIZE[1])).getdata())
    assert _rgb(colours.band_text) in band  # the site name
    # Only shades between the band and its text: the title never spills into it.
    (r0, g0, b0), (r1, g1, b1) = _rgb(colours.band), _rgb(colours.band_text)
    for r, g, b in band:
        t = (r - r0) / (r1 - r0)
        assert abs(g0 + t * (g1 - g0) - g) <= 2 and abs(b0 + t * (b1 - b0) - b) <= 2


def test_markup_in_a_title_is_drawn_as_text():
    title = 'Cảnh báo </script><b>lừa đảo</b> & "tin giả" <img src=x onerror=alert(1)>'
    _, lines = fit_title(title)
    assert " ".join(lines) == title
    assert _image(draw_share_card(title, "<i>" + SITE, kicker="</script>")).size == SIZE


def test_characters_the_font_lacks_are_left_out_not_drawn_as_boxes():
    assert fit_title("Tin vui 🎉 mới\u200b nhất")[1] == ("Tin vui mới nhất",)
    assert fit_title("ＡＢＣ ﬁ")[1] == ("ABC fi",)  # full-width letters and ligatures
    assert draw_share_card("Tin vui 🎉 mới", SITE) == draw_share_card("Tin vui mới", SITE)


def test_the_font_comes_from_the_given_theme_and_a_missing_one_is_named(tmp_path):
    theme = tmp_path / "theme"
    (theme / FONT).parent.mkdir(parents=True)
    shutil.copy(DEFAULT_THEME / FONT, theme / FONT)
    assert draw_share_card(TITLE, SITE, theme=theme) == draw_share_card(TITLE, SITE)
    with pytest.raises(FileNotFoundError, match="share card font"):
        draw_share_card(TITLE, SITE, theme=tmp_path / "elsewhere")


def test_the_font_is_shipped_with_its_licence():
    fonts = Path(DEFAULT_THEME / FONT).parent
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text("utf-8")
    assert (DEFAULT_THEME / FONT).stat().st_size < 100_000
