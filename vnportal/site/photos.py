"""The photo stage: every raster photo under content/images/, made into responsive files.

Before the languages build, each photo's size as shown is read from its header
(``survey_photos``), so pages can state ``width``/``height`` and list the files
of every width. While the languages build, the files are made
(``make_photo_files``): each width in the photo's own format, WebP and AVIF,
plus the photo itself at its own address, all without EXIF (a phone's photo
says where it was taken) and turned upright as EXIF says. An upright JPEG or
PNG keeps its own pixels at its own address: only its metadata segments are
cut out, with no second compression. What is made is kept
in the cache by the digest of the photo's bytes: an unchanged photo is never
processed twice.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import PIL
from PIL import Image, ImageOps

from ..incremental.caches import KeyedCache
from ..model.digests import digest
from ..model.photos import (
    Photo,
    PhotoError,
    PhotoFacts,
    PhotoLimits,
    Variant,
    avif_supported,
    is_photo,
    open_photo,
    plan_variants,
    read_facts,
    svg_size,
)

PHOTO_FOLDER = "images"  # under content/ and output/
# Encoder settings: a change here makes every photo's files again. The fastest
# WebP and AVIF efforts: at 1,200 px, 25 and 70 ms instead of 150 and 170 ms, for
# files 8% and 10% larger (still a third and a quarter of the JPEG).
_ENCODERS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 78, "method": 2},
    "AVIF": {"quality": 50, "speed": 10},
}
PIPELINE = digest("photos-1", PIL.__version__, repr(sorted(_ENCODERS.items())))
# Formats browsers show without a <picture>: the published photo keeps its own.
_OWN_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}


@dataclass
class PhotoSurvey:
    """Every photo of content/images/: the ones that can be published, and the rest."""

    photos: dict[str, Photo] = field(default_factory=dict)  # by relpath under content/
    problems: dict[str, PhotoError] = field(default_factory=dict)
    drawings: dict[str, tuple[int, int]] = field(default_factory=dict)  # SVG sizes
    # Where each photo's bytes are, to be made into files by make_photo_files.
    sources: dict[str, Path] = field(default_factory=dict)

    def files(self) -> dict[str, str]:
        """Every file the photo stage puts in output/, with the digest of its photo."""
        made: dict[str, str] = {}
        for photo in self.photos.values():
            made.update(dict.fromkeys(photo.files, photo.digest))
        return made


def is_photo_file(relpath: str) -> bool:
    """A file of output/ that the photo stage makes: a photo or one of its sizes."""
    return relpath.startswith(PHOTO_FOLDER + "/") and (
        is_photo(relpath) or relpath.lower().endswith(".avif")
    )


def survey_photos(
    content: Path,
    walk: Callable[[Path], list[tuple[str, int, int]]],
    cache: KeyedCache,
    limits: PhotoLimits,
    *,
    reuse: bool = True,
) -> PhotoSurvey:
    """Each photo's digest and facts, read again only when its size or time changed
    (always, without ``reuse``; the cache is refreshed either way)."""
    survey = PhotoSurvey()
    avif = avif_supported()
    root = str(content) + os.sep
    for path, size, mtime in walk(content / PHOTO_FOLDER):
        relpath = path[len(root) :].replace(os.sep, "/")
        if relpath.lower().endswith(".svg"):
            drawn = cache.take(f"{relpath}\0{size}\0{mtime}") if reuse else None
            if drawn is None:
                drawn = (svg_size(Path(path).read_bytes()),)
                cache.put(f"{relpath}\0{size}\0{mtime}", drawn)
            if drawn[0] is not None:
                survey.drawings[relpath] = drawn[0]
            continue
        if not is_photo(relpath):
            continue
        known = cache.take(f"{relpath}\0{size}\0{mtime}") if reuse else None
        if known is None:
            data = Path(path).read_bytes()
            try:
                known = (digest(data), read_facts(data, relpath, limits))
            except PhotoError as error:
                known = (digest(data), error)
            cache.put(f"{relpath}\0{size}\0{mtime}", known)
        photo_digest, facts = known
        if isinstance(facts, PhotoError):
            survey.problems[relpath] = facts
            continue
        variants = plan_variants(relpath, photo_digest, facts, avif)
        survey.photos[relpath] = Photo(relpath, photo_digest, facts, variants)
        survey.sources[relpath] = Path(path)
    return survey


def make_photo_files(
    survey: PhotoSurvey,
    cache_folder: Path,
    limits: PhotoLimits,
    needed: Iterable[str],
    target: Path,
    *,
    reuse: bool = True,
    threads: int = 2,
) -> dict[str, PhotoError]:
    """Write the files of the ``needed`` photos into ``target`` (the staging folder).

    Files are made once per photo digest and kept under ``cache_folder``; a photo
    that turns out damaged is returned with its problem, and nothing of it is
    written.
    """
    problems: dict[str, PhotoError] = {}

    def one(relpath: str) -> None:
        photo = survey.photos[relpath]
        try:
            folder = _made_files(photo, survey.sources[relpath], cache_folder, limits, reuse)
        except PhotoError as error:
            problems[relpath] = error
            return
        for name in photo.files:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / PurePosixPath(name).name, destination)

    # Pillow lets go of Python's lock while it decodes, resizes and encodes.
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, sorted(needed)))
    return dict(sorted(problems.items()))


def _made_files(
    photo: Photo, source: Path, cache_folder: Path, limits: PhotoLimits, reuse: bool
) -> Path:
    """The cache folder holding every file of ``photo``, made now if it is not there."""
    key = digest(PIPELINE, photo.digest, photo.facts, photo.variants)
    folder = cache_folder / key[:2] / key
    names = [
        PurePosixPath(photo.relpath).name,
        *(PurePosixPath(v.relpath).name for v in photo.variants),
    ]
    if reuse and all((folder / name).is_file() for name in names):
        return folder
    data = source.read_bytes()
    if digest(data) != photo.digest:
        raise PhotoError(
            f"'{photo.relpath}' changed while the portal was being built",
            "run the build again",
        )
    files = photo_files(data, photo, limits)
    partial = folder.with_name(f"{key}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name, content in files.items():
        (partial / name).write_bytes(content)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)  # whole or not at all: a build stopped halfway leaves no half
    return folder


def photo_files(data: bytes, photo: Photo, limits: PhotoLimits) -> dict[str, bytes]:
    """File name → bytes: the photo at its own address, and every variant."""
    image = open_photo(data, photo.relpath, limits)
    icc = image.info.get("icc_profile")  # colours as the camera meant them; says nothing private
    upright = ImageOps.exif_transpose(image)
    upright = _displayable(upright, photo.facts)
    upright.info = {}  # EXIF and XMP (where, when, which phone) stay behind
    own = PurePosixPath(photo.relpath).name
    kept = _without_metadata(data, photo.facts) if photo.facts.orientation == 1 else None
    files = {own: kept or _encode(upright, _OWN_FORMAT[photo.facts.format], icc)}
    by_width: dict[int, Image.Image] = {}
    for variant in photo.variants:
        if variant.width not in by_width:
            by_width[variant.width] = _resized(upright, variant)
        files[PurePosixPath(variant.relpath).name] = _encode(
            by_width[variant.width], variant.format, icc
        )
    return files


# JPEG segments that say nothing about the picture's pixels or colours: EXIF and XMP
# (APP1), Photoshop/IPTC (APP13), comments. APP0 (JFIF), APP2 (ICC colours) and
# APP14 (Adobe's colour transform) stay, or colours would change.
_JPEG_DROPPED = {0xE1, 0xED, 0xFE}
# PNG chunks of the same kind: EXIF, text (authors, software, places) and time.
_PNG_DROPPED = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}


def _without_metadata(data: bytes, facts: PhotoFacts) -> bytes | None:
    """The photo's own bytes with its metadata cut out, pixels untouched (no
    re-encoding, so no loss); None when the file's layout is not what we expect."""
    try:
        if facts.format == "JPEG":
            return _jpeg_without_metadata(data)
        if facts.format == "PNG":
            return _png_without_metadata(data)
    except (IndexError, ValueError):
        return None
    return None  # WebP: written again by Pillow


