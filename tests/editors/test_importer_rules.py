"""The importer's Vietnamese rules one by one: every date form, bylines, sources, entities."""

from __future__ import annotations

from datetime import datetime

import pytest

from vnportal.editors.importer.dates import (
    date_in_first_sentence,
    parse_date_line,
    parse_machine_date,
    split_dated,
)
from vnportal.editors.importer.html import choose_date
from vnportal.editors.importer.markup import decode_references, plain_text
from vnportal.editors.importer.people import closing_byline, read_byline
from vnportal.editors.importer.story import Figure, alt_text
from vnportal.editors.importer.text_rules import split_source
from vnportal.model.vietnamese import TIMEZONE


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TIMEZONE)


@pytest.mark.parametrize(
    ("line", "expected", "has_time"),
    [
        ("Thứ Năm, 11/07/2024, 11:17 (GMT+7)", vn(2024, 7, 11, 11, 17), True),
        ("Thứ bảy, 7/3/2026, 00:05 (GMT+7)", vn(2026, 3, 7, 0, 5), True),
        ("07/03/2026 08:06 GMT+7", vn(2026, 3, 7, 8, 6), True),
        ("07-03-2026 - 09:40 AM", vn(2026, 3, 7, 9, 40), True),
        ("07-03-2026 - 09:40 PM", vn(2026, 3, 7, 21, 40), True),
        ("Thứ Bảy, 07/03/2026 - 08:52", vn(2026, 3, 7, 8, 52), True),
        ("17:26 - 18/01/2016", vn(2016, 1, 18, 17, 26), True),
        ("11:29, 11/07/2024", vn(2024, 7, 11, 11, 29), True),
        ("11h17 ngày 11/7/2024", vn(2024, 7, 11, 11, 17), True),
        ("- 07/03/2026 08:47", vn(2026, 3, 7, 8, 47), True),
        ("Thứ Bảy, ngày 07/03/2026 08:52 AM (GMT+7)", vn(2026, 3, 7, 8, 52), True),
        ("Thứ Bảy, 08:52, 07/03/2026", vn(2026, 3, 7, 8, 52), True),
        ("Thứ Bảy, 07-03-2026, 08:52", vn(2026, 3, 7, 8, 52), True),
        ("07/03/2026 | 08:52", vn(2026, 3, 7, 8, 52), True),
        ("08:52 7/3/2026", vn(2026, 3, 7, 8, 52), True),
        ("Đăng lúc: 07/03/2026 08:52", vn(2026, 3, 7, 8, 52), True),
        ("ngày 7 tháng 3 năm 2026", vn(2026, 3, 7), False),
        ("Cập nhật ngày 15/06/2019", vn(2019, 6, 15), False),
    ],
)
def test_visible_date_forms(line, expected, has_time):
    found = parse_date_line(line, "x")
    assert found is not None and found.moment == expected and found.has_time is has_time
    assert not found.warning


def test_a_byline_with_the_author_before_the_time():
    dated, words = split_dated("TUẤN HƯƠNG 11:29, 11/07/2024", "x")
    assert dated.moment == vn(2024, 7, 11, 11, 29) and words == "TUẤN HƯƠNG"


def test_a_day_named_in_the_first_sentence():
    found = date_in_first_sentence("Ngày 09/4/2021, Bộ Tư pháp ban hành văn bản.")
    assert found is not None and found.moment == vn(2021, 4, 9) and not found.has_time
    assert date_in_first_sentence("Bộ Tư pháp ban hành văn bản hướng dẫn.") is None


@pytest.mark.parametrize(
    ("value", "expected", "has_time"),
    [
        ("2026-03-07T08:52:11.000 +07:00", vn(2026, 3, 7, 8, 52, 11), True),
        ("2026-03-07T08:52:11", vn(2026, 3, 7, 8, 52, 11), True),  # no offset: Vietnam time
        ("2026-03-07T09:40:00&#x2B;07:00", vn(2026, 3, 7, 9, 40), True),
        ("2026-03-07T01:52:00Z", vn(2026, 3, 7, 8, 52), True),
        ("2026-03-07T08:52:00+0700", vn(2026, 3, 7, 8, 52), True),
        ("2026-03-07 08:52", vn(2026, 3, 7, 8, 52), True),
        ("2024-07-11", vn(2024, 7, 11), False),
        ("07/03/2026 08:52", vn(2026, 3, 7, 8, 52), True),
    ],
)
def test_machine_dates_even_malformed(value, expected, has_time):
    found = parse_machine_date(value)
    assert found is not None and found.moment == expected and found.has_time is has_time


@pytest.mark.parametrize("value", ["", "hôm qua", "2026-13-45", "0000-00-00 00:00:00", "12345"])
def test_what_is_not_a_machine_date(value):
    assert parse_machine_date(value) is None


