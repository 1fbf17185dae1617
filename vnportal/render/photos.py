"""Responsive photos in pages: <picture> with every width, and sizes that never jump.

A photo of content/images/ is shown through a ``<picture>``: AVIF and WebP
sources, then an ``<img>`` in the photo's own format with ``width`` and
``height`` (the browser keeps its place before it arrives), and ``sizes``
saying how wide it is drawn, so a phone downloads the 480 px file and a
desktop the 1,200 px one. Drawings (SVG) get their size too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape, unescape

from ..model.digests import digest
from ..model.photos import Photo

# How wide a photo is drawn (theme/static/css/site.css): the story column is at
# most 44rem; cards share a row of two or three from 40rem on.
STORY_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
CARD_SIZES = "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"
LEAD_SIZES = "(min-width: 64rem) 44rem, calc(100vw - 2rem)"

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([a-zA-Z][\w:-]*)(?:\s*=\s*"([^"]*)")?')
_PHOTO_SOURCE = re.compile(r"^(?:\{static\}|\{attach\})?/?(images/[^?#]+)$")


def picture(
    photo: Photo,
    siteurl: str,
    alt: str,
    sizes: str,
    *,
    eager: bool = False,
    priority: bool = False,
    attributes: Mapping[str, str] | None = None,
) -> str:
    """A ``<picture>`` of every width and format made of ``photo``.

    ``eager``: the photo is in the first screen (no lazy loading); ``priority``:
    it is the page's main picture, fetched before anything else.
    """
    sources = []
    for fmt in photo.formats:
        if fmt == photo.fallback.format:
            continue
        variants = photo.in_format(fmt)
        sources.append(
            f'<source type="{variants[0].media_type}" '
            f'srcset="{_srcset(variants, siteurl)}" sizes="{sizes}">'
        )
    fallback = photo.fallback
    img = {
        **(attributes or {}),
        "src": f"{siteurl}/{fallback.relpath}",
        "srcset": _srcset(photo.in_format(fallback.format), siteurl),
        "sizes": sizes,
        "width": str(fallback.width),
        "height": str(fallback.height),
        "alt": alt,
    }
    if priority:
        img["fetchpriority"] = "high"
    elif not eager:
        img["loading"] = "lazy"
    img["decoding"] = "sync" if priority else "async"
    shown = " ".join(f'{name}="{escape(value)}"' for name, value in img.items())
    return f"<picture>{''.join(sources)}<img {shown}></picture>"


def sized_img(
    url: str,
    size: tuple[int, int] | None,
    alt: str,
    *,
    eager: bool,
    priority: bool = False,
    **extra: str,
) -> str:
    """An ``<img>`` of a drawing, with its size so nothing moves when it arrives."""
    img = {**extra, "src": url}
    if size:
        img.update(width=str(size[0]), height=str(size[1]))
    img["alt"] = alt
    if priority:
        img["fetchpriority"] = "high"
    elif not eager:
        img["loading"] = "lazy"
    img["decoding"] = "async"
    return "<img " + " ".join(f'{name}="{escape(value)}"' for name, value in img.items()) + ">"


def labelled_drawing(img: str, label: str) -> str:
    """A drawing with a small "Illustration" label in the page's language.

    The label is text of the page, not of the picture: the same drawing serves
    both languages, and readers should not take a drawing for a photo.
    """
    if not label:
        return img
    return f'<span class="drawing">{img}<span class="drawing-label">{escape(label)}</span></span>'


def _srcset(variants: list, siteurl: str) -> str:
    return ", ".join(f"{siteurl}/{variant.relpath} {variant.width}w" for variant in variants)


def photo_path(src: str) -> str | None:
    """``images/…`` for an address of a file under content/images/, else None."""
    found = _PHOTO_SOURCE.match(unescape(src).strip())
    return found[1] if found else None


def responsive_body(
    html: str,
    photos: Mapping[str, Photo],
    drawings: Mapping[str, tuple[int, int]],
    siteurl: str,
    *,
    first_eager: bool,
    label: str = "",
) -> tuple[str, list[str]]:
    """The story's HTML with its photos made responsive, and the files it shows.

    ``first_eager``: the story has no lead photo, so its first picture may be in
    the first screen and is not loaded lazily.
    """
    if "<img" not in html:
        return html, []
    shown: list[str] = []

    def replace(tag: re.Match[str]) -> str:
        attributes = {
            name.lower(): unescape(value or "")
            for name, value in _ATTRIBUTE.findall(tag[0][4:].rstrip("/>"))
        }
        relpath = photo_path(attributes.get("src", ""))
        eager = first_eager and not shown
        alt = attributes.pop("alt", "")
        kept = {
            name: value
            for name, value in attributes.items()
            if name not in {"src", "srcset", "sizes", "width", "height", "loading", "decoding"}
        }
        if relpath in photos:
            shown.append(relpath)
            return picture(photos[relpath], siteurl, alt, STORY_SIZES, eager=eager, attributes=kept)
        if relpath in drawings:
            shown.append(relpath)
            url = f"{siteurl}/{relpath}"
            return labelled_drawing(
                sized_img(url, drawings[relpath], alt, eager=eager, **kept), label
            )
        return tag[0]

    return _IMG.sub(replace, html), shown


def photos_key(relpaths: list[str], photos: Mapping[str, Photo], drawings: Mapping) -> str:
    """What a page shows of its photos: a replaced photo changes the page."""
    return digest(
        *(photos[path].digest if path in photos else repr(drawings.get(path)) for path in relpaths)
    )
