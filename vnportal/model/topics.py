"""Which Vietnamese category or tag is which English one.

``content/topics.yml`` pairs them, Vietnamese name first::

    categories:
      Sự kiện: Events
    tags:
      hòa giải ở cơ sở: grassroots mediation

Where the table is silent, a pair is derived from the translated stories: a
Vietnamese tag whose stories' translations all carry one English tag, when that
English tag's stories' originals all carry this Vietnamese tag and no other
candidate (see ``derive_pairs``). The checker reports those guesses so that an
editor confirms them in the table. The pairs give topic pages their hreflang
alternates, the language switcher its target and the feeds page its links to
the other language's feeds. Names are compared by ``canonical_key``, so tone
style and case do not matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .datafile import mapping_items, read_data_file, scalar_text
from .errors import ContentError
from .vietnamese import canonical_key

TOPICS_FILE = "topics.yml"
SECTIONS = {"categories": "category", "tags": "tag"}  # the file's sections, by kind
_EXAMPLE = {"category": "'Sự kiện: Events'", "tag": "'hòa giải ở cơ sở: grassroots mediation'"}


TABLE, SETTINGS, DERIVED = "table", "settings", "derived"  # where a pair comes from


@dataclass(frozen=True)
class TopicPair:
    """One Vietnamese name and its English one, and where the pair comes from."""

    kind: str  # "category" or "tag"
    vi: str
    en: str
    line: int = 0  # in topics.yml
    origin: str = TABLE  # or SETTINGS (the default categories), DERIVED


@dataclass
class TopicPairs:
    """Every pair, from the table and derived, with lookups in both directions."""

    pairs: list[TopicPair] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name: dict[tuple[str, str, str], TopicPair] = {}
        for pair in self.pairs:
            self._by_name[(pair.kind, "vi", canonical_key(pair.vi))] = pair
            self._by_name[(pair.kind, "en", canonical_key(pair.en))] = pair

    def counterpart(self, kind: str, lang: str, name: str) -> str | None:
        """The other language's name of a ``kind`` named ``name`` in ``lang``, if paired."""
        pair = self._by_name.get((kind, lang, canonical_key(name)))
        if pair is None:
            return None
        return pair.en if lang == "vi" else pair.vi

    @property
    def derived(self) -> list[TopicPair]:
        return [pair for pair in self.pairs if pair.origin == DERIVED]

    @property
    def from_table(self) -> list[TopicPair]:
        return [pair for pair in self.pairs if pair.origin == TABLE]


def read_topic_table(content: Path) -> list[TopicPair]:
    """The pairs written in ``content/topics.yml`` (none without the file).

    Raises ContentError at the line of the first problem: a section other than
    ``categories`` and ``tags``, a name that is not one text, or a name paired
    twice (the same Vietnamese name with two English ones, or two Vietnamese
    names with one English name, tone style and case aside).
    """
    path = content / TOPICS_FILE
    if not path.is_file():
        return []
    example = "'tags:' on one line and 'hòa giải ở cơ sở: grassroots mediation' indented below"
    pairs: list[TopicPair] = []
    for section, line, node in mapping_items(read_data_file(path), path, TOPICS_FILE, example):
        kind = SECTIONS.get(section)
        if kind is None:
            raise ContentError(
                path,
                f"unknown section '{section}'",
                "the sections are 'categories:' and 'tags:'",
                line,
            )
        what = f"the {section} of {TOPICS_FILE}"
        for vi, vi_line, value in mapping_items(node, path, what, _EXAMPLE[kind]):
            en = scalar_text(value, path, f"the English name of the {kind} '{vi}'")
            pairs.append(TopicPair(kind, vi, en, vi_line))
        _refuse_two_ways(pairs, kind, path)
    return pairs


def _refuse_two_ways(pairs: list[TopicPair], kind: str, path: Path) -> None:
    for lang in ("vi", "en"):
        seen: dict[str, TopicPair] = {}
        for pair in pairs:
            if pair.kind != kind:
                continue
            name = getattr(pair, lang)
            first = seen.setdefault(canonical_key(name), pair)
            if first is pair:
                continue
            if lang == "vi":
                problem = (
                    f"the {kind} '{pair.vi}' is paired with '{pair.en}' here and with "
                    f"'{first.en}' on line {first.line}"
                )
            else:
                problem = (
                    f"the English {kind} '{pair.en}' is paired with '{pair.vi}' here and "
                    f"with '{first.vi}' on line {first.line}"
                )
            raise ContentError(
                path,
                problem,
                "a name has one translation: keep one of the two lines",
                pair.line,
            )


StoryNames = tuple[frozenset[str], frozenset[str]]  # a story's names, and its translation's


def derive_pairs(
    kind: str,
    translated: Iterable[StoryNames],
    taken: Iterable[TopicPair],
    spelling: dict[str, dict[str, str]],
) -> list[TopicPair]:
    """Pairs the translated stories show and the table does not give.

    ``translated``: per translated story, the canonical keys of its names of
    ``kind`` in Vietnamese and those of its English translation. A Vietnamese
    name's candidates are the English names present on the translation of
    every story that has it; a pair is taken when each side is the other's
    only candidate. Taking it removes both names from the other candidates,
    so the rest may become unambiguous: repeated until nothing changes.
    ``spelling``: per language, canonical key to display spelling.
    """
    stories = list(translated)
    paired = {"vi": set(), "en": set()}
    for pair in taken:
        if pair.kind == kind:
            paired["vi"].add(canonical_key(pair.vi))
            paired["en"].add(canonical_key(pair.en))
    found: list[TopicPair] = []
    while True:
        vi_options = _candidates(stories, 0, paired["vi"], paired["en"])
        en_options = _candidates(stories, 1, paired["en"], paired["vi"])
        new = [
            (vi, next(iter(options)))
            for vi, options in sorted(vi_options.items())
            if len(options) == 1 and en_options.get(next(iter(options))) == {vi}
        ]
        if not new:
            return found
        for vi, en in new:
            paired["vi"].add(vi)
            paired["en"].add(en)
            names = (spelling["vi"].get(vi, vi), spelling["en"].get(en, en))
            found.append(TopicPair(kind, *names, origin=DERIVED))


def _candidates(
    stories: list[StoryNames], side: int, own_taken: set[str], other_taken: set[str]
) -> dict[str, set[str]]:
    options: dict[str, set[str]] = {}
    for story in stories:
        own, other = story[side], story[1 - side]
        for name in own - own_taken:
            free = set(other - other_taken)
            options[name] = options[name] & free if name in options else free
    return {name: found for name, found in options.items() if found}