def test_the_visible_date_wins_and_the_report_says_so():
    visible = parse_date_line("07/03/2026 08:52", "x")
    machine = parse_machine_date("2026-03-07T08:52:00Z")  # 15:52 in Vietnam: a wrong zone
    notes: list[str] = []
    assert choose_date(visible, machine, notes) == visible
    assert notes and "the visible date and time are used" in notes[0]
    day_only = parse_date_line("Ngày đăng: 07/03/2026", "x")
    exact = parse_machine_date("2026-03-07T08:52:11+07:00")
    chosen = choose_date(day_only, exact, [])
    assert chosen.moment == vn(2026, 3, 7, 8, 52) and chosen.has_time


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("CAO THẮNG", ["Cao Thắng"]),
        ("NHẬT XUÂN - NGHI VŨ", ["Nhật Xuân", "Nghi Vũ"]),
        ("Nhật Xuân, Nghi Vũ", ["Nhật Xuân", "Nghi Vũ"]),
        ("Theo Hồ Hương", ["Hồ Hương"]),
        ("Hà Thu (tổng hợp)", ["Hà Thu"]),
        ("AT", ["AT"]),
        ("Tin, ảnh: CAO THẮNG", ["Cao Thắng"]),
        ("T.HƯƠNG", ["T.Hương"]),
        ("PHƯƠNG LINH", ["Phương Linh"]),  # 'Phường' is a ward, 'Phương' a name
        ("Trương Mỹ Lan", ["Trương Mỹ Lan"]),  # 'Trường' is a school, 'Trương' a name
        ("Minh Tâm – Phòng Tư pháp", ["Minh Tâm"]),
        ("Y Thim/VOV-Tây Nguyên", ["Y Thim"]),
    ],
)
def test_authors_in_name_case(byline, names):
    read = read_byline(byline)
    assert read is not None and read.names == names


@pytest.mark.parametrize(
    ("byline", "credited"),
    [
        ("baochinhphu.vn", "Chinhphu.vn"),
        ("VnExpress", "VnExpress"),
        ("NLD.COM.VN", "NLĐO"),
        ("https://www.facebook.com/phapluatplus", ""),
        ("Pháp Luật Plus", "Pháp Luật Plus"),
        ("Theo báo Ấp Bắc.", "ABO"),
        ("Theo TTXVN", "TTXVN"),
        ("Sở Tư pháp", "Sở Tư pháp"),
        ("admin", ""),
        ("Ban biên tập", ""),
    ],
)
def test_a_site_or_an_agency_is_never_an_author(byline, credited):
    read = read_byline(byline, ["Pháp Luật Plus"])
    assert read is None or read.names == []
    if read is not None:
        assert read.credited == credited


def test_a_closing_line_is_a_byline_only_when_it_reads_as_one():
    assert closing_byline("Hội nghị kết thúc.") is None
    assert closing_byline("Minh Anh") is None  # one name in name case: could be anything
    assert closing_byline("MINH ANH").names == ["Minh Anh"]
    assert closing_byline("Nhật Xuân - Nghi Vũ").names == ["Nhật Xuân", "Nghi Vũ"]


@pytest.mark.parametrize(
    ("lead", "source", "rest"),
    [
        ("(ABO) Ngày 11-7, Sở Tư pháp …", "ABO", "Ngày 11-7, Sở Tư pháp …"),
        ("(NLĐO)- Công đoàn tổ chức …", "NLĐO", "Công đoàn tổ chức …"),
        ("(Chinhphu.vn) - Các địa phương …", "Chinhphu.vn", "Các địa phương …"),
        ("TTO - Mười năm làm hòa giải viên …", "TTO", "Mười năm làm hòa giải viên …"),
        ("VOV.VN - Các chương trình …", "VOV", "Các chương trình …"),
        ("Hà Nội - Công an phường …", None, "Hà Nội - Công an phường …"),
    ],
)
def test_the_source_before_the_lead(lead, source, rest):
    assert split_source(lead) == (source, rest)


def test_references_are_decoded_once_and_markup_removed():
    assert decode_references("Chi&#7871;n s&#297;") == "Chiến sĩ"
    assert decode_references("a &amp;amp; b") == "a &amp; b"  # once, not until nothing is left
    assert plain_text("<script>alert(1)</script>Tin <b>đậm</b>") == "Tin đậm"
    assert plain_text("&lt;img src=x onerror=alert(1)&gt;Lời dẫn") == "Lời dẫn"
    assert plain_text("a < b") == "a < b"


def test_a_generated_alt_text_is_no_description():
    figure = Figure(caption="", alt="Hòa giải viên giữ bình yên - Ảnh 1.", local="images/a.jpg")
    assert (
        alt_text(figure, "Hòa giải viên giữ bình yên") == "Ảnh minh họa: Hòa giải viên giữ bình yên"
    )
    captioned = Figure(caption="Bà Năm Liên trò chuyện.", alt="Tiêu đề - Ảnh 2.", local="x")
    assert alt_text(captioned, "Tiêu đề") == "Bà Năm Liên trò chuyện."
    assert alt_text(Figure(alt="Quang cảnh hội nghị", local="x")) == "Quang cảnh hội nghị"
