"""Photos: what a raster photo under content/images/ is, and the sizes made of it.

Every JPEG, PNG and WebP photo is decoded once (cached by the digest of its
bytes) to learn its size as shown (EXIF rotation applied), whether it carries a
GPS position, and whether it is a photo at all: a truncated file, a file whose
extension lies about its format, or a decompression bomb is refused here with
a message an editor can act on. The widths and formats made of each photo are
planned here too, so the checker, the pages and the files agree.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError, features

# The file's ending names the format it must have.
RASTER_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
# Widths made of every photo (never wider than the photo itself).
WIDTHS = (480, 800, 1200, 1600)
SHARE_WIDTH = 1200  # og:image: what Facebook and Zalo ask for
SHARE_CARD_SIZE = (1200, 630)  # the card drawn for a story without such a photo
SHARE_MIN_WIDTH = 600  # narrower photos share badly: the story's card is used instead
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# 40 megapixels: a 7,700 × 5,200 photo from a good camera fits; 20,000 × 20,000 does not.
DEFAULT_MAX_PIXELS = 40_000_000
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
# EXIF orientations 5-8 turn the picture a quarter: width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
_MEDIA_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}


class PhotoError(Exception):
    """A file under content/images/ that cannot be published as a photo."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = DEFAULT_MAX_BYTES  # larger files are reported (the build goes on)
    max_pixels: int = DEFAULT_MAX_PIXELS  # larger pictures are refused

    @classmethod
    def of(cls, settings: dict[str, Any]) -> PhotoLimits:
        return cls(
            int(settings.get("PORTAL_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)),
            int(settings.get("PORTAL_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)),
        )


@dataclass(frozen=True)
class PhotoFacts:
    """A decoded photo, as readers will see it."""

    width: int  # after EXIF rotation
    height: int
    format: str  # JPEG, PNG or WEBP: the file's real format
    size: int  # bytes of the file
    orientation: int  # EXIF orientation, 1 when upright or absent
    has_gps: bool  # the file says where it was taken
    has_alpha: bool

    @property
    def base_format(self) -> str:
        """The format every browser and share preview reads: PNG keeps transparency."""
        return "PNG" if self.format == "PNG" else "JPEG"


@dataclass(frozen=True)
class Variant:
    """One file made of a photo: a width in one format."""

    relpath: str  # under output/, beside the photo
    width: int
    height: int
    format: str

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self.format]


@dataclass(frozen=True)
class Photo:
    """A photo with the files made of it, as pages refer to them."""

    relpath: str  # under content/ (and output/): images/2024/07/hoi-nghi.jpg
    digest: str  # of the file's bytes: names the files made of it
    facts: PhotoFacts
    variants: tuple[Variant, ...]

    @property
    def files(self) -> list[str]:
        """Everything published of it: the photo at its own address, then each variant."""
        return [self.relpath, *(variant.relpath for variant in self.variants)]

    def in_format(self, fmt: str) -> list[Variant]:
        return [variant for variant in self.variants if variant.format == fmt]

    @property
    def formats(self) -> list[str]:
        """Formats made, the most compact first (the order of <source> elements)."""
        made = {variant.format for variant in self.variants}
        return [fmt for fmt in ("AVIF", "WEBP", "JPEG", "PNG") if fmt in made]

    @property
    def fallback(self) -> Variant:
        """The <img src>: the photo's own format, at most the width of a story's column."""
        own = self.in_format(self.facts.base_format)
        fitting = [variant for variant in own if variant.width <= 800]
        return fitting[-1] if fitting else own[0]

    @property
    def share(self) -> Variant | None:
        """The og:image: a JPEG or PNG of 1200 px wide (or the photo's own width)."""
        own = self.in_format(self.facts.base_format)
        if not own or own[-1].width < SHARE_MIN_WIDTH:
            return None
        fitting = [variant for variant in own if variant.width <= SHARE_WIDTH]
        return fitting[-1]


def is_photo(relpath: str) -> bool:
    """A file the photo stage publishes (by its ending: other files are copied as they are)."""
    return PurePosixPath(relpath).suffix.lower() in RASTER_FORMATS


def avif_supported() -> bool:
    return bool(features.check("avif"))


def read_facts(data: bytes, relpath: str, limits: PhotoLimits) -> PhotoFacts:
    """What the photo's header says; raise PhotoError if it is not a photo we can publish.

    Cheap (the pixels are not decoded): damage further in the file shows when
    the photo is decoded by ``open_photo`` (the checker and the photo stage do).
    """
    expected = RASTER_FORMATS[PurePosixPath(relpath).suffix.lower()]
    image = _opened(data, relpath, limits)
    if image.format != expected:
        real = image.format or "unknown"
        raise PhotoError(
            f"'{relpath}' is a {real} file with the ending of a {expected} file",
            f"save it again as {expected}, or rename it to end in "
            f".{_EXTENSIONS.get(real, real.lower())}",
        )
    try:
        exif = image.getexif()
        has_gps = bool(exif.get_ifd(_GPS_IFD))
    except Exception:  # a damaged EXIF block is no reason to refuse a photo
        exif, has_gps = Image.Exif(), False
    orientation = exif.get(_ORIENTATION, 1)
    orientation = orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1
    width, height = image.size
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return PhotoFacts(
        width=width,
        height=height,
        format=expected,
        size=len(data),
        orientation=orientation,
        has_gps=has_gps,
        has_alpha=image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info,
    )


def inspect_photo(data: bytes, relpath: str, limits: PhotoLimits) -> PhotoFacts:
    """read_facts, and the whole photo decoded to be sure it is not damaged."""
    facts = read_facts(data, relpath, limits)
    open_photo(data, relpath, limits)
    return facts


def open_photo(data: bytes, relpath: str, limits: PhotoLimits) -> Image.Image:
    """The photo decoded in full, refused when it is not a whole, reasonable picture."""
    image = _opened(data, relpath, limits)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError(
            f"'{relpath}' is damaged or cut short ({error})",
            "copy the photo again from its source, or save it again in a photo editor",
        ) from None
    return image


def _opened(data: bytes, relpath: str, limits: PhotoLimits) -> Image.Image:
    """The photo's header read, and its size checked before any pixel is decoded."""
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice it; ours is lower anyway.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise _too_large(relpath, None, limits) from None
        except UnidentifiedImageError:
            raise PhotoError(
                f"'{relpath}' is not a JPEG, PNG or WebP picture (perhaps a web page or "
                "a document saved with a picture's name)",
                "open the original in a photo editor and save it again as JPEG, PNG or WebP",
            ) from None
        except (OSError, SyntaxError, ValueError) as error:
            raise PhotoError(
                f"'{relpath}' cannot be read as a picture ({error})",
                "open it in a photo editor and save it again as JPEG, PNG or WebP",
            ) from None
    if image.width * image.height > limits.max_pixels:
        raise _too_large(relpath, image.size, limits)
    return image


def _too_large(relpath: str, size: tuple[int, int] | None, limits: PhotoLimits) -> PhotoError:
    shown = f"{size[0]} × {size[1]} px" if size else "too many pixels"
    most = f"{limits.max_pixels / 1_000_000:g}"
    return PhotoError(
        f"'{relpath}' is {shown}, more than the {most} megapixels a photo may have",
        "make it smaller (2,000 px wide is plenty for the web) and save it again",
    )


def plan_variants(relpath: str, digest: str, facts: PhotoFacts, avif: bool) -> tuple[Variant, ...]:
    """The widths and formats made of one photo, smallest first within each format.

    Names carry the digest of the photo's bytes, so a replaced photo gets new
    names and a browser never shows an old copy from its cache.
    """
    widths = sorted(
        {*(width for width in WIDTHS if width < facts.width), min(facts.width, WIDTHS[-1])}
    )
    formats = [facts.base_format, "WEBP", *(["AVIF"] if avif else [])]
    path = PurePosixPath(relpath)
    variants = []
    for fmt in formats:
        for width in widths:
            height = max(1, round(facts.height * width / facts.width))
            name = f"{path.stem}.{width}w.{digest[:10]}.{_EXTENSIONS[fmt]}"
            variants.append(Variant(str(path.with_name(name)), width, height, fmt))
    return tuple(variants)


_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_SVG_LENGTH = re.compile(rb'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')


def svg_size(data: bytes) -> tuple[int, int] | None:
    """A drawing's intrinsic size (width/height, else its viewBox), for <img width height>."""
    root = _SVG_ROOT.search(data[:4096])
    if root is None:
        return None
    found = {
        name.decode(): value.decode("ascii", "replace")
        for name, value in _SVG_LENGTH.findall(root[0])
    }
    try:
        if "width" in found and "height" in found:
            size = (
                float(found["width"].removesuffix("px")),
                float(found["height"].removesuffix("px")),
            )
        else:
            size = tuple(float(part) for part in found["viewBox"].replace(",", " ").split()[2:4])
    except (KeyError, ValueError):
        return None
    if len(size) != 2 or min(size) <= 0:
        return None
    return round(size[0]), round(size[1])
