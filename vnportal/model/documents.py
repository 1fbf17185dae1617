"""Legal and administrative documents: their front matter, and announcements.

A document is a Markdown file under ``content/vi/van-ban/`` (English:
``content/en/documents/``), paired with its translation by its path inside that
folder. Decree 42/2022/NĐ-CP (Art. 4) asks for its form, issuing authority,
number, dates of issue and effect, abstract and a downloadable file::

    title: Kế hoạch phổ biến, giáo dục pháp luật năm 2024
    type: Kế hoạch                 # Luật, Nghị định, Quyết định, Thông tư, Chỉ thị...
    number: 15/KH-STP
    issuer: Sở Tư pháp tỉnh Tiền Giang
    signer: Nguyễn Văn A           # optional
    issued: 2024-02-20             # or 20/02/2024
    effective: 2024-02-20
    expires: 2024-12-31            # optional
    status: còn hiệu lực           # đã sửa đổi, hết hiệu lực (in force, amended, expired)
    abstract: Phổ biến, giáo dục pháp luật năm 2024 trên địa bàn tỉnh
    files: [files/2024/ke-hoach-15.pdf]
    replaces: [ke-hoach-12-2023.md]   # other documents of the folder; also amended_by

A story or a document may be an announcement (``announcement: true`` with
``valid_until``; ``pinned: true`` puts it first). Every problem is a
ContentError at the line of its field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ContentError
from .sources import DOCUMENT_FOLDERS
from .vietnamese import canonical_key, slugify

# Words of the per-type and per-year listing addresses under the library, and of the
# pages of cited documents the library does not have.
LISTING_WORDS = {
    "vi": {"type": "loai", "year": "nam", "cited": "trich-dan"},
    "en": {"type": "type", "year": "year", "cited": "cited"},
}
DOCUMENT_FIELDS = (
    "title",
    "type",
    "number",
    "issuer",
    "signer",
    "issued",
    "effective",
    "expires",
    "status",
    "abstract",
    "files",
    "replaces",
    "amended_by",
    "slug",
    "translation_key",
    "announcement",
    "valid_until",
    "pinned",
)
REQUIRED_FIELDS = ("title", "type", "number", "issuer", "issued", "effective", "status")
ANNOUNCEMENT_FIELDS = ("announcement", "valid_until", "pinned")


@dataclass(frozen=True)
class DocumentType:
    vi: str
    en: str

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    @property
    def slug(self) -> str:
        return slugify(self.vi)


DOCUMENT_TYPES = tuple(
    DocumentType(vi, en)
    for vi, en in (
        ("Hiến pháp", "Constitution"),
        ("Bộ luật", "Code"),
        ("Luật", "Law"),
        ("Pháp lệnh", "Ordinance"),
        ("Nghị quyết", "Resolution"),
        ("Nghị định", "Decree"),
        ("Quyết định", "Decision"),
        ("Thông tư", "Circular"),
        ("Chỉ thị", "Directive"),
        ("Kết luận", "Conclusion"),
        ("Kế hoạch", "Plan"),
        ("Công văn", "Official letter"),
        ("Hướng dẫn", "Guidance"),
        ("Thông báo", "Notice"),
        ("Báo cáo", "Report"),
        ("Chương trình", "Programme"),
    )
)
# The legal status: the key, then how each language shows it.
DOCUMENT_STATUSES = {
    "in_force": ("Còn hiệu lực", "In force"),
    "amended": ("Đã sửa đổi, bổ sung", "Amended"),
    "expired": ("Hết hiệu lực", "Expired"),
}
_STATUS_WORDS = {
    canonical_key(word): key
    for key, words in {
        "in_force": ("còn hiệu lực", "in force", "in_force", "có hiệu lực", "hiệu lực", "valid"),
        "amended": ("đã sửa đổi", "đã sửa đổi, bổ sung", "sửa đổi", "amended"),
        "expired": ("hết hiệu lực", "expired", "no longer in force", "repealed", "bãi bỏ"),
    }.items()
    for word in words
}
_TYPES_BY_NAME = {
    canonical_key(name): kind for kind in DOCUMENT_TYPES for name in (kind.vi, kind.en)
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
YES_NO = {"true": True, "yes": True, "có": True, "false": False, "no": False, "không": False}


@dataclass(frozen=True)
class Attachment:
    path: str  # relative to content/, e.g. files/2024/ke-hoach-15.pdf
    line: int


@dataclass(frozen=True)
class Document:
    """A document's validated front matter (what the index and the pages need)."""

    type: DocumentType
    number: str
    issuer: str
    issued: date
    effective: date
    status: str  # a key of DOCUMENT_STATUSES
    abstract: str | None = None
    signer: str | None = None
    expires: date | None = None
    files: tuple[Attachment, ...] = ()
    replaces: tuple[tuple[str, int], ...] = ()  # (file name in the folder, line)
    amended_by: tuple[tuple[str, int], ...] = ()

    def status_name(self, lang: str) -> str:
        vi, en = DOCUMENT_STATUSES[self.status]
        return en if lang == "en" else vi


