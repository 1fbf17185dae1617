"""The reader's last guard: a page never shows much less text than its story without a word."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown import Markdown

from vnportal.render.sanitize import clean_body, letters, vanished_text

PARAGRAPH = "Hội nghị tập huấn kỹ năng phổ biến, giáo dục pháp luật cho hòa giải viên."


def converted(body: str) -> str:
    markdown = Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.sane_lists"],
        output_format="html",
    )
    return clean_body(markdown.convert(body))


@pytest.mark.parametrize(
    "body",
    [
        f"Đoạn đầu.\n\n<style>\n\n{PARAGRAPH}",
        f"Đoạn đầu.\n\n> <script>\n\n{PARAGRAPH}\n\n{PARAGRAPH}",
        f"{PARAGRAPH}\n\n<template>\n\n{PARAGRAPH}\n\n{PARAGRAPH}",
        f"Đoạn đầu.\n\n- Mục.\n\n    <style>\n\n{PARAGRAPH}",
    ],
)
def test_a_story_whose_text_vanishes_in_conversion_is_caught(body):
    lost = vanished_text(body, converted(body))
    assert lost is not None and lost[1] < lost[0]


@pytest.mark.parametrize(
    "body",
    [
        PARAGRAPH,
        f'![{PARAGRAPH}]({{static}}/images/a.jpg "{PARAGRAPH}")\n\nẢnh.',
        f'[{PARAGRAPH}](https://example.com/{"a" * 200} "{PARAGRAPH}")',
        f"[Xem][1]\n\n[1]: https://example.com/{PARAGRAPH.replace(' ', '-')}",
        f"*[PBGDPL]: {PARAGRAPH}\n\nPBGDPL.",
        f"<!-- {PARAGRAPH} -->\n\nĐoạn.",
        f"<script>{PARAGRAPH}</script>\n\n<style>{PARAGRAPH}</style>\n\nĐoạn.",
        f"<div markdown='1'>\n{PARAGRAPH}\n</div>",
        f"Chú thích[^1].\n\n[^1]: {PARAGRAPH}",
        f"&nbsp;&amp; `<style>` {PARAGRAPH}",
        f"| a | b |\n|---|---|\n| {PARAGRAPH} | {{: .x}} |",
    ],
)
def test_text_meant_to_go_is_not_counted_as_vanished(body):
    assert vanished_text(body, converted(body)) is None


@given(st.text())
def test_letters_are_what_a_word_character_without_the_underscore_is(text):
    # Decomposed tone marks and the underscore are not letters; digits of any script are.
    assert letters(text) == len(re.sub(r"[\W_]+", "", text))


def test_letters_of_vietnamese_composed_or_not():
    assert letters("Hòa giải_2024!") == 11
    assert letters("Ho\u0300a") == 3  # the combining grave accent is no letter of its own
