"""JSON-LD stays data: no editor text can close the script element."""

import json

from vnportal.render.metadata import escape_json


def test_json_ld_cannot_close_its_script_element():
    text = escape_json({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_json_ld_keeps_vietnamese_readable():
    assert escape_json({"headline": "Hòa giải"}) == '{"headline":"Hòa giải"}'
