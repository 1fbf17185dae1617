"""Raw HTML in a story body keeps its formatting and loses anything executable."""

import pytest

from vnportal.render.sanitize import clean_body


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" alt="a" onerror="alert(1)">',
        '<a href="javascript:alert(1)">bấm</a>',
        '<a href="JaVaScRiPt:alert(1)">bấm</a>',
        '<iframe src="https://example.com"></iframe>',
        '<svg onload="alert(1)"></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<object data='x.swf'></object>",
        '<form action="https://example.com"><input name="x"></form>',
    ],
)
def test_executable_html_is_removed(dirty):
    clean = clean_body(dirty).lower()
    for marker in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
        "<object",
        "<form",
        "<input",
    ):
        assert marker not in clean


def test_formatting_editors_need_is_kept():
    html = (
        '<h2 id="a">Tiêu đề</h2><p>Chữ <strong>đậm</strong>, <em>nghiêng</em>, '
        '<a href="https://moj.gov.vn/">liên kết</a>, <a href="mailto:a@b.vn">thư</a></p>'
        "<ul><li>một</li></ul><blockquote>trích</blockquote>"
        '<figure><img src="{static}/images/a.svg" alt="ảnh"><figcaption>Chú thích</figcaption>'
        "</figure>"
        '<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng 1"><table><thead>'
        '<tr><th scope="col">Xã</th></tr></thead><tbody><tr><td>Tân Phú</td></tr></tbody>'
        "</table></div>"
    )
    assert clean_body(html) == html
