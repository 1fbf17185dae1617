"""Write the sample documents' attachments (run once; the files are committed).

    .venv/bin/python scripts/make_sample_documents.py

The sample library needs files the way an office publishes them: a PDF with a
text layer and a Word file. These are written here byte by byte, not copied:
a one-page PDF (PDF 1.4, Helvetica, so its text is ASCII: Vietnamese without
marks) and a minimal Word document (an OOXML ZIP with fixed timestamps).
Running it again gives the same bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FILES = Path(__file__).resolve().parents[1] / "content" / "files"

PDFS = {
    "2024/ke-hoach-15-kh-stp.pdf": [
        "SO TU PHAP TINH TIEN GIANG",
        "KE HOACH so 15/KH-STP ngay 20/02/2024",
        "Pho bien, giao duc phap luat nam 2024 (van ban mau)",
        "1. Tuyen truyen Luat Dat dai nam 2024 den nguoi dan.",
        "2. Xay dung tu sach phap luat tai cu lao Thoi Son.",
        "3. Boi duong hoa giai vien o co so.",
    ],
    "2024/plan-15-kh-stp-en.pdf": [
        "TIEN GIANG DEPARTMENT OF JUSTICE",
        "PLAN No. 15/KH-STP of 20 February 2024 (sample)",
        "Legal dissemination and education in 2024",
        "1. Explain the 2024 Land Law to residents.",
        "2. Open a legal bookcase on Thoi Son islet for the orchard growers.",
    ],
    "2026/thong-bao-45-tb-stp.pdf": [
        "SO TU PHAP TINH TIEN GIANG",
        "THONG BAO so 45/TB-STP (van ban mau)",
        "Hoi thi hoa giai vien gioi tinh Tien Giang nam 2026",
        "Han nop bai du thi: ngay 15/12/2026.",
    ],
    "2026/thong-bao-30-tb-stp.pdf": [
        "SO TU PHAP TINH TIEN GIANG",
        "THONG BAO so 30/TB-STP (van ban mau)",
        "Lich tiep cong dan thang 10 nam 2026",
    ],
}
DOCX = {
    "2024/ke-hoach-15-kh-stp-phu-luc.docx": [
        "Phụ lục Kế hoạch 15/KH-STP (văn bản mẫu)",
        "Danh mục hoạt động phổ biến, giáo dục pháp luật năm 2024",
    ],
    "2024/ke-hoach-27-kh-stp.docx": [
        "Kế hoạch 27/KH-STP (văn bản mẫu)",
        "Sửa đổi, bổ sung Kế hoạch 15/KH-STP về phổ biến, giáo dục pháp luật năm 2024",
    ],
}


def pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF showing ``lines`` (ASCII) in Helvetica, with a cross-reference table."""
    text = ["BT", "/F1 14 Tf", "56 780 Td", "20 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({escaped}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document: one paragraph per item, fixed timestamps."""
    from io import BytesIO
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8"))
    return buffer.getvalue()


def main() -> None:
    for name, lines in PDFS.items():
        target = FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf(lines))
    for name, paragraphs in DOCX.items():
        target = FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(docx(paragraphs))
    print(f"wrote {len(PDFS) + len(DOCX)} files under {FILES}")


if __name__ == "__main__":
    main()
