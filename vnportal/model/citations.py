"""Citations of Vietnamese legal and administrative documents in story text.

``find_citations`` finds references such as "Quyết định số 428/QĐ-TTg ngày
18-4-2019", "Decree 42/2022/ND-CP", "Chỉ thị 32-CT/TW" or "Luật Phổ biến, giáo
dục pháp luật năm 2012" and says what each names: kind, canonical number, year,
issuer code, date of issue, and a key that is the same however the document is
spelt, so that stories citing one document can be gathered on its page.

The rules (shared by both languages, since English stories keep Vietnamese
symbols and the other way round):

- A number is a citation only when its symbol follows the official pattern
  (Decree 30/2020/NĐ-CP on administrative documents, and the Party's "32-CT/TW"):
  ``serial/year/TYPE-ISSUER``, ``serial/TYPE-ISSUER`` or ``serial-TYPE/ORG``.
  Before it may stand a type word ("Quyết định số", "Decision No."); without
  one the symbol must say the type itself (15/KH-UBND) or, for an official
  letter, open with a known issuer (1234/UBND-NC). So dates (11/7/2024),
  addresses (15/2), phone numbers and amounts never match: they have no
  symbol.
- When the symbol names a type, it decides the kind, whatever word precedes it:
  the symbol is what the issuer wrote, the word is the reporter's.
- A law named by title ("Luật <Title> năm 2012", "Law on <Title> 2012") needs
  its year: without it nothing says where the title ends. The title starts with
  a capital letter and stops at the year; words that begin a clause ("được",
  "đã", "có"...) end the search, so "Luật Đất đai được thông qua năm 2024" is
  not a law titled "Đất đai được thông qua".

Everything runs on the NFC form of the text, and offsets are mapped back to the
text as given, so a caller can put a link exactly around the cited words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from .sources import LANGUAGES
from .vietnamese import nfc, slugify

__all__ = [
    "Citation",
    "find_citations",
    "issuer_name",
    "national_database_search_url",
]


@dataclass(frozen=True)
class Citation:
    """One reference to a document, as found in a text."""

    kind: str  # canonical Vietnamese type: "Quyết định", "Luật", "Công văn"...
    number: str | None  # "315/QĐ-TTg", "42/2022/NĐ-CP", "32-CT/TW"; None for a law by title
    year: int | None  # from the number, the date of issue or "năm 2012"
    issuer_code: str | None  # "TTg", "CP", "QH13", "CT/TW"
    issued: date | None  # the date written after the number, if any
    title: str | None  # a law's title as written ("Phổ biến, giáo dục pháp luật")
    start: int  # offsets of the cited words in the text as given
    end: int
    key: str  # the same for every spelling of one document: "quyet-dinh-315-qd-ttg"


# --- What the codes in a symbol mean -------------------------------------------------

# The code that opens a symbol ("QĐ" in 315/QĐ-TTg) and the kind of document it names.
_TYPE_CODES: dict[str, str] = {
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "PL": "Pháp lệnh",
    "VBHN": "Văn bản hợp nhất",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CĐ": "Công điện",
    "QĐi": "Quy định",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "CV": "Công văn",
}

# Issuers whose code means one body wherever it appears. Codes that differ by place
# (TU is a provincial or a city Party committee) are left out on purpose.
_ISSUERS: dict[str, tuple[str, str]] = {
    "TTg": ("Thủ tướng Chính phủ", "Prime Minister"),
    "CP": ("Chính phủ", "Government"),
    "VPCP": ("Văn phòng Chính phủ", "Government Office"),
    "QH": ("Quốc hội", "National Assembly"),
    "UBTVQH": ("Ủy ban Thường vụ Quốc hội", "Standing Committee of the National Assembly"),
    "VPQH": ("Văn phòng Quốc hội", "Office of the National Assembly"),
    "BTP": ("Bộ Tư pháp", "Ministry of Justice"),
    "BTTTT": ("Bộ Thông tin và Truyền thông", "Ministry of Information and Communications"),
    "BCA": ("Bộ Công an", "Ministry of Public Security"),
    "BQP": ("Bộ Quốc phòng", "Ministry of National Defence"),
    "BTC": ("Bộ Tài chính", "Ministry of Finance"),
    "BNV": ("Bộ Nội vụ", "Ministry of Home Affairs"),
    "BGDĐT": ("Bộ Giáo dục và Đào tạo", "Ministry of Education and Training"),
    "BYT": ("Bộ Y tế", "Ministry of Health"),
    "BLĐTBXH": (
        "Bộ Lao động - Thương binh và Xã hội",
        "Ministry of Labour, Invalids and Social Affairs",
    ),
    "BCT": ("Bộ Công Thương", "Ministry of Industry and Trade"),
    "BKHĐT": ("Bộ Kế hoạch và Đầu tư", "Ministry of Planning and Investment"),
    "BTNMT": ("Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment"),
    "BXD": ("Bộ Xây dựng", "Ministry of Construction"),
    "NHNN": ("Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam"),
    "TANDTC": ("Tòa án nhân dân tối cao", "Supreme People's Court"),
    "VKSNDTC": ("Viện kiểm sát nhân dân tối cao", "Supreme People's Procuracy"),
    "UBND": ("Ủy ban nhân dân", "People's Committee"),
    "HĐND": ("Hội đồng nhân dân", "People's Council"),
    "STP": ("Sở Tư pháp", "Department of Justice"),
}

# Party documents carry "TYPE/TW"; who signs depends on the type, so the pair is the code.
# These are the usual signers (the issue's table); the Politburo also issues some
# directives and resolutions, which their symbol does not show.
_PARTY_ISSUERS: dict[str, tuple[str, str]] = {
    "CT/TW": ("Ban Bí thư", "Secretariat"),
    "NQ/TW": ("Ban Chấp hành Trung ương", "Central Committee"),
}

# Central Party organs; the issuer of their documents is "TYPE/ORG", as in CT/TW.
_PARTY_ORGS = ("TW",)


def _fold(code: str) -> str:
    """Case and đ folded away: the ASCII spellings QD, ND, HDND meet QĐ, NĐ, HĐND."""
    return code.casefold().replace("đ", "d")


# Every known code by its folded spelling. Folding must not merge two codes.
_CANONICAL_CODES: dict[str, str] = {
    _fold(code): code for code in (*_TYPE_CODES, *_ISSUERS, *_PARTY_ORGS)
}
assert len(_CANONICAL_CODES) == len(_TYPE_CODES) + len(_ISSUERS) + len(_PARTY_ORGS)

# A code may end in a National Assembly term: QH13, UBTVQH15.
_CODE_PARTS = re.compile(r"(?P<letters>\D+)(?P<term>\d*)")


def _canonical_code(code: str) -> str:
    """'qđ' → 'QĐ', 'QD' → 'QĐ', 'ttg' → 'TTg', 'qh13' → 'QH13'; unknown codes keep
    their spelling, upper-cased if written all in lower case."""
    parts = _CODE_PARTS.fullmatch(code)
    if parts is None:
        return code
    letters, term = parts["letters"], parts["term"]
    known = _CANONICAL_CODES.get(_fold(letters))
    if known is None:
        known = letters.upper() if letters.islower() else letters
    return known + term


def issuer_name(code: str, lang: str) -> str | None:
    """The body an issuer code stands for, in ``lang`` ('vi' or 'en'); None if unknown.

    Accepts the codes of ``Citation.issuer_code``: 'TTg', ASCII spellings ('HDND'), a
    National Assembly term ('QH13'), a Party pair ('CT/TW') and joint issuers
    ('BTP-BCA', named only when every one is known). Never guesses.
    """
    index = _lang_index(lang)
    code = nfc(code).strip()
    if "/" in code:
        kind_code, _, org = code.partition("/")
        pair = f"{_canonical_code(kind_code.strip())}/{_canonical_code(org.strip())}"
        names = _PARTY_ISSUERS.get(pair)
        return names[index] if names else None
    parts = [part.strip() for part in re.split(r"[-–]", code)]
    found = []
    for part in parts:
        canonical = _CODE_PARTS.fullmatch(_canonical_code(part)) if part else None
        names = _ISSUERS.get(canonical["letters"]) if canonical else None
        if names is None:
            return None
        found.append(names[index])
    return ", ".join(found) if found else None


def _lang_index(lang: str) -> int:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return LANGUAGES.index(lang)


# --- Type words -----------------------------------------------------------------------

# The words that name a document before its number, each with its kind. None: a
# generic word ("văn bản", "document") that leaves the kind to the symbol.
_VI_TYPE_WORDS: dict[str, str | None] = {
    "luật": "Luật",
    "bộ luật": "Bộ luật",
    "nghị định": "Nghị định",
    "quyết định": "Quyết định",
    "thông tư liên tịch": "Thông tư liên tịch",
    "thông tư": "Thông tư",
    "chỉ thị": "Chỉ thị",
    "nghị quyết liên tịch": "Nghị quyết liên tịch",
    "nghị quyết": "Nghị quyết",
    "kế hoạch": "Kế hoạch",
    "công văn": "Công văn",
    "hướng dẫn": "Hướng dẫn",
    "thông báo": "Thông báo",
    "pháp lệnh": "Pháp lệnh",
    "văn bản hợp nhất": "Văn bản hợp nhất",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "công điện": "Công điện",
    "quy định": "Quy định",
    "kết luận": "Kết luận",
    "quy chế": "Quy chế",
    "chương trình": "Chương trình",
    "đề án": "Đề án",
    "văn bản": None,
}
_EN_TYPE_WORDS: dict[str, str | None] = {
    "law": "Luật",
    "code": "Bộ luật",
    "decree": "Nghị định",
    "decision": "Quyết định",
    "joint circular": "Thông tư liên tịch",
    "circular": "Thông tư",
    "directive": "Chỉ thị",
    "joint resolution": "Nghị quyết liên tịch",
    "resolution": "Nghị quyết",
    "plan": "Kế hoạch",
    "official letter": "Công văn",
    "official dispatch": "Công văn",
    "letter": "Công văn",
    "dispatch": "Công văn",
    "guidance": "Hướng dẫn",
    "guideline": "Hướng dẫn",
    "instruction": "Hướng dẫn",
    "notice": "Thông báo",
    "announcement": "Thông báo",
    "ordinance": "Pháp lệnh",
    "consolidated document": "Văn bản hợp nhất",
    "report": "Báo cáo",
    "submission": "Tờ trình",
    "official telegram": "Công điện",
    "telegram": "Công điện",
    "regulation": "Quy định",
    "conclusion": "Kết luận",
    "programme": "Chương trình",
    "program": "Chương trình",
    "scheme": "Đề án",
    "document": None,
}
_TYPE_WORDS = {**_VI_TYPE_WORDS, **_EN_TYPE_WORDS}


def _word_pattern(words: list[str]) -> str:
    """Alternation of phrases, longest first, any run of spaces between their words."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)


