"""Which Vietnamese category or tag is which English one: the table and the guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.model.errors import BuildError
from vnportal.model.index import SiteIndex, build_index

from ..corpus import ROOT, story

BASE = read_base_settings(ROOT / "pelicanconf.py")


def index_of(tmp_path: Path, files: dict[str, str]) -> SiteIndex:
    content = tmp_path / "content"
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (content / "vi").mkdir(parents=True, exist_ok=True)
    return build_index(content, BASE)


def problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(BuildError) as caught:
        index_of(tmp_path, files)
    return caught.value.problems


def pairs(index: SiteIndex, origin: str) -> set[tuple[str, str, str]]:
    return {(p.kind, p.vi, p.en) for p in index.topics.pairs if p.origin == origin}


def test_the_table_pairs_names_whatever_their_tone_style_and_case(tmp_path):
    index = index_of(
        tmp_path,
        {
            "topics.yml": "tags:\n  hòa giải ở cơ sở: grassroots mediation\n",
            "vi/a.md": story(tags="[Hoà giải ở cơ sở]"),
            "en/b.md": story(tags="[Grassroots Mediation]"),
        },
    )
    assert index.paired_topic("tag", "vi", "HOÀ GIẢI Ở CƠ SỞ", "en") == "grassroots mediation"
    assert index.paired_topic("tag", "en", "grassroots mediation", "vi") == "hòa giải ở cơ sở"


def test_a_translated_story_shows_a_pair_the_table_lacks(tmp_path):
    index = index_of(
        tmp_path,
        {
            "vi/2024/07/a.md": story(category="Sự kiện", tags="[tập huấn, hội nghị]"),
            "en/2024/07/a.md": story(category="Events", tags="[training, conference]"),
            "vi/2024/08/b.md": story(category="Sự kiện", tags="[tập huấn]"),
            "en/2024/08/b.md": story(category="Events", tags="[training]"),
        },
    )
    # tập huấn is on both stories, training on both translations: one candidate each;
    # with that pair taken, hội nghị has conference left.
    assert pairs(index, "derived") == {
        ("category", "Sự kiện", "Events"),
        ("tag", "tập huấn", "training"),
        ("tag", "hội nghị", "conference"),
    }


def test_an_ambiguous_pairing_is_not_guessed(tmp_path):
    index = index_of(
        tmp_path,
        {
            "vi/2024/07/a.md": story(tags="[tập huấn, hội nghị]"),
            "en/2024/07/a.md": story(tags="[training, conference]"),
        },
    )
    assert {p for p in pairs(index, "derived") if p[0] == "tag"} == set()
    assert index.paired_topic("tag", "vi", "tập huấn", "en") is None


def test_the_table_wins_over_a_guess_and_frees_the_rest(tmp_path):
    index = index_of(
        tmp_path,
        {
            "topics.yml": "tags:\n  hội nghị: conference\n",
            "vi/2024/07/a.md": story(tags="[tập huấn, hội nghị]"),
            "en/2024/07/a.md": story(tags="[training, conference]"),
        },
    )
    assert ("tag", "tập huấn", "training") in pairs(index, "derived")


def test_the_default_categories_are_one_topic(tmp_path):
    index = index_of(tmp_path, {"vi/a.md": story(category=None), "en/b.md": story(category=None)})
    assert index.paired_topic("category", "vi", "Tin tức", "en") == "News"
    assert pairs(index, "derived") == set()


@pytest.mark.parametrize(
    ("table", "line", "words"),
    [
        ("tags:\n  hòa giải: mediation\n  hoà giải: conciliation\n", 3, "paired with"),
        ("tags:\n  hòa giải: mediation\n  hòa giải viên: Mediation\n", 3, "English tag"),
        ("tags:\n  hòa giải: mediation\n  hòa giải: mediation\n", 3, "appears twice"),
        ("topics:\n  hòa giải: mediation\n", 1, "unknown section 'topics'"),
        ("tags:\n  hòa giải:\n", 2, "is empty"),
        ("tags:\n  hòa giải: [a, b]\n", 2, "must be a single text"),
        ("tags: hòa giải\n", 1, "must be a list"),
        ('tags:\n  "hòa giải: mediation\n', 2, "not valid YAML"),
    ],
)
def test_a_bad_table_stops_the_build_at_its_line(tmp_path, table, line, words):
    found = problems(tmp_path, {"topics.yml": table, "vi/a.md": story()})
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path}/content/topics.yml:{line}: "), found
    assert words in found[0]


def test_another_file_beside_the_language_folders_is_still_refused(tmp_path):
    found = problems(tmp_path, {"topics.yaml": "tags: {}\n", "vi/a.md": story()})
    assert "'topics.yaml' is not a language folder" in found[0]
