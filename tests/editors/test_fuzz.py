"""Fuzz: arbitrary bytes never crash the front-matter reader with an unexpected error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnportal.model.errors import ContentError
from vnportal.model.frontmatter import read_story

YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "---",
                "title:",
                "date:",
                "tags:",
                "- ",
                "[",
                "]",
                "{",
                "}",
                ":",
                '"',
                "'",
                "&a",
                "*a",
                "!!python/object:os.system",
                "2024-02-30",
                "\t",
                "#",
                "hòa giải",
                "\ufeff",
                "\r\n",
                "\n",
                "|",
                ">",
                "%YAML 1.2",
            ]
        ),
        st.text(max_size=10),
    ),
    max_size=40,
).map("".join)


def survives(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bai.md"
        path.write_bytes(raw)
        try:
            story = read_story(path)
        except ContentError as error:
            assert error.path.endswith("bai.md") and error.problem and error.fix
        else:
            assert story.title and story.date is not None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_story_or_a_content_error(raw):
    survives(raw)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_yaml_like_text_gives_a_story_or_a_content_error(text):
    survives(("---\n" + text).encode("utf-8", "surrogatepass"))


IMPORT_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Thứ Năm, 11/07/2024, 11:17 (GMT+7)",
                "11:29, 11/07/2024",
                "09/4/2021",
                "(ABO)",
                "CAO THẮNG",
                ".",
                "  ",
                "\n",
                "\n\n",
                "<html>",
                "<article>",
                "<h1>",
                "</h1>",
                "<script>alert(1)</script>",
                '<a href="javascript:x">',
                '<meta charset="windows-1258">',
                "\x00",
                "\ufeff",
                "Ảnh: ",
                "* ",
            ]
        ),
        st.text(max_size=12),
    ),
    max_size=40,
).map("".join)


def imports(raw: bytes, name: str) -> None:
    from vnportal.editors.importer import parse_file, render_story

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            story = parse_file(path)
        except ContentError as error:
            assert error.path.endswith(name) and error.problem and error.fix
        else:
            assert render_story(story).startswith("---\n")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["bai.txt", "trang.html"]))
def test_importer_gives_a_story_or_a_content_error_for_random_bytes(raw, name):
    imports(raw, name)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(IMPORT_TEXT, st.sampled_from(["bai.txt", "trang.html"]))
def test_importer_gives_a_story_or_a_content_error_for_article_like_text(text, name):
    imports(text.encode("utf-8"), name)
