"""Fuzz: arbitrary bytes never crash the front-matter reader with an unexpected error."""

from __future__ import annotations

import re
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


# ---------------------------------------------------------------- the saved-page reader

HTML_TAGS = ["p", "div", "b", "i", "span", "a", "table", "tr", "td", "ul", "li", "figure"]
HTML_TAGS += ["figcaption", "h1", "h2", "article", "time", "img", "br", "blockquote", "font"]
HTML_ATTRIBUTES = [
    "",
    ' class="article-body"',
    ' class="caption"',
    ' class="image-caption"',
    ' class="sapo"',
    ' class="author"',
    ' class="date"',
    ' class="related"',
    ' class="detail-title"',
    ' itemprop="articleBody"',
    ' datetime="2026-03-07T08:52:11.000 +07:00"',
    ' src="./Trang_files/a.png"',
    ' src="data:image/gif;base64,R0"',
    ' alt="Tiêu đề - Ảnh 1."',
    ' style="text-align:right"',
    ' onerror="alert(1)"',
    ' href="javascript:alert(1)"',
]
HTML_TEXT = [
    "Thứ Năm, 11/07/2024, 11:17 (GMT+7)",
    "TUẤN HƯƠNG 11:29, 11/07/2024",
    "- 07/03/2026 08:47",
    "17:26 - 18/01/2016",
    "Ngày 09/4/2021, Sở Tư pháp tổ chức hội nghị.",
    "(NLĐO)- Lời dẫn.",
    "NHẬT XUÂN - NGHI VŨ",
    "Theo Hồ Hương",
    "baochinhphu.vn",
    "Tin liên quan",
    "Chi&amp;#7871;n s&#7929;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "null",
    "Chia sẻ",
    "Đoạn văn của bài viết về hòa giải ở cơ sở.",
    "31/02/2024 25:61",
    "<!-- saved from url=(0020)https://a.example/ -->",
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"x",',
    '"author":[{"name":["VnExpress"]}]}</script>',
    '<meta property="og:title" content="Tiêu đề | Báo Ấp Bắc">',
]


@st.composite
def html_pages(draw):
    """Tag soup: article-like pieces, opened and closed in any order, sometimes deep."""
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(HTML_TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(HTML_ATTRIBUTES))}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(HTML_TEXT)))
        else:
            parts.append(draw(st.text(max_size=12)))
    if draw(st.booleans()):
        depth = draw(st.integers(0, 1500))
        parts.insert(draw(st.integers(0, len(parts))), "<b>" * depth + "chữ" + "</b>" * depth)
    return "".join(parts)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(html_pages())
def test_the_html_reader_gives_a_story_or_a_content_error(page):
    from vnportal.editors.importer import parse_html, render_story
    from vnportal.model.frontmatter import split

    try:
        story = parse_html(page, "trang.html")
    except ContentError as error:
        assert error.path == "trang.html" and error.problem and error.fix
        return
    text = render_story(story)
    fields = split(text, Path("x.md")).fields
    for name in ("title", "summary", "author", "source", "category"):
        assert not re.search(r"<[A-Za-z/!?]", str(fields.get(name) or "")), name


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(html_pages(), st.sampled_from(["trang.html", "bai.txt", "nguon.xml"]))
def test_a_batch_never_raises_and_reports_every_input(page, name):
    from vnportal.editors.importer import import_files

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(page, encoding="utf-8", errors="surrogatepass")
        reports = import_files([path], Path(folder) / "content")
        assert len(reports) >= 1
        for report in reports:
            assert report.status in ("imported", "unchanged", "skipped", "failed")
            assert "Traceback" not in report.problem and "\n" not in report.problem
