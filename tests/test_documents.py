"""The documents library as readers see it: document pages, attachments, listings,
filters, the feed, and the home page's notices before and after their last day."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from vnportal.build.site import build_site
from vnportal.model.attachments import pdf_text

from .corpus import ROOT, story, write_corpus

_spec = importlib.util.spec_from_file_location(
    "make_sample_documents", ROOT / "scripts/make_sample_documents.py"
)
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)
# 1.2 MB: a PDF with a text layer, padded after its end as scanners' files are.
PDF = samples.pdf(["KE HOACH 15/KH-STP", "cu lao Thoi Son"])
PDF = PDF + b"\n" * (1_258_291 - len(PDF))


def document(title: str, **fields: str) -> str:
    lines = ["---", f'title: "{title}"', *(f"{key}: {value}" for key, value in fields.items())]
    return "\n".join([*lines, "---", ""])


FILES = {
    "vi/van-ban/ke-hoach-15.md": document(
        "Kế hoạch phổ biến, giáo dục pháp luật năm 2024",
        type="Kế hoạch",
        number="15/KH-STP",
        issuer="Sở Tư pháp tỉnh Tiền Giang",
        signer="Nguyễn Văn A",
        issued="20/02/2024",
        effective="2024-02-21",
        status="đã sửa đổi",
        abstract="Phổ biến pháp luật năm 2024",
        files="[files/2024/ke-hoach-15.pdf, files/2024/phu-luc.docx]",
        amended_by="[ke-hoach-27.md]",
    ),
    "vi/van-ban/ke-hoach-27.md": document(
        "Sửa đổi Kế hoạch 15",
        type="Kế hoạch",
        number="27/KH-STP",
        issuer="Sở Tư pháp tỉnh Tiền Giang",
        issued="2024-06-10",
        effective="2024-06-10",
        status="còn hiệu lực",
    ),
    "vi/van-ban/quyet-dinh-315.md": document(
        "Phê duyệt Đề án hòa giải",
        type="Quyết định",
        number="315/QĐ-TTg",
        issuer="Thủ tướng Chính phủ",
        issued="2023-03-31",
        effective="2023-03-31",
        status="hết hiệu lực",
    ),
    "vi/van-ban/thong-bao-45.md": document(
        "Thông báo Hội thi hòa giải viên giỏi",
        type="Thông báo",
        number="45/TB-STP",
        issuer="Sở Tư pháp tỉnh Tiền Giang",
        issued="2026-11-02",
        effective="2026-11-02",
        status="còn hiệu lực",
        announcement="true",
        valid_until="2026-12-15",
    ),
    "vi/2026/11/lich-tiep-dan.md": story(
        "Lịch tiếp công dân tháng 11",
        date="2026-11-20 08:00",
        announcement="true",
        valid_until="2026-11-30",
        pinned="true",
    ),
    "vi/2026/11/tin-thuong.md": story("Tin thường", date="2026-11-25 08:00"),
    "en/documents/ke-hoach-15.md": document(
        "Legal dissemination plan for 2024",
        type="Kế hoạch",
        number="15/KH-STP",
        issuer="Tien Giang Department of Justice",
        issued="2024-02-20",
        effective="2024-02-21",
        status="amended",
        files="[files/2024/ke-hoach-15.pdf]",
    ),
    "files/2024/ke-hoach-15.pdf": PDF,
    "files/2024/phu-luc.docx": samples.docx(["Phụ lục"]),
}


def build(tmp_path: Path, day: str, monkeypatch, name: str = "output") -> Path:
    monkeypatch.setenv("PORTAL_BUILD_DATE", day)
    settings = write_corpus(tmp_path, FILES, f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    build_site(settings, tmp_path / name)
    return tmp_path / name


def page(output: Path, relpath: str) -> BeautifulSoup:
    return BeautifulSoup((output / relpath / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture
def output(tmp_path, monkeypatch) -> Path:
    return build(tmp_path, "2026-11-30", monkeypatch)


def facts(soup: BeautifulSoup) -> dict[str, str]:
    rows = soup.select(".document-facts > div")
    return {row.dt.get_text(): " ".join(row.dd.get_text().split()) for row in rows}


def test_a_document_page_shows_what_decree_42_asks_for(output):
    soup = page(output, "van-ban/ke-hoach-15")
    assert soup.h1.get_text() == "Kế hoạch phổ biến, giáo dục pháp luật năm 2024"
    assert facts(soup) == {
        "Loại văn bản": "Kế hoạch",
        "Số, ký hiệu": "15/KH-STP",
        "Cơ quan ban hành": "Sở Tư pháp tỉnh Tiền Giang",
        "Người ký": "Nguyễn Văn A",
        "Ngày ban hành": "20/02/2024",
        "Ngày có hiệu lực": "21/02/2024",
        "Tình trạng": "Đã sửa đổi, bổ sung",
        "Được sửa đổi, bổ sung bởi": "Sửa đổi Kế hoạch 15",
    }
    assert soup.select_one(".document-facts a[href='/van-ban/ke-hoach-27/']")
    assert "Phổ biến pháp luật năm 2024" in soup.select_one(".story-lead").get_text()


def test_english_pages_show_english_type_and_status_names(output):
    soup = page(output, "en/documents/ke-hoach-15")
    found = facts(soup)
    assert found["Type"] == "Plan" and found["Status"] == "Amended"
    assert found["Date of issue"] == "20/02/2024"
    switch = soup.select_one("link[hreflang='vi']")
    assert switch["href"].endswith("/van-ban/ke-hoach-15/")


def test_attachments_are_listed_with_their_kind_and_size_and_published(output):
    items = page(output, "van-ban/ke-hoach-15").select(".attachment-list li")
    shown = [" ".join(item.get_text().split()) for item in items]
    assert shown[0] == "Tải về ke-hoach-15.pdf (PDF, 1,2 MB)"
    assert re.fullmatch(r"Tải về phu-luc\.docx \(Word, \d,\d KB\)", shown[1])
    assert items[0].a["href"] == "/files/2024/ke-hoach-15.pdf"
    assert (output / "files/2024/ke-hoach-15.pdf").read_bytes() == PDF
    english = page(output, "en/documents/ke-hoach-15").select_one(".attachment-list li")
    assert "(PDF, 1.2 MB)" in english.get_text()


def test_the_text_of_a_pdf_is_on_the_page_inside_what_search_indexes(output):
    body = page(output, "van-ban/ke-hoach-15").select_one("[data-pagefind-body]")
    assert "cu lao Thoi Son" in body.select_one("details.document-text").get_text()


def test_each_pdf_is_read_once_though_each_language_attaches_its_own(tmp_path, monkeypatch):
    # A decision in Vietnamese only, its English summary with a translation of its own:
    # each language's full run keeps the text it used, without losing the other's.
    decision = {"type": "Quyết định", "number": "9/QĐ-UBND", "issued": "2024-01-05"}
    decision.update(effective="2024-01-05", issuer="UBND tỉnh Tiền Giang", status="in force")
    files = {
        "vi/van-ban/quyet-dinh-9.md": document(
            "Quyết định công bố thủ tục hành chính", **decision, files="[files/2024/qd-9.pdf]"
        ),
        "en/documents/decision-9.md": document(
            "Decision announcing administrative procedures",
            **decision,
            files="[files/2024/d-9.pdf]",
        ),
        "files/2024/qd-9.pdf": samples.pdf(["QUYET DINH 9/QD-UBND", "thu tuc hanh chinh"]),
        "files/2024/d-9.pdf": samples.pdf(["DECISION 9", "administrative procedures"]),
    }
    read_log = tmp_path / "pdfs-read.txt"

    def pdf_text_logged(data: bytes) -> str:
        with read_log.open("a", encoding="utf-8") as log:  # written by both language workers
            log.write(f"{len(data)}\n")
        return pdf_text(data)

    monkeypatch.setattr("vnportal.render.documents.pdf_text", pdf_text_logged)
    cache = f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
    for build_number in range(3):
        read_log.write_text("", encoding="utf-8")
        # A setting that changes makes both languages build every page again.
        settings = write_corpus(tmp_path, files, cache + f"PORTAL_TEST_ROUND = {build_number}\n")
        build_site(settings, tmp_path / "output")
        pdfs_read = read_log.read_text(encoding="utf-8").split()
        assert len(pdfs_read) == (2 if build_number == 0 else 0), build_number
    english = page(tmp_path / "output", "en/documents/decision-9")
    assert "administrative procedures" in english.select_one("details.document-text").get_text()


def test_document_pages_carry_the_search_filters(output):
    soup = page(output, "van-ban/ke-hoach-15")
    body = soup.select_one("[data-pagefind-body]")
    assert body["data-pagefind-filter"] == "year:2024"
    filters = {
        tag["data-pagefind-filter"]: tag.get_text() for tag in body.select("[data-pagefind-filter]")
    }
    assert filters == {
        "type": "Kế hoạch",
        "issuer": "Sở Tư pháp tỉnh Tiền Giang",
        "status": "Đã sửa đổi, bổ sung",
        "month:2024-02": "",  # search lists results newest first month by month
    }


def titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select(".document-item-title a")]


def test_the_library_lists_documents_newest_first_with_listings_per_type_and_year(output):
    library = page(output, "van-ban")
    assert titles(library) == [
        "Thông báo Hội thi hòa giải viên giỏi",
        "Sửa đổi Kế hoạch 15",
        "Kế hoạch phổ biến, giáo dục pháp luật năm 2024",
        "Phê duyệt Đề án hòa giải",
    ]
    types = [a.get_text() for a in library.select(".document-browse-list")[0].select("a")]
    assert types == ["Kế hoạch", "Quyết định", "Thông báo"]  # Vietnamese order
    plans = page(output, "van-ban/loai/ke-hoach")
    assert titles(plans) == [
        "Sửa đổi Kế hoạch 15",
        "Kế hoạch phổ biến, giáo dục pháp luật năm 2024",
    ]
    assert titles(page(output, "van-ban/nam/2023")) == ["Phê duyệt Đề án hòa giải"]
    current = page(output, "van-ban/nam/2023").select(".document-browse [aria-current=page]")
    assert [a.get_text() for a in current] == ["2023"]
    assert not library.find("script", src=lambda s: s and "search" in s)  # no JavaScript needed
    english = page(output, "en/documents/type/ke-hoach")
    assert english.h1.get_text() == "Plan"


def test_documents_stay_out_of_the_news_and_have_their_own_feed(output):
    home = page(output, "")
    news = [a.get_text() for a in home.select(".lead-story a, .latest a")]
    assert not any("Kế hoạch" in title for title in news)
    assert "Kế hoạch" not in (output / "feeds/all.rss.xml").read_text("utf-8")
    feed = feedparser.parse((output / "feeds/documents.atom.xml").read_bytes())
    assert [entry.title for entry in feed.entries][:2] == [
        "Thông báo Hội thi hòa giải viên giỏi",
        "Sửa đổi Kế hoạch 15",
    ]
    assert feed.entries[0].link == "http://127.0.0.1:8000/van-ban/thong-bao-45/"
    listed = page(output, "feeds").get_text()
    assert "Văn bản mới" in listed
    # A document without text of its own is described in the feed by its abstract and files.
    plan = next(e for e in feed.entries if e.link.endswith("/van-ban/ke-hoach-15/"))
    assert "Phổ biến pháp luật năm 2024" in plan.content[0].value
    assert "http://127.0.0.1:8000/files/2024/ke-hoach-15.pdf" in plan.content[0].value
    assert all(entry.content[0].value.strip() for entry in feed.entries)


def notices(output: Path) -> list[str]:
    return [a.get_text() for a in page(output, "").select(".notices .notice-item a")]


def test_notices_show_pinned_first_then_newest_until_their_last_day(tmp_path, monkeypatch):
    before = build(tmp_path, "2026-11-30", monkeypatch)
    assert notices(before) == [
        "Lịch tiếp công dân tháng 11",
        "Thông báo Hội thi hòa giải viên giỏi",
    ]
    label = page(before, "2026/11/lich-tiep-dan").select_one(".announcement-label").get_text()
    assert "hiệu lực đến ngày 30/11/2026" in label
    after = build(tmp_path, "2026-12-01", monkeypatch, "after")
    assert notices(after) == ["Thông báo Hội thi hòa giải viên giỏi"]
    expired = page(after, "2026/11/lich-tiep-dan").select_one(".announcement-expired")
    assert expired.get_text().startswith("Hết hiệu lực")
    assert "Lịch tiếp công dân tháng 11" in page(after, "archives").get_text()
    gone = build(tmp_path, "2026-12-16", monkeypatch, "gone")
    assert not page(gone, "").select(".notices")
    assert page(gone, "van-ban/thong-bao-45").select_one(".announcement-expired")
