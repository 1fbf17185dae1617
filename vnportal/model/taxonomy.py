"""Canonical tags, categories and authors: one address each, and an A–Z index.

Identity comes from ``canonical_key`` (tone style, case and NFD folded), so
``hòa giải``/``hoà giải`` are one tag. Addresses are ASCII, and different words
can share one ASCII spelling (``ăn``, ``an``, ``ân`` → ``an``); the index asks
``assign_slugs`` once per language and kind, and everything else (reader,
language links, feeds) uses the slug it decided:

1. A name whose plain slug (``slugify``: marks dropped, đ → d) no other name
   shares keeps it: ``đất`` → ``dat``, as every Vietnamese reader expects.
2. Names that share a plain slug are told apart by their Telex spelling
   (ă → aw, â → aa, ê → ee, ô → oo, ơ → ow, ư → uw, đ → dd, tones as a final
   f r x s j): ``an`` → ``an``, ``ăn`` → ``awn``, ``ân`` → ``aan``, ``má`` →
   ``mas``. A name without any mark spells the same in both, so the plain word
   never moves; a marked word moves only on the day a twin appears, and the
   build warns about every such group.
3. What Telex cannot separate (``covid-19`` and ``covid 19``) gets ``-2``,
   ``-3`` in Vietnamese order; a name with no letter or digit at all gets a
   short hash of its key.

Nothing depends on file order: the same set of names always gets the same slugs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ContentError
from .sources import LANGUAGES
from .vietnamese import initial_letter, nfc, search_fold, slugify, sort_key, telex

KIND_FOLDERS = {"tag": "tags", "category": "categories", "author": "authors"}
# The category of a story whose front matter names none, per language; Pelican
# would otherwise file it under its folder's name ("08" for content/en/2024/08/).
DEFAULT_CATEGORY_SETTING = "PORTAL_DEFAULT_CATEGORY"
DEFAULT_CATEGORIES = {"vi": "Tin tức", "en": "News"}
OTHER_HEADING = "#"  # names that start with a digit or a sign, filed first


@dataclass
class SlugAssignment:
    """The slug of every canonical key of one kind in one language."""

    slugs: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def assign_slugs(kind: str, names: Mapping[str, str]) -> SlugAssignment:
    """Slugs for ``names`` (canonical key → display spelling); see the module doc."""
    result = SlugAssignment()
    by_plain: dict[str, list[str]] = defaultdict(list)
    for key in sorted(names, key=lambda k: sort_key(names[k])):
        by_plain[slugify(names[key])].append(key)
    shared = [keys for plain, keys in by_plain.items() if plain and len(keys) > 1]
    for plain, keys in by_plain.items():
        for key in keys:
            if not plain:
                result.slugs[key] = _letterless_slug(kind, key)
            elif len(keys) == 1:
                result.slugs[key] = plain
            else:
                result.slugs[key] = slugify(telex(key)) or plain
    reported = [set(keys) for keys in shared]
    shared += [keys for keys in _number_the_rest(result, names) if set(keys) not in reported]
    result.warnings = [_collision_warning(kind, keys, names, result.slugs) for keys in shared]
    return result


def default_category(settings: Mapping[str, Any], lang: str) -> str:
    """The category given to a story without one in ``lang``; a bad setting is refused."""
    chosen = settings.get(DEFAULT_CATEGORY_SETTING, DEFAULT_CATEGORIES)
    name = chosen.get(lang) if isinstance(chosen, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        example = ", ".join(f'"{code}": "{DEFAULT_CATEGORIES[code]}"' for code in LANGUAGES)
        raise ContentError(
            "pelicanconf.py",
            f"{DEFAULT_CATEGORY_SETTING} gives no category name for the language '{lang}'",
            f"set {DEFAULT_CATEGORY_SETTING} = {{{example}}}",
        )
    return nfc(name.strip())


def _letterless_slug(kind: str, key: str) -> str:
    # A stable stand-in for a name like "…" that leaves nothing in ASCII.
    return f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def _number_the_rest(result: SlugAssignment, names: Mapping[str, str]) -> list[list[str]]:
    """Give ``-2``, ``-3``… to keys whose slug is still not unique; return those groups."""
    holders: dict[str, list[str]] = defaultdict(list)
    for key, slug in result.slugs.items():
        holders[slug].append(key)
    taken = set(holders)
    numbered = []
    for slug, keys in sorted(holders.items()):
        if len(keys) < 2:
            continue
        # The name whose plain slug this is keeps it; the rest in Vietnamese order.
        keys.sort(key=lambda k: (slugify(names[k]) != slug, sort_key(names[k]), k))
        number = 2
        for key in keys[1:]:
            while f"{slug}-{number}" in taken:
                number += 1
            result.slugs[key] = f"{slug}-{number}"
            taken.add(result.slugs[key])
        numbered.append(keys)
    return numbered


def _collision_warning(
    kind: str, keys: list[str], names: Mapping[str, str], slugs: Mapping[str, str]
) -> str:
    folder = KIND_FOLDERS.get(kind, kind)
    pages = ", ".join(f"“{names[k]}” → {folder}/{slugs[k]}/" for k in keys)
    return (
        f"{len(keys)} {folder} would share one ASCII address, so each keeps its own page: "
        f"{pages} (if they are meant to be one {kind}, spell them alike)"
    )


# ---- the A–Z index ----------------------------------------------------------


def english_key(text: str) -> tuple[str, Any]:
    """English alphabetical order: marks ignored (Đ files under D), then the exact spelling."""
    return search_fold(text), sort_key(text)


def name_order(lang: str) -> Callable[[str], Any]:
    """The sort key for names in ``lang``: Vietnamese (CLDR `vi`) or English order."""
    return sort_key if lang == "vi" else english_key


def heading_of(name: str, lang: str) -> str:
    """The letter heading a name is filed under: 'Đ', 'Ă'… in Vietnamese, 'A'–'Z' in English."""
    if lang == "vi":
        return initial_letter(name) or OTHER_HEADING
    first = search_fold(name)[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_HEADING


@dataclass(frozen=True)
class IndexedTerm:
    """One tag (or category, author) in an index: its name, page and story count."""

    name: str
    url: str  # site-relative, like Pelican's own ``url``
    count: int


@dataclass(frozen=True)
class LetterGroup:
    letter: str  # the heading: 'Đ', or '#' for names that start with no letter
    anchor: str  # an ASCII fragment id for the jump links ('dd' for Đ)
    terms: tuple[IndexedTerm, ...]


def letter_groups(terms: Iterable[IndexedTerm], lang: str) -> list[LetterGroup]:
    """``terms`` sorted in ``lang``'s order and grouped under their first letter."""
    order = name_order(lang)
    grouped: dict[str, list[IndexedTerm]] = defaultdict(list)
    for term in sorted(terms, key=lambda t: order(t.name)):
        grouped[heading_of(term.name, lang)].append(term)
    # '#' sorts before every letter, as digits and signs do in the names.
    letters = sorted(grouped, key=lambda letter: (letter != OTHER_HEADING, order(letter)))
    return [
        LetterGroup(letter=letter, anchor=_anchor(letter), terms=tuple(grouped[letter]))
        for letter in letters
    ]


def _anchor(letter: str) -> str:
    return "other" if letter == OTHER_HEADING else telex(letter)