# A type word right before a number, with its "số"/"No." ("Quyết định số ", "Decision
# No. "). Searched backwards from the number, in a short window before it.
_TYPE_BEFORE = re.compile(
    rf"(?<![^\W\d_])(?P<word>{_word_pattern(list(_VI_TYPE_WORDS))}"
    rf"|(?:{_word_pattern(list(_EN_TYPE_WORDS))})s?)"
    r"\s+(?:(?:số|no\.?|number)\s*:?\s*)?\Z",
    re.IGNORECASE,
)
_TYPE_WINDOW = 60  # characters: longer than any type word with its "số"


def _type_word_kind(word: str) -> str | None:
    phrase = " ".join(word.casefold().split())
    if phrase not in _TYPE_WORDS and phrase.endswith("s"):
        phrase = phrase[:-1]  # "Decrees 42/2022/NĐ-CP and ..."
    return _TYPE_WORDS.get(phrase)


# --- Numbers and symbols -------------------------------------------------------------

_SLASH = r"\s*/\s*"
_DASH = r"\s*[-‐‑–]\s*"  # hyphen, Unicode hyphens, en dash
# Only the first dash of a symbol may have spaces round it ("315 / QĐ - TTg"): in
# "315/QĐ-TTg - UBND tỉnh" the spaced dash starts the next phrase.
_TIGHT_DASH = r"[-‐‑–]"
# One code of a symbol: ASCII letters and đ, then perhaps a National Assembly term.
_CODE = r"[A-Za-zĐđ]{1,10}\d{0,2}(?![^\W_])"
_YEAR = r"(?:19|20)\d\d"

