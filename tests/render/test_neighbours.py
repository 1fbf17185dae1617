"""Related stories by shared tags, and the newer and older story of each."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from vnportal.render.neighbours import RELATED_LIMIT, link_neighbours, related_ranks

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


def _tables(tag_lists: list[list[str]]) -> tuple[dict[str, list[int]], dict[str, set[int]]]:
    members: dict[str, list[int]] = defaultdict(list)
    for rank, tags in enumerate(tag_lists):
        for tag in dict.fromkeys(tags):
            members[tag].append(rank)
    return members, {tag: set(ranks) for tag, ranks in members.items()}


@given(st.lists(st.lists(st.sampled_from(TAG_POOL), max_size=5), min_size=1, max_size=40))
def test_related_stories_share_most_tags_then_are_newest(tag_lists):
    members, sets = _tables(tag_lists)
    for rank, tags in enumerate(tag_lists):
        slugs = list(dict.fromkeys(tags))
        assert related_ranks(rank, slugs, members, sets) == _expected_related(rank, tag_lists)


def test_a_story_sharing_two_tags_beats_newer_stories_sharing_one():
    tag_lists = [
        ["hòa giải"],  # newest, one shared tag
        ["tập huấn"],
        ["pháp luật"],
        ["trẻ em"],
        ["hòa giải", "tập huấn"],  # oldest, two shared tags
        ["hòa giải", "tập huấn", "pháp luật"],  # the story itself
    ]
    members, sets = _tables(tag_lists)
    assert related_ranks(5, tag_lists[5], members, sets) == [4, 0, 1, 2]


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
    members, sets = _tables(tag_lists)
    for rank, tags in enumerate(tag_lists):
        slugs = list(dict.fromkeys(tags))
        assert related_ranks(rank, slugs, members, sets) == _expected_related(rank, tag_lists)


class _CountedLookups(dict):
    """The tags' sets, counting how often one is looked up (once per tag of a pair)."""

    lookups = 0

    def __getitem__(self, key):
        self.lookups += 1
        return super().__getitem__(key)


def test_a_story_with_two_thousand_tags_costs_in_proportion_to_its_tags():
    many = [f"thẻ {number}" for number in range(2000)]
    tag_lists = [many] + [[many[n], many[(n * 7) % 2000]] for n in range(2000)]
    members, sets = _tables(tag_lists)
    counted = _CountedLookups(sets)
    assert related_ranks(0, many, members, counted) == _expected_related(0, tag_lists)
    assert counted.lookups <= 2 * len(many)  # not once per pair: two million lookups
