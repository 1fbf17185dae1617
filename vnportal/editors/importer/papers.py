"""Vietnamese newspapers and portals: their short names, and telling a site from a person.

``source_for`` gives the short name a story credits (``NLĐO``, ``ABO``) from
the page's address or site name; ``is_site_or_organisation`` keeps site and
agency names (``baochinhphu.vn``, ``VnExpress``, ``NLD.COM.VN``, a Facebook
address, ``Sở Tư pháp``) out of the author field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from ...model.vietnamese import nfc, search_fold

# (the site's main address label, the short name a story credits, other names it goes by)
KNOWN_PAPERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("vnexpress", "VnExpress", ("VnExpress", "Báo VnExpress", "VnE")),
    ("tuoitre", "TTO", ("Tuổi Trẻ", "Báo Tuổi Trẻ", "Tuổi Trẻ Online", "TTO")),
    ("thanhnien", "TNO", ("Thanh Niên", "Báo Thanh Niên", "TNO")),
    ("nld", "NLĐO", ("Người Lao Động", "Báo Người Lao Động", "NLĐO", "NLĐ")),
    ("dantri", "Dân trí", ("Dân trí", "Báo Dân trí", "Báo điện tử Dân trí")),
    ("baochinhphu", "Chinhphu.vn", ("Báo Chính phủ", "Báo điện tử Chính phủ", "VGP")),
    ("chinhphu", "Chinhphu.vn", ("Cổng Thông tin điện tử Chính phủ",)),
    ("plo", "PLO", ("Pháp Luật TP.HCM", "Báo Pháp Luật TP.HCM", "PLO")),
    ("baophapluat", "PLVN", ("Pháp luật Việt Nam", "Báo Pháp luật Việt Nam", "PLVN")),
    ("phapluatplus", "Pháp Luật Plus", ("Pháp Luật Plus", "PLPlus")),
    ("vietnamnet", "VietNamNet", ("VietNamNet", "Báo VietNamNet")),
    ("ttxvn", "TTXVN", ("TTXVN", "Thông tấn xã Việt Nam")),
    ("vietnamplus", "VietnamPlus", ("VietnamPlus", "Vietnam+")),
    ("baoapbac", "ABO", ("Báo Ấp Bắc", "Ấp Bắc", "ABO")),
    ("nhandan", "Nhân Dân", ("Nhân Dân", "Báo Nhân Dân")),
    ("qdnd", "QĐND", ("Quân đội nhân dân", "Báo Quân đội nhân dân", "QĐND")),
    ("cand", "CAND", ("Công an nhân dân", "Báo Công an nhân dân", "CAND")),
    ("laodong", "Lao Động", ("Lao Động", "Báo Lao Động")),
    ("tienphong", "Tiền Phong", ("Tiền Phong", "Báo Tiền Phong")),
    ("vov", "VOV", ("VOV", "Đài Tiếng nói Việt Nam")),
    ("vtv", "VTV", ("VTV", "Đài Truyền hình Việt Nam")),
    ("znews", "Znews", ("Znews", "Zing News", "Tri thức trực tuyến")),
    ("24h", "24h", ("24h", "Tin tức 24h")),
    ("baotintuc", "Báo Tin tức", ("Báo Tin tức", "Tin tức TTXVN")),
    ("congly", "Công lý", ("Công lý", "Báo Công lý")),
    ("kiemsat", "Kiểm sát", ("Kiểm sát", "Báo Bảo vệ pháp luật")),
    ("moj", "Bộ Tư pháp", ("Cổng thông tin điện tử Bộ Tư pháp", "Bộ Tư pháp")),
    ("pbgdpl", "Bộ Tư pháp", ("Cổng thông tin phổ biến, giáo dục pháp luật",)),
)

_DOMAIN = re.compile(
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info|me|tv|example)\b", re.I
)
_SOCIAL = re.compile(r"facebook|fb\.com|fb\.me|zalo|youtube|tiktok|twitter|instagram", re.I)
# Words that begin the name of a paper, a site or an agency, with their marks:
# folded, 'Trường' (a school) would be 'Trương' (a family name), 'Phòng' 'Phong'.
_ORGANISATION_LIST = (
    "báo|báo điện tử|tạp chí|cổng thông tin|cổng ttđt|cổng tt|trang thông tin|trang tin|"
    "đài|đài phát thanh|truyền hình|thông tấn xã|ttxvn|sở|ubnd|ủy ban|uỷ ban|bộ|ban|"
    "ban biên tập|bbt|tòa soạn|toà soạn|phòng|trung tâm|hội|hội đồng|viện|trường|cục|"
    "tổng cục|vụ|chi cục|tỉnh|thành phố|huyện|xã|phường|quận|công an|tòa án|toà án|"
    "viện kiểm sát|mặt trận|tỉnh đoàn|thành đoàn|huyện đoàn|admin|administrator|"
    "quản trị|quản trị viên|webmaster|editor|biên tập viên|phóng viên|pv|ctv|nhóm pv|"
    "nhóm phóng viên|nguồn|theo|news|online|tin tức"
)
_ORGANISATION_WORDS = _ORGANISATION_LIST.split("|")
_ORGANISATION_START = re.compile(
    "^(?:"
    + "|".join(re.escape(w) for w in sorted(_ORGANISATION_WORDS, key=len, reverse=True))
    + r")(?=\s|$|[.,:;])"
)
_ACRONYMS = frozenset(
    ("ubnd", "bbt", "ttxvn", "pv", "ctv", "nhóm pv", "cổng ttđt", "cổng tt", "ban biên tập")
)
_ACRONYMS |= {"admin", "administrator", "quản trị", "quản trị viên", "webmaster", "editor"}
_ACRONYMS |= {"biên tập viên", "phóng viên", "nhóm phóng viên", "tòa soạn", "toà soạn"}
# Accounts and roles, not a paper: no author, and nothing to credit either.
_ACCOUNTS = re.compile(
    r"^(?:admin|administrator|quản trị(?: viên)?|webmaster|editor|biên tập viên|phóng viên|"
    r"nhóm phóng viên|ban biên tập|bbt|tòa soạn|toà soạn|pv|ctv|nhóm pv|user\d*|guest)$"
)


def is_account(name: str) -> bool:
    """'admin', 'Ban biên tập', 'PV': a site's account or a role, not a name."""
    return bool(_ACCOUNTS.match(" ".join(nfc(name).lower().split()).strip(" .")))


