"""Photos for tests, drawn with Pillow: what cameras and phones really send.

A photo with EXIF rotation and a GPS position, a PNG saved as .jpg, a file
cut short in the middle, a header claiming 20,000 × 20,000 pixels.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def camera_photo(
    size: tuple[int, int] = (1800, 1200),
    *,
    orientation: int = 1,
    gps: bool = False,
    fmt: str = "JPEG",
    colour: tuple[int, int, int] = (40, 90, 160),
) -> bytes:
    """A photo as a phone saves it: the left half red, so a turn shows."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[0] // 2, size[1]], fill=(200, 30, 30))
    draw.ellipse([size[0] // 3, size[1] // 4, size[0] // 2, size[1] // 2], fill=(240, 220, 60))
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    if orientation != 1:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (10.0, 21.0, 7.5), 3: "E", 4: (106.0, 22.0, 1.2)}
    buffer = io.BytesIO()
    options = {"quality": 90} if fmt == "JPEG" else {}
    image.save(buffer, fmt, exif=exif.tobytes(), **options)
    return buffer.getvalue()


def truncated(data: bytes) -> bytes:
    """The first half of a file, as an interrupted copy leaves it."""
    return data[: len(data) // 2]


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