@dataclass(frozen=True)
class Announcement:
    """A notice shown on the home page until ``valid_until`` (inclusive)."""

    valid_until: date
    pinned: bool = False

    def valid_on(self, day: date) -> bool:
        return day <= self.valid_until


def read_day(value: Any, path: Path, line: int, name: str) -> date:
    """A day written as 2024-02-20 or 20/02/2024."""
    text = str(value).strip()
    found = _ISO_DAY.match(text)
    parts = (found[1], found[2], found[3]) if found else None
    if parts is None and (found := _VN_DAY.match(text)):
        parts = (found[3], found[2], found[1])
    try:
        if parts is None:
            raise ValueError
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ContentError(
            path,
            f"'{name}' is not a day: '{text}'",
            f"write it as 2024-02-20 or 20/02/2024: '{name}: 2024-02-20'",
            line,
        ) from None


def _text(fields: dict[str, Any], name: str, path: Path, lines: dict[str, int]) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ContentError(
            path, f"'{name}' must be plain text", f"write it on one line: '{name}: …'", lines[name]
        )
    return " ".join(str(value).split()) or None


def _names(
    fields: dict[str, Any], name: str, path: Path, lines: dict[str, int], items: dict
) -> list[tuple[str, int]]:
    """A field that is a list of paths (one path alone is accepted too)."""
    value = fields.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    found = []
    for number, item in enumerate(values):
        line = items.get(name, ())[number] if number < len(items.get(name, ())) else lines[name]
        if isinstance(item, (dict, list)) or not str(item).strip():
            raise ContentError(
                path,
                f"item {number + 1} of '{name}' is not a file name",
                f"write the files as a list: '{name}: [files/2024/ke-hoach-15.pdf]'",
                line,
            )
        found.append((str(item).strip(), line))
    return found


def document_type(text: str, path: Path, line: int) -> DocumentType:
    found = _TYPES_BY_NAME.get(canonical_key(text))
    if found is not None:
        return found
    names = [kind.vi for kind in DOCUMENT_TYPES] + [kind.en for kind in DOCUMENT_TYPES]
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ContentError(
        path,
        f"unknown document type '{text}'",
        f"{hint}use one of: " + ", ".join(kind.vi for kind in DOCUMENT_TYPES),
        line,
    )