_NUMBER = re.compile(
    rf"""
    (?<![\w/\-‐‑–])(?<!\d[.,])              # not the tail of a word or another number
    (?P<serial>\d{{1,5}}[a-z]?)
    (?:
        {_SLASH}(?P<year>{_YEAR}){_SLASH}
        (?P<year_symbol>{_CODE}(?:{_DASH}{_CODE})?(?:{_TIGHT_DASH}{_CODE})*)  # 42/2022/NĐ-CP
      | {_SLASH}(?P<symbol>{_CODE}{_DASH}{_CODE}(?:{_TIGHT_DASH}{_CODE})*)  # 315/QĐ-TTg
      | {_DASH}(?P<party_type>{_CODE}){_SLASH}
        (?P<party_org>{_CODE}(?:{_TIGHT_DASH}{_CODE})*)                   # 32-CT/TW
    )
    (?![\w/])
    """,
    re.VERBOSE,
)
_CODE_SPLIT = re.compile(_DASH)


def _codes(symbol: str) -> list[str]:
    return [_canonical_code(code) for code in _CODE_SPLIT.split(symbol.strip())]


def _serial(written: str) -> str:
    """Official serials below 10 have a leading zero ('01/NQ-CP'); '1' and '001' meet it."""
    digits = written.rstrip("abcdefghijklmnopqrstuvwxyz")
    return str(int(digits)).zfill(2) + written[len(digits) :]


