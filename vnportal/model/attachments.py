"""Files attached to documents: what kind each is, checked by its content, and its text.

An attachment's ending says what it claims to be; its first bytes (and, for
the ZIP-based formats, its members) say what it is. A Word file renamed
``.pdf`` or a web page saved as ``.docx`` would fail readers who download it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

ATTACHMENT_FOLDER = "files"  # content/files/: attachments, shared by both languages
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # old Word and Excel files
# PORTAL_ATTACHMENT_MAX_BYTES: a larger attachment is a warning.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentKind:
    label: str  # shown beside the link: PDF, Word, Excel, OpenDocument
    description: str  # the format, for the checker's messages
    mime: str


KINDS = {
    ".pdf": AttachmentKind("PDF", "a PDF document", "application/pdf"),
    ".doc": AttachmentKind("Word", "a Word 97-2003 document", "application/msword"),
    ".docx": AttachmentKind(
        "Word",
        "a Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xls": AttachmentKind("Excel", "an Excel 97-2003 workbook", "application/vnd.ms-excel"),
    ".xlsx": AttachmentKind(
        "Excel",
        "an Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ".odt": AttachmentKind(
        "OpenDocument", "an OpenDocument text", "application/vnd.oasis.opendocument.text"
    ),
    ".ods": AttachmentKind(
        "OpenDocument",
        "an OpenDocument spreadsheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
}


def kind_of(path: str) -> AttachmentKind | None:
    return KINDS.get(Path(path).suffix.lower())


def content_matches(path: str, data: bytes) -> bool:
    """Whether the bytes of ``path`` are of the format its ending names."""
    ending = Path(path).suffix.lower()
    if ending == ".pdf":
        return data.startswith(b"%PDF-")
    if ending in (".doc", ".xls"):
        return data.startswith(OLE2)
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if ending in (".odt", ".ods"):
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype == KINDS[ending].mime
            folder = "word/" if ending == ".docx" else "xl/"
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def what_it_is(data: bytes) -> str:
    """A guess at what a file that failed content_matches is, for the message."""
    if data.startswith(b"%PDF-"):
        return "a PDF document"
    if data.startswith(OLE2):
        return "an old Word or Excel file (.doc/.xls)"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    if data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\xff\xd8\xff\xdb"):
        return "an image"
    return "something else"


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, one space between words; empty for a scan without one."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return ""
    return " ".join(" ".join(pages).split())
