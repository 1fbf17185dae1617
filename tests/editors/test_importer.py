"""`invoke import`: old-portal articles (copied text, saved HTML) become stories."""

from __future__ import annotations

import ast
import graphlib
import io
import os
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from rich.console import Console

from vnportal.editors.importer.batch import (
    FAILED,
    IMPORTED,
    SKIPPED,
    UNCHANGED,
    format_report,
    import_files,
    parse_file,
)
from vnportal.editors.importer.html import parse_html, sanitise
from vnportal.editors.importer.story import render_story, story_slug
from vnportal.editors.importer.text import parse_text
from vnportal.editors.importer.text_rules import is_caption_like, parse_date_line, propose_tags
from vnportal.model.errors import ContentError
from vnportal.model.frontmatter import read_story, split, write_front_matter
from vnportal.model.vietnamese import TIMEZONE, slugify

from ..corpus import ROOT

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "seed-000.txt"  # byte for byte ../shared/seed/000_612e2d80eee976f9.txt
PAGE = DATA / "old-portal-page.html"
SEED_SLUG = "tap-huan-ky-nang-nghiep-vu-pho-bien-giao-duc-phap-luat"
LEAD = (
    "Ngày 11-7, Phó Giám đốc Sở Tư pháp tỉnh Tiền Giang Đặng Thị Phụng chủ trì Hội nghị "
    "tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật."
)
CAPTIONS = ["Các đại biểu làm việc tại Hội nghị.", "Các đại biểu tham dự hội nghị."]
KEYWORDS = {
    "hòa giải ở cơ sở": ["hòa giải ở cơ sở"],
    "tập huấn": ["tập huấn"],
    "phổ biến, giáo dục pháp luật": ["phổ biến, giáo dục pháp luật"],
}