@dataclass(frozen=True)
class _Number:
    number: str
    year: int | None
    type_kind: str | None  # the kind the symbol names, if it names one
    issuer_code: str | None
    letter_issuer: bool  # the symbol opens with a known issuer: an official letter


def _read_number(match: re.Match[str]) -> _Number | None:
    serial = _serial(match["serial"])
    if match["party_type"]:
        party_type = _canonical_code(match["party_type"])
        kind = _TYPE_CODES.get(party_type)
        if kind is None:
            return None  # "12-AB/CD" is no Party document
        org = "-".join(_codes(match["party_org"]))
        return _Number(f"{serial}-{party_type}/{org}", None, kind, f"{party_type}/{org}", False)
    year = int(match["year"]) if match["year"] else None
    codes = _codes(match["year_symbol"] or match["symbol"])
    written = f"{serial}/{year}/" if year else f"{serial}/"
    number = written + "-".join(codes)
    kind = _TYPE_CODES.get(codes[0])
    if kind is not None:
        issuer = "-".join(codes[1:]) or None
        return _Number(number, year, kind, issuer, False)
    # No type code: a law or resolution of the National Assembly (14/2012/QH13), or an
    # official letter whose symbol is issuer-drafting unit (1234/UBND-NC).
    first = _CODE_PARTS.fullmatch(codes[0])
    known_issuer = first is not None and first["letters"] in _ISSUERS
    return _Number(number, year, None, codes[0], known_issuer and year is None)


