"""Pages cut to what Pagefind reads: the same index as from whole pages, smaller input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from vnportal.site import search_index
from vnportal.site.pagefind_files import settle
from vnportal.site.pagefind_input import searched_part

HEAD = b'<!DOCTYPE html>\n<html lang="vi" dir="ltr">\n<head><title>T</title></head>\n'
MARKED = b'<h1 data-pagefind-meta="title">Tin</h1><span data-pagefind-meta="image:"></span>'


def page(body: bytes) -> bytes:
    return HEAD + b"<body>" + body + b"</body>\n</html>\n"


def indexed_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if b"data-pagefind-body" in p.read_bytes())


def pagefind_bundle(site: Path, bundle: Path) -> dict[str, object]:
    subprocess.run(
        [str(search_index._pagefind()), "--site", str(site), "--output-path", str(bundle)],
        check=True,
        capture_output=True,
    )
    settle(bundle)
    files = {str(p.relative_to(bundle)): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    # Both languages in one run (the build runs one per part): Pagefind lists them in
    # this file in hash-map order.
    files["pagefind-entry.json"] = json.loads(files["pagefind-entry.json"])
    return files


def test_pagefind_makes_the_same_index_of_the_sample_sites_cut_pages(built_site, tmp_path):
    """Stories, documents and pages of both languages, with their filters (the category
    marked in the breadcrumbs, outside the body), meta, sorts and ignored sections."""
    pages = indexed_pages(built_site)
    in_english = [p.relative_to(built_site).parts[0] == "en" for p in pages]
    assert any(in_english) and not all(in_english)
    whole_size = cut_size = 0
    for kind in ("whole", "cut"):
        for source in pages:
            target = tmp_path / kind / source.relative_to(built_site)
            target.parent.mkdir(parents=True, exist_ok=True)
            html = source.read_bytes()
            cut = searched_part(html)
            assert cut is not None, f"{source} is given to Pagefind whole"
            target.write_bytes(html if kind == "whole" else cut)
            whole_size += len(html) * (kind == "whole")
            cut_size += len(cut) * (kind == "cut")
    assert len(pages) > 20 and cut_size < 0.6 * whole_size
    whole = pagefind_bundle(tmp_path / "whole", tmp_path / "whole-index")
    cut = pagefind_bundle(tmp_path / "cut", tmp_path / "cut-index")
    assert len([name for name in whole if name.startswith("fragment/")]) >= len(pages)
    assert cut == whole


def test_what_a_cut_page_keeps_and_in_which_order():
    breadcrumb = b'<a href="/c/" data-pagefind-filter="category">Ph\xe1\xbb\x95 bi\xe1\xba\xbfn</a>'
    body = (
        b'<article data-pagefind-body><div><div class="a">x</div>'
        + MARKED
        + b"<abbr>TP</abbr><address>y</address><a href='/t/'>t</a></div></article>"
    )
    meta = b'<meta data-pagefind-meta="author[content]" content="Minh">'
    nav = b"<nav><ol><li>" + breadcrumb + b"</li></ol></nav>"
    html = page(nav + b"<main>" + body + meta + b"</main>")
    assert searched_part(html) == (
        b'<html lang="vi" dir="ltr"><body>' + breadcrumb + body + meta + b"</body></html>\n"
    )


@pytest.mark.parametrize(
    "body",
    [
        # the mark written in text, a comment and a script outside the body
        b"<p>data-pagefind-ignore</p><article data-pagefind-body>" + MARKED + b"</article>",
        b"<!-- data-pagefind-filter --><article data-pagefind-body>" + MARKED + b"</article>",
        b"<script>x = '<b data-pagefind-filter=\"k\">a</b>';</script><article data-pagefind-body>"
        + MARKED
        + b"</article>",
        # an element whose end is missing
        b"<article data-pagefind-body>" + MARKED,
        # no title or picture marked: Pagefind would take them from the whole page
        b'<article data-pagefind-body><h1>Tin</h1><img src="a.jpg" alt=""></article>',
        # the mark on the body itself
        b"<article data-pagefind-body>" + MARKED + b"</article></body><body data-pagefind-body>",
    ],
)
def test_a_page_the_cut_cannot_vouch_for_is_given_whole(body):
    assert searched_part(page(body)) is None


def test_a_page_without_a_search_body_is_given_whole():
    assert searched_part(page(b"<main>" + MARKED + b"</main>")) is None
    assert searched_part(b"<article data-pagefind-body>" + MARKED + b"</article>") is None
