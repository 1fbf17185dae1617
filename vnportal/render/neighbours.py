"""The order of a language's stories, and each story's related, newer and older ones."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..incremental.caches import BuildCache, KeyedCache
from ..incremental.fingerprints import code_digest
from .run import PORTAL_RUN

RELATED_LIMIT = 4


def order_articles(generator: Any) -> None:
    """Newest first, and stories with the same date in file-path order.

    Pelican collects files in a set, whose order changes from run to run; it
    sorts by date only, so without this two stories published at the same
    minute would swap places between builds (and with them every listing).
    """
    generator.articles.sort(key=lambda article: (article.date, article.source_path), reverse=True)


def order_pages(generator: Any) -> None:
    generator.pages.sort(key=lambda page: (Path(page.source_path).name, page.source_path))


def link_neighbours(generator: Any) -> None:
    """Related stories by shared tags, and the newer/older story by date."""
    articles = generator.articles  # newest first
    tag_slugs = [list(dict.fromkeys(tag.slug for tag in getattr(a, "tags", []))) for a in articles]
    # The choice depends only on each story's tags and the order of the stories: after
    # an edit that changes neither (a body, a title) the last build's choice holds.
    layout = "\n".join(
        f"{article.source_path}\0" + "\0".join(slugs)
        for article, slugs in zip(articles, tag_slugs, strict=True)
    )
    cache = _related_cache(getattr(generator, "settings", {}))
    chosen = cache.get(layout, lambda _: choose_related(tag_slugs))
    cache.save()
    for rank, article in enumerate(articles):
        article.newer = articles[rank - 1] if rank > 0 else None
        article.older = articles[rank + 1] if rank + 1 < len(articles) else None
        article.related = [articles[other] for other in chosen[rank]]
    for draft in generator.drafts:
        draft.newer = draft.older = None
        draft.related = []


def _related_cache(settings: dict[str, Any]) -> KeyedCache:
    run, path = settings.get(PORTAL_RUN), None
    if run is not None and run.use_cache and settings.get("CACHE_PATH"):
        path = BuildCache(settings).folder / f"related-{run.lang}.pickle"
    return KeyedCache(path, code_digest())


def choose_related(tag_slugs: list[list[str]], limit: int = RELATED_LIMIT) -> list[list[int]]:
    """For each story (by rank, 0 = newest, with its tags' slugs), its related stories' ranks."""
    members: dict[str, list[int]] = defaultdict(list)  # tag -> ranks of its stories, ascending
    for rank, slugs in enumerate(tag_slugs):
        for slug in slugs:
            members[slug].append(rank)
    masks = TagMasks(members, len(tag_slugs))
    return [related_ranks(rank, slugs, masks, limit) for rank, slugs in enumerate(tag_slugs)]


class TagMasks:
    """Each tag's stories as the bits of one int: bit r is the story of rank r.

    Counting a story's shared tags story by story costs, for every story, the
    sizes of its tags; a popular tag holds a fixed share of an archive, so the
    whole choice grew as the square of the stories (55 s per language at 50,000
    stories). On bits the same counting is a few operations on whole ints, done
    in C a machine word (64 stories) at a time.

    Popular tags keep their int; a rare tag's int is made when asked for, so
    an archive with thousands of small tags does not hold thousands of ints
    each as wide as the archive.
    """

    def __init__(self, members: dict[str, list[int]], stories: int) -> None:
        self.members = members
        self.bytes = (stories + 7) // 8
        kept_from = max(64, stories // 64)
        self.kept = {
            slug: self._mask(ranks) for slug, ranks in members.items() if len(ranks) >= kept_from
        }

    def __getitem__(self, slug: str) -> int:
        mask = self.kept.get(slug)
        return self._mask(self.members[slug]) if mask is None else mask

    def _mask(self, ranks: list[int]) -> int:
        bits = bytearray(self.bytes)
        for rank in ranks:
            bits[rank >> 3] |= 1 << (rank & 7)
        return int.from_bytes(bits, "little")


def related_ranks(
    rank: int, slugs: list[str], masks: TagMasks, limit: int = RELATED_LIMIT
) -> list[int]:
    """The stories sharing most of these tags, newest first among equals (ranks: 0 = newest).

    Every story's count of shared tags is added up in binary across whole ints
    (planes[i] holds bit i of every story's count), then the stories sharing
    the most tags are taken first, lowest ranks (the newest) first within a
    count, until the limit is reached.
    """
    planes: list[int] = []
    for slug in slugs:
        carry = masks[slug]
        for i, plane in enumerate(planes):
            planes[i] = plane ^ carry
            carry &= plane
            if not carry:
                break
        if carry:
            planes.append(carry)
    chosen: list[int] = []
    for count in range(min(len(slugs), (1 << len(planes)) - 1), 0, -1):
        level = -1  # every story, then only those whose count is this one
        for i, plane in enumerate(planes):
            level &= plane if count >> i & 1 else ~plane
            if not level:
                break
        while level:
            lowest = level & -level
            level ^= lowest
            other = lowest.bit_length() - 1
            if other != rank:  # the story itself shares all of its tags
                chosen.append(other)
                if len(chosen) == limit:
                    return chosen
    return chosen