# --- Dates of issue ------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = rf"(?P<month_name>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\.?"
# The words that tie a date to the number before it. A comma only before "dated": in
# "Quyết định 315/QĐ-TTg, ngày 11/7 ..." the date usually starts the next clause.
_DATE_INTRO = r"(?:\s+|\s*,\s*(?=dated))(?:ngày|dated|issued\s+on|signed\s+on|of|on)\s+"
_DAY = r"(?P<day>\d{1,2})"
_DATE_YEAR = rf"(?P<year>{_YEAR})(?!\d)"
_DATE_FORMS = (
    rf"{_DAY}\s*(?P<sep>[-/.])\s*(?P<month>\d{{1,2}})\s*(?P=sep)\s*",  # 18-4-2019, 18/4/2019
    rf"{_DAY}\s+tháng\s+(?P<month>\d{{1,2}}),?\s+năm\s+",  # 18 tháng 4 năm 2019
    rf"{_DAY}(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+",  # 18 April 2019
    rf"{_MONTH_NAME}\s+{_DAY}(?:st|nd|rd|th)?,?\s+",  # April 18, 2019
)
_DATES = [re.compile(_DATE_INTRO + form + _DATE_YEAR, re.IGNORECASE) for form in _DATE_FORMS]


def _date_after(text: str, pos: int) -> tuple[date, int] | None:
    """The date of issue written right after ``pos`` and where it ends, if there is one."""
    for pattern in _DATES:
        found = pattern.match(text, pos)
        if found is None:
            continue
        groups = found.groupdict()
        month = _MONTHS[groups["month_name"].casefold()] if groups.get("month_name") else None
        try:
            day = date(int(found["year"]), month or int(found["month"]), int(found["day"]))
        except ValueError:
            return None  # 31/2/2019 is no date: leave it out of the citation
        return day, found.end()
    return None


# --- Laws, codes and constitutions named by title -------------------------------------


@dataclass(frozen=True)
class _KnownLaw:
    kind: str
    title: str  # Vietnamese, as in the official name
    year: int
    number: str
    english: tuple[str, ...]  # English titles it is cited by


# Laws a justice department's stories cite most, so that a law named by its title, in
# either language, gets the key and number of the same law cited by number.
_KNOWN_LAWS = (
    _KnownLaw("Luật", "Phổ biến, giáo dục pháp luật", 2012, "14/2012/QH13",
              ("Dissemination and Education of Law", "Law Dissemination and Education")),
    _KnownLaw("Luật", "Xử lý vi phạm hành chính", 2012, "15/2012/QH13",
              ("Handling of Administrative Violations",)),
    _KnownLaw("Luật", "Hòa giải ở cơ sở", 2013, "35/2013/QH13", ("Grassroots Mediation",)),
    _KnownLaw("Luật", "Hộ tịch", 2014, "60/2014/QH13", ("Civil Status",)),
    _KnownLaw("Luật", "Ban hành văn bản quy phạm pháp luật", 2015, "80/2015/QH13",
              ("Promulgation of Legal Documents", "Promulgation of Legal Normative Documents")),
    _KnownLaw("Luật", "Tiếp cận thông tin", 2016, "104/2016/QH13", ("Access to Information",)),
    _KnownLaw("Luật", "Trợ giúp pháp lý", 2017, "11/2017/QH14", ("Legal Aid",)),
    _KnownLaw("Bộ luật", "Dân sự", 2015, "91/2015/QH13", ("Civil",)),
    _KnownLaw("Bộ luật", "Hình sự", 2015, "100/2015/QH13", ("Criminal", "Penal")),
    _KnownLaw("Bộ luật", "Lao động", 2019, "45/2019/QH14", ("Labour", "Labor")),
)  # fmt: skip
_LAWS_BY_TITLE = {
    (law.kind, slugify(title), law.year): law
    for law in _KNOWN_LAWS
    for title in (law.title, *law.english)
}

