"""Bylines: who wrote a story, in name case, never a site or an agency.

``read_byline`` reads the words of a byline, wherever a reader found them (a
byline element, the closing line, the page's metadata):

* ``CAO THẮNG`` → ``Cao Thắng`` (capitals become name case);
* ``NHẬT XUÂN - NGHI VŨ``, ``Hà Thu, Minh Anh``, ``A và B`` → several authors;
* ``Tin, ảnh: CAO THẮNG``, ``Tác giả: …``, ``Bài và ảnh: …`` → the role goes;
* ``Theo Hồ Hương`` → ``Hồ Hương``; ``Theo báo Ấp Bắc`` → no author, credited to ABO;
* ``Hà Thu (tổng hợp)`` → ``Hà Thu``, the note kept for the report;
* initials stay initials: ``AT``, ``T.H``;
* a site or agency (``baochinhphu.vn``, ``VnExpress``, ``NLD.COM.VN``, a
  Facebook address, ``Sở Tư pháp``) is never an author.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...model.vietnamese import name_case, nfc
from .papers import is_account, is_site_or_organisation, source_for

MAX_NAME_WORDS = 5
MAX_AUTHORS = 6

_ROLE = re.compile(
    r"^(?:(?:tin|bài|ảnh|video|clip|đồ họa|đồ hoạ|thực hiện|nhóm phóng viên|phóng viên|pv|"
    r"ctv|cộng tác viên|tác giả|người viết|biên tập|trình bày)\s*(?:,|và|&|-|/|\+)?\s*)+"
    r"[:：]\s*",
    re.IGNORECASE,
)
_BY = re.compile(r"^(?:tác giả|by|author|người viết|bài viết của)\s*:?\s+", re.IGNORECASE)
_THEO = re.compile(r"^theo\s+", re.IGNORECASE)
_NOTE = re.compile(r"\s*[(\[]\s*(?P<note>[^()\[\]]{1,60}?)\s*[)\]]\s*$")
_COMPILED = re.compile(r"\s+[-–—]?\s*(?P<note>tổng hợp|lược dịch|biên dịch|dịch)\s*$", re.I)
_SEPARATOR = re.compile(r"\s+[-–—&|]\s+|\s*[,;/]\s*|\s+và\s+|\s*[–—]\s*", re.IGNORECASE)
_NAME = re.compile(r"[^\W\d_]+(?:(?:\.\s*|\s+|['’-])[^\W\d_]+)*\.?")
_INITIALS = re.compile(r"[A-ZĐ]{1,3}|(?:[A-ZĐ]\.){1,3}[A-ZĐ]?\.?")


@dataclass
class Byline:
    """What a byline says: the authors' names, a note, and a paper credited instead."""

    names: list[str] = field(default_factory=list)
    note: str = ""
    credited: str = ""  # 'Theo báo Ấp Bắc' credits a paper: its short name, or its name


def _name_word(word: str) -> str:
    if "." in word:  # T.HƯƠNG → T.Hương, N.V → N.V
        return ".".join(part if len(part) <= 1 else name_case(part) for part in word.split("."))
    return name_case(word) if word.isupper() else word


def person_name(text: str, site_names: Iterable[str] = ()) -> str:
    """The name in name case, or '' when ``text`` is not one person's name."""
    text = " ".join(nfc(text).strip(" .,:;-–—|*").split())
    if not text or len(text) > 60 or not _NAME.fullmatch(text):
        return ""
    words = text.split()
    if len(words) > MAX_NAME_WORDS:
        return ""
    if len(words) == 1 and _INITIALS.fullmatch(text):
        return text  # initials: AT, T.H.
    if any(not word[:1].isupper() for word in words):
        return ""  # a lower-case word: a sentence, not a name
    if is_site_or_organisation(text, site_names):
        return ""
    return " ".join(_name_word(word) for word in words)


def read_byline(text: str, site_names: Iterable[str] = ()) -> Byline | None:
    """The authors a byline names; None when the words are not a byline."""
    text = " ".join(nfc(text).split()).strip(" .|*")
    if not text or len(text) > 120:
        return None
    byline = Byline()
    text = _ROLE.sub("", text, count=1)
    text = _BY.sub("", text, count=1)
    if match := _NOTE.search(text):
        byline.note, text = match["note"].strip(), text[: match.start()].strip(" .")
    if match := _COMPILED.search(text):
        byline.note, text = match["note"].strip(), text[: match.start()].strip(" .")
    via = _THEO.match(text)
    if via:
        text = text[via.end() :]
    if is_account(text):
        return byline  # 'admin', 'Ban biên tập': nobody to name, nothing to credit
    if (via or len(text.split()) <= 8) and is_site_or_organisation(text, site_names):
        plain = text.strip(" .")
        if plain and (via or len(plain) >= 3):
            known = source_for(plain, plain)
            # A Facebook page or any address names no paper to credit, unless a known one.
            byline.credited = known or ("" if "/" in plain or "@" in plain else plain)
            return byline
    names: list[str] = []
    affiliations: list[str] = []
    for part in _SEPARATOR.split(text):
        if not part.strip():
            continue
        if name := person_name(part, site_names):
            names.append(name)
        elif is_site_or_organisation(part, site_names) and not is_account(part):
            affiliations.append(part.strip(" ."))  # 'Minh Tâm – Phòng Tư pháp'
        else:
            return None
    if not names or len(names) > MAX_AUTHORS:
        return None
    byline.names = list(dict.fromkeys(names))
    if byline.note and is_site_or_organisation(byline.note, site_names):
        # 'Theo Hồ Hương (Báo Tài nguyên và Môi trường)': the paper is credited.
        byline.credited = source_for(byline.note, byline.note) or byline.note
    if affiliations:
        byline.note = "; ".join(filter(None, [byline.note, *affiliations]))
    return byline


def closing_byline(text: str, site_names: Iterable[str] = ()) -> Byline | None:
    """A story's last line read as a byline: names in capitals, or 'Theo …', or a note.

    A closing line in name case (``Minh Anh``) counts only with 'Theo' before
    it, a role ('Tin, ảnh:'), or a note after it ('(tổng hợp)'), so that a
    short last sentence in capitals-first words is not taken for a name.
    """
    plain = " ".join(text.split()).strip(" .|*")
    byline = read_byline(plain, site_names)
    if byline is None:
        return None
    if byline.credited:
        return byline
    marked = bool(_THEO.match(plain) or _ROLE.match(plain) or _BY.match(plain) or byline.note)
    letters = [c for c in plain if c.isalpha()]
    capitals = bool(letters) and all(c.isupper() for c in _without_note(plain) if c.isalpha())
    several = len(byline.names) > 1  # 'Nhật Xuân - Nghi Vũ': two names are a byline
    return byline if marked or capitals or several else None


def _without_note(text: str) -> str:
    return _NOTE.sub("", text)
