"""How much one story may hold: one table of limits, each an error at its line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.check import check_content
from vnportal.model.errors import BuildError
from vnportal.model.limits import Limits, limits_of

from ..corpus import ROOT, story, write_corpus

BASE = read_base_settings(ROOT / "pelicanconf.py")
LIMITS = Limits()


def problems(tmp_path: Path, text: str, settings: dict | None = None) -> list[str]:
    write_corpus(tmp_path, {"vi/a.md": text})
    report = check_content(tmp_path / "content", {**BASE, **(settings or {})})
    return [str(problem) for problem in report.problems]


def tags(count: int) -> str:
    return "[" + ", ".join(f"thẻ {number}" for number in range(count)) + "]"


def test_the_limits_are_the_documented_defaults():
    assert limits_of(BASE) == Limits(
        tags_per_story=30, title_chars=300, summary_chars=1000, body_bytes=1_000_000
    )


def test_more_tags_than_the_limit_is_an_error_at_the_tags_line(tmp_path):
    assert problems(tmp_path, story(tags=tags(LIMITS.tags_per_story))) == []
    found = problems(tmp_path, story(tags=tags(LIMITS.tags_per_story + 1)))
    assert found == [
        "content/vi/a.md:4: error: the story has 31 tags, more than the portal's limit of 30 — "
        "keep the few words readers would look the story up by; each tag makes a page and "
        "two feeds (PORTAL_LIMITS in pelicanconf.py sets the limit)"
    ]


def test_a_title_too_long_is_an_error_beside_the_warning_from_200_characters(tmp_path):
    assert [p.split(": ")[1] for p in problems(tmp_path, story(title="Tin " * 60))] == ["warning"]
    found = problems(tmp_path, story(title="Tin " * 80))
    assert [p.split(": ")[:2] for p in found] == [
        ["content/vi/a.md:2", "warning"],
        ["content/vi/a.md:2", "error"],
    ]
    assert "the title has 319 characters, more than the portal's limit of 300" in found[1]


def test_a_summary_too_long_is_an_error_at_its_line(tmp_path):
    assert problems(tmp_path, story(summary="Tóm tắt. " * 100)) == []
    (found,) = problems(tmp_path, story(summary="Tóm tắt. " * 120))
    assert found.startswith("content/vi/a.md:4: error: the summary has 1079 characters")


def test_a_text_too_large_is_an_error_at_its_first_line(tmp_path):
    body = "Đoạn văn dài. " * 70_000
    (found,) = problems(tmp_path, story(body=body))
    size = len(f"\n{body}\n".encode())
    assert found.startswith(f"content/vi/a.md:5: error: the story's text is {size:,} bytes")
    assert size > LIMITS.body_bytes > len(body.encode()) / 2


def test_a_site_sets_its_own_limits_in_its_settings(tmp_path):
    text = story(tags=tags(40))
    assert problems(tmp_path, text, {"PORTAL_LIMITS": {"tags_per_story": 40}}) == []
    (found,) = problems(tmp_path, text, {"PORTAL_LIMITS": {"tags_per_story": 10}})
    assert "more than the portal's limit of 10" in found


@pytest.mark.parametrize(
    ("chosen", "words"),
    [({"tags": 40}, "unknown limit 'tags'"), ({"title_chars": "300"}, "whole number")],
)
def test_a_mistyped_limit_in_the_settings_is_refused_by_name(chosen, words):
    with pytest.raises(ValueError, match=words):
        limits_of({"PORTAL_LIMITS": chosen})


def test_a_story_with_two_thousand_tags_stops_the_build_at_once(build_corpus):
    started = time.monotonic()
    with pytest.raises(BuildError) as caught:
        build_corpus({"vi/2024/07/a.md": story(tags=tags(2000))})
    assert caught.value.problems == [
        "content/vi/2024/07/a.md:4: error: the story has 2000 tags, more than the portal's "
        "limit of 30 — keep the few words readers would look the story up by; each tag makes "
        "a page and two feeds (PORTAL_LIMITS in pelicanconf.py sets the limit)"
    ]
    assert time.monotonic() - started < 30