_SPACE = r"[ \t\u00a0\u202f]"  # spaces within a line: a title never runs past one
_LAW_HEAD_VI = re.compile(rf"(?<![^\W\d_])(?P<head>Bộ{_SPACE}+[Ll]uật|Luật){_SPACE}+")
_TITLE_WORD = re.compile(rf"(?:,?{_SPACE}+)(?P<word>[^\W\d_]+)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_LAW_YEAR_VI = re.compile(
    rf"{_SPACE}+(?:năm{_SPACE}+)?(?P<year>{_YEAR})(?![\d/])(?!\s*[-–]\s*\d)"  # not 2019-2022
)
# Another law named in the same list: a title never runs into it.
_NEXT_LAW_VI = re.compile(
    rf"[,;]?{_SPACE}*(?:(?:và|hoặc){_SPACE}+)?(?:Bộ{_SPACE}+[Ll]uật|Luật){_SPACE}"
)
_LAW_NUMBER_VI = re.compile(rf"{_SPACE}+số{_SPACE}*(?=\d)")
_LAW_DATE_VI = re.compile(rf"{_SPACE}+ngày{_SPACE}")  # the day it was passed
# Words that start a clause or a date: a title never holds them, so meeting one means
# the year after it is not the law's ("Luật Đất đai được thông qua năm 2024").
_NOT_IN_TITLE = frozenset(
    {"được", "đã", "sẽ", "đang", "có", "do", "vào", "từ", "ngày", "tháng", "năm", "này", "đó"}
    | {"là", "thì", "mà", "nhưng", "cũng", "đều", "vừa", "mới", "rằng", "giai", "số"}
)
_MAX_TITLE_WORDS = 20
# "Luật" after these is part of another name: Ngày Pháp Luật, Đại học Luật, Công ty Luật.
_WORD_BEFORE = re.compile(rf"(?P<word>[^\W\d_]+){_SPACE}+\Z")
_NOT_BEFORE_LAW = frozenset({"pháp", "học", "khoa", "ty", "hãng", "ngành", "viện"})

# An English title: capitalised words, with the small words that may join them.
_EN_WORD = r"[A-Z][A-Za-z'’\-]*"
_EN_JOIN = r"\s+(?:and|of|on|for|the|in|to|with|against|at)"
_EN_TITLE = rf"{_EN_WORD}(?:(?:{_EN_JOIN})*\s+{_EN_WORD})*"
_LAW_EN = re.compile(
    rf"(?:\b(?P<before>{_YEAR})\s+)?\bLaw\s+on\s+(?P<title>{_EN_TITLE})"
    rf"(?:,?\s+(?:of\s+)?(?P<after>{_YEAR})(?![\d/]))?"
)
_CODE_NAMES_EN = "Civil|Criminal|Penal|Labou?r"
_CODE_EN = re.compile(
    rf"(?:\b(?P<before>{_YEAR})\s+)?\b(?P<title>{_CODE_NAMES_EN})\s+Code"
    rf"(?:,?\s+(?:of\s+)?(?P<after>{_YEAR})(?![\d/]))?\b"
)
_CONSTITUTION = re.compile(
    rf"\bHiến\s+pháp\s+(?:năm\s+)?(?P<after>{_YEAR})(?![\d/])"
    rf"|\b(?P<before>{_YEAR})\s+Constitution\b"
    rf"|\bConstitution\s+(?:of\s+)?(?P<after_en>{_YEAR})(?![\d/])"
)


# --- Putting a citation together ------------------------------------------------------


def _key(kind: str, name: str) -> str:
    return slugify(f"{kind} {name}")


def _law(
    kind: str, title: str, year: int, start: int, end: int, issued: date | None = None
) -> Citation:
    """A law by its title: the known law's number and key, or a key from the title."""
    title = " ".join(title.split())
    known = _LAWS_BY_TITLE.get((kind, slugify(title), year))
    if known is not None:
        issuer = known.number.rsplit("/", 1)[1]
        key = _key(kind, known.number)
        return Citation(kind, known.number, year, issuer, issued, title, start, end, key)
    key = _key(kind, f"{title} {year}")
    return Citation(kind, None, year, "QH", issued, title, start, end, key)


