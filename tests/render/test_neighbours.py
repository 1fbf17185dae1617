"""Related stories by shared tags, and the newer and older story of each."""

from __future__ import annotations

import random
from collections import defaultdict
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from vnportal.render.neighbours import (
    RELATED_LIMIT,
    TagMasks,
    choose_related,
    link_neighbours,
    related_ranks,
)

TAG_POOL = ["hòa giải", "tập huấn", "pháp luật", "chuyển đổi số", "trẻ em", "đất đai"]


def _expected_related(rank: int, tag_lists: list[list[str]]) -> list[int]:
    """The rule readers see, written plainly: most shared tags first, then the newest."""
    own = set(tag_lists[rank])
    shared = [
        (len(own & set(tags)), other)
        for other, tags in enumerate(tag_lists)
        if other != rank and own & set(tags)
    ]
    shared.sort(key=lambda item: (-item[0], item[1]))
    return [other for _, other in shared[:RELATED_LIMIT]]


def _members(tag_lists: list[list[str]]) -> dict[str, list[int]]:
    members: dict[str, list[int]] = defaultdict(list)
    for rank, tags in enumerate(tag_lists):
        for tag in dict.fromkeys(tags):
            members[tag].append(rank)
    return members


def _masks(tag_lists: list[list[str]]) -> TagMasks:
    return TagMasks(_members(tag_lists), len(tag_lists))


@given(st.lists(st.lists(st.sampled_from(TAG_POOL), max_size=5), min_size=1, max_size=40))
def test_related_stories_share_most_tags_then_are_newest(tag_lists):
    masks = _masks(tag_lists)
    for rank, tags in enumerate(tag_lists):
        slugs = list(dict.fromkeys(tags))
        assert related_ranks(rank, slugs, masks) == _expected_related(rank, tag_lists)


def test_a_story_sharing_two_tags_beats_newer_stories_sharing_one():
    tag_lists = [
        ["hòa giải"],  # newest, one shared tag
        ["tập huấn"],
        ["pháp luật"],
        ["trẻ em"],
        ["hòa giải", "tập huấn"],  # oldest, two shared tags
        ["hòa giải", "tập huấn", "pháp luật"],  # the story itself
    ]
    assert related_ranks(5, tag_lists[5], _masks(tag_lists)) == [4, 0, 1, 2]


def _story(name: str, tags: list[str]) -> SimpleNamespace:
    tag_objects = [SimpleNamespace(slug=tag) for tag in tags]
    return SimpleNamespace(name=name, source_path=f"{name}.md", tags=tag_objects)


def test_neighbours_follow_the_date_order_and_drafts_have_none():
    stories = [_story("c", ["a"]), _story("b", ["a"]), _story("a", [])]
    draft = _story("draft", ["a"])
    link_neighbours(SimpleNamespace(articles=stories, drafts=[draft]))
    assert [s.newer and s.newer.name for s in stories] == [None, "c", "b"]
    assert [s.older and s.older.name for s in stories] == ["b", "a", None]
    assert [r.name for r in stories[0].related] == ["b"]
    assert stories[2].related == []
    assert (draft.newer, draft.older, draft.related) == (None, None, [])


MANY_TAGS = [f"thẻ {number}" for number in range(60)]


@given(st.lists(st.lists(st.sampled_from(MANY_TAGS), max_size=50), min_size=1, max_size=30))
def test_related_stories_are_the_same_for_stories_with_many_tags(tag_lists):
    masks = _masks(tag_lists)
    for rank, tags in enumerate(tag_lists):
        slugs = list(dict.fromkeys(tags))
        assert related_ranks(rank, slugs, masks) == _expected_related(rank, tag_lists)


def test_an_archive_with_popular_and_rare_tags_gets_the_plain_rule():
    """Tags held by many stories keep their bits between stories, rare ones are made
    when asked for; both must give the rule readers see."""
    draw = random.Random(19)
    popular = [f"chuyên đề {number}" for number in range(6)]
    tag_lists = []
    for _ in range(600):
        tags = draw.sample(popular, draw.randint(0, 3))
        tags += [f"địa bàn {draw.randrange(150)}" for _ in range(draw.randint(0, 2))]
        tag_lists.append(list(dict.fromkeys(tags)))
    masks = _masks(tag_lists)
    assert set(masks.kept) == set(popular)  # 600 stories: a tag of 64 or more keeps its bits
    assert choose_related(tag_lists) == [
        _expected_related(rank, tag_lists) for rank in range(len(tag_lists))
    ]


class _CountedMasks(TagMasks):
    """The tags' bits, counting how often a tag is asked for."""

    lookups = 0

    def __getitem__(self, slug: str) -> int:
        self.lookups += 1
        return super().__getitem__(slug)


def test_a_story_with_two_thousand_tags_costs_in_proportion_to_its_tags():
    many = [f"thẻ {number}" for number in range(2000)]
    tag_lists = [many] + [[many[n], many[(n * 7) % 2000]] for n in range(2000)]
    counted = _CountedMasks(_members(tag_lists), len(tag_lists))
    assert related_ranks(0, many, counted) == _expected_related(0, tag_lists)
    assert counted.lookups == len(many)  # once per tag, not once per pair: two million
