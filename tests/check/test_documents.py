"""The checker on documents: every bad field or file is an error at its line, with a fix."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from vnportal.build.settings import read_base_settings
from vnportal.check import CheckReport, check_content

from ..corpus import ROOT, write_corpus

BASE = read_base_settings(ROOT / "pelicanconf.py")
_spec = importlib.util.spec_from_file_location(
    "make_sample_documents", ROOT / "scripts/make_sample_documents.py"
)
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)
PDF = samples.pdf(["KE HOACH 15/KH-STP"])
DOCX = samples.docx(["Phụ lục"])


def document(**changes: str | None) -> str:
    fields = {
        "title": "Kế hoạch phổ biến, giáo dục pháp luật năm 2024",
        "type": "Kế hoạch",
        "number": "15/KH-STP",
        "issuer": "Sở Tư pháp tỉnh Tiền Giang",
        "issued": "2024-02-20",
        "effective": "2024-02-20",
        "status": "còn hiệu lực",
        "files": "[files/2024/kh.pdf]",
    }
    fields.update(changes)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "\n".join(["---", *lines, "---", ""])


def check(tmp_path: Path, text: str, files: dict[str, bytes] | None = None) -> CheckReport:
    write_corpus(
        tmp_path,
        {"vi/van-ban/kh.md": text, "files/2024/kh.pdf": PDF, **(files or {})},
    )
    return check_content(tmp_path / "content", BASE)


def shown(report: CheckReport) -> list[str]:
    return [str(problem) for problem in report.problems]


def test_a_valid_document_has_no_problems(tmp_path):
    assert shown(check(tmp_path, document())) == []


def test_a_missing_attachment_is_an_error_at_its_line(tmp_path):
    report = check(tmp_path, document(files="[files/2024/khong-co.pdf]"))
    assert shown(report) == [
        "content/vi/van-ban/kh.md:9: error: the attachment 'files/2024/khong-co.pdf' does not "
        "exist — put the file at content/files/2024/khong-co.pdf, or correct its path"
    ]


def test_an_attachment_whose_content_is_not_its_format_is_an_error(tmp_path):
    page = b"<!DOCTYPE html><html><body>Trang web</body></html>"
    report = check(
        tmp_path,
        document(files="[files/2024/kh.pdf, files/2024/pl.docx, files/2024/bang.xlsx]"),
        {"files/2024/pl.docx": page, "files/2024/bang.xlsx": DOCX},
    )
    assert shown(report) == [
        "content/vi/van-ban/kh.md:9: error: the attachment 'files/2024/pl.docx' is not a Word "
        "document: its content is a web page — save the document again in the format its name "
        "ends with, or give the file the ending of its real format",
        "content/vi/van-ban/kh.md:9: error: the attachment 'files/2024/bang.xlsx' is not an "
        "Excel workbook: its content is a ZIP archive — save the document again in the format "
        "its name ends with, or give the file the ending of its real format",
    ]


def test_a_pdf_named_doc_is_caught_by_its_first_bytes(tmp_path):
    report = check(tmp_path, document(files="[files/2024/kh.doc]"), {"files/2024/kh.doc": PDF})
    assert "is not a Word 97-2003 document: its content is a PDF document" in shown(report)[0]


def test_a_heavy_attachment_is_a_warning(tmp_path):
    write_corpus(tmp_path, {"vi/van-ban/kh.md": document(), "files/2024/kh.pdf": PDF + b"%" * 2048})
    report = check_content(tmp_path / "content", {**BASE, "PORTAL_ATTACHMENT_MAX_BYTES": 1024})
    assert [(p.severity, p.line) for p in report.problems] == [("warning", 9)]
    assert "PORTAL_ATTACHMENT_MAX_BYTES" in shown(report)[0]


def test_effective_before_issued_is_an_error_at_the_effective_line(tmp_path):
    report = check(tmp_path, document(effective="2024-02-19"))
    assert shown(report) == [
        "content/vi/van-ban/kh.md:7: error: the document takes effect (19/02/2024) before it "
        "is issued (20/02/2024) — check both dates: 'effective' is the day of issue or later"
    ]


def test_unknown_status_and_type_suggest_the_nearest(tmp_path):
    status = shown(check(tmp_path, document(status="còn hiệu lục")))
    assert status[0].startswith(
        "content/vi/van-ban/kh.md:8: error: unknown status 'còn hiệu lục' — "
        "did you mean 'còn hiệu lực'?"
    )
    kind = shown(check(tmp_path, document(type="Quyết đinh")))
    assert kind[0].startswith(
        "content/vi/van-ban/kh.md:3: error: unknown document type 'Quyết đinh' — "
        "did you mean 'Quyết định'?"
    )


def test_statuses_are_accepted_in_vietnamese_and_english_any_tone_style(tmp_path):
    for status in ("Hết hiệu lực", "amended", "In force", "đã sửa đổi"):
        assert shown(check(tmp_path, document(status=status))) == []


def test_a_misspelt_field_is_named_with_the_field_meant(tmp_path):
    text = document(effective=None).replace("issued:", "efective: 2024-02-21\nissued:")
    problems = shown(check(tmp_path, text))
    assert problems == [
        "content/vi/van-ban/kh.md:6: error: the document has no effective: 'efective' on "
        "line 6 looks like a misspelt 'effective' — rename 'efective' to 'effective'"
    ]
    aliased = shown(check(tmp_path, document().replace("number:", "số ký hiệu: x\nnumber:")))
    assert aliased == [
        "content/vi/van-ban/kh.md:4: error: unknown field 'số ký hiệu' beside 'number' "
        "(line 5) — remove one of the two lines"
    ]


def test_a_missing_required_field_is_named(tmp_path):
    problems = shown(check(tmp_path, document(issuer=None)))
    assert problems == [
        "content/vi/van-ban/kh.md:2: error: the document has no issuer — "
        "add a line 'issuer: …' to the front matter"
    ]


def test_links_between_documents_must_name_a_document(tmp_path):
    problems = shown(check(tmp_path, document(replaces="[ke-hoach-12.md]")))
    assert problems == [
        "content/vi/van-ban/kh.md:10: error: 'replaces' names 'ke-hoach-12.md', which is not "
        "a document of content/vi/van-ban/ — write the file name of a document in that "
        "folder, e.g. 'replaces: [ke-hoach-12-2023.md]'"
    ]


def test_an_announcement_needs_its_last_day(tmp_path):
    problems = shown(check(tmp_path, document(announcement="true")))
    assert problems == [
        "content/vi/van-ban/kh.md:10: error: the announcement has no 'valid_until' — add the "
        "last day it is shown on the home page: 'valid_until: 2026-12-31'"
    ]
    wrong = shown(check(tmp_path, document(announcement="true", valid_until="31-31-2026")))
    assert wrong[0].startswith("content/vi/van-ban/kh.md:11: error: 'valid_until' is not a day")
