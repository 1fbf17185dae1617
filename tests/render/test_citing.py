"""Citations in a story's HTML: which mention is linked, and what the list says."""

from __future__ import annotations

from datetime import date

from vnportal.model.documents import DOCUMENT_TYPES, Document
from vnportal.model.index import Entry
from vnportal.render.citing import document_key, library_by_key, link_citations

DECISION = next(kind for kind in DOCUMENT_TYPES if kind.vi == "Quyết định")


def entry(number: str = "315/QĐ-TTg", lang: str = "vi", status: str = "published") -> Entry:
    document = Document(
        type=DECISION,
        number=number,
        issuer="Thủ tướng Chính phủ",
        issued=date(2023, 3, 31),
        effective=date(2023, 3, 31),
        status="in_force",
    )
    folder = "van-ban" if lang == "vi" else "en/documents"
    return Entry(
        lang, "van-ban/qd-315.md", "document", "qd-315", f"{folder}/qd-315/",
        "Phê duyệt Đề án", None, status, "van-ban/qd-315.md", document=document,
    )  # fmt: skip


LIBRARY = {document_key(entry()): entry()}


def test_a_document_key_meets_every_spelling_of_its_number():
    assert document_key(entry("315/QĐ-TTg")) == document_key(entry("315/QD-TTg"))
    assert document_key(entry()) == "quyet-dinh-315-qd-ttg"


def test_only_the_first_mention_outside_links_headings_code_and_captions_is_linked():
    html = (
        "<h2>Quyết định 315/QĐ-TTg</h2>"
        '<p><a href="https://example.org">Quyết định 315/QĐ-TTg</a></p>'
        "<pre><code>Quyết định 315/QĐ-TTg</code></pre>"
        "<figure><figcaption>Quyết định 315/QĐ-TTg</figcaption></figure>"
        "<p>Theo Quyết định số 315/QĐ-TTg &amp; Chỉ thị 32-CT/TW.</p>"
        "<p>Quyết định 315/QĐ-TTg lần nữa.</p>"
    )
    linked, cited = link_citations(html, "vi", LIBRARY, "https://tuphap.example")
    assert linked.count('class="citation"') == 1
    assert (
        '<p>Theo <a class="citation" href="https://tuphap.example/van-ban/qd-315/">'
        "Quyết định số 315/QĐ-TTg</a> &amp; Chỉ thị 32-CT/TW.</p>"
    ) in linked
    assert "<p>Quyết định 315/QĐ-TTg lần nữa.</p>" in linked
    assert [(c.label, c.in_library) for c in cited] == [
        ("Quyết định 315/QĐ-TTg", True),
        ("Chỉ thị 32-CT/TW", False),
    ]
    assert cited[1].url == "https://tuphap.example/van-ban/trich-dan/chi-thi-32-ct-tw/"
    assert (
        cited[1].search_url.startswith("https://vbpl.vn/") and "32-CT%2FTW" in cited[1].search_url
    )


def test_html_without_citations_is_returned_as_it_is():
    html = "<p>Ngày 11/7/2024, 9.500 đại biểu dự hội nghị tại số 15/2 đường Hùng Vương.</p>"
    assert link_citations(html, "vi", LIBRARY, "") == (html, ())


def test_a_hostile_number_is_escaped_in_the_link():
    hostile = entry('315/QĐ-TTg"><script>')
    library = {"quyet-dinh-315-qd-ttg": hostile}
    linked, _ = link_citations("<p>Quyết định 315/QĐ-TTg</p>", "vi", library, "")
    assert "<script>" not in linked


def test_drafts_and_other_languages_are_not_in_the_library():
    from vnportal.model.index import SiteIndex

    index = SiteIndex([entry(), entry("42/QĐ-BTP", status="draft"), entry("1/QĐ-CP", "en")])
    assert list(library_by_key(index, "vi")) == ["quyet-dinh-315-qd-ttg"]
