"""Documents cited by stories, as readers see them: the first mention linked to the
document's page, the "Documents cited" list at the end, the national database for the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vnportal.build.site import build_site

from .corpus import story, write_corpus
from .test_documents import document

DECISION = {
    "type": "Quyết định",
    "number": "315/QĐ-TTg",
    "issuer": "Thủ tướng Chính phủ",
    "issued": "2023-03-31",
    "effective": "2023-03-31",
    "status": "còn hiệu lực",
}
HOSTILE = "<script>alert(1)</script> Đề án 'hòa giải' & <b>"
VI_BODY = """\
## Quyết định 315/QĐ-TTg

Xem [Quyết định 315/QĐ-TTg](https://example.org/qd) và `Quyết định 315/QĐ-TTg`.

Theo Quyết định số 315/QĐ-TTg ngày 31/3/2023, các xã triển khai Chỉ thị 32-CT/TW.

Quyết định 315/QĐ-TTg được nhắc lại lần nữa.
"""
FILES = {
    "vi/van-ban/quyet-dinh-315.md": document(HOSTILE, **DECISION),
    "en/documents/quyet-dinh-315.md": document(
        "Mediation scheme", **{**DECISION, "issuer": "Prime Minister", "status": "in force"}
    ),
    "vi/2024/07/tin-trich-dan.md": story("Tin trích dẫn", body=VI_BODY),
    "en/2024/07/tin-trich-dan.md": story(
        "Cited story",
        body="Under Decision No. 315/QD-TTg and Directive 32-CT/TW, communes train mediators.",
    ),
    "vi/2024/07/tin-khong-trich-dan.md": story("Tin thường", body="Ngày 11/7/2024, 9.500 người."),
}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("citations")
    settings = write_corpus(root, FILES, f"CACHE_PATH = {str(root / 'cache')!r}\n")
    build_site(settings, root / "output")
    return root / "output"


def page(output: Path, relpath: str) -> BeautifulSoup:
    return BeautifulSoup((output / relpath / "index.html").read_text("utf-8"), "html.parser")


def test_only_the_first_mention_in_running_text_links_to_the_document(output):
    prose = page(output, "2024/07/tin-trich-dan").select_one(".prose")
    links = prose.select("a.citation")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Quyết định số 315/QĐ-TTg ngày 31/3/2023", "/van-ban/quyet-dinh-315/")
    ]
    assert prose.h2.get_text() == "Quyết định 315/QĐ-TTg" and prose.h2.a is None
    assert prose.code.a is None
    assert prose.select_one('a[href="https://example.org/qd"]').a is None
    assert prose.find_all("p")[-1].a is None  # the second mention in the text


def test_an_english_story_links_to_the_english_document_page(output):
    links = page(output, "en/2024/07/tin-trich-dan").select(".prose a.citation")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Decision No. 315/QD-TTg", "/en/documents/quyet-dinh-315/")
    ]
    cited = page(output, "en/2024/07/tin-trich-dan").select_one(".cited-documents")
    assert cited.h2.get_text() == "Documents cited"
    assert cited.li.a.get_text() == "Decision 315/QĐ-TTg"


def test_the_story_ends_with_the_documents_it_cites(output):
    cited = page(output, "2024/07/tin-trich-dan").select_one(".cited-documents")
    assert cited.h2.get_text() == "Văn bản được nhắc đến"
    first, second = cited.find_all("li")
    assert first.a["href"] == "/van-ban/quyet-dinh-315/"
    assert first.a.get_text() == "Quyết định 315/QĐ-TTg"
    assert first.time.get_text() == "31/03/2023"
    # The library's title is shown as text, never as markup.
    assert HOSTILE in first.get_text()
    assert first.script is None and first.b is None
    # Not in the library: the page of the stories citing it, and the national database.
    assert second.get_text(" ", strip=True).startswith("Chỉ thị 32-CT/TW")
    assert second.a["href"] == "/van-ban/trich-dan/chi-thi-32-ct-tw/"
    link = second.find_all("a")[1]
    assert link["href"].startswith("https://vbpl.vn/") and "32-CT%2FTW" in link["href"]
    assert link["rel"] == ["external"]
    assert "Cơ sở dữ liệu quốc gia" in link.get_text()


def test_a_story_citing_nothing_has_no_list(output):
    soup = page(output, "2024/07/tin-khong-trich-dan")
    assert soup.select_one(".cited-documents") is None
    assert soup.select(".prose a") == []


def test_a_cited_document_missing_from_the_library_has_a_page_of_its_stories(output):
    soup = page(output, "van-ban/trich-dan/chi-thi-32-ct-tw")
    assert soup.h1.get_text() == "Chỉ thị 32-CT/TW"
    facts = {div.dt.get_text(): div.dd.get_text() for div in soup.select(".document-facts > div")}
    assert facts == {
        "Loại văn bản": "Chỉ thị",
        "Số, ký hiệu": "32-CT/TW",
        "Cơ quan ban hành": "Ban Bí thư",
    }
    search = soup.select_one('a[rel="external"]')
    assert search["href"].startswith("https://vbpl.vn/") and "32-CT/TW" in search.get_text()
    stories = [a.get_text(strip=True) for a in soup.select("#citing-stories-title ~ ul a")]
    assert stories == ["Tin trích dẫn"]
    # A document the library has gets no such page.
    assert not (output / "van-ban/trich-dan/quyet-dinh-315-qd-ttg").exists()


def test_english_pages_of_missing_documents_speak_english(output):
    soup = page(output, "en/documents/cited/chi-thi-32-ct-tw")
    assert soup.h1.get_text() == "Directive 32-CT/TW"
    facts = {div.dt.get_text(): div.dd.get_text() for div in soup.select(".document-facts > div")}
    assert facts["Issued by"] == "Secretariat"
    assert [a.get_text(strip=True) for a in soup.select("#citing-stories-title ~ ul a")] == [
        "Cited story"
    ]


@pytest.mark.parametrize(
    ("document", "story"),
    [
        ("van-ban/quyet-dinh-315-qd-ttg", "/2024/07/tap-huan-ky-nang-pbgdpl/"),
        ("en/documents/quyet-dinh-315-qd-ttg", "/en/2024/07/tap-huan-ky-nang-pbgdpl/"),
    ],
)
def test_a_library_document_lists_the_stories_that_cite_it(built_site, document, story):
    page = BeautifulSoup(
        (built_site / document / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    section = page.find("section", class_="document-citing")
    assert section is not None and section.get("data-pagefind-ignore") == "all"
    assert story in [link["href"] for link in section.find_all("a")]
