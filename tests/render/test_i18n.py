"""UI strings: every string the theme and code show is translated."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from vnportal.render.i18n import catalog_path, load_translations

from ..corpus import ROOT

THEME = ROOT / "theme"
METHODS = [
    ("vnportal/**.py", "python"),
    ("theme/templates/**.html", "jinja2"),
    ("theme/templates/**.css", "jinja2"),  # a feed opened in a browser
]
OPTIONS = {
    pattern: {"extensions": "jinja2.ext.i18n"}
    for pattern in ("theme/templates/**.html", "theme/templates/**.css")
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_msgids() -> set[str]:
    found = extract_from_dir(str(ROOT), METHODS, options_map=OPTIONS)
    return {message if isinstance(message, str) else message[0] for *_, message, _, _ in found}


def catalog(lang: str):
    with catalog_path(THEME, lang).open("rb") as source:
        return read_po(source, locale=lang)


def test_templates_use_some_strings():
    assert {"Latest stories", "Skip to main content"} <= used_msgids()


def test_every_ui_string_has_a_vietnamese_translation():
    vi = catalog("vi")
    missing = sorted(m for m in used_msgids() if not (vi.get(m) and vi.get(m).string))
    assert missing == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_translations_keep_their_placeholders(lang):
    for message in catalog(lang):
        if message.id and message.string:
            # A plural message has a tuple of forms on both sides.
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
            for text in filter(None, strings):
                assert set(PLACEHOLDER.findall(text)) == wanted, message.id


def test_catalogs_compile_and_translate():
    assert load_translations(THEME, "vi").gettext("Latest stories") == "Tin mới"
    assert load_translations(THEME, "en").gettext("Latest stories") == "Latest stories"