def _numbered(text: str, match: re.Match[str]) -> Citation | None:
    read = _read_number(match)
    if read is None:
        return None
    start, end = match.span()
    before = _TYPE_BEFORE.search(text, max(0, start - _TYPE_WINDOW), start)
    word_kind = _type_word_kind(before["word"]) if before else None
    if read.type_kind:
        kind = read.type_kind
    elif before is not None:
        # A generic "văn bản"/"document" with an issuer-unit symbol is an official letter.
        kind = word_kind or ("Công văn" if read.year is None else None)
    else:
        kind = "Công văn" if read.letter_issuer else None
    if kind is None:
        return None
    if before is not None:
        start = before.start()
    issued = None
    found_date = _date_after(text, end)
    # A serial's year is its year of issue: a date from another year is the story's.
    if found_date and (read.year is None or found_date[0].year == read.year):
        issued, end = found_date
    year = read.year or (issued.year if issued else None)
    key = _key(kind, read.number)
    return Citation(kind, read.number, year, read.issuer_code, issued, None, start, end, key)


def _vietnamese_laws(text: str) -> list[Citation]:
    found = []
    for head in _LAW_HEAD_VI.finditer(text):
        kind = "Bộ luật" if head["head"].startswith("Bộ") else "Luật"
        before = _WORD_BEFORE.search(text, max(0, head.start() - 20), head.start())
        if kind == "Luật" and before and before["word"].casefold() in _NOT_BEFORE_LAW:
            continue
        first = _FIRST_WORD.match(text, head.end())
        if first is None or not first.group()[0].isupper():
            continue  # "Luật sư", "luật này": no title
        title_start, pos = first.start(), first.end()
        for _ in range(_MAX_TITLE_WORDS):
            year = _LAW_YEAR_VI.match(text, pos)
            if year is not None:
                title = text[title_start:pos]
                found.append(_law(kind, title, int(year["year"]), head.start(), year.end()))
                break
            # "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
            passed = _date_after(text, pos) if _LAW_DATE_VI.match(text, pos) else None
            if passed is not None:
                title = text[title_start:pos]
                day, end = passed
                found.append(_law(kind, title, day.year, head.start(), end, day))
                break
            numbered = _LAW_NUMBER_VI.match(text, pos)
            number = numbered and _NUMBER.match(text, numbered.end())
            if number is not None:
                cited = _numbered(text, number)
                if cited is not None and cited.year is not None:
                    title = " ".join(text[title_start:pos].split())
                    found.append(_with(cited, kind, title, head.start()))
                break
            if _NEXT_LAW_VI.match(text, pos):
                break  # "Bộ luật Dân sự, Luật Đất đai 2024": the year is the next law's
            word = _TITLE_WORD.match(text, pos)
            if word is None or word["word"].casefold() in _NOT_IN_TITLE:
                break
            pos = word.end()
    return found


def _with(cited: Citation, kind: str, title: str, start: int) -> Citation:
    """A law cited by title and number: the number is its identity."""
    return Citation(
        kind,
        cited.number,
        cited.year,
        cited.issuer_code,
        cited.issued,
        title,
        start,
        cited.end,
        _key(kind, cited.number or title),
    )


def _titled(pattern: re.Pattern[str], kind: str, text: str) -> list[Citation]:
    """English laws and codes and constitutions in either language: a title and a year."""
    found = []
    for match in pattern.finditer(text):
        groups = match.groupdict()
        year = groups["after"] or groups.get("after_en") or groups["before"]
        if year is None:
            continue  # "the Law on Access to Information": where does it end?
        title = groups.get("title")
        start = match.start()
        if title is None:
            key = _key(kind, year)
            found.append(Citation(kind, None, int(year), "QH", None, None, start, match.end(), key))
        else:
            found.append(_law(kind, title, int(year), start, match.end()))
    return found


# --- Offsets in the text as given ------------------------------------------------------


