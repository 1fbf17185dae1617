"""Payloads in every field come out inert in every format the portal writes.

The corpus puts script tags, event handlers, quote breaks and javascript:
links into each metadata field and the body; the whole output is then
searched for an executable form of any of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)><a href=javascript:alert(3)>"
QUOTED = json.dumps(PAYLOAD)
FIELDS = ("title", "author", "category", "summary", "source", "image_alt")
BODY = (  # every image needs a description, or the checker stops the build first
    f"Mở đầu {PAYLOAD.replace('<img ', '<img alt=x ')}\n\n<script>alert(4)</script>\n\n"
    '<p onclick="alert(5)">bấm</p> [liên kết](javascript:alert(6))\n\n'
    '<a href="jAvAsCrIpT:alert(7)">x</a> <iframe src="https://example.com"></iframe>\n'
)
ATOM = "{http://www.w3.org/2005/Atom}"
RSS_HTML_ELEMENTS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}


def story_text(lang: str) -> str:
    fields = "\n".join(f"{name}: {QUOTED}" for name in FIELDS)
    return (
        f"---\n{fields}\ndate: 2024-07-11 11:17 +07:00\n"
        f"tags: [{QUOTED}, hòa giải]\nimage: images/a.svg\n---\n\n{BODY}"
    )


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    from vnportal.build.site import build_site

    from ..corpus import write_corpus

    root = tmp_path_factory.mktemp("injection")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><title>a</title></svg>'
    settings = write_corpus(
        root,
        {
            "vi/2024/07/a.md": story_text("vi"),
            "en/2024/07/a.md": story_text("en"),
            "images/a.svg": svg,
        },
    )
    build_site(settings, root / "output")
    return root / "output"


def assert_inert_html(html: str, where: str) -> None:
    page = BeautifulSoup(html, "html.parser")
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string)  # stays data: parses as JSON to the end
            assert "</" not in script.string, where
        else:
            assert script.get("src", "").startswith(("/theme/", "http://127.0.0.1")), where
    for element in page.find_all(True):
        assert not any(name.lower().startswith("on") for name in element.attrs), where
        for name in ("href", "src", "action", "formaction"):
            value = str(element.get(name, "")).strip().lower()
            assert not value.startswith(("javascript:", "data:text/html")), where
        assert element.name not in {"iframe", "object", "embed"}, where
        if element.name == "form":  # only the theme's own search forms, never one from text
            assert element.get("class") in (["site-search"], ["search-form"]), where
            assert element.get("action") in {"/tim-kiem/", "/en/search/"}, where
            assert element.find_parent(class_="prose") is None, where


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def is_rendered_as_html(element: ElementTree.Element) -> bool:
    """Atom text is HTML only with type="html"; RSS descriptions are always HTML."""
    if element.tag.startswith(ATOM):
        return element.get("type") == "html"
    return element.tag in RSS_HTML_ELEMENTS


def test_html_pages_are_inert(output):
    pages = list(output.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        assert_inert_html(path.read_text(encoding="utf-8"), str(path))


def test_payload_text_is_shown_not_run(output):
    html = (output / "2024/07/a/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(" not in html


def test_feeds_and_opml_are_inert(output):
    files = [*output.rglob("*.xml"), *output.rglob("*.opml")]
    assert any(p.name == "all.rss.xml" for p in files)
    assert any(p.suffix == ".opml" for p in files)
    for path in files:
        root = ElementTree.parse(path).getroot()
        for element in root.iter():
            assert local_name(element.tag) != "script", path
            if is_rendered_as_html(element) and element.text:
                assert_inert_html(element.text, f"{path} <{local_name(element.tag)}>")
            for value in element.attrib.values():
                assert not value.strip().lower().startswith("javascript:"), path


def test_stylesheets_and_scripts_never_carry_editor_text(output):
    for pattern in ("*.css", "*.js", "*.xsl"):
        for path in output.rglob(pattern):
            assert "alert(" not in path.read_text(encoding="utf-8"), path


def test_payload_reached_every_format(output):
    """Guard against a vacuous pass: the payload is really in the output, escaped."""
    rss = (output / "feeds/all.rss.xml").read_text(encoding="utf-8")
    atom = (output / "en/feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "alert(1)" in rss and "alert(1)" in atom
    assert "alert(1)" in (output / "tags/index.html").read_text(encoding="utf-8")
    assert "alert(1)" in next(output.rglob("*.opml")).read_text(encoding="utf-8")
