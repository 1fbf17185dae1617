"""How long the photo stage takes for a folder of camera photos, cold and warm.

    .venv/bin/python -m benchmarks.photos --photos 200 [--rounds 2]

Draws ``--photos`` camera-sized JPEGs (3,000 × 2,000, drawn with a fixed seed,
so every run measures the same bytes), then times:

- the photo stage alone (every width in JPEG, WebP and AVIF, EXIF removed),
  with an empty cache (cold) and with the cache of the previous run (warm);
- a whole portal build of one story per photo: cold (no cache, no output)
  and again after deleting only output/ (warm cache, every page made again).

Prints figures only: timing belongs here, never in tests. Beside wall time it
prints the CPU seconds used (this process and its children), which a busy
shared machine disturbs far less.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]


def camera_photo(number: int, size: tuple[int, int] = (3000, 2000)) -> Image.Image:
    """A photo-like picture: soft shapes and sensor noise, different for every number."""
    rng = random.Random(number)
    image = Image.new("RGB", size, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(40, 600), rng.randrange(40, 400)
        draw.ellipse([x, y, x + w, y + h], fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(4))
    noise = Image.effect_noise((size[0] // 2, size[1] // 2), 24).resize(size)
    return Image.blend(image, Image.merge("RGB", [noise] * 3), 0.08)


def write_corpus(root: Path, photos: int) -> Path:
    content = root / "content"
    (content / "vi").mkdir(parents=True)
    folder = content / "images/bench"
    folder.mkdir(parents=True)
    for number in range(photos):
        camera_photo(number).save(folder / f"anh-{number:04d}.jpg", "JPEG", quality=88)
        day = 1 + number % 28
        (content / f"vi/2024/{1 + number % 12:02d}").mkdir(parents=True, exist_ok=True)
        (content / f"vi/2024/{1 + number % 12:02d}/tin-{number:04d}.md").write_text(
            "---\n"
            f'title: "Tin có ảnh số {number}"\n'
            f"date: 2024-{1 + number % 12:02d}-{day:02d} 08:00 +07:00\n"
            'category: "Tin tức"\n'
            f"image: images/bench/anh-{number:04d}.jpg\n"
            f'image_alt: "Ảnh số {number}"\n'
            "---\n\nNội dung của tin.\n",
            encoding="utf-8",
        )
    settings = root / "benchconf.py"
    settings.write_text(
        "from pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(content)!r}\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT)!r}]\n"
        f"CACHE_PATH = {str(root / 'cache')!r}\n",
        encoding="utf-8",
    )
    return settings


def cpu_seconds() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(figures: dict, name: str, run) -> None:
    """Wall and CPU seconds of ``run()`` under ``name``."""
    cpu, started = cpu_seconds(), time.perf_counter()
    run()
    figures.setdefault(name, []).append((time.perf_counter() - started, cpu_seconds() - cpu))


def photo_stage(content: Path, cache: Path, target: Path) -> None:
    from vnportal.incremental.caches import KeyedCache
    from vnportal.model.photos import PhotoLimits
    from vnportal.model.sources import walk_files
    from vnportal.site.photos import make_photo_files, survey_photos

    keyed = KeyedCache(cache / "photos.pickle", "bench")
    survey = survey_photos(content, walk_files, keyed, PhotoLimits())
    keyed.save()
    problems = make_photo_files(survey, cache / "photos", PhotoLimits(), survey.photos, target)
    assert not problems, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from vnportal.build.site import build_site

    root = Path(tempfile.mkdtemp(prefix=".corpus-photos-", dir=ROOT / "benchmarks"))
    try:
        settings = write_corpus(root, args.photos)
        content = root / "content"
        size = sum(p.stat().st_size for p in (content / "images").rglob("*.jpg"))
        print(f"{args.photos} photos of 3000 × 2000 px, {size / 2**20:.1f} MiB of JPEG")
        figures: dict[str, list[tuple[float, float]]] = {}
        output = root / "output"
        for number in range(args.rounds):
            stage = root / f"stage-{number}"
            shutil.rmtree(root / "cache", ignore_errors=True)
            for name, target in (("cold", "a"), ("warm", "b")):
                made = root / f"made-{number}-{target}"
                timed(
                    figures,
                    f"photo stage, {name}",
                    lambda m=made, s=stage: photo_stage(content, s, m),
                )
                shutil.rmtree(made)
            shutil.rmtree(stage)
            shutil.rmtree(root / "cache", ignore_errors=True)
            shutil.rmtree(output, ignore_errors=True)
            build = lambda: build_site(settings, output, use_cache=True)  # noqa: E731
            timed(figures, "whole build, cold", build)
            shutil.rmtree(output)
            timed(figures, "whole build, warm cache", build)
        made = list((root / "output/images").rglob("*.*"))
        print(
            f"files published: {len(made)}, {sum(p.stat().st_size for p in made) / 2**20:.1f} MiB"
        )
        print(f"{'':26} {'wall':>8} {'CPU':>8} {'CPU/photo':>10}   rounds (wall)")
        for name, samples in figures.items():
            wall = statistics.median(w for w, _ in samples)
            cpu = statistics.median(c for _, c in samples)
            shown = " ".join(f"{w:.1f}" for w, _ in samples)
            per = 1000 * cpu / args.photos
            print(f"{name:26} {wall:7.1f}s {cpu:7.1f}s {per:8.0f}ms   {shown}")
        cold, warm = (
            statistics.median(c for _, c in figures[f"photo stage, {k}"]) for k in ("cold", "warm")
        )
        print(f"warm / cold photo stage (CPU): {warm / cold:.3f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
