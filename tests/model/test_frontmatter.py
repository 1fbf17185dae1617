"""Front matter: what editors write, and the messages they get when it is wrong."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnportal.model.errors import ContentError
from vnportal.model.frontmatter import (
    DATE_YEARS,
    body_at,
    parse_date,
    read_story,
    split,
    write_front_matter,
)
from vnportal.model.vietnamese import TIMEZONE


def write(tmp_path: Path, text: str | bytes, name: str = "bai.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        read_story(path)
    return caught.value


def test_complete_story_is_read_with_all_fields(tmp_path):
    path = write(
        tmp_path,
        "---\ntitle: Tập huấn kỹ năng\ndate: 2024-07-11 11:17 +07:00\nauthor: Cao Thắng\n"
        "category: Phổ biến pháp luật\ntags: [hòa giải, tập huấn]\nsummary: Lead.\n"
        "source: ABO\n---\n\nThân bài.\n",
    )
    story = read_story(path)
    assert story.title == "Tập huấn kỹ năng"
    assert story.date == datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE)
    assert story.author == "Cao Thắng"
    assert story.tags == ["hòa giải", "tập huấn"]
    assert story.extra == {"source": "ABO"}
    assert story.body.strip() == "Thân bài."
    assert story.body_line == 10


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-11 11:17 +07:00",
        "2024-07-11T11:17:00+07:00",
        "2024-07-11 11:17",
        "2024-07-11T04:17:00Z",
        "2024-07-11 06:17 +02:00",
    ],
)
def test_accepted_date_forms_mean_the_same_moment_in_vietnam_time(text):
    moment = parse_date(text, Path("a.md"), 3)
    assert moment == datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE)
    assert moment.utcoffset().total_seconds() == 7 * 3600


def test_date_without_time_is_midnight_in_vietnam():
    assert parse_date("2024-07-11", Path("a.md"), 3).isoformat() == "2024-07-11T00:00:00+07:00"


def test_missing_title_names_the_file_and_says_what_to_add(tmp_path):
    error = error_of(write(tmp_path, "---\ndate: 2024-07-11\n---\nBody\n"))
    assert error.path.endswith("bai.md")
    assert "no title" in str(error) and "title:" in error.fix


def test_empty_title_is_missing_title(tmp_path):
    error = error_of(write(tmp_path, '---\ntitle: "  "\ndate: 2024-07-11\n---\nBody\n'))
    assert error.line == 2 and "no title" in error.problem


def test_unparseable_date_gives_its_line_and_the_accepted_forms(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 11/07/2024\n---\nBody\n"))
    assert error.line == 3
    assert "11/07/2024" in error.problem
    assert "2024-07-11 11:17 +07:00" in error.fix


def test_impossible_day_is_refused(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 2024-02-30\n---\nBody\n"))
    assert "not a real date" in error.problem and error.line == 3


def test_missing_date_is_refused_for_stories_but_not_pages(tmp_path):
    path = write(tmp_path, "---\ntitle: Giới thiệu\n---\nBody\n")
    assert "no date" in error_of(path).problem
    assert read_story(path, needs_date=False).date is None


def test_duplicate_key_is_refused_with_its_line(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 2024-07-11\ntitle: B\n---\nx\n"))
    assert "appears twice" in error.problem and error.line == 4


def test_unterminated_front_matter_is_refused(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 2024-07-11\nBody\n"))
    assert "never closed" in error.problem


def test_file_without_front_matter_is_refused(tmp_path):
    assert "does not start with front matter" in error_of(write(tmp_path, "Just text\n")).problem


def test_yaml_syntax_error_points_at_the_line(tmp_path):
    error = error_of(write(tmp_path, '---\ntitle: A\ndate: 2024-07-11\ntags: [a, "b\n---\nx\n'))
    assert "not valid YAML" in error.problem and error.line >= 4


def test_front_matter_that_is_a_list_is_refused(tmp_path):
    error = error_of(write(tmp_path, "---\n- title\n- date\n---\nx\n"))
    assert "key: value" in error.problem


def test_tags_as_a_string_are_refused(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 2024-07-11\ntags: hòa giải\n---\nx\n"))
    assert "must be a list" in error.problem and error.line == 4


def test_tag_made_only_of_punctuation_is_refused(tmp_path):
    error = error_of(write(tmp_path, '---\ntitle: A\ndate: 2024-07-11\ntags: ["!!"]\n---\nx\n'))
    assert "no letters" in error.problem


def test_lead_image_needs_a_description(tmp_path):
    text = "---\ntitle: A\ndate: 2024-07-11\nimage: images/a.svg\n---\nx\n"
    assert "no description" in error_of(write(tmp_path, text)).problem


def test_unknown_status_is_refused(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 2024-07-11\nstatus: hidden\n---\nx\n"))
    assert "unknown status" in error.problem


def test_decomposed_text_is_read_as_nfc(tmp_path):
    title = unicodedata.normalize("NFD", "Tiền Giang")
    text = f"---\ntitle: {title}\ndate: 2024-07-11\ntags: [{title}]\n---\n{title}\n"
    story = read_story(write(tmp_path, text))
    assert story.title == "Tiền Giang" and story.tags == ["Tiền Giang"]
    assert unicodedata.is_normalized("NFC", story.body)


def test_bom_and_windows_line_endings_are_accepted(tmp_path):
    raw = "\ufeff---\r\ntitle: A\r\ndate: 2024-07-11\r\n---\r\nBody\r\n".encode()
    story = read_story(write(tmp_path, raw))
    assert story.title == "A" and "\r" not in story.body


def test_legacy_encoding_is_refused_with_advice_to_save_as_utf8(tmp_path):
    # Windows-1258 stores tone marks as combining characters, hence NFD first.
    text = unicodedata.normalize("NFD", "---\ntitle: Hòa giải Đà\ndate: 2024-07-11\n---\nx\n")
    raw = text.encode("cp1258")
    error = error_of(write(tmp_path, raw))
    assert "not valid UTF-8" in error.problem and "UTF-8" in error.fix


def test_binary_file_is_refused(tmp_path):
    error = error_of(write(tmp_path, b"---\ntitle: A\x00\x01\n---\n"))
    assert "binary" in error.problem


_LINES = st.lists(st.sampled_from(["", "Đoạn một.", "---", "  ", "## Mục", "- ý"]), max_size=6)


@given(st.lists(st.sampled_from(["", "# ghi chú", "  "]), max_size=4), _LINES)
def test_the_body_found_again_by_its_line_is_the_body_split_found(front, body):
    """The language builds take the body from the file by the line the checker found."""
    text = "\n".join(["---", "title: Tin", *front, "---"])
    text += "\n" + "\n".join(body) if body else ""
    matter = split(text, Path("content/vi/tin.md"))
    assert body_at(text, matter.body_line) == matter.body


# --- dates out of range -------------------------------------------------------------------


@pytest.mark.parametrize("offset", ["+25:00", "+23:99", "-13:00", "+14:30", "+07:60"])
def test_impossible_time_zone_offset_is_one_line_saying_the_accepted_offsets(tmp_path, offset):
    text = f"---\ntitle: A\ndate: 2024-07-11 11:17 {offset}\n---\nx\n"
    error = error_of(write(tmp_path, text))
    assert error.line == 3 and offset in error.problem
    assert "-12:00" in error.fix and "+14:00" in error.fix


@pytest.mark.parametrize("offset", ["+14:00", "-12:00", "+05:45", "Z"])
def test_real_time_zone_offsets_are_accepted(offset):
    assert parse_date(f"2024-07-11 11:17 {offset}", Path("a.md"), 3).year == 2024


@pytest.mark.parametrize(
    "text", ["0001-01-01 00:00 +07:00", "9999-12-31 23:59 -07:00", "0001-01-01", "1899-12-31"]
)
def test_date_too_far_in_the_past_or_future_is_one_line_with_the_accepted_years(tmp_path, text):
    error = error_of(write(tmp_path, f"---\ntitle: A\ndate: {text}\nmodified: {text}\n---\nx\n"))
    low, high = DATE_YEARS
    assert error.line == 3 and text in error.problem and f"{low}–{high}" in error.fix


def test_modified_out_of_range_is_reported_at_its_own_line(tmp_path):
    text = "---\ntitle: A\ndate: 2024-07-11\nmodified: 9999-12-31 23:59 -07:00\n---\nx\n"
    error = error_of(write(tmp_path, text))
    assert error.line == 4 and "'modified'" in error.problem


# --- text stays the text typed ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["yes", "No", "on", "0x1F", "12:30", "010", "1.5", "1_000", ".inf", "~", "null"]
)
def test_an_unquoted_word_or_number_is_published_as_typed(tmp_path, typed):
    text = f"---\ntitle: {typed}\ndate: 2024-07-11\nauthor: {typed}\nslug: {typed}x\n---\nx\n"
    story = read_story(write(tmp_path, text))
    assert (story.title, story.author, story.slug) == (typed, typed, f"{typed}x")


def test_unquoted_tags_that_look_like_booleans_or_numbers_stay_as_typed(tmp_path):
    text = "---\ntitle: A\ndate: 2024-07-11\ntags: [on, off, 1:30, 010, 2024-07-11]\n---\nx\n"
    assert read_story(write(tmp_path, text)).tags == ["on", "off", "1:30", "010", "2024-07-11"]


def test_an_empty_field_is_still_no_value(tmp_path):
    story = read_story(write(tmp_path, "---\ntitle: A\ndate: 2024-07-11\nauthor:\n---\nx\n"))
    assert story.author is None


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("title: !!binary aGVsbG8=", 2),
        ("author: !!int 5", 4),
        ("tags: [a, !!binary aGVsbG8=]", 4),
        ("tags:\n  - a\n  - !!bool yes", 6),
        ("summary: !!set {a, b}", 4),
        ("source: !thing x", 4),
    ],
)
def test_a_yaml_type_tag_in_a_field_is_an_error_at_its_line(tmp_path, field, line):
    if field.startswith("title"):
        text = f"---\n{field}\ndate: 2024-07-11\n---\nx\n"
    else:
        text = f"---\ntitle: A\ndate: 2024-07-11\n{field}\n---\nx\n"
    error = error_of(write(tmp_path, text))
    assert error.line == line and "type tag" in error.problem
    assert "!" in error.problem and "quotes" in error.fix


def test_the_str_tag_is_only_text(tmp_path):
    story = read_story(write(tmp_path, "---\ntitle: !!str yes\ndate: 2024-07-11\n---\nx\n"))
    assert story.title == "yes"


def test_written_front_matter_quotes_what_other_yaml_tools_would_not_read_as_text():
    written = write_front_matter({"title": "yes", "author": "Null", "tags": ["on", "hòa giải"]})
    assert 'title: "yes"' in written and 'author: "Null"' in written
    assert 'tags: ["on", "hòa giải"]' in written
    assert "author: Cao Thắng" in write_front_matter({"author": "Cao Thắng"})


# --- messages that say where --------------------------------------------------------------


def test_one_bad_byte_in_a_utf8_file_is_named_with_its_line_and_column(tmp_path):
    raw = "---\ntitle: Hòa giải\ndate: 2024-07-11\n---\nĐoạn một có chữ ".encode() + b"\xff sai.\n"
    error = error_of(write(tmp_path, raw))
    assert error.line == 5 and "byte 0xFF at line 5, column 17" in error.problem
    assert "Windows" not in str(error) and "legacy" not in str(error)


def test_a_bom_does_not_shift_the_column_of_a_bad_byte(tmp_path):
    raw = b"\xef\xbb\xbf---\ntitle: Hoa" + b"\xc3 giai\ndate: 2024-07-11\n---\nx\n"
    error = error_of(write(tmp_path, raw))
    assert error.line == 2 and "byte 0xC3 at line 2, column 11" in error.problem


def test_a_nul_character_in_a_utf8_file_is_named_with_its_line_and_column(tmp_path):
    body = "Hội nghị tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật năm 2024. " * 3
    raw = f"---\ntitle: Hòa giải\ndate: 2024-07-11\n---\n{body}\nHai\x00 ba.\n".encode()
    error = error_of(write(tmp_path, raw))
    assert error.line == 6 and "NUL" in error.problem and "line 6, column 4" in error.problem
    assert "Windows" not in str(error) and "binary" not in error.problem


def test_slug_without_letters_is_reported_at_the_slug_line(tmp_path):
    error = error_of(write(tmp_path, '---\ntitle: A\ndate: 2024-07-11\nslug: ".."\n---\nx\n'))
    assert error.line == 4 and "'slug'" in error.problem and "file name" not in error.problem


def test_a_list_inside_the_tags_is_reported_at_its_own_line(tmp_path):
    text = "---\ntitle: A\ndate: 2024-07-11\ntags:\n  - hòa giải\n  - [a, b]\n---\nx\n"
    error = error_of(write(tmp_path, text))
    assert error.line == 6 and "tag" in error.problem and "tags: [" in error.fix


def test_an_unclosed_quote_is_reported_where_it_opened(tmp_path):
    text = '---\ntitle: "Hội nghị\ndate: 2024-07-11\nauthor: A\nsummary: B\n---\nx\n'
    error = error_of(write(tmp_path, text))
    assert error.line == 2 and "quote" in error.problem


@pytest.mark.parametrize(
    ("written", "featured"),
    [("true", True), ("True", True), ("có", True), ("false", False), ("không", False)],
)
def test_featured_is_a_yes_or_no(tmp_path, written, featured):
    path = write(tmp_path, f"---\ntitle: A\ndate: 2024-07-11\nfeatured: {written}\n---\nx\n")
    assert read_story(path).featured is featured


def test_featured_that_is_neither_yes_nor_no_is_an_error_at_its_line(tmp_path):
    error = error_of(write(tmp_path, "---\ntitle: A\ndate: 2024-07-11\nfeatured: maybe\n---\nx\n"))
    assert error.line == 4 and "neither true nor false" in error.problem
