"""The content checker: one line per problem, errors apart from warnings, nothing twice."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.check import CheckReport, Problem, check_content
from vnportal.model.errors import BuildError
from vnportal.model.frontmatter import ACCEPTED_DATES, guess_encoding

from ..corpus import ROOT, story, write_corpus

BASE = read_base_settings(ROOT / "pelicanconf.py")
HEAD = "---\ntitle: Tin\ndate: 2024-07-11 11:17 +07:00\n"


def check(tmp_path: Path, files: dict[str, str | bytes], *, fix: bool = False) -> CheckReport:
    write_corpus(tmp_path, files)
    return check_content(tmp_path / "content", BASE, fix=fix)


def lines(report: CheckReport) -> list[str]:
    return [str(problem) for problem in report.problems]


def only(report: CheckReport) -> Problem:
    assert len(report.problems) == 1, lines(report)
    return report.problems[0]


def test_sample_content_has_no_problems():
    report = check_content(ROOT / "content", BASE)
    assert lines(report) == []
    assert report.files > 20 and report.summary().startswith("0 errors, 0 warnings")


def test_problem_reads_file_line_severity_what_and_fix():
    problem = Problem("content/vi/2024/07/x.md", 3, "error", "what is wrong", "how to fix")
    assert str(problem) == "content/vi/2024/07/x.md:3: error: what is wrong — how to fix"


def test_summary_counts_errors_warnings_and_files(tmp_path):
    report = check(
        tmp_path,
        {
            "vi/a.md": "---\ndate: 2024-07-11\n---\nx\n",
            "vi/b.md": story(note="x"),
            "vi/c.md": story(),
        },
    )
    assert report.summary() == "1 error, 1 warning in 3 files"


def test_missing_title_is_an_error_at_line_two_and_empty_date_at_its_line(tmp_path):
    report = check(tmp_path, {"vi/2024/07/a.md": '---\ndate: ""\n---\nx\n'})
    assert lines(report) == [
        "content/vi/2024/07/a.md:2: error: the story has no title — "
        "add a line 'title: …' to the front matter",
        "content/vi/2024/07/a.md:2: error: 'date' is empty — write the date after 'date:', "
        f"written as {ACCEPTED_DATES}",
    ]


def test_page_needs_no_date(tmp_path):
    assert check(tmp_path, {"vi/pages/gioi-thieu.md": "---\ntitle: A\n---\nx\n"}).problems == []


def test_misspelt_required_field_is_told_once_with_the_right_name(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": "---\ntilte: Tin\ndate: 2024-07-11\n---\nx\n"}))
    assert (problem.line, problem.severity) == (2, "error")
    assert "'tilte'" in problem.what and "rename 'tilte' to 'title'" in problem.fix


@pytest.mark.parametrize(
    ("key", "meant"),
    [("sumary", "summary"), ("Tags", "tags"), ("từ khoá", "tags"), ("tác giả", "author")],
)
def test_unknown_field_close_to_a_known_one_is_an_error_saying_which(tmp_path, key, meant):
    problem = only(check(tmp_path, {"vi/a.md": HEAD + f"{key}: x\n---\nx\n"}))
    assert (problem.line, problem.severity) == (4, "error")
    assert problem.what == f"unknown field '{key}'" and f"did you mean '{meant}'?" in problem.fix


def test_unknown_field_with_no_likely_meaning_is_a_warning(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": HEAD + "ghi chú: x\n---\nx\n"}))
    assert problem.severity == "warning" and "title, date" in problem.fix


def test_unreadable_date_names_the_accepted_forms(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": story(date="11/07/2024")}))
    assert problem.line == 3 and "11/07/2024" in problem.what
    assert "2024-07-11 11:17 +07:00" in problem.fix


def test_yaml_syntax_error_gives_the_line_in_the_file(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": HEAD + 'summary: "a\ntags: [x]\n---\nx\n'}))
    assert "not valid YAML" in problem.what and problem.line >= 4


def test_invalid_file_is_reported_once_although_the_index_reads_it_too(tmp_path):
    report = check(tmp_path, {"vi/a.md": "---\ndate: 2024-07-11\n---\nx\n", "vi/b.md": story()})
    assert len(report.problems) == 1 and report.index is None


def test_two_stories_at_one_address_are_one_error_naming_both(tmp_path):
    report = check(
        tmp_path, {"vi/2024/07/a.md": story(slug="x"), "vi/2024/07/b.md": story(slug="x")}
    )
    problem = only(report)
    assert problem.path == "content/vi/2024/07/a.md and content/vi/2024/07/b.md"
    assert "/2024/07/x/" in problem.what and "slug" in problem.fix


def test_empty_body_is_an_error(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": HEAD + "---\n\n  \n"}))
    assert problem.what == "the story has no text" and problem.line == 4


def test_template_text_left_in_a_story_is_a_warning(tmp_path):
    body = "Đoạn mở đầu: việc gì, ở đâu, khi nào, ai tham dự.\n\nThân bài."
    problem = only(check(tmp_path, {"vi/a.md": story(body=body)}))
    assert problem.severity == "warning" and problem.line == 6


# --- images and links -------------------------------------------------------------------


def test_image_without_description_is_an_error_in_markdown_and_html(tmp_path):
    body = '![]({static}/images/a.svg)\n\n<img src="/images/a.svg">\n\n<img alt="Ảnh" src="x">'
    report = check(tmp_path, {"vi/a.md": story(body=body), "images/a.svg": "<svg/>"})
    assert [(p.line, p.severity) for p in report.problems] == [(6, "error"), (8, "error")]
    assert all("no description" in p.what for p in report.problems)


@pytest.mark.parametrize(
    ("target", "severity", "words"),
    [
        ("{static}/images/khong-co.svg", "error", "does not exist"),
        ("/images/khong-co.svg", "error", "does not exist"),
        ("images/a.svg", "error", "({static}/images/a.svg)"),
        ("https://example.com/a.jpg", "warning", "another site"),
    ],
)
def test_image_the_site_could_not_show_is_reported_at_its_line(tmp_path, target, severity, words):
    body = f"Đoạn.\n\n![Ảnh hội nghị]({target})"
    problem = only(check(tmp_path, {"vi/a.md": story(body=body), "images/a.svg": "<svg/>"}))
    assert (problem.line, problem.severity) == (8, severity)
    assert words in str(problem)


def test_every_broken_link_of_a_story_is_reported_not_only_the_first(tmp_path):
    body = "[a]({filename}/vi/khong-co.md)\n[b]({filename}/vi/cung-khong-co.md)"
    report = check(tmp_path, {"vi/a.md": story(body=body)})
    assert [p.line for p in report.problems] == [6, 7]


def test_link_to_an_address_without_a_page_is_an_error(tmp_path):
    body = (
        "[có](/2024/07/b/) [thẻ](/tags/hoa-giai/) [năm](/en/archives/2024/) [ảnh](/images/a.svg)\n"
        "[không có](/2024/07/khong-co/) [en](/en/2024/07/b/) [thẻ lạ](/tags/la/)"
    )
    report = check(
        tmp_path,
        {
            "vi/2024/07/a.md": story(body=body),
            "vi/2024/07/b.md": story(tags="[hòa giải]"),
            "en/2024/07/c.md": story(),
        },
    )
    assert [(p.line, p.what.split("'")[1]) for p in report.problems] == [
        (7, "/2024/07/khong-co/"),
        (7, "/en/2024/07/b/"),
        (7, "/tags/la/"),
    ]


def test_link_to_a_markdown_file_without_filename_is_an_error(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": story(body="[xem](../b.md)"), "vi/b.md": story()}))
    assert "{filename}" in problem.fix


# --- across languages -------------------------------------------------------------------


def test_story_in_one_language_only_is_fine(tmp_path):
    report = check(tmp_path, {"vi/2024/07/a.md": story(), "en/2024/07/b.md": story()})
    assert report.problems == []


def test_translation_key_no_other_file_shares_is_a_warning(tmp_path):
    problem = only(check(tmp_path, {"vi/2024/07/a.md": story(translation_key="hoi-nghi")}))
    assert problem.severity == "warning" and problem.line == 4
    assert "no English file has translation_key 'hoi-nghi'" in problem.what


def test_translation_at_another_path_is_a_warning_naming_the_original(tmp_path):
    report = check(tmp_path, {"vi/2024/07/a.md": story(), "en/2024/08/a.md": story()})
    problem = only(report)
    assert problem.path == "content/en/2024/08/a.md" and problem.severity == "warning"
    assert "content/vi/2024/07/a.md has the same name" in problem.what


def test_translation_with_another_date_is_a_warning(tmp_path):
    report = check(
        tmp_path,
        {"vi/2024/07/a.md": story(), "en/2024/07/a.md": story(date="2024-07-12 08:00")},
    )
    problem = only(report)
    assert (problem.path, problem.line) == ("content/en/2024/07/a.md", 3)
    assert "content/vi/2024/07/a.md (2024-07-11 11:17)" in problem.what


def test_same_moment_written_differently_is_the_same_date(tmp_path):
    report = check(
        tmp_path,
        {"vi/2024/07/a.md": story(), "en/2024/07/a.md": story(date="2024-07-11T04:17:00Z")},
    )
    assert report.problems == []


# --- tag spellings ----------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["hoa giai", "hoà giai", "Hoa Giải"])
def test_tag_with_accents_missing_is_a_warning_naming_the_fuller_spelling(tmp_path, variant):
    report = check(
        tmp_path,
        {
            "vi/a.md": story(tags="[hòa giải]"),
            "vi/b.md": story(tags="[hòa giải]"),
            "vi/c.md": story(tags=f"[{variant}]"),
        },
    )
    problem = only(report)
    assert (problem.path, problem.line, problem.severity) == ("content/vi/c.md", 4, "warning")
    assert f"'{variant}' looks like 'hòa giải'" in problem.what
    assert "used in 2 stories" in problem.what and "write 'hòa giải'" in problem.fix


def test_fuller_spelling_is_suggested_even_when_used_less(tmp_path):
    files = {f"vi/{n}.md": story(tags="[hoa giai]") for n in "abc"}
    problems = check(tmp_path, {**files, "vi/d.md": story(tags="[hòa giải]")}).problems
    assert len(problems) == 3 and all("write 'hòa giải'" in p.fix for p in problems)


def test_tone_style_and_case_variants_are_one_tag_not_a_problem(tmp_path):
    files = {"vi/a.md": story(tags="[hòa giải]"), "vi/b.md": story(tags="[Hoà Giải]")}
    assert check(tmp_path, files).problems == []


def test_words_that_differ_in_their_letters_are_not_variants(tmp_path):
    # ăn (eat) and ân (grace): same without diacritics, both fully written words.
    files = {"vi/a.md": story(tags="[ăn]"), "vi/b.md": story(tags="[ân]")}
    assert check(tmp_path, files).problems == []


def test_category_and_author_variants_are_reported_too(tmp_path):
    report = check(
        tmp_path,
        {
            "vi/a.md": story(category="Hòa giải", author="Cao Thắng"),
            "vi/b.md": story(category="Hoa giai", author="Cao Thang"),
        },
    )
    assert [p.what.split("'")[:2] for p in report.problems] == [
        ["the category ", "Hoa giai"],
        ["the author ", "Cao Thang"],
    ]


# --- text encoding ----------------------------------------------------------------------


def test_decomposed_text_is_a_warning_and_fix_rewrites_it_in_nfc(tmp_path):
    title = unicodedata.normalize("NFD", "Hòa giải")
    text = "\ufeff" + story(title=title, body="Dòng.\r\n")
    report = check(tmp_path, {"vi/a.md": text.encode("utf-8")})
    problem = only(report)
    assert (problem.line, problem.severity) == (2, "warning") and "--fix" in problem.fix
    fixed = check(tmp_path, {}, fix=True)
    assert fixed.problems == [] and fixed.fixed == ["content/vi/a.md"]
    assert fixed.summary().endswith("; rewrote 1 file in NFC")
    after = (tmp_path / "content/vi/a.md").read_bytes()
    assert after == unicodedata.normalize("NFC", text).encode("utf-8")
    assert check(tmp_path, {}).problems == []


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: tones as combining marks
    where the code page has no precomposed letter."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


SENTENCE = "Hòa giải ở cơ sở, Việt Nam, Tiền Giang, pháp luật, Đặng Thị Phụng"
LEGACY = {
    "Windows-1258": b"---\ntitle: " + _cp1258(SENTENCE) + b"\n---\n",
    # Hòa = Ho+ø+a, giải = gia+û+i, ở = ô+û, Việt = Vie+ä+t, Đặng = Ñ+a+ë+ng ...
    "VNI": b"---\ntitle: Ho\xf8a gia\xfbi \xf4\xfb c\xf4 s\xf4\xfb, Vie\xe4t Nam, Tie\xe0n "
    b"Giang, pha\xf9p lua\xe4t, \xd1a\xebng Th\xf2 Phu\xefng\n---\n",
    # One byte a letter: ò = ß, ả = ¶, ở = ë, ơ = ¬, ệ = Ö, ề = Ò, á = ¸, ậ = Ë, Đ = §, ặ = Æ
    "TCVN3": b"---\ntitle: H\xdfa gi\xb6i \xeb c\xac s\xeb, Vi\xd6t Nam, Ti\xd2n Giang, "
    b"ph\xb8p lu\xcbt, \xa7\xc6ng Th\xde Ph\xf4ng\n---\n",
    "UTF-16": ("---\ntitle: " + SENTENCE + "\n---\n").encode("utf-16"),
    "Windows-1252": "---\ntitle: “Café” law\n---\n".encode("cp1252"),
}


@pytest.mark.parametrize("encoding", LEGACY)
def test_legacy_encoding_is_named_with_how_to_convert(tmp_path, encoding):
    problem = only(check(tmp_path, {"vi/a.md": LEGACY[encoding]}))
    assert problem.what.startswith("the file is not valid UTF-8 text")
    assert f"it looks like {encoding}" in problem.what and "UTF-8" in problem.fix


def test_utf16_without_byte_order_mark_is_recognised():
    raw = ("---\ntitle: " + SENTENCE + "\n---\n").encode("utf-16-le")
    assert guess_encoding(raw) == "UTF-16"


def test_vni_and_tcvn3_advice_names_the_unikey_source_encoding(tmp_path):
    assert "'VNI Windows'" in only(check(tmp_path, {"vi/a.md": LEGACY["VNI"]})).fix
    assert "'TCVN3 (ABC)'" in only(check(tmp_path, {"vi/a.md": LEGACY["TCVN3"]})).fix


def test_binary_file_is_not_taken_for_a_legacy_encoding():
    assert guess_encoding(bytes(range(256)) * 4) is None


# --- in the build and on the command line -----------------------------------------------


def test_build_stops_on_a_checker_error(build_corpus):
    with pytest.raises(BuildError) as caught:
        build_corpus({"vi/2024/07/a.md": HEAD + "sumary: x\n---\nx\n"})
    assert caught.value.problems == [
        "content/vi/2024/07/a.md:4: error: unknown field 'sumary' — "
        "did you mean 'summary'? Rename it to 'summary'"
    ]


def test_build_prints_warnings_and_goes_on(build_corpus, capfd):
    output = build_corpus(
        {"vi/2024/07/a.md": story(tags="[hòa giải]"), "vi/2024/07/b.md": story(tags="[hoa giai]")}
    )
    assert (output / "2024/07/b/index.html").is_file()
    assert "content/vi/2024/07/b.md:4: warning: the tag 'hoa giai'" in capfd.readouterr().err


def test_command_line_check_lists_problems_then_the_count_and_fails_on_errors(tmp_path):
    settings = write_corpus(tmp_path, {"vi/a.md": "---\ntitle: A\n---\nx\n", "vi/b.md": story()})
    result = subprocess.run(
        [sys.executable, "-m", "vnportal", "check", "--settings", str(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"content/vi/a.md:2: error: the story has no date — add a line 'date: …' to the front "
        f"matter, written as {ACCEPTED_DATES}",
        "1 error, 0 warnings in 2 files",
    ]


@pytest.mark.parametrize(
    "date", ["2024-07-11 11:17 +25:00", "2024-07-11 11:17 +23:99", "0001-01-01 00:00 +07:00"]
)
def test_date_out_of_range_is_one_problem_line_not_a_crash(tmp_path, date):
    problem = only(check(tmp_path, {"vi/a.md": story(date=date)}))
    assert (problem.line, problem.severity) == (3, "error") and date in problem.what


# --- what the editor typed --------------------------------------------------------------


def test_value_other_yaml_tools_read_as_a_boolean_or_number_is_a_warning_to_quote_it(tmp_path):
    text = "---\ntitle: yes\ndate: 2024-07-11\ntags: [on, hòa giải, 12:30]\n---\nx\n"
    report = check(tmp_path, {"vi/a.md": text})
    assert [(p.line, p.severity) for p in report.problems] == [(2, "warning")] + [
        (4, "warning")
    ] * 2
    first, _, last = report.problems
    assert "'yes'" in first.what and "true/false" in first.what and '"yes"' in first.fix
    assert "'12:30'" in last.what and "a number" in last.what


def test_quoted_values_and_dates_need_no_quotes_warning(tmp_path):
    text = '---\ntitle: "yes"\ndate: 2024-07-11\nmodified: 2024-07-12\ntags: ["on"]\n---\nx\n'
    assert check(tmp_path, {"vi/a.md": text}).problems == []


def test_binary_tag_in_a_field_is_an_error_at_its_line(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": HEAD + "author: !!binary aGVsbG8=\n---\nx\n"}))
    assert (problem.line, problem.severity) == (4, "error") and "!!binary" in problem.what


@pytest.mark.parametrize(
    ("field", "line", "named"),
    [
        ('title: "Tin \u202enóng"', 2, "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("tags:\n  - hòa giải\n  - tập\u200b huấn", 6, "U+200B (ZERO WIDTH SPACE)"),
        ("author: Cao\u2066 Thắng", 4, "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ('ghi_chu: "x\u200fy"', 4, "U+200F (RIGHT-TO-LEFT MARK)"),
    ],
)
def test_invisible_character_in_a_field_is_a_warning_at_its_line(tmp_path, field, line, named):
    if field.startswith("title"):
        text = f"---\n{field}\ndate: 2024-07-11\n---\nx\n"
    else:
        text = f"{HEAD}{field}\n---\nx\n"
    report = check(tmp_path, {"vi/a.md": text})
    hidden = [p for p in report.problems if "no one can see" in p.what]
    assert len(hidden) == 1 and (hidden[0].line, hidden[0].severity) == (line, "warning")
    assert named in hidden[0].what


def test_a_zero_width_space_in_a_tag_makes_no_second_tag_page(tmp_path):
    files = {
        "vi/a.md": story(tags="[tập huấn]"),
        "vi/b.md": story(tags="[tập huấn]"),
        "vi/c.md": story(tags="[tập\u200b huấn]"),
    }
    index = check(tmp_path, files).index
    assert index is not None and index.slugs["vi:tag"] == {"tập huấn": "tap-huan"}
    assert index.spelling("vi", "tag", "tập\u200b huấn") == "tập huấn"


# --- where the problem is ---------------------------------------------------------------


def test_slug_without_letters_is_one_error_at_the_slug_line(tmp_path):
    problem = only(check(tmp_path, {"vi/a.md": story(slug='".."')}))
    assert (problem.line, problem.severity) == (4, "error")
    assert "'slug'" in problem.what and "file name" not in problem.what


@pytest.mark.parametrize(
    ("image", "words"),
    [("images/khong-co.jpg", "does not exist"), ("../../../etc/passwd", "outside content/")],
)
def test_lead_image_problem_is_reported_at_the_image_line(tmp_path, image, words):
    problem = only(check(tmp_path, {"vi/a.md": story(image=image, image_alt="Ảnh")}))
    assert (problem.line, problem.severity) == (4, "error") and words in problem.what


def test_bad_byte_in_a_utf8_story_is_not_blamed_on_a_legacy_encoding(tmp_path):
    raw = story(body="Đoạn một.\nCó chữ sai ở đây.").encode().replace(b"sai", b"s\xe1i")
    problem = only(check(tmp_path, {"vi/a.md": raw}))
    assert problem.line == 7 and "byte 0xE1 at line 7, column 9" in problem.what
    assert "legacy" not in str(problem) and "Windows" not in str(problem)


def test_bad_event_data_is_an_error_with_file_and_line(tmp_path):
    text = HEAD + "event:\n  start: 2024-07-11 08:00\n  end: 2024-07-10 17:00\n---\nx\n"
    problem = only(check(tmp_path, {"vi/2024/07/a.md": text}))
    assert (problem.line, problem.severity) == (6, "error")
    assert "ends" in problem.what and "before it starts" in problem.what


def test_misspelt_event_key_is_an_error_suggesting_the_right_one(tmp_path):
    text = HEAD + "event:\n  start: 2024-07-11\n  locaton: Mỹ Tho\n---\nx\n"
    problem = only(check(tmp_path, {"vi/2024/07/a.md": text}))
    assert problem.line == 6 and "did you mean 'location'?" in problem.fix


def test_a_story_without_category_is_a_warning_naming_the_default_it_gets(tmp_path):
    report = check(
        tmp_path,
        {
            "vi/a.md": story(category="Sự kiện"),
            "vi/b.md": story(),
            "en/c.md": story(category="Events"),
            "en/d.md": story(),
        },
    )
    assert lines(report) == [
        "content/en/d.md:2: warning: the story has no category, so it is filed under “News”"
        " — add a line 'category: …' naming one of the site's categories"
        " (“News” is PORTAL_DEFAULT_CATEGORY in pelicanconf.py)",
        "content/vi/b.md:2: warning: the story has no category, so it is filed under “Tin tức”"
        " — add a line 'category: …' naming one of the site's categories"
        " (“Tin tức” is PORTAL_DEFAULT_CATEGORY in pelicanconf.py)",
    ]


def test_a_language_without_any_category_is_not_warned_story_by_story(tmp_path):
    assert check(tmp_path, {"vi/a.md": story(), "vi/b.md": story(title="Khác")}).problems == []


def test_a_default_category_setting_without_a_language_is_an_error(tmp_path):
    write_corpus(tmp_path, {"vi/a.md": story()})
    settings = {**BASE, "PORTAL_DEFAULT_CATEGORY": {"vi": "Tin tức", "en": " "}}
    report = check_content(tmp_path / "content", settings)
    assert [(p.path, p.severity) for p in report.problems] == [("pelicanconf.py", "error")]
    assert "language 'en'" in report.problems[0].what


def test_a_topic_no_story_has_is_a_warning_at_its_line_in_the_table(tmp_path):
    report = check(
        tmp_path,
        {
            "topics.yml": "tags:\n  hòa giải: mediation\n  tập huấn: trainings\n",
            "vi/a.md": story(tags="[hòa giải, tập huấn]"),
            "en/a.md": story(tags="[mediation, training]"),
        },
    )
    assert lines(report) == [
        "content/topics.yml:3: warning: no English story has the tag 'trainings'"
        " — write it as the stories spell their tag, or remove the line",
    ]


def test_a_pair_guessed_from_translations_is_a_note_for_the_table(tmp_path):
    report = check(
        tmp_path,
        {
            "vi/a.md": story(tags="[tập huấn]"),
            "en/a.md": story(tags="[training]"),
        },
    )
    assert report.problems == []  # the build uses it as it is
    assert [str(note) for note in report.notes] == [
        "content/topics.yml: note: guessed from the translated stories: the tag 'tập huấn'"
        " is 'training' in English — to confirm it, add the line 'tập huấn: training' under"
        " 'tags:'; if it is wrong, add the right pair",
    ]
    assert report.summary() == "0 errors, 0 warnings in 2 files; 1 topic pair guessed"


def test_a_bad_topic_table_is_an_error_at_its_line(tmp_path):
    report = check(
        tmp_path,
        {
            "topics.yml": "tags:\n  hòa giải: mediation\n  hoà giải: conciliation\n",
            "vi/a.md": story(),
        },
    )
    assert [(p.path, p.line, p.severity) for p in report.problems] == [
        ("content/topics.yml", 3, "error")
    ]


def test_command_line_check_lists_guessed_topic_pairs_and_passes(tmp_path):
    files = {"vi/a.md": story(tags="[tập huấn]"), "en/a.md": story(tags="[training]")}
    settings = write_corpus(tmp_path, files)
    result = subprocess.run(
        [sys.executable, "-m", "vnportal", "check", "--settings", str(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    lines_shown = result.stdout.splitlines()
    assert lines_shown[0].startswith("content/topics.yml: note: guessed from the translated")
    assert "'tập huấn: training'" in lines_shown[0]
    assert lines_shown[1] == "0 errors, 0 warnings in 2 files; 1 topic pair guessed"


def test_contacts_file_problems_are_errors_at_their_lines(tmp_path):
    contacts = (
        "functions:\n  vi: Tham mưu.\n  en: Advises.\n"
        "units:\n  - name:\n      vi: Văn phòng\n      en: Office\n"
        "    emial: vp@tiengiang\n"
    )
    report = check(tmp_path, {"contacts.yml": contacts, "vi/a.md": story()})
    assert [(p.path, p.line, p.severity) for p in report.problems] == [
        ("content/contacts.yml", 8, "error")
    ]
    assert "unknown key 'emial'" in lines(report)[0]
    assert "did you mean 'email'?" in lines(report)[0]