def _jpeg_without_metadata(data: bytes) -> bytes | None:
    if data[:2] != b"\xff\xd8":
        return None
    kept, position = [data[:2]], 2
    while position < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the compressed picture to the end
            kept.append(data[position:])
            return b"".join(kept)
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            return None
        end = position + 2 + length
        if marker not in _JPEG_DROPPED:
            kept.append(data[position:end])
        position = end
    return None


def _png_without_metadata(data: bytes) -> bytes | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    kept, position = [data[:8]], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            return None
        if kind not in _PNG_DROPPED:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            return b"".join(kept)
    return None


def _displayable(image: Image.Image, facts: PhotoFacts) -> Image.Image:
    """RGB, or RGBA where the photo has transparency (palette and CMYK photos converted)."""
    mode = "RGBA" if facts.has_alpha else "RGB"
    return image if image.mode == mode else image.convert(mode)


def _resized(image: Image.Image, variant: Variant) -> Image.Image:
    if image.size == (variant.width, variant.height):
        return image
    # reducing_gap: a fast box reduction first, then Lanczos: the same look, far less work.
    return image.resize((variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    """The image in ``fmt`` with no metadata but its colour profile."""
    if fmt == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = dict(_ENCODERS[fmt])
    if icc and fmt != "AVIF":
        options["icc_profile"] = icc
    # No exif= argument: Pillow writes no EXIF (position, camera, time) unless given one.
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
