"""Draw the sample portal's raster photos (run once; the JPEGs are committed).

    .venv/bin/python scripts/draw_sample_photos.py

The sample stories need photos the way editors add them: large JPEGs from a
camera, which the build makes into every width. These are drawn, not taken:
a conference hall, delegates at a table and rows of seats seen from behind,
with no words in them (the page says in its own language what they show).
Drawn with a fixed seed, so running it again gives the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 2400, 1350
OUT = Path(__file__).resolve().parents[1] / "content" / "images" / "2024" / "07"


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    column = Image.new("RGB", (1, HEIGHT))
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize((WIDTH, HEIGHT))


def _grain(image: Image.Image, seed: int) -> Image.Image:
    """Soft light and a little sensor noise, so it compresses like a photo."""
    noise = Image.effect_noise((WIDTH // 2, HEIGHT // 2), 18).resize((WIDTH, HEIGHT))
    grain = Image.merge("RGB", [noise] * 3)
    random.seed(seed)
    return Image.blend(image.filter(ImageFilter.GaussianBlur(1.2)), grain, 0.06)


def _person(draw: ImageDraw.ImageDraw, x: float, y: float, scale: float, shirt, rng) -> None:
    skin = rng.choice([(224, 182, 150), (201, 160, 124), (236, 198, 170)])
    hair = rng.choice([(30, 26, 24), (45, 38, 33), (70, 60, 52)])
    w = 70 * scale
    draw.rounded_rectangle([x - w, y, x + w, y + 160 * scale], radius=30 * scale, fill=shirt)
    draw.ellipse([x - 30 * scale, y - 75 * scale, x + 30 * scale, y + 5 * scale], fill=skin)
    draw.chord(
        [x - 32 * scale, y - 80 * scale, x + 32 * scale, y - 10 * scale], 180, 360, fill=hair
    )


def conference_hall() -> Image.Image:
    rng = random.Random(7)
    image = _gradient((236, 230, 216), (188, 176, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 90], fill=(120, 24, 28))  # ceiling trim
    draw.rectangle([300, 160, WIDTH - 300, 420], fill=(178, 28, 36))  # the banner
    draw.rectangle([300, 400, WIDTH - 300, 420], fill=(214, 170, 60))
    draw.rectangle([250, 600, WIDTH - 250, 700], fill=(40, 70, 140))  # the chairs' table
    for x in range(420, WIDTH - 400, 260):
        _person(draw, x, 470, 0.9, (248, 248, 250), rng)
        draw.ellipse([x - 22, 560, x + 22, 600], fill=(230, 230, 230))  # flowers
    draw.rectangle([250, 690, WIDTH - 250, 720], fill=(24, 44, 96))
    for row in range(4):  # delegates, nearer rows larger
        y = 860 + row * 130
        scale = 1.0 + row * 0.28
        for x in range(120 - row * 40, WIDTH + 100, int(190 * scale)):
            shirt = rng.choice([(250, 250, 252), (70, 90, 140), (220, 224, 232), (96, 112, 88)])
            _person(draw, x + rng.uniform(-20, 20), y, scale, shirt, rng)
    return _grain(image, 1)


def delegates_at_table() -> Image.Image:
    rng = random.Random(11)
    image = _gradient((226, 222, 212), (172, 160, 146))
    draw = ImageDraw.Draw(image)
    seats = [(200 + t * 2000, 900 - t * 220, 1.3 - t * 0.6) for t in (i / 8 for i in range(9))]
    for x, y, scale in seats:  # delegates behind the long table, smaller far away
        shirt = rng.choice([(246, 246, 248), (80, 96, 150)])
        _person(draw, x, y - 150 * scale, scale, shirt, rng)
    draw.polygon([(0, 930), (WIDTH, 690), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(110, 74, 48))
    for x, y, scale in seats:  # papers and a bottle of water in front of each
        draw.rectangle(
            [x - 60 * scale, y + 50 * scale, x + 30 * scale, y + 70 * scale], fill=(250, 250, 245)
        )
        draw.rectangle(
            [x + 50 * scale, y - 20 * scale, x + 70 * scale, y + 60 * scale], fill=(170, 210, 230)
        )
    return _grain(image, 2)


def seen_from_behind() -> Image.Image:
    rng = random.Random(13)
    image = _gradient((52, 56, 66), (96, 92, 88))
    draw = ImageDraw.Draw(image)
    draw.rectangle([700, 140, 1700, 700], fill=(226, 232, 240))  # the projection screen
    draw.rectangle([760, 200, 1640, 260], fill=(178, 28, 36))
    for y in range(320, 660, 70):
        draw.rectangle([780, y, 1620 - (y % 140) * 2, y + 26], fill=(150, 160, 176))
    for row in range(4):
        y = 820 + row * 140
        scale = 1.0 + row * 0.35
        for x in range(60, WIDTH + 120, int(170 * scale)):
            hair = rng.choice([(26, 24, 22), (40, 34, 30), (60, 52, 46)])
            draw.rounded_rectangle(
                [x - 80 * scale, y, x + 80 * scale, y + 240 * scale],
                radius=40 * scale,
                fill=rng.choice([(236, 236, 240), (60, 78, 120), (120, 120, 128)]),
            )
            draw.ellipse(
                [x - 38 * scale, y - 90 * scale, x + 38 * scale, y + 10 * scale], fill=hair
            )
    return _grain(image, 3)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    photos = {
        "hoi-nghi-tap-huan.jpg": conference_hall,
        "dai-bieu-lam-viec.jpg": delegates_at_table,
        "dai-bieu-tham-du.jpg": seen_from_behind,
    }
    for name, draw in photos.items():
        draw().save(OUT / name, "JPEG", quality=86, optimize=True, progressive=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
