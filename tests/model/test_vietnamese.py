"""Specification of the Vietnamese text rules (shared/design/vietnamese.md)."""

from __future__ import annotations

import locale
import random
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from vnportal.model.vietnamese import (
    TIMEZONE,
    canonical_key,
    format_news_date,
    format_news_datetime,
    invisible_characters,
    iso_datetime,
    name_case,
    nfc,
    search_fold,
    slugify,
    sort_key,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def shuffled(items: list[str], seed: int = 0) -> list[str]:
    return random.Random(seed).sample(items, len(items))


# --- 1. Unicode normal form -------------------------------------------------


def test_decomposed_input_is_composed_to_nfc():
    decomposed = nfd("Tiền Giang")
    assert len(decomposed) == 12
    assert nfc(decomposed) == "Tiền Giang"
    assert len(nfc(decomposed)) == 10


@pytest.mark.parametrize("text", ["Tiền Giang", "hòa giải ở cơ sở", "Đặng Thị Phụng", "khoẻ"])
def test_decomposed_input_gives_the_same_keys_slug_and_order(text):
    assert canonical_key(nfd(text)) == canonical_key(text)
    assert search_fold(nfd(text)) == search_fold(text)
    assert slugify(nfd(text)) == slugify(text)
    assert sort_key(nfd(text)) == sort_key(text)
    assert name_case(nfd(text.upper())) == name_case(text.upper())


# --- 2. Tone-mark placement ---------------------------------------------------


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("hòa", "hoà"),
        ("hòe", "hoè"),
        ("thúy", "thuý"),
        ("khỏe", "khoẻ"),
        ("Hòa giải", "hoà giải"),
        ("văn hóa", "văn hoá"),
        ("Ủy ban nhân dân", "uỷ ban nhân dân"),
        ("tùy", "tuỳ"),
        ("òa khóc", "oà khóc"),
        ("HÒA GIẢI", "Hoà Giải"),
    ],
)
def test_tone_variants_share_one_canonical_key(old_style, new_style):
    assert old_style != new_style
    assert canonical_key(old_style) == canonical_key(new_style)


@pytest.mark.parametrize(
    ("text", "key"),
    [("hòa", "hoà"), ("thúy", "thuý"), ("khỏe", "khoẻ"), ("Ủy", "uỷ")],
)
def test_canonical_key_puts_the_tone_on_the_nucleus_vowel(text, key):
    assert canonical_key(text) == key


@pytest.mark.parametrize("word", ["hoàn", "thuyết", "hoạch", "khuyên", "hoài", "ngoẻo", "khuya"])
def test_closed_syllables_keep_their_spelling(word):
    assert canonical_key(word) == word


@pytest.mark.parametrize("word", ["quý", "quá", "quà", "quỳnh", "quả", "gì", "giá", "giữa"])
def test_qu_and_gi_onsets_are_not_treated_as_movable_nuclei(word):
    assert canonical_key(word) == word


@pytest.mark.parametrize(
    ("text", "key"),
    [("  Hòa   giải\tở  cơ sở ", "hoà giải ở cơ sở"), ("PHỔ BIẾN", "phổ biến")],
)
def test_canonical_key_folds_case_and_whitespace(text, key):
    assert canonical_key(text) == key


@pytest.mark.parametrize(
    "words",
    [("ăn", "an", "ân"), ("ông", "ong"), ("ơn", "on"), ("ưu", "uu"), ("đất", "dất")],
)
def test_ascii_lookalikes_stay_distinct(words):
    assert len({canonical_key(word) for word in words}) == len(words)


def test_ascii_lookalikes_do_collide_in_slugs_so_slugs_are_not_identity():
    assert slugify("ăn") == slugify("an") == slugify("ân") == "an"
    assert canonical_key("ăn") != canonical_key("an")


def test_display_spelling_is_not_rewritten_by_nfc():
    assert nfc("hòa") == "hòa"
    assert nfc("hoà") == "hoà"


# --- 3. Slugs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật",
            "tap-huan-ky-nang-nghiep-vu-pho-bien-giao-duc-phap-luat",
        ),
        ("Đặng Thị Phụng", "dang-thi-phung"),
    ],
)
def test_documented_slug_examples(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(("text", "slug"), [("Đồng Tháp", "dong-thap"), ("đ", "d"), ("Đ", "d")])
def test_slug_turns_d_stroke_into_d(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("  Hòa giải -- ở cơ sở!  ", "hoa-giai-o-co-so"),
        ("(ABO) Tin tức: 2024/07", "abo-tin-tuc-2024-07"),
        ("Women’s Day", "womens-day"),
        ("COVID-19", "covid-19"),
    ],
)
def test_slug_is_ascii_lowercase_and_single_hyphenated(text, slug):
    result = slugify(text)
    assert result == slug
    assert result.isascii()
    assert "--" not in result
    assert not result.startswith("-")
    assert not result.endswith("-")


