"""Stage 3: the portal's icons and web app manifest, all drawn from one SVG.

The source is the theme's ``img/favicon.svg``: a square drawing made of
rectangles only (``<rect>`` with x, y, width, height, optional rx and a
``#rrggbb`` fill), so it can be drawn here without an SVG renderer. From it:

- ``favicon-32.png``: 32 px, for browsers that take no SVG icon;
- ``apple-touch-icon.png``: 180 px, opaque (iOS rounds the corners itself);
- ``icon-192.png`` and ``icon-512.png``: for the manifest;
- ``site.webmanifest``: the portal's Vietnamese name, its colours and the icons.

Each is drawn four times larger and averaged down, so edges are smooth; Pillow
writes no time into a PNG, so the files are the same on every build.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..model.errors import BuildError

SVG_NS = "{http://www.w3.org/2000/svg}"
SOURCE = "img/favicon.svg"  # inside the theme's static folder
PNG_ICONS = {"favicon-32.png": 32, "icon-192.png": 192, "icon-512.png": 512}
APPLE_ICON = ("apple-touch-icon.png", 180)
MANIFEST = "site.webmanifest"
ICON_FILES = frozenset([*PNG_ICONS, APPLE_ICON[0], MANIFEST])
_SCALE = 4
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    rx: float
    fill: str


@dataclass(frozen=True)
class Drawing:
    size: float  # the side of the square viewBox
    rects: tuple[Rect, ...]

    @property
    def background(self) -> str:
        return self.rects[0].fill


def is_icon_file(relpath: str) -> bool:
    return relpath in ICON_FILES


def read_drawing(path: Path) -> Drawing:
    """The rectangles of the source SVG; anything else in it stops the build."""

    def fail(what: str) -> BuildError:
        return BuildError([f"{path}: {what} — draw the icon with <rect> elements only"])

    try:
        root = ElementTree.fromstring(path.read_bytes())
    except (OSError, ElementTree.ParseError) as error:
        raise fail(f"the icon cannot be read ({error})") from None
    box = (root.get("viewBox") or "").split()
    if len(box) != 4 or box[:2] != ["0", "0"] or box[2] != box[3]:
        raise fail("the icon's viewBox must be a square starting at 0 0")
    rects = []
    for element in root.iter():
        if element is root:
            continue
        if element.tag != SVG_NS + "rect":
            raise fail(f"<{element.tag.removeprefix(SVG_NS)}> cannot be drawn")
        fill = element.get("fill", "")
        if not _COLOUR.match(fill):
            raise fail(f"the fill '{fill}' is not a #rrggbb colour")
        rects.append(
            Rect(
                *(float(element.get(name, "0")) for name in ("x", "y", "width", "height", "rx")),
                fill=fill.lower(),
            )
        )
    if not rects:
        raise fail("the icon has no rectangle")
    return Drawing(float(box[2]), tuple(rects))


def draw_png(drawing: Drawing, pixels: int, opaque: bool = False) -> bytes:
    """The drawing as a ``pixels``-wide PNG; ``opaque`` fills the corners too."""
    from PIL import Image, ImageDraw  # only the build draws icons

    big = pixels * _SCALE
    factor = big / drawing.size
    background = drawing.background if opaque else (0, 0, 0, 0)
    image = Image.new("RGBA", (big, big), background)
    pen = ImageDraw.Draw(image)
    for number, rect in enumerate(drawing.rects):
        box = (
            round(rect.x * factor),
            round(rect.y * factor),
            round((rect.x + rect.width) * factor) - 1,
            round((rect.y + rect.height) * factor) - 1,
        )
        radius = 0 if opaque and number == 0 else round(rect.rx * factor)
        pen.rounded_rectangle(box, radius=radius, fill=rect.fill)
    small = image.resize((pixels, pixels), Image.Resampling.BOX)
    if opaque:
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def manifest(name: str, short_name: str, drawing: Drawing, site: str) -> str:
    icons = [
        {"src": f"{site}/theme/{SOURCE}", "sizes": "any", "type": "image/svg+xml"},
        *(
            {"src": f"{site}/{file}", "sizes": f"{size}x{size}", "type": "image/png"}
            for file, size in PNG_ICONS.items()
            if size >= 192
        ),
    ]
    data = {
        "name": name,
        "short_name": short_name,
        "lang": "vi",
        "dir": "ltr",
        "start_url": f"{site}/",
        "scope": f"{site}/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": drawing.background,
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def make_icon_files(theme_static: Path, name: str, short_name: str, site: str) -> dict[str, bytes]:
    """Every icon file and the manifest, by its path in output/."""
    drawing = read_drawing(theme_static / SOURCE)
    files = {file: draw_png(drawing, size) for file, size in PNG_ICONS.items()}
    files[APPLE_ICON[0]] = draw_png(drawing, APPLE_ICON[1], opaque=True)
    files[MANIFEST] = manifest(name, short_name, drawing, site).encode("utf-8")
    return files
