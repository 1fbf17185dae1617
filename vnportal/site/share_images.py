"""Which picture each story shows when it is shared, and the cards drawn for it.

Facebook and Zalo show a raster ``og:image`` only. A story whose lead photo is
a raster photo of at least 600 px shares its 1,200 px copy
(vnportal/site/photos.py); every other story gets a share card with its title
(vnportal/site/share_card.py). Cards are named by the digest of everything
drawn on them, kept in the cache folder by that name, and drawn only when no
earlier build drew the same card.

Drawing a card takes 20-70 ms: ten years of news would add minutes to a build
from scratch. Stories are shared when they are new, so a story gets its own
card for ``PORTAL_SHARE_CARD_DAYS`` days (default 365; None: always); older
ones share the language's site card, which names the portal.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..model.index import SiteIndex
from ..model.photos import Photo
from ..model.sources import lead_image_path
from .share_card import draw_share_card, share_card_key

SHARE_FOLDER = "share"  # under output/
DEFAULT_CARD_DAYS = 365


@dataclass(frozen=True)
class ShareCard:
    relpath: str  # under output/: share/<digest>.png
    title: str
    kicker: str
    site_name: str


def card_days(settings: Mapping[str, Any]) -> int | None:
    days = settings.get("PORTAL_SHARE_CARD_DAYS", DEFAULT_CARD_DAYS)
    return None if days is None else int(days)


def plan_share_cards(
    index: SiteIndex,
    lead_images: Mapping[tuple[str, str], str],
    photos: Mapping[str, Photo],
    sites: Mapping[str, tuple[str, str]],
    theme: Path,
    today: date,
    days: int | None,
) -> dict[tuple[str, str], ShareCard]:
    """(lang, relpath) → the card of every story and page whose lead photo cannot be shared.

    ``sites``: each language's site name and tagline (the site card's words).
    """

    def card(title: str, kicker: str, lang: str) -> ShareCard:
        site_name = sites[lang][0]
        key = share_card_key(title, site_name, kicker, theme=theme)
        return ShareCard(f"{SHARE_FOLDER}/{key[:20]}.png", title, kicker, site_name)

    site_cards = {lang: card(tagline, "", lang) for lang, (_, tagline) in sites.items()}
    cards = {}
    for entry in index.entries:
        lead = lead_images.get((entry.lang, entry.relpath))
        photo = photos.get(lead_image_path(lead)) if lead else None
        if photo is not None and photo.share is not None:
            continue
        if days is not None and entry.date and (today - entry.date.date()).days > days:
            cards[(entry.lang, entry.relpath)] = site_cards[entry.lang]
            continue
        kicker = index.spelling(entry.lang, "category", entry.category) if entry.category else ""
        cards[(entry.lang, entry.relpath)] = card(entry.title, kicker, entry.lang)
    return cards


def is_share_card(relpath: str) -> bool:
    return relpath.startswith(SHARE_FOLDER + "/")


def make_share_cards(
    cards: Iterable[ShareCard],
    theme: Path,
    cache_folder: Path,
    target: Path,
    *,
    present: Path | None = None,
    threads: int = 2,
) -> None:
    """Write each card into ``target``, drawn only if the cache does not hold it.

    ``present``: the output folder being updated in place; a card already there
    has the same name, hence the same picture, and is left as it is.
    """
    unique = {card.relpath: card for card in cards}

    def one(card: ShareCard) -> None:
        if present is not None and (present / card.relpath).is_file():
            return
        cached = cache_folder / os.path.basename(card.relpath)
        if not cached.is_file():
            data = draw_share_card(card.title, card.site_name, kicker=card.kicker, theme=theme)
            cache_folder.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
            partial.write_bytes(data)
            partial.replace(cached)  # whole or not at all
        destination = target / card.relpath
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, destination)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, [unique[name] for name in sorted(unique)]))