def split_address(address: str) -> SplitResult | None:
    """The parts of an address, None when it cannot be one ('https://[x' raises in urllib)."""
    try:
        parts = urlsplit(address)
        parts.hostname  # noqa: B018 (reading it checks the host, e.g. a bad IPv6 literal)
        parts.port  # noqa: B018
    except ValueError:
        return None
    return parts


def host_label(address: str) -> str:
    """'https://www.nld.com.vn/a.htm' → 'nld': the label a site is known by."""
    parts = split_address(address if "//" in address else f"//{address}")
    host = (parts.hostname if parts is not None else "") or ""
    labels = [label for label in host.split(".") if label and label != "www"]
    # Second-level domains of .vn: nld.com.vn, moj.gov.vn, baoapbac.vn.
    while len(labels) > 1 and labels[-1] in ("vn", "com", "net", "org", "gov", "edu", "example"):
        labels.pop()
    return labels[-1].lower() if labels else ""


@lru_cache(maxsize=4096)
def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", search_fold(text))


def source_for(address: str = "", site_name: str = "") -> str:
    """The paper's short name from its address or site name, '' when unknown."""
    label = host_label(address) if address and (" " not in address.strip()) else ""
    squeezed = _squeezed(site_name)
    for known_label, short, names in KNOWN_PAPERS:
        if label and label == known_label:
            return short
        if squeezed and any(_squeezed(name) == squeezed for name in names):
            return short
    return ""


def is_site_or_organisation(name: str, site_names: Iterable[str] = ()) -> bool:
    """Whether ``name`` names a site, a paper or an agency rather than a person."""
    text = " ".join(name.split())
    if not text:
        return True
    if _DOMAIN.search(text) or _SOCIAL.search(text) or "http" in text.lower() or "@" in text:
        return True
    lowered = nfc(text).lower()
    if (match := _ORGANISATION_START.match(lowered)) is not None:
        rest = nfc(text)[match.end() :].lstrip(" .,:;")
        # 'Sở Tư pháp', 'Báo Ấp Bắc', 'UBND tỉnh …' name an agency; 'Hội nghị kết thúc' does not.
        if not rest or rest[:1].isupper() or rest[:1].isdigit() or match[0] in _ACRONYMS:
            return True
    squeezed = _squeezed(text)
    if not squeezed:
        return True
    first = _squeezed(re.split(r"[\s/-]+", text.strip())[0])
    for label, short, _names in KNOWN_PAPERS:
        if first in (label, _squeezed(short)) and len(first) >= 3:
            return True  # 'VOV-Tây Nguyên', 'TTXVN/Vietnam+'
    for label, short, names in KNOWN_PAPERS:
        if squeezed in (label, _squeezed(short)) or any(_squeezed(n) == squeezed for n in names):
            return True
    for site in site_names:
        site_squeezed = _squeezed(site)
        if site_squeezed and (squeezed == site_squeezed or squeezed == _squeezed(host_label(site))):
            return True
    return False
