"""The order of a language's stories, and each story's related, newer and older ones."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from itertools import chain, combinations
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


def choose_related(tag_slugs: list[list[str]]) -> list[list[int]]:
    """For each story (by rank, 0 = newest, with its tags' slugs), its related stories' ranks."""
    members: dict[str, list[int]] = defaultdict(list)  # tag -> ranks of its stories, ascending
    for rank, slugs in enumerate(tag_slugs):
        for slug in slugs:
            members[slug].append(rank)
    sets = {slug: set(ranks) for slug, ranks in members.items()}
    return [related_ranks(rank, slugs, members, sets) for rank, slugs in enumerate(tag_slugs)]


# How much more counting a story costs than meeting it in an intersection (measured).
_COUNTING_COST = 4


def _pairs_cost_more(slugs: list[str], members: dict[str, list[int]]) -> bool:
    """Whether intersecting every pair of these tags' sets would cost more than
    counting their stories: a pair costs the smaller set, so with the sizes in
    ascending order the i-th (from 0) is the smaller one in k - 1 - i pairs."""
    sizes = sorted(len(members[slug]) for slug in slugs)
    pairs = sum(size * (len(sizes) - 1 - i) for i, size in enumerate(sizes))
    return pairs > _COUNTING_COST * sum(sizes)


def related_ranks(
    rank: int,
    slugs: list[str],
    members: dict[str, list[int]],
    sets: dict[str, set[int]],
    limit: int = RELATED_LIMIT,
) -> list[int]:
    """The stories sharing most of these tags, newest first among equals (ranks: 0 = newest).

    Stories sharing two or more tags come from intersecting the tags' sets two
    by two (in C: a popular tag holds thousands of stories in an archive); a
    story sharing k tags lies in k(k-1)/2 of the intersections, which orders
    them like k. Stories sharing one tag only fill the remaining places, newest
    first, from the tags' sorted lists.

    The pairs grow as the square of the number of tags (2,000 tags: two million
    intersections), so when they would cost more than counting every story of
    every tag once, the stories are counted instead, in time linear in the
    tags' sizes. Both ways give the same ranks.
    """
    if _pairs_cost_more(slugs, members):
        shared = Counter(chain.from_iterable(members[slug] for slug in slugs))
        shared.pop(rank, None)
        best = heapq.nsmallest(limit, shared.items(), key=lambda item: (-item[1], item[0]))
        return [other for other, _ in best]
    several = Counter(chain.from_iterable(sets[a] & sets[b] for a, b in combinations(slugs, 2)))
    several.pop(rank, None)
    best = heapq.nsmallest(limit, several.items(), key=lambda item: (-item[1], item[0]))
    chosen = [other for other, _ in best]
    previous = None
    for other in heapq.merge(*(members[slug] for slug in slugs)):
        if len(chosen) >= limit:
            break
        if other != previous and other != rank and other not in several:
            chosen.append(other)
        previous = other
    return chosen