@pytest.mark.parametrize("text", ["", "   ", "!!! …", "—"])
def test_slug_of_nothing_sluggable_is_empty(text):
    assert slugify(text) == ""


def test_slug_does_not_depend_on_how_the_text_was_typed():
    typed = [
        "Hòa giải ở cơ sở",
        "Hoà giải ở cơ sở",
        unicodedata.normalize("NFD", "Hòa giải ở cơ sở"),
    ]
    assert {slugify(text) for text in typed} == {"hoa-giai-o-co-so"}


# --- 4. Alphabetical order ----------------------------------------------------

DOCUMENTED_ORDER = [
    "an",
    "anh",
    "áo",
    "ăn",
    "âm",
    "ba",
    "cả",
    "cá",
    "dân",
    "đất",
    "Đồng Tháp",
    "e",
    "ê",
    "ong",
    "ông",
    "ơn",
    "uống",
    "ưu",
]


@pytest.mark.parametrize("seed", range(20))
def test_documented_example_sorts_in_vietnamese_order(seed):
    assert sorted(shuffled(DOCUMENTED_ORDER, seed), key=sort_key) == DOCUMENTED_ORDER


def test_base_letters_follow_the_vietnamese_alphabet():
    alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    assert sorted(shuffled(alphabet), key=sort_key) == alphabet


def test_foreign_letters_take_their_latin_places():
    expected = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    assert sorted(shuffled(expected), key=sort_key) == expected


def test_tones_rank_none_huyen_hoi_nga_sac_nang():
    expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(shuffled(expected), key=sort_key) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [("mạ", "mac"), ("tá", "tă"), ("cạ", "cb"), ("hoạ", "hoan"), ("ạ", "b")],
)
def test_tones_compare_only_after_letters(first, second):
    assert sort_key(first) < sort_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("cá ma", "cà mb"), ("ca mà", "cà ma"), ("cả me", "cá mè")],
)
def test_tones_are_compared_over_the_whole_string(first, second):
    # A letter anywhere outranks every tone; with equal letters the first tone
    # difference from the left decides.
    assert sort_key(first) < sort_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("b", "C"), ("B", "c"), ("Ăn", "âm"), ("đất", "Đồng"), ("Đồng", "e")],
)
def test_case_does_not_change_letter_order(first, second):
    assert sort_key(first) < sort_key(second)


def test_lower_case_precedes_upper_case_when_all_else_is_equal():
    assert sorted(["An", "an"], key=sort_key) == ["an", "An"]


@pytest.mark.parametrize(("old_style", "new_style"), [("hòa", "hoà"), ("Thúy", "Thuý")])
def test_tone_style_variants_sort_equal_but_deterministically(old_style, new_style):
    old_key, new_key = sort_key(old_style), sort_key(new_style)
    assert old_key[:3] == new_key[:3]
    assert old_key != new_key
    words = ["hoá", old_style, "hoa", new_style, "hoan", "hòe"]
    orders = {tuple(sorted(shuffled(words, seed), key=sort_key)) for seed in range(10)}
    assert len(orders) == 1


def test_tone_style_variants_do_not_split_their_neighbours():
    words = ["hoà giải", "hoá đơn", "hòa bình", "hoa"]
    assert sorted(words, key=sort_key) == ["hoa", "hòa bình", "hoá đơn", "hoà giải"]


@pytest.mark.parametrize(("first", "second"), [("1", "a"), ("2024", "an"), ("9", "Ă")])
def test_digits_sort_before_letters(first, second):
    assert sort_key(first) < sort_key(second)


def test_space_sorts_before_letters_so_short_words_come_first():
    assert sorted(["anh", "an toàn", "an"], key=sort_key) == ["an", "an toàn", "anh"]


# --- 5. Dates and times -------------------------------------------------------

STORY_TIME = datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"),
        ("en", "Thursday, 11 July 2024, 11:17 (GMT+7)"),
    ],
)
def test_news_datetime_follows_news_style(lang, expected):
    assert format_news_datetime(STORY_TIME, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "Thứ Năm, 11/07/2024"), ("en", "Thursday, 11 July 2024")],
)
def test_news_date_follows_news_style(lang, expected):
    assert format_news_date(date(2024, 7, 11), lang) == expected
    assert format_news_date(STORY_TIME, lang) == expected