def text_story(body: str, date_line: str = "Thứ Năm, 11/07/2024, 11:17 (GMT+7)") -> str:
    return f"{date_line}\n\nTiêu đề bài viết\n\n(ABO) Lời dẫn của bài.\n\n{body}\n\nCAO THẮNG\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def cp1258(text: str) -> bytes:
    """Text as old Vietnamese Windows files hold it: base letter, then the tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    encoded = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        tone = "".join(c for c in decomposed if c in tones)
        encoded += (char if char.encode("cp1258", "ignore") else base + tone).encode("cp1258")
    return encoded


def settings_file(tmp_path: Path) -> Path:
    path = tmp_path / "importconf.py"
    (tmp_path / "content").mkdir(exist_ok=True)  # Pelican insists that it exists
    path.write_text(
        f"PATH = {str(tmp_path / 'content')!r}\nIMPORT_TAG_KEYWORDS = {KEYWORDS!r}\n",
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED, KEYWORDS)


def test_seed_title_date_author_and_source(seed):
    assert seed.title == "Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật"
    assert seed.date == datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE)
    assert seed.has_time
    assert seed.author == "Cao Thắng"
    assert seed.source == "ABO"
    assert seed.lead == LEAD


def test_seed_paragraphs_and_both_captions(seed):
    assert len(seed.paragraphs) == 5
    assert [figure.caption for figure in seed.figures] == CAPTIONS
    assert seed.paragraphs[2].markdown.startswith("Hội nghị đặt ra các yêu cầu")
    # A leading '*' is text, not a list item.
    assert seed.paragraphs[-1].markdown.startswith("\\* Ngay sau hội nghị cấp tỉnh")


def test_seed_renders_nfc_markdown_with_todo_placeholders(seed):
    text = render_story(seed)
    assert unicodedata.is_normalized("NFC", text)
    assert text.count("<!-- TODO ảnh: chép ảnh vào content/images/2024/07/") == 2
    for caption in CAPTIONS:
        assert f"\n*{caption}*\n" in text
    assert "CAO THẮNG" not in text and "(ABO)" not in text
    assert "\n.\n" not in text and "\u00a0" not in text
    fields = split(text, Path("x.md")).fields
    assert fields["date"] == "2024-07-11 11:17 +07:00"
    assert fields["tags"] == ["tập huấn", "phổ biến, giáo dục pháp luật", "hòa giải ở cơ sở"]


def test_seed_matches_the_hand_made_story(seed, tmp_path):
    hand = read_story(ROOT / "content/vi/2024/07/tap-huan-ky-nang-pbgdpl.md")
    imported = read_story(write(tmp_path, "a.md", render_story(seed)))
    for name in ("title", "date", "author", "summary"):
        assert getattr(imported, name) == getattr(hand, name), name
    assert imported.extra["source"] == hand.extra["source"]

    def paragraphs(body: str) -> list[str]:
        return [p for p in body.split("\n\n") if p.strip() and p[0] not in "!<*"]

    assert paragraphs(imported.body.strip()) == paragraphs(hand.body.strip())


def test_imported_seed_builds(seed, build_corpus):
    output = build_corpus({f"vi/2024/07/{SEED_SLUG}.md": render_story(seed)})
    page = BeautifulSoup(
        (output / f"2024/07/{SEED_SLUG}/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.find("h1").get_text() == seed.title
    assert page.find(class_="story-lead").get_text() == LEAD
    assert [em.get_text() for em in page.select(".prose em")] == CAPTIONS
    assert page.find("a", rel="author").get_text() == "Cao Thắng"
    assert "TODO" not in str(page)  # the to-do stays in the Markdown, not on the page


# ---------------------------------------------------------------- text details


@pytest.mark.parametrize(
    ("line", "expected", "has_time"),
    [
        ("Thứ Năm, 11/07/2024, 11:17 (GMT+7)", datetime(2024, 7, 11, 11, 17), True),
        ("11:29, 11/07/2024", datetime(2024, 7, 11, 11, 29), True),
        ("09/4/2021", datetime(2021, 4, 9), False),
        ("11-07-2024", datetime(2024, 7, 11), False),
        ("Thứ Năm, 11/7/2024 - 11h17", datetime(2024, 7, 11, 11, 17), True),
        ("Cập nhật: 11/07/2024 04:17 (GMT+0)", datetime(2024, 7, 11, 11, 17), True),
    ],
)
def test_date_line_shapes(line, expected, has_time):
    found = parse_date_line(line, "a.txt")
    assert found is not None
    assert found.moment == expected.replace(tzinfo=TIMEZONE)
    assert found.has_time is has_time
    assert not found.warning


def test_a_sentence_with_a_date_is_not_a_date_line():
    assert parse_date_line("Quyết định 428/QĐ-TTg ngày 18-4-2019 của Thủ tướng", "a") is None
    assert parse_date_line("Ngày 11-7, Sở Tư pháp tổ chức hội nghị.", "a") is None


def test_date_only_story_is_dated_by_day_and_says_so():
    story = parse_text(text_story("Nội dung của bài viết.", "09/4/2021"))
    assert split(render_story(story), Path("x")).fields["date"] == "2021-04-09"
    assert any("no time of day" in note for note in story.missing)


def test_wrong_weekday_is_reported():
    story = parse_text(text_story("Nội dung.", "Thứ Hai, 11/07/2024, 11:17 (GMT+7)"))
    assert any("another weekday" in note for note in story.missing)


def test_copy_noise_is_cleaned_and_reported():
    text = (
        "Thứ Năm,  11/07/2024, 11:17 (GMT+7)\n.\nChia sẻ\nTiêu\u200b đề  bài\u00a0viết\n\n"
        "(ABO) Lời  dẫn.\n\nBình luận (0)\n\nĐoạn một có  hai khoảng trắng.\n..\n\n"
        "NGỌC HÂN\n\nTin liên quan\nMột tin khác\nHai tin khác\n"
    )
    story = parse_text(unicodedata.normalize("NFD", text))
    assert story.title == "Tiêu đề bài viết"
    assert story.lead == "Lời dẫn."
    assert [p.markdown for p in story.paragraphs] == ["Đoạn một có hai khoảng trắng."]
    assert story.author == "Ngọc Hân"
    notes = " · ".join(story.cleaned)
    for expected in (
        "2 lines of stray punctuation",
        "doubled spaces",
        "'Chia sẻ'",
        "'Bình luận (0)'",
        "3 lines of 'related stories' cut",
        "NFD",
    ):
        assert expected in notes


def test_hard_wrapped_lines_are_joined():
    story = parse_text(text_story("Hội nghị được tổ chức nhằm triển khai\nthực hiện kịp thời."))
    assert [p.markdown for p in story.paragraphs] == [
        "Hội nghị được tổ chức nhằm triển khai thực hiện kịp thời."
    ]


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Các đại biểu tham dự hội nghị.", True),
        ("Quang cảnh hội nghị. Ảnh: CAO THẮNG", True),
        ("- Một là tăng cường tuyên truyền.", False),
        ("Địa điểm: Hội trường UBND tỉnh.", False),
        ("Vì sao phải hòa giải?", False),
        ("Hội nghị kết thúc. Các đại biểu ra về.", False),
        ("tiếp theo của câu trước.", False),
        (" ".join(["chữ"] * 21).capitalize(), False),
    ],
)
def test_caption_heuristic(line, caption):
    assert is_caption_like(line) is caption


def test_a_short_last_line_is_a_paragraph_not_a_caption():
    story = parse_text(text_story("Một đoạn văn dài của bài.\n\nHội nghị kết thúc."))
    assert not story.figures
    assert len(story.paragraphs) == 2


def test_text_that_looks_like_markup_stays_text(build_corpus):
    body = (
        "<script>alert(1)</script> và &amp; vẫn là chữ.\n\n# Không phải tiêu đề.\n\n"
        "1. Không phải danh sách.\n\nĐường dẫn {static}/images/khong-co.jpg là chữ."
    )
    story = parse_text(text_story(body))
    output = build_corpus({"vi/2024/07/a.md": render_story(story)})
    page = BeautifulSoup(
        (output / "2024/07/a/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    prose = page.find(class_="prose")
    assert not prose.find(["script", "h1", "h2", "ol"])
    texts = [p.get_text() for p in prose.find_all("p")]
    assert texts[0] == "<script>alert(1)</script> và &amp; vẫn là chữ."
    assert texts[1:] == [
        "# Không phải tiêu đề.",
        "1. Không phải danh sách.",
        "Đường dẫn {static}/images/khong-co.jpg là chữ.",
    ]


def test_byline_with_a_role_and_a_missing_byline():
    assert parse_text(
        text_story("Nội dung.").replace("CAO THẮNG", "Tin, ảnh: CAO THẮNG")
    ).author == ("Cao Thắng")
    story = parse_text(text_story("Nội dung.").replace("CAO THẮNG", "Theo báo Ấp Bắc."))
    assert story.author is None
    assert any("no author" in note for note in story.missing)


def test_tags_ignore_tone_style_case_and_diacritics():
    keywords = {"hòa giải ở cơ sở": ["hòa giải ở cơ sở"], "tập huấn": ["tập huấn"]}
    assert propose_tags("HOÀ GIẢI Ở CƠ SỞ", "", "", keywords) == ["hòa giải ở cơ sở"]
    assert propose_tags("Tin", "", "tap huan va hoa giai o co so", keywords) == [
        "hòa giải ở cơ sở",
        "tập huấn",
    ]
    many = {f"thẻ {n}": [f"từ{n}"] for n in range(9)}
    assert len(propose_tags("", "", " ".join(f"từ{n}" for n in range(9)), many)) == 5


def test_slug_is_shortened_at_a_word_boundary():
    title = "Hội nghị tổng kết công tác phổ biến, giáo dục pháp luật và hòa giải ở cơ sở năm 2024"
    slug = story_slug(title)
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slugify(title).startswith(slug + "-")
    assert story_slug("Đặng Thị Phụng") == "dang-thi-phung"


def test_front_matter_writer_round_trips():
    fields = {
        "title": 'Tiêu đề: "trích" # không phải chú thích',
        "date": datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE),
        "author": "Cao Thắng",
        "source": "yes",
        "tags": ["phổ biến, giáo dục pháp luật", "hòa giải"],
        "summary": 'Dòng\tcó ký tự điều khiển \\ và dấu "',
        "category": None,
    }
    text = write_front_matter(fields)
    assert "author: Cao Thắng\n" in text and "category" not in text
    read = split(text + "\nThân bài.\n", Path("x.md")).fields
    assert read == {
        **{k: v for k, v in fields.items() if v is not None},
        "date": "2024-07-11 11:17 +07:00",
    }


# ---------------------------------------------------------------- HTML pages


@pytest.fixture(scope="module")
def page():
    return parse_file(PAGE, {"hội thi": ["hội thi"], "hòa giải viên": ["hòa giải viên"]})


def test_html_metadata(page):
    assert page.title == "Hòa giải viên giỏi năm 2024"  # the <h1>, not og:title
    assert page.date == datetime(2024, 9, 20, 8, 5, tzinfo=TIMEZONE)
    assert page.modified == datetime(2024, 9, 20, 15, 30, tzinfo=TIMEZONE)
    assert page.author == "Ngọc Hân"
    assert page.source == "ABO"
    assert page.lead.startswith("Sở Tư pháp phối hợp Ủy ban Mặt trận Tổ quốc")
    assert page.tags == ["hòa giải viên", "hội thi"]
    assert any("section was 'Pháp luật'" in note for note in page.missing)


def test_html_body_is_clean_markdown(page):
    text = render_story(page)
    body = text.split("\n---\n", 1)[1]
    for unwanted in (
        "javascript",
        "onclick",
        "onerror",
        "alert(1)",
        "alert(2)",
        "adsbygoogle",
        "Quảng cáo",
        "Chia sẻ",
        "Zalo",
        "Tin liên quan",
        "window.",
        "iframe",
        "color:red",
        "NGỌC HÂN",
        "Báo Ấp Bắc ©",
    ):
        assert unwanted not in body, unwanted
    assert "[Luật Hòa giải ở cơ sở](https://baoapbac.example/van-ban/luat-hoa-giai.html)" in body
    assert "và văn bản hướng dẫn." in body  # the javascript: link lost its address only
    assert "[stp@tiengiang.gov.vn](mailto:stp@tiengiang.gov.vn)" in body
    assert "**hơn 200**" in body
    assert "### Kết quả\n\n- Giải nhất: huyện Chợ Gạo\n- Giải nhì: thành phố Mỹ Tho" in body
    assert "&lt;script>alert(3)&lt;/script> ở đây chỉ là chữ." in body


def test_html_photos_become_placeholders_with_their_old_address(page):
    assert [(f.caption, f.src, f.alt) for f in page.figures] == [
        (
            "Đội thi huyện Chợ Gạo đạt giải nhất.",
            "https://baoapbac.example/uploads/2024/09/doi-thi.jpg",
            "Đội thi huyện Chợ Gạo",
        ),
        (
            "Lãnh đạo Sở Tư pháp trao giải cho các đội.",
            "https://baoapbac.example/uploads/2024/09/trao-giai.jpg",
            "Trao giải",
        ),
    ]
    assert "Ảnh gốc: https://baoapbac.example/uploads/2024/09/doi-thi.jpg" in render_story(page)
    assert any("share widget" in note and "ad" in note for note in page.cleaned)


def test_imported_page_builds_without_anything_unsafe(page, build_corpus):
    output = build_corpus({"vi/2024/09/hoi-thi.md": render_story(page)})
    html = (output / "2024/09/hoi-thi/index.html").read_text(encoding="utf-8")
    prose = BeautifulSoup(html, "html.parser").find(class_="prose")
    assert not prose.find(["script", "iframe", "img"])
    assert not [t for t in prose.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert all(a["href"].startswith(("https:", "mailto:")) for a in prose.find_all("a"))
    assert prose.find("table") is None and prose.find("ul") is not None


def test_sanitiser_allow_list():
    clean = sanitise(
        '<p onclick="x()">a <a href="javascript:alert(1)">b</a> <a href="/c">c</a>'
        '<img src="x.jpg" onerror="y()"><span style="color:red">d</span></p>'
        '<script>alert(1)</script><div class="x">e</div>',
        "https://old.example/tin/",
    )
    assert clean == (
        '<p>a <a>b</a> <a href="https://old.example/c">c</a>'
        '<img src="https://old.example/tin/x.jpg">d</p>e'
    )
    assert 'href="/c"' not in sanitise('<a href="/c">c</a>', "")  # no base: no relative links


def test_html_caption_beside_a_photo_keeps_the_text_around_it():
    story = parse_html(
        '<article><h1>Tin</h1><time datetime="2024-07-11"></time><div class="article-body">'
        '<p>Đoạn đầu.</p><p><img src="https://old.example/a.jpg"></p>'
        '<p class="caption">Chú thích ảnh.</p><p>Đoạn sau.</p></div></article>'
    )
    assert [type(b).__name__ for b in story.blocks] == ["Block", "Figure", "Block"]
    assert story.figures[0].caption == "Chú thích ảnh."
    assert [p.markdown for p in story.paragraphs] == ["Đoạn đầu.", "Đoạn sau."]
    assert not story.has_time


def test_html_without_machine_dates_uses_a_date_line():
    story = parse_html(
        "<html><body><article><h1>Tin ngắn</h1><p>Thứ Năm, 11/07/2024, 11:17 (GMT+7)</p>"
        "<p>Lời dẫn của tin.</p><p>Thân bài của tin.</p></article></body></html>"
    )
    assert story.date == datetime(2024, 7, 11, 11, 17, tzinfo=TIMEZONE)
    assert [p.markdown for p in story.paragraphs] == ["Lời dẫn của tin.", "Thân bài của tin."]


def test_html_without_a_date_or_title_fails_clearly():
    with pytest.raises(ContentError, match="no date line found"):
        parse_html("<article><h1>Tin</h1><p>Không có ngày.</p></article>", "tin.html")
    with pytest.raises(ContentError, match="no title found"):
        parse_html("<p>11/07/2024</p><p>Không có tiêu đề.</p>", "tin.html")


# ---------------------------------------------------------------- broken inputs


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trong.txt", b"", "the file is empty"),
        ("khoang-trang.txt", b"  \n\n \n", "the file is empty"),
        ("khong-ngay.txt", "Tiêu đề\n\nNội dung không có ngày.\n".encode(), "no date line found"),
        ("rac.txt", bytes(range(256)) * 8, "not text (it holds binary data)"),
        ("cu.txt", cp1258("11/07/2024\n\nHòa giải ở cơ sở\n"), "Windows-1258"),
        ("sai-ngay.txt", "31/02/2024\n\nTiêu đề\n".encode(), "not a real date"),
        ("rong.html", b"<html><body></body></html>", "no title found"),
    ],
)
def test_broken_inputs_fail_with_a_clear_error_naming_the_file(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    (report,) = import_files([path], tmp_path / "content")
    assert report.status == FAILED
    assert name in report.message and message in report.message
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").rglob("*.md"))


def test_no_date_line_error_says_how_to_fix_it(tmp_path):
    path = write(tmp_path, "bai.txt", "Tiêu đề\n\nNội dung.\n")
    with pytest.raises(ContentError) as caught:
        parse_file(path)
    assert str(caught.value).endswith(
        "no date line found — add one like 'Thứ Năm, 11/07/2024, 11:17 (GMT+7)' at the top"
    )


def test_a_page_declaring_a_legacy_charset_is_read_in_it(tmp_path):
    html = (
        '<html><head><meta charset="windows-1258"></head><body><article><h1>Hòa giải</h1>'
        '<time datetime="2024-07-11T11:17:00+07:00"></time><p>Nội dung hòa giải.</p>'
        "</article></body></html>"
    )
    story = parse_file(write(tmp_path, "cu.html", cp1258(html)))
    assert story.title == "Hòa giải"
    assert unicodedata.is_normalized("NFC", story.paragraphs[0].markdown)


# ---------------------------------------------------------------- files and reports


def test_importing_twice_changes_nothing(tmp_path):
    content = tmp_path / "content"
    (first,) = import_files([SEED], content, tag_keywords=KEYWORDS)
    assert first.status == IMPORTED
    assert first.target == content / "vi/2024/07" / f"{SEED_SLUG}.md"
    before = first.target.read_bytes(), first.target.stat().st_mtime_ns
    (second,) = import_files([SEED], content, tag_keywords=KEYWORDS)
    assert (second.status, second.message) == (UNCHANGED, "already imported, unchanged")
    assert (first.target.read_bytes(), first.target.stat().st_mtime_ns) == before
    assert [p.name for p in content.rglob("*.md")] == [f"{SEED_SLUG}.md"]


def test_an_edited_import_is_never_overwritten(tmp_path):
    content = tmp_path / "content"
    (first,) = import_files([SEED], content)
    edited = first.target.read_text(encoding="utf-8") + "\nBiên tập viên đã sửa.\n"
    first.target.write_text(edited, encoding="utf-8")
    (again,) = import_files([SEED], content)
    assert again.status == SKIPPED and again.target == first.target
    assert "same title and date" in again.message
    assert first.target.read_text(encoding="utf-8") == edited
    assert len(list(content.rglob("*.md"))) == 1


def test_a_story_already_in_content_under_another_name_is_not_imported_again(tmp_path):
    content = tmp_path / "content"
    hand_made = content / "vi/2024/07/tap-huan-ky-nang-pbgdpl.md"
    hand_made.parent.mkdir(parents=True)
    hand_made.write_bytes((ROOT / "content/vi/2024/07/tap-huan-ky-nang-pbgdpl.md").read_bytes())
    (report,) = import_files([SEED], content)
    assert report.status == SKIPPED and report.target == hand_made
    assert not (content / "vi/2024/07" / f"{SEED_SLUG}.md").exists()


def test_another_story_with_the_same_file_name_gets_the_next_name(tmp_path):
    content = tmp_path / "content"
    one = write(tmp_path, "one.txt", text_story("Bài thứ nhất."))
    two = write(tmp_path, "two.txt", text_story("Bài thứ hai.", "12/07/2024 08:00"))
    reports = import_files([one, two], content)
    assert [r.target.name for r in reports] == ["tieu-de-bai-viet.md", "tieu-de-bai-viet-2.md"]
    again = import_files([one, two], content)
    assert [r.status for r in again] == [UNCHANGED, UNCHANGED]


def test_report_says_what_was_found_and_what_was_not(tmp_path):
    broken = write(tmp_path, "hong.txt", "Không có ngày\n")
    reports = import_files([SEED, PAGE, broken], tmp_path / "content", tag_keywords=KEYWORDS)
    text = format_report(reports)
    assert f"seed-000.txt → {tmp_path}/content/vi/2024/07/{SEED_SLUG}.md: imported" in text
    assert "found: date 2024-07-11 11:17 +07:00" in text
    assert "author Cao Thắng" in text and "lead (source ABO)" in text
    assert "not recovered: no category" in text
    assert "2 photos to add by hand (search the file for 'TODO ảnh')" in text
    assert "cleaned: 4 lines of stray punctuation ('.')" in text
    assert "hong.txt: failed\n  " in text and "no date line found" in text
    assert text.endswith("3 files: 2 imported, 1 failed")


def test_progress_bar_for_many_files(tmp_path):
    files = [
        write(tmp_path, f"{n}.txt", text_story(f"Bài {n}.", f"1{n}/07/2024")) for n in range(5)
    ]
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)
    reports = import_files(files, tmp_path / "content", console=terminal)
    assert [r.status for r in reports] == [IMPORTED] * 5
    assert "Importing" in screen.getvalue()
    quiet = io.StringIO()
    import_files(files, tmp_path / "content", console=Console(file=quiet))  # not a terminal
    assert quiet.getvalue() == ""
    few = io.StringIO()
    import_files(files[:3], tmp_path / "content", console=Console(file=few, force_terminal=True))
    assert few.getvalue() == ""


# ---------------------------------------------------------------- command lines


def run(command: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run from a folder outside the repository, as an editor would."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, check=False, env=environment
    )


def test_python_module_command_line(tmp_path):
    settings = settings_file(tmp_path)
    broken = write(tmp_path, "hong.txt", b"")
    command = [sys.executable, "-m", "vnportal", "import", "--settings", str(settings)]
    result = run([*command, str(SEED), str(broken)], tmp_path)
    assert result.returncode == 1
    assert f"{SEED_SLUG}.md: imported" in result.stdout
    assert "hong.txt: failed" in result.stdout and "the file is empty" in result.stdout
    assert (tmp_path / "content/vi/2024/07" / f"{SEED_SLUG}.md").is_file()


def test_invoke_import_takes_several_files(tmp_path):
    invoke = Path(sys.executable).with_name("invoke")
    settings = settings_file(tmp_path)
    base = [str(invoke), "--search-root", str(ROOT), "import"]
    result = run([*base, str(SEED), "--settings", str(settings), str(PAGE)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": imported") == 2
    assert result.stdout.strip().endswith("2 files: 2 imported")
    again = run([*base, str(SEED), str(PAGE), "--settings", str(settings)], tmp_path)
    assert again.returncode == 0 and again.stdout.strip().endswith("2 files: 2 unchanged")
    help_text = run([*base, "--help"], tmp_path)
    assert help_text.returncode == 0 and "invoke import a.txt b.html" in help_text.stdout
    nothing = run(base, tmp_path)
    assert nothing.returncode == 2 and "Name one or more files" in nothing.stderr


# ---------------------------------------------------------------- the package


def test_the_importer_modules_import_one_another_without_a_cycle():
    package = "vnportal.editors.importer"
    modules = {path.stem: path for path in (ROOT / package.replace(".", "/")).glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):  # also inside functions
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(filter(None, [base, node.module]))
                targets += [module, *(f"{module}.{alias.name}" for alias in node.names)]
        inside = {t[len(package) + 1 :].split(".")[0] for t in targets if t.startswith(package)}
        graph[name] = inside & modules.keys()
    assert any(graph.values())
    list(graphlib.TopologicalSorter(graph).static_order())  # CycleError names the cycle