def _normalised(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """``text`` in NFC, and for each of its characters where the run of characters it
    came from starts and ends in ``text`` (None, None: text already in NFC, where
    each character is where it was).

    The text is cut before each character that starts a new cluster (a base letter
    that does not compose with what precedes it); each cluster is composed alone.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None, None
    clusters: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if clusters and (
            unicodedata.combining(char)
            or nfc(text[clusters[-1][0] : index + 1])
            != nfc(text[clusters[-1][0] : index]) + nfc(char)
        ):
            clusters[-1] = (clusters[-1][0], index + 1)
        else:
            clusters.append((index, index + 1))
    composed, starts, ends = [], [], []
    for first, last in clusters:
        piece = nfc(text[first:last])
        composed.append(piece)
        starts += [first] * len(piece)
        ends += [last] * len(piece)
    normal = "".join(composed)
    if normal != nfc(text):  # cannot happen for letters; keep offsets honest anyway
        return text, None, None
    return normal, starts, ends


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# What every citation form needs: a number or a year (_NUMBER, _CONSTITUTION), "Luật"
# or "Bộ luật" (_LAW_HEAD_VI), "Law" or "Code" (_LAW_EN, _CODE_EN). Checked first, on
# the text in NFC, so that text without any of them costs one search.
_MAY_CITE = re.compile("\\d|u\u1eadt|Law|Code")
# Then what each form needs in its own right, so that a run with a date or a figure
# in it is not scanned for every form: a slash (every form of _NUMBER has one), "uật"
# in "Luật"/"luật", the words of a constitution, a URL's start.
_MAY_URL = re.compile("://|www\\.", re.IGNORECASE)


def find_citations(text: str, lang: str = "vi") -> list[Citation]:
    """Every document cited in ``text``, in text order, without overlaps.

    ``lang`` is the story's language: both languages' forms are found in either
    (English stories keep Vietnamese symbols and names), but English laws by
    title ("Law on ... 2012") only in English text.
    """
    _lang_index(lang)
    if not _MAY_CITE.search(nfc(text)):
        return []  # most text runs of a story: nothing below could match
    normal, starts, ends = _normalised(text)
    found: list[Citation] = []
    if "/" in normal:
        for match in _NUMBER.finditer(normal):
            cited = _numbered(normal, match)
            if cited is not None:
                found.append(cited)
    if "u\u1eadt" in normal:
        found += _vietnamese_laws(normal)
    if "Hi\u1ebfn" in normal or "Constitution" in normal:
        found += _titled(_CONSTITUTION, "Hiến pháp", normal)
    if lang == "en":
        if "Law" in normal:
            found += _titled(_LAW_EN, "Luật", normal)
        if "Code" in normal:
            found += _titled(_CODE_EN, "Bộ luật", normal)
    if not found:
        return []
    has_url = _MAY_URL.search(normal)
    urls = [match.span() for match in _URL.finditer(normal)] if has_url else []
    chosen: list[Citation] = []
    # Earliest first, and of two starting together the longer ("Luật X số 14/2012/QH13"
    # over "luật số 14/2012/QH13" inside it).
    for cited in sorted(found, key=lambda c: (c.start, -c.end)):
        if chosen and cited.start < chosen[-1].end:
            continue
        if any(start < cited.end and cited.start < end for start, end in urls):
            continue
        chosen.append(cited)
    if starts is None or ends is None:
        return chosen
    return [_in_original(cited, starts, ends) for cited in chosen]


def _in_original(cited: Citation, starts: list[int], ends: list[int]) -> Citation:
    return Citation(
        cited.kind,
        cited.number,
        cited.year,
        cited.issuer_code,
        cited.issued,
        cited.title,
        starts[cited.start],
        ends[cited.end - 1],
        cited.key,
    )


# --- The national database ----------------------------------------------------------

# The search page of the national legal-document database (vbpl.vn), with the query its
# own "full text" links use: Keyword searched in the title and the number-and-symbol.
_VBPL_SEARCH = "https://vbpl.vn/pages/vbpq-timkiem.aspx?type=0&s=1&SearchIn=Title,Title1&Keyword="


def national_database_search_url(citation: Citation) -> str:
    """Where to look the cited document up: its number, or for a law known only by
    title its kind, title and year."""
    if citation.number:
        keyword = citation.number
    else:
        keyword = " ".join(
            part for part in (citation.kind, citation.title, str(citation.year or "")) if part
        )
    return _VBPL_SEARCH + quote(keyword, safe="")