@pytest.mark.parametrize(
    ("day", "vi_name", "en_name"),
    [
        (8, "Thứ Hai", "Monday"),
        (9, "Thứ Ba", "Tuesday"),
        (10, "Thứ Tư", "Wednesday"),
        (11, "Thứ Năm", "Thursday"),
        (12, "Thứ Sáu", "Friday"),
        (13, "Thứ Bảy", "Saturday"),
        (14, "Chủ Nhật", "Sunday"),
    ],
)
def test_all_seven_weekdays_capitalised(day, vi_name, en_name):
    assert format_news_date(date(2024, 7, day), "vi") == f"{vi_name}, {day:02d}/07/2024"
    assert format_news_date(date(2024, 7, day), "en") == f"{en_name}, {day} July 2024"
    moment = datetime(2024, 7, day, 8, 5, tzinfo=TIMEZONE)
    assert format_news_datetime(moment, "vi").startswith(f"{vi_name}, ")


def test_aware_datetime_is_shown_in_vietnam_time():
    utc = datetime(2024, 7, 11, 4, 17, tzinfo=UTC)
    assert format_news_datetime(utc, "vi") == "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"


def test_local_calendar_day_wins_over_the_utc_day():
    late_utc_evening = datetime(2024, 7, 10, 20, 0, tzinfo=UTC)
    assert format_news_date(late_utc_evening, "vi") == "Thứ Năm, 11/07/2024"
    assert format_news_datetime(late_utc_evening, "en") == "Thursday, 11 July 2024, 03:00 (GMT+7)"
    assert iso_datetime(late_utc_evening) == "2024-07-11T03:00:00+07:00"


def test_naive_datetime_is_taken_as_local_time():
    naive = datetime(2024, 7, 11, 11, 17)
    assert format_news_datetime(naive, "vi") == "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"
    assert iso_datetime(naive) == "2024-07-11T11:17:00+07:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (STORY_TIME, "2024-07-11T11:17:00+07:00"),
        (STORY_TIME.replace(microsecond=123456), "2024-07-11T11:17:00+07:00"),
        (
            datetime(2024, 7, 11, 4, 17, tzinfo=timezone(timedelta(hours=0))),
            "2024-07-11T11:17:00+07:00",
        ),
        (date(2024, 7, 11), "2024-07-11T00:00:00+07:00"),
    ],
)
def test_iso_datetime_carries_the_vietnam_offset(value, expected):
    assert iso_datetime(value) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_vietnam_time_has_no_daylight_saving(month):
    assert datetime(2024, month, 15, 12, tzinfo=TIMEZONE).utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("lang", ["fr", "vi_VN", "", "EN"])
def test_unsupported_language_is_refused_by_name(lang):
    for formatter in (format_news_datetime, format_news_date):
        with pytest.raises(ValueError, match=repr(lang)):
            formatter(STORY_TIME, lang)


def test_formatting_never_depends_on_setlocale(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("setlocale must not be called")

    monkeypatch.setattr(locale, "setlocale", forbidden)
    assert format_news_datetime(STORY_TIME, "vi") == "Thứ Năm, 11/07/2024, 11:17 (GMT+7)"
    assert format_news_date(STORY_TIME, "en") == "Thursday, 11 July 2024"


# --- 6. Search ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Hòa giải", "hoà giải", "HOA GIAI", "hoa giai", "HÒA  GIẢI", nfd("hòa giải")],
)
def test_search_fold_matches_every_way_readers_type(typed):
    assert search_fold(typed) == search_fold("hòa giải") == "hoa giai"


@pytest.mark.parametrize(("text", "folded"), [("Đồng Tháp", "dong thap"), ("đất đai", "dat dai")])
def test_search_fold_turns_d_stroke_into_d(text, folded):
    assert search_fold(text) == folded


# --- 8. Input from the old portal -------------------------------------------


@pytest.mark.parametrize(
    ("signature", "name"),
    [
        ("CAO THẮNG", "Cao Thắng"),
        ("ĐẶNG THỊ PHỤNG", "Đặng Thị Phụng"),
        (nfd("ĐẶNG THỊ PHỤNG"), "Đặng Thị Phụng"),
        ("  NGUYỄN   VĂN ÚT ", "Nguyễn Văn Út"),
        ("lê thị ánh", "Lê Thị Ánh"),
    ],
)
def test_capitalised_bylines_become_name_case(signature, name):
    assert name_case(signature) == name


# --- invisible characters -------------------------------------------------------


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e"])
def test_a_tag_with_an_invisible_character_is_the_same_tag_at_the_same_address(hidden):
    assert canonical_key(f"tập{hidden} huấn") == canonical_key("tập huấn")
    assert slugify(f"tập{hidden} huấn") == slugify("tập huấn") == "tap-huan"
    assert slugify(f"tập{hidden}huấn") == slugify("tậphuấn")


def test_invisible_characters_are_named_with_their_code_point():
    found = invisible_characters("a\u202eb\u200bc\u202e")
    assert found == ["U+202E (RIGHT-TO-LEFT OVERRIDE)", "U+200B (ZERO WIDTH SPACE)"]
    assert invisible_characters("Hòa giải ở cơ sở") == []
