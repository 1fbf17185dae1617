"""JSON-LD stays data: no editor text can close the script element."""

import json

from vnportal.render.metadata import escape_json


def test_json_ld_cannot_close_its_script_element():
    text = escape_json({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_json_ld_keeps_vietnamese_readable():
    assert escape_json({"headline": "Hòa giải"}) == '{"headline":"Hòa giải"}'


def test_json_ld_escapes_the_line_separators_javascript_reads_as_line_ends():
    headline = "Dòng một\u2028dòng hai\u2029hết & <b>đậm</b>"
    text = escape_json({"headline": headline, "url": "https://example.gov.vn/?a=1&b=2"})
    assert "\u2028" not in text and "\u2029" not in text
    assert "\\u2028" in text and "\\u2029" in text and "\\u0026" in text
    assert json.loads(text) == {"headline": headline, "url": "https://example.gov.vn/?a=1&b=2"}