def document_status(text: str, path: Path, line: int) -> str:
    found = _STATUS_WORDS.get(canonical_key(text))
    if found is not None:
        return found
    words = [word for pair in DOCUMENT_STATUSES.values() for word in pair]
    close = difflib.get_close_matches(text.lower(), [w.lower() for w in words], n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ContentError(
        path,
        f"unknown status '{text}'",
        f"{hint}use 'còn hiệu lực' (in force), 'đã sửa đổi' (amended) or 'hết hiệu lực' (expired)",
        line,
    )


def read_document(
    fields: dict[str, Any], path: Path, lines: dict[str, int], items: dict[str, tuple[int, ...]]
) -> Document:
    """The document fields of a file's front matter (``fields`` as YAML gave them)."""
    for name in REQUIRED_FIELDS:
        if name == "title":
            continue
        if _text(fields, name, path, lines) is None:
            raise ContentError(
                path,
                f"the document has no '{name}'",
                f"add a line '{name}: …' to the front matter ({_FIELD_HELP[name]})",
                lines.get(name, 2),
            )
    text = {name: _text(fields, name, path, lines) for name in ("type", "number", "issuer")}
    issued = read_day(fields["issued"], path, lines["issued"], "issued")
    effective = read_day(fields["effective"], path, lines["effective"], "effective")
    if effective < issued:
        raise ContentError(
            path,
            f"the document takes effect ({effective:%d/%m/%Y}) before it is issued "
            f"({issued:%d/%m/%Y})",
            "check both dates: 'effective' is the day of issue or later",
            lines["effective"],
        )
    expires = None
    if fields.get("expires") is not None:
        expires = read_day(fields["expires"], path, lines["expires"], "expires")
        if expires < effective:
            raise ContentError(
                path,
                f"the document expires ({expires:%d/%m/%Y}) before it takes effect "
                f"({effective:%d/%m/%Y})",
                "check 'expires': it is the day of effect or later",
                lines["expires"],
            )
    files = [
        Attachment(name.lstrip("/").removeprefix("{static}/"), line)
        for name, line in _names(fields, "files", path, lines, items)
    ]
    return Document(
        type=document_type(text["type"] or "", path, lines["type"]),
        number=text["number"] or "",
        issuer=text["issuer"] or "",
        issued=issued,
        effective=effective,
        status=document_status(_text(fields, "status", path, lines) or "", path, lines["status"]),
        abstract=_text(fields, "abstract", path, lines),
        signer=_text(fields, "signer", path, lines),
        expires=expires,
        files=tuple(files),
        replaces=tuple(_names(fields, "replaces", path, lines, items)),
        amended_by=tuple(_names(fields, "amended_by", path, lines, items)),
    )


_FIELD_HELP = {
    "type": "Luật, Nghị định, Quyết định, Kế hoạch…",
    "number": "the number and symbol, e.g. 15/KH-STP",
    "issuer": "the issuing authority, e.g. Sở Tư pháp tỉnh Tiền Giang",
    "issued": "the day of issue, e.g. 2024-02-20",
    "effective": "the day it takes effect, e.g. 2024-02-20",
    "status": "còn hiệu lực, đã sửa đổi or hết hiệu lực",
}


def read_announcement(
    fields: dict[str, Any], path: Path, lines: dict[str, int]
) -> Announcement | None:
    """``announcement: true`` with ``valid_until``; None when the file is no announcement."""
    flags = {}
    for name in ("announcement", "pinned"):
        value = fields.get(name)
        if value is None:
            continue
        answer = YES_NO.get(str(value).strip().lower())
        if answer is None or isinstance(value, (dict, list)):
            raise ContentError(
                path,
                f"'{name}' is '{value}', which is neither true nor false",
                f"write '{name}: true', or remove the line",
                lines[name],
            )
        flags[name] = answer
    until = fields.get("valid_until")
    if not flags.get("announcement"):
        for name in ("valid_until", "pinned"):
            if fields.get(name) is not None:
                raise ContentError(
                    path,
                    f"'{name}' is set but the file is not an announcement",
                    "add 'announcement: true', or remove the line",
                    lines[name],
                )
        return None
    if until is None:
        raise ContentError(
            path,
            "the announcement has no 'valid_until'",
            "add the last day it is shown on the home page: 'valid_until: 2026-12-31'",
            lines["announcement"],
        )
    day = read_day(until, path, lines["valid_until"], "valid_until")
    return Announcement(day, pinned=flags.get("pinned", False))


def document_file_name(name: str) -> str:
    """How ``replaces``/``amended_by`` name a document: its file in the same folder."""
    name = name.strip().lstrip("/")
    for folder in DOCUMENT_FOLDERS.values():
        name = name.removeprefix(f"{folder}/")
    return name if name.endswith(".md") else f"{name}.md"
