"""Stage 3: share cards, the ``og:image`` of a story that has no photo of its own.

A card is a 1200×630 PNG: a thin accent strip at the top, the kicker (category or
date line) and the story's title on the page colour, and a band in the category
bar's colour with the portal's mark (the drawing of ``img/favicon.svg``) and name,
like the site's header. It is drawn with the theme's own font,
``fonts/BeVietnamPro-Bold-subset.ttf`` (Be Vietnam Pro Bold, OFL, subset to Latin
and Vietnamese; see ``theme/fonts/README.md``), never a system font, so a machine
without fonts draws the same card.

The font is found in the theme folder, passed as ``theme`` (the build's
``settings["THEME"]``); it defaults to this repository's ``theme/``, so tests and
tools need not pass it.

The card is written as a palette PNG: each text colour is a ramp of ``_LEVELS``
shades from its background, so the flat colours are exact and a card is 7-27 kB
(a short title to six full lines). Pillow writes no time or other metadata into a
PNG and the compression settings are fixed, so the same inputs give the same
bytes; :func:`share_card_key` names a card by all of them.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.digests import digest
from ..model.vietnamese import nfc, without_invisible

if TYPE_CHECKING:
    from PIL import Image, ImageFont

__all__ = [
    "DEFAULT_THEME",
    "FONT",
    "SIZE",
    "ShareColours",
    "contrast_ratio",
    "draw_share_card",
    "fit_title",
    "share_card_key",
]

SIZE = (1200, 630)
VERSION = "1"  # raise it when the drawing changes, so cached cards are drawn again
FONT = "fonts/BeVietnamPro-Bold-subset.ttf"  # inside the theme folder
DEFAULT_THEME = Path(__file__).resolve().parents[2] / "theme"
MIN_CONTRAST = 4.5  # WCAG AA for text

# Layout, in pixels of the 1200×630 card.
MARGIN = 72  # left and right; nothing is drawn there but the strip and the band
STRIP = 10  # accent strip along the top, like the site header's border
BAND = 112  # bottom band with the mark and the site name
TITLE_TOP = STRIP + 44
TITLE_BOTTOM = SIZE[1] - BAND - 44
TITLE_SIZES = tuple(range(84, 39, -4))  # largest first; the last one may be cut
LINE_SPACING = 1.2  # baseline to baseline, in font sizes
MAX_LINES = 6
KICKER_SIZE = 30
KICKER_GAP = 18  # between the kicker and the title's tallest marks
NAME_SIZES = (34, 30, 26)
MARK = 56  # side of the mark in the band
ELLIPSIS = "…"
_LEVELS = 16  # shades per text colour: edges look smooth at 16 as at 64, files are smaller

# Reach above and below the baseline of any Vietnamese line: stacked marks on
# capitals (Ẫ, Ể) and dots below (ạ, ỵ) reach past the caps and descenders.
_TALL = "ẪỄỖẲÁjgÉ"
_DEEP = "gjpqyỵạọ"


@dataclass(frozen=True)
class ShareColours:
    """The card's colours, ``#rrggbb``; the defaults are the light scheme of
    ``theme/static/css/site.css``: ``--bg``, ``--text``, ``--accent`` and ``--bar``.

    Each text colour must reach 4.5:1 on its background, else ValueError.
    """

    background: str = "#ffffff"  # --bg: the page
    text: str = "#1b1b1b"  # --text: the title
    accent: str = "#9e1b1b"  # --accent: top strip and kicker
    band: str = "#8a1414"  # --bar: the category bar
    band_text: str = "#ffffff"  # the category bar's link colour

    def __post_init__(self) -> None:
        for name, value in zip(self.__dataclass_fields__, astuple(self), strict=True):
            _rgb(value, name)
        for text, ground in self.text_pairs():
            ratio = contrast_ratio(text, ground)
            if ratio < MIN_CONTRAST:
                raise ValueError(
                    f"share card text {text} on {ground} has a contrast of {ratio:.2f}:1, "
                    f"below {MIN_CONTRAST}:1"
                )

    def text_pairs(self) -> tuple[tuple[str, str], ...]:
        """(text colour, its background) for every text on the card."""
        return (
            (self.text, self.background),
            (self.accent, self.background),
            (self.band_text, self.band),
        )


def _rgb(colour: str, name: str = "colour") -> tuple[int, int, int]:
    text = colour.removeprefix("#")
    if not colour.startswith("#") or len(text) != 6:
        raise ValueError(f"share card {name} must be #rrggbb, not {colour!r}")
    try:
        value = int(text, 16)
    except ValueError:
        raise ValueError(f"share card {name} must be #rrggbb, not {colour!r}") from None
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [c / 255 for c in _rgb(colour)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# ---- font ----


def _font_path(theme: Path) -> Path:
    return Path(theme) / FONT


@lru_cache(maxsize=4)
def _font_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise FileNotFoundError(f"the share card font is missing: {path} ({error})") from None


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont, features  # only the build draws cards

    # Raqm applies the font's GPOS kerning and mark positioning; basic layout does not.
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(_font_bytes(path)), size, layout_engine=engine)


@lru_cache(maxsize=4096)
def _draws(path: Path, char: str) -> bool:
    """Whether the font has a visible glyph for ``char`` (a missing one would be the
    blank .notdef, or a box in another font)."""
    left, top, right, bottom = _font(path, 32).getbbox(char)
    return right > left and bottom > top


def _clean(text: str, path: Path) -> str:
    """``text`` in NFC on one line, without what the font cannot draw: a character it
    lacks is replaced by its compatibility form (full-width letters, ligatures) when the
    font has that, else left out (emoji, other scripts), so no card shows an empty box."""
    kept = []
    for char in without_invisible(nfc(text)):
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) in {"Cc", "Cf"}:
            continue
        elif unicodedata.combining(char) or _draws(path, char):
            kept.append(char)  # a mark NFC could not compose is drawn on its letter
        else:
            fallback = unicodedata.normalize("NFKC", char)
            if fallback != char and all(_draws(path, c) or c.isspace() for c in fallback):
                kept.append(fallback)
    return " ".join("".join(kept).split())


# ---- layout ----


def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _split_long_word(word: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """A word wider than the card (an address, a long number) cut into pieces that fit,
    never between a letter and its marks."""
    pieces, piece = [], ""
    for char in word:
        if piece and not unicodedata.combining(char) and _width(font, piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap of ``text`` to lines no wider than ``width``."""
    words = []
    for word in text.split():
        words += [word] if _width(font, word) <= width else _split_long_word(word, font, width)
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and _width(font, joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _with_ellipsis(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """The start of ``text`` cut at a word so that it and "…" fit in ``width`` (cut
    between letters only when even its first word is too wide)."""

    def ended(start: str) -> str:
        # The cut is mid-sentence: a trailing comma or dash before "…" reads wrong.
        return start.rstrip(" ,;:–—-") + ELLIPSIS

    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _width(font, ended(candidate)) > width:
            break
        line = candidate
    if not line:
        for char in text:
            if not unicodedata.combining(char) and _width(font, ended(line + char)) > width:
                break
            line += char
    return ended(line)


@lru_cache(maxsize=64)  # fonts come from _font's cache, so they are few and kept
def _extent(font: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """(pixels above, pixels below) the baseline that any Vietnamese line may reach."""
    return -font.getbbox(_TALL, anchor="ls")[1], font.getbbox(_DEEP, anchor="ls")[3]


def _block_height(font: ImageFont.FreeTypeFont, size: int, lines: int) -> int:
    above, below = _extent(font)
    return above + round((lines - 1) * size * LINE_SPACING) + below


def _fit_line(text: str, path: Path, sizes: tuple[int, ...], width: float) -> tuple[int, str]:
    """One line of ``text`` at the largest of ``sizes`` it fits, else cut with "…"."""
    for size in sizes:
        if _width(_font(path, size), text) <= width:
            return size, text
    size = sizes[-1]
    return size, _with_ellipsis(text, _font(path, size), width)


def _title_room(kicker: str, path: Path) -> int:
    room = TITLE_BOTTOM - TITLE_TOP
    if kicker:
        above, below = _extent(_font(path, KICKER_SIZE))
        room -= above + below + KICKER_GAP
    return room


def _lines_that_fit(font: ImageFont.FreeTypeFont, size: int, room: int) -> int:
    lines = 1
    while lines < MAX_LINES and _block_height(font, size, lines + 1) <= room:
        lines += 1
    return lines


def _fit_title(title: str, room: int, path: Path) -> tuple[int, list[str]]:
    width = SIZE[0] - 2 * MARGIN
    for size in TITLE_SIZES:
        font = _font(path, size)
        most = _lines_that_fit(font, size, room)
        # Cheap test first: wrapping only drops the spaces at the breaks, so a title
        # longer than that cannot fit in ``most`` lines and needs no wrapping.
        if _width(font, title) - (most - 1) * _width(font, " ") > most * width:
            continue
        lines = _wrap(title, font, width)
        if len(lines) <= most:
            return size, lines
    # Too long even at the smallest size: keep the lines that fit and end with "…".
    size = TITLE_SIZES[-1]
    font = _font(path, size)
    lines = _wrap(title, font, width)
    keep = _lines_that_fit(font, size, room)
    rest = " ".join(lines[keep - 1 :])
    return size, [*lines[: keep - 1], _with_ellipsis(rest, font, width)]


def fit_title(
    title: str, *, kicker: str = "", theme: Path = DEFAULT_THEME
) -> tuple[int, tuple[str, ...]]:
    """(font size, lines) of the title as the card draws it: the largest size at which
    the wrapped title fits, or the smallest with the last line cut at a word with "…"."""
    path = _font_path(theme)
    text = _clean(title, path)
    size, lines = _fit_title(text, _title_room(_clean(kicker, path), path), path)
    return size, tuple(lines)


# ---- drawing ----


def _ramp(ground: str, ink: str) -> list[int]:
    """``_LEVELS`` palette colours from ``ground`` (level 0) to ``ink``, as RGB bytes."""
    (r0, g0, b0), (r1, g1, b1) = _rgb(ground), _rgb(ink)
    top = _LEVELS - 1
    palette = []
    for level in range(_LEVELS):
        palette += [
            (r0 * (top - level) + r1 * level + top // 2) // top,
            (g0 * (top - level) + g1 * level + top // 2) // top,
            (b0 * (top - level) + b1 * level + top // 2) // top,
        ]
    return palette


def _levels(first: int) -> list[int]:
    """A lookup from coverage 1-255 to the palette indices of levels 1 to ``_LEVELS - 1``
    of the ramp starting at ``first``; coverage 0 stays 0, so the masks can be added."""
    top = _LEVELS - 1
    return [0] + [first + max(1, (value * top + 127) // 255) for value in range(1, 256)]


def _draw_mark(mask: Image.Image, left: int, top: int) -> None:
    """The favicon's mark (three text lines on a rounded square), hollow: the square is
    drawn at full coverage and the lines left as the band's colour, four times larger
    and averaged down for smooth corners."""
    from PIL import Image, ImageDraw

    scale = 4
    big = Image.new("L", (MARK * scale, MARK * scale), 0)
    pen = ImageDraw.Draw(big)
    unit = MARK * scale / 32  # favicon.svg's viewBox is 32 wide
    pen.rounded_rectangle(
        (0, 0, MARK * scale - 1, MARK * scale - 1), radius=round(6 * unit), fill=255
    )
    for x, y, w in ((9, 8, 14), (9, 14.5, 14), (9, 21, 9)):
        box = (
            round(x * unit),
            round(y * unit),
            round((x + w) * unit) - 1,
            round((y + 3) * unit) - 1,
        )
        pen.rectangle(box, fill=0)
    mask.paste(big.resize((MARK, MARK), Image.Resampling.BOX), (left, top))


def draw_share_card(
    title: str,
    site_name: str,
    *,
    kicker: str = "",
    colours: ShareColours | None = None,
    theme: Path = DEFAULT_THEME,
) -> bytes:
    """The share card of a story as PNG bytes: ``title`` large on the page colour,
    ``kicker`` (a category or date line) above it, ``site_name`` in the bottom band.

    Text is drawn literally (markup in a title is just characters); the same inputs
    and font give the same bytes.
    """
    from PIL import Image, ImageChops, ImageDraw

    colours = colours or ShareColours()
    path = _font_path(theme)
    title, site_name, kicker = (_clean(text, path) for text in (title, site_name, kicker))
    width, height = SIZE
    band_top = height - BAND

    # One coverage mask per text colour, each turned into palette indices and added:
    # the masks never overlap, so the sum is the card.
    ink = Image.new("L", SIZE, 0)  # title, on the background
    accent = Image.new("L", SIZE, 0)  # strip and kicker, on the background
    band_ink = Image.new("L", SIZE, 0)  # mark and site name, on the band
    ImageDraw.Draw(accent).rectangle((0, 0, width - 1, STRIP - 1), fill=255)

    size, lines = _fit_title(title, _title_room(kicker, path), path)
    font = _font(path, size)
    block = _block_height(font, size, len(lines))
    if kicker:
        kicker_size, kicker_line = _fit_line(kicker, path, (KICKER_SIZE,), width - 2 * MARGIN)
        kicker_font = _font(path, kicker_size)
        k_above, k_below = _extent(kicker_font)
        block += k_above + k_below + KICKER_GAP
    # The kicker and title sit together in the middle of the space above the band.
    y = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - block) // 2
    if kicker:
        ImageDraw.Draw(accent).text(
            (MARGIN, y + k_above), kicker_line, font=kicker_font, fill=255, anchor="ls"
        )
        y += k_above + k_below + KICKER_GAP
    pen = ImageDraw.Draw(ink)
    baseline = y + _extent(font)[0]
    for line in lines:
        pen.text((MARGIN, baseline), line, font=font, fill=255, anchor="ls")
        baseline += round(size * LINE_SPACING)

    _draw_mark(band_ink, MARGIN, band_top + (BAND - MARK) // 2)
    name_left = MARGIN + MARK + 22
    name_size, name_line = _fit_line(site_name, path, NAME_SIZES, width - MARGIN - name_left)
    name_font = _font(path, name_size)
    above, below = _extent(name_font)
    # Centre the letters (caps and marks, not the deepest descender) on the band.
    name_baseline = band_top + (BAND + above - below // 2) // 2
    ImageDraw.Draw(band_ink).text(
        (name_left, name_baseline), name_line, font=name_font, fill=255, anchor="ls"
    )

    # Palette: [background ramp to text] [background ramp to accent] [band ramp to its text].
    palette = _ramp(colours.background, colours.text)
    palette += _ramp(colours.background, colours.accent)
    palette += _ramp(colours.band, colours.band_text)
    band_area = Image.new("L", SIZE, 0)
    band_area.paste(2 * _LEVELS, (0, band_top, width, height))
    for mask in (ink, accent):  # the layout keeps them above the band; sums must not mix
        mask.paste(0, (0, band_top, width, height))
    indices = ImageChops.add(ink.point(_levels(0)), accent.point(_levels(_LEVELS)))
    indices = ImageChops.add(indices, ImageChops.add(band_area, band_ink.point(_levels(0))))
    card = Image.frombytes("P", SIZE, indices.tobytes())
    card.putpalette(palette)

    out = io.BytesIO()
    # zlib level 7: level 9 saves about a tenth of the bytes for seven times the time.
    card.save(out, format="PNG", compress_level=7)
    return out.getvalue()


def share_card_key(
    title: str,
    site_name: str,
    kicker: str = "",
    colours: ShareColours | None = None,
    *,
    theme: Path = DEFAULT_THEME,
) -> str:
    """A digest of everything that changes the card: the texts as drawn (so NFD and NFC
    titles share a card), the colours, the font file, the drawing's version and the
    Pillow that draws it. The build caches cards by it and names their files with it."""
    from PIL import __version__ as pillow
    from PIL import features

    path = _font_path(theme)
    colours = colours or ShareColours()
    texts = (_clean(text, path) for text in (title, site_name, kicker))
    engine = "raqm" if features.check("raqm") else "basic"
    return digest(
        "share-card", VERSION, *texts, *astuple(colours), _font_bytes(path), pillow, engine
    )
