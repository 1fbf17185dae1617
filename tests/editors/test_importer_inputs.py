"""`invoke import` on every kind of input: saved pages with photos, saved sites,
feeds, WordPress exports; the overrides; safety on hostile and huge inputs;
the report; and a bulk import of a generated 1,000-page site that builds."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vnportal.build.settings import read_base_settings
from vnportal.build.site import build_site
from vnportal.check import check_content
from vnportal.editors.importer.batch import (
    FAILED,
    IMPORTED,
    PAGE_MAX_BYTES,
    SKIPPED,
    UNCHANGED,
    Overrides,
    format_report,
    import_files,
    write_csv,
)
from vnportal.editors.importer.html import parse_html
from vnportal.model.frontmatter import read_story, split

from ..corpus import ROOT, write_corpus

DATA = Path(__file__).parents[1] / "data"
CORPUS = DATA / "import"
SAVED = CORPUS / "pages" / "saved-complete" / "Tin ABO.html"
FEEDS = CORPUS / "feeds"
PNG = (CORPUS / "pages" / "saved-complete" / "Tin ABO_files" / "hoi-nghi.png").read_bytes()


def stories(content: Path) -> list[Path]:
    return sorted(content.rglob("*.md"))


def check_errors(content: Path, settings: Path) -> list[str]:
    report = check_content(content, read_base_settings(settings))
    return [problem for problem in report.problems if ": error:" in str(problem)]


# ---------------------------------------------------------------- photos


def test_a_page_saved_complete_brings_its_photos(tmp_path):
    content = tmp_path / "content"
    (report,) = import_files([SAVED], content)
    assert report.status == IMPORTED
    text = report.target.read_text(encoding="utf-8")
    folder = "images/2024/07"
    assert (
        f"![Quang cảnh lớp tập huấn]({{static}}/{folder}/"
        'tap-huan-hoa-giai-vien-co-so-tai-huyen-1.png "Quang cảnh lớp tập huấn hòa giải viên.")'
    ) in text
    assert f"({{static}}/{folder}/tap-huan-hoa-giai-vien-co-so-tai-huyen-2.png" in text
    # The photo the page did not save stays a to-do with its caption.
    assert text.count("TODO ảnh") == 1 and "*Lãnh đạo huyện phát biểu bế mạc" in text
    copied = sorted(path.name for path in (content / folder).iterdir())
    assert copied == [
        "tap-huan-hoa-giai-vien-co-so-tai-huyen-1.png",
        "tap-huan-hoa-giai-vien-co-so-tai-huyen-2.png",
    ]
    assert all(name.isascii() for name in copied)
    assert (content / folder / copied[0]).read_bytes() == PNG
    assert report.details["photos"] == "2/3"
    # Again: nothing changes, no second copy of the photos.
    (again,) = import_files([SAVED], content)
    assert again.status == UNCHANGED
    assert sorted(path.name for path in (content / folder).iterdir()) == copied


def test_a_photo_file_already_there_is_never_replaced(tmp_path):
    content = tmp_path / "content"
    taken = content / "images/2024/07/tap-huan-hoa-giai-vien-co-so-tai-huyen-1.png"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"another photo")
    (report,) = import_files([SAVED], content)
    assert taken.read_bytes() == b"another photo"
    text = report.target.read_text(encoding="utf-8")
    assert "tap-huan-hoa-giai-vien-co-so-tai-huyen-1-2.png" in text


def test_photos_outside_the_input_folder_or_not_photos_are_left_alone(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    folder = tmp_path / "trang"
    folder.mkdir()
    (folder / "script.png").write_text("<svg onload=alert(1)>", encoding="utf-8")
    page = folder / "tin.html"
    page.write_text(
        '<article><h1>Tin có ảnh lạ</h1><time datetime="2024-07-11T08:00">11/07/2024 08:00</time>'
        '<div class="article-body"><p>Một đoạn văn đủ dài của bài viết để nhập.</p>'
        '<p><img src="../secret.png" alt="Ảnh ngoài thư mục"></p><p><em>Chú thích một.</em></p>'
        '<p><img src="script.png" alt="Không phải ảnh"></p><p><em>Chú thích hai.</em></p>'
        "<p>Đoạn cuối của bài.</p></div></article>",
        encoding="utf-8",
    )
    (report,) = import_files([page], tmp_path / "content")
    assert report.status == IMPORTED
    assert not (tmp_path / "content" / "images").exists()
    assert report.target.read_text(encoding="utf-8").count("TODO ảnh") == 2


# ---------------------------------------------------------------- the whole corpus builds


def test_every_corpus_story_passes_the_checker_and_builds(tmp_path):
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".html", ".txt"))
    settings = write_corpus(tmp_path, {})
    content = tmp_path / "content"
    reports = import_files(files, content, overrides=Overrides())
    assert [r.source.name for r in reports if r.status == FAILED] == ["nodate.txt"]
    assert len(stories(content)) == len(files) - 1
    assert check_errors(content, settings) == []
    build_site(settings, tmp_path / "output")
    assert (
        tmp_path / "output/2024/07/tap-huan-hoa-giai-vien-co-so-tai-huyen-cho-gao/index.html"
    ).is_file()
    page = tmp_path / "output/2024/07/tap-huan-hoa-giai-vien-co-so-tai-huyen-cho-gao/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<figcaption>Quang cảnh lớp tập huấn hòa giải viên.</figcaption>" in html
    assert "alert(" not in html


# ---------------------------------------------------------------- feeds and exports


def test_rss_items_become_stories(tmp_path):
    content = tmp_path / "content"
    reports = import_files([FEEDS / "rss.xml"], content)
    assert [r.status for r in reports] == [IMPORTED, IMPORTED, FAILED]
    first = read_story(reports[0].target)
    assert first.title == "Phổ biến Luật Hòa giải ở cơ sở cho cán bộ ấp"  # entities decoded once
    assert first.date.isoformat() == "2024-07-11T11:17:00+07:00"  # +0000 in the feed
    assert first.author == "Cao Thắng"
    assert first.category == "Phổ biến, giáo dục pháp luật"
    assert "alert" not in reports[0].target.read_text(encoding="utf-8")
    assert "onclick" not in reports[0].target.read_text(encoding="utf-8")
    assert any("summary only" in note for note in reports[1].missing)
    assert "--date" in reports[2].problem and reports[2].item == "#3 Tin không có ngày"
    again = import_files([FEEDS / "rss.xml"], content)
    assert [r.status for r in again] == [UNCHANGED, UNCHANGED, FAILED]


def test_atom_entries_become_stories(tmp_path):
    (report,) = import_files([FEEDS / "atom.xml"], tmp_path / "content")
    story = read_story(report.target)
    assert story.author == "Hà Thu" and story.summary.startswith("Câu lạc bộ có 30 thành viên")
    assert story.date.isoformat() == "2024-07-12T08:00:00+07:00"


def test_a_wordpress_export_gives_its_posts_with_their_photos(tmp_path):
    content = tmp_path / "content"
    reports = import_files([FEEDS / "wordpress.xml"], content)
    assert [(r.status, r.message) for r in reports if r.status == SKIPPED] == [
        (SKIPPED, "not a story: an attachment (a photo's record)"),
        (SKIPPED, "not a story: a page, not a news story"),
        (SKIPPED, "not a story: not published (status 'draft')"),
    ]
    imported = [r for r in reports if r.status == IMPORTED]
    assert len(imported) == 2
    post = read_story(imported[0].target)
    assert post.author == "Ngọc Hân"  # the display name, not the login
    assert post.date.isoformat() == "2024-07-11T11:17:00+07:00"
    assert post.summary == "Ngày hội pháp luật xã Mỹ Phong thu hút hơn 300 người dân tham gia."
    body = imported[0].target.read_text(encoding="utf-8")
    assert (
        "![Ngày hội pháp luật]({static}/images/2024/07/xa-my-phong-to-chuc-ngay-hoi-phap-luat-1.png"
        ' "Người dân tham gia trò chơi ô chữ pháp luật.")'
    ) in body
    assert "[caption" not in body and "[gallery" not in body
    assert body.index("Sáng 11-7") < body.index("Gian hàng sách") < body.index("Ngày hội khép lại")
    assert read_story(imported[1].target).author is None  # 'admin' is nobody's name


# ---------------------------------------------------------------- a saved site


def saved_site(folder: Path, articles: int, photo: bool = True) -> Path:
    """A folder as `wget --mirror` leaves it: articles, listings, a tag page, a contact page."""
    site = folder / "stp.example.gov.vn"
    (site / "tin-tuc").mkdir(parents=True)
    (site / "uploads").mkdir()
    if photo:
        (site / "uploads" / "anh.png").write_bytes(PNG)
    links = []
    for number in range(articles):
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        name = f"tin-tuc/bai-{number}.html"
        links.append(
            f'<li><a href="/{name}">Bài số {number} về phổ biến giáo dục pháp luật</a></li>'
        )
        picture = (
            '<figure><img src="/uploads/anh.png" alt="Quang cảnh buổi tuyên truyền">'
            f"<figcaption>Quang cảnh buổi tuyên truyền số {number}.</figcaption></figure>"
            if photo and number % 10 == 0
            else ""
        )
        (site / name).write_text(
            f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Tuyên truyền pháp luật đợt {number} | Sở Tư pháp</title>
<meta property="og:site_name" content="Sở Tư pháp"></head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc/">Tin tức</a></li></ul></nav>
<div class="news-detail"><h1 class="news-title">Tuyên truyền pháp luật đợt {number}
tại xã số {number % 40}</h1>
<div class="news-date">{day:02d}/{month:02d}/2023 08:{number % 60:02d}</div>
<div class="news-sapo">Đoàn báo cáo viên của Sở Tư pháp tuyên truyền pháp luật
đợt {number} cho người dân.</div>
<div class="news-content"><p>Buổi tuyên truyền đợt {number} tập trung vào quy định
về hòa giải ở cơ sở, đất đai và hôn nhân gia đình, với nhiều tình huống thực tế
tại địa phương.</p>{picture}
<p>Người dân được phát tài liệu hỏi đáp pháp luật và được giải đáp trực tiếp các thắc mắc.</p>
<p style="text-align:right"><strong>NGỌC HÂN</strong></p></div></div>
<aside class="sidebar"><h3>Tin mới</h3><ul>{"".join(links[-5:])}</ul></aside>
</body></html>""",
            encoding="utf-8",
        )
    (site / "tin-tuc" / "index.html").write_text(
        "<html><head><title>Tin tức | Sở Tư pháp</title></head><body><h1>Tin tức</h1>"
        f"<ul class='list-news'>{''.join(links[:30])}</ul></body></html>",
        encoding="utf-8",
    )
    (site / "tag").mkdir()
    (site / "tag" / "hoa-giai.html").write_text(
        "<html><head><title>Tag: hòa giải</title></head><body><h1>Tag: hòa giải</h1>"
        f"<ul>{''.join(links[:8])}</ul></body></html>",
        encoding="utf-8",
    )
    (site / "lien-he.html").write_text(
        "<html><head><title>Liên hệ | Sở Tư pháp</title></head><body><h1>Liên hệ</h1>"
        "<p>Địa chỉ: số 1 đường Hùng Vương. Điện thoại: 0273 000 000.</p></body></html>",
        encoding="utf-8",
    )
    (site / "style.css").write_text("body{}", encoding="utf-8")
    return folder


def test_a_saved_site_imports_its_articles_and_says_why_it_skips_the_rest(tmp_path):
    folder = saved_site(tmp_path / "mirror", 12)
    content = tmp_path / "content"
    notes: list[str] = []
    reports = import_files([folder], content, notes=notes)
    by_name = {r.source.relative_to(folder / "stp.example.gov.vn").as_posix(): r for r in reports}
    assert len(by_name) == 15  # 12 articles, a listing, a tag page, a contact page
    assert {name for name, r in by_name.items() if r.status == IMPORTED} == {
        f"tin-tuc/bai-{n}.html" for n in range(12)
    }
    assert "a tag page" in by_name["tag/hoa-giai.html"].message
    assert "a contact page" in by_name["lien-he.html"].message
    assert "listing" in by_name["tin-tuc/index.html"].message
    assert "15 pages of a saved site (stp.example.gov.vn); 2 other files" in notes[0]
    story = read_story(by_name["tin-tuc/bai-0.html"].target)
    assert story.author == "Ngọc Hân"
    text = by_name["tin-tuc/bai-0.html"].target.read_text(encoding="utf-8")
    assert "{static}/images/2023/01/tuyen-truyen-phap-luat-dot-0-tai-xa-so-0-1.png" in text
    assert "<!-- Địa chỉ cũ: https://stp.example.gov.vn/tin-tuc/bai-0.html -->" in text


def test_a_bulk_import_of_a_1000_page_site_reports_every_page_and_builds(tmp_path):
    folder = saved_site(tmp_path / "mirror", 1000)
    settings = write_corpus(tmp_path, {})
    content = tmp_path / "content"
    reports = import_files([folder], content)
    assert len(reports) == 1003
    assert sum(r.status == IMPORTED for r in reports) == 1000
    assert sum(r.status == SKIPPED for r in reports) == 3
    report = format_report(reports, csv_path=tmp_path / "report.csv")
    assert report.endswith("1003 files: 1000 imported, 3 skipped")
    write_csv(reports, tmp_path / "report.csv")
    with (tmp_path / "report.csv").open(encoding="utf-8-sig") as file:
        assert len(list(csv.DictReader(file))) == 1003
    assert check_errors(content, settings) == []
    build_site(settings, tmp_path / "output")
    assert len(list((tmp_path / "output").glob("2023/*/*/index.html"))) == 1000


# ---------------------------------------------------------------- what the editor gives


def test_without_a_date_the_file_stops_naming_date_and_the_others_go_on(tmp_path):
    nodate = CORPUS / "texts" / "nodate.txt"
    reports = import_files([nodate, SAVED], tmp_path / "content")
    assert [r.status for r in reports] == [FAILED, IMPORTED]
    assert "--date" in reports[0].problem and "\n" not in reports[0].problem
    (dated,) = import_files(
        [nodate], tmp_path / "content", overrides=Overrides.parse(date="2024-07-11 08:30")
    )
    assert dated.status == IMPORTED
    assert split(dated.target.read_text(encoding="utf-8"), dated.target).fields["date"] == (
        "2024-07-11 08:30 +07:00"
    )


def test_overrides_win_over_what_was_found(tmp_path):
    overrides = Overrides.parse(
        author="Lê Na, Minh Anh",
        category="Hòa giải ở cơ sở",
        tags="hòa giải; phổ biến, giáo dục pháp luật",
        source="ABO",
        date="12/07/2024 09:00",
    )
    (report,) = import_files(
        [CORPUS / "pages" / "vnexpress.html"], tmp_path / "content", overrides=overrides
    )
    story = read_story(report.target)
    assert story.author == "Lê Na, Minh Anh"
    assert story.category == "Hòa giải ở cơ sở"
    assert story.tags == ["hòa giải", "phổ biến, giáo dục pháp luật"]
    assert story.extra["source"] == "ABO"
    assert story.date.isoformat() == "2024-07-12T09:00:00+07:00"
    assert any("by --date" in note for note in report.missing)
    with pytest.raises(ValueError, match="--date 'hôm qua' is not a date"):
        Overrides.parse(date="hôm qua")


def test_the_old_section_becomes_the_portals_category_when_they_match(tmp_path):
    content = tmp_path / "content"
    existing = content / "vi/2024/01/co-san.md"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        '---\ntitle: "Có sẵn"\ndate: 2024-01-01\n'
        'category: "Phổ biến, giáo dục pháp luật"\n---\n\nNội dung.\n',
        encoding="utf-8",
    )
    (report,) = import_files([CORPUS / "pages" / "wordpress-xa.html"], content)
    assert read_story(report.target).category == "Phổ biến, giáo dục pháp luật"
    (other,) = import_files([CORPUS / "pages" / "thanhnien.html"], content)
    assert read_story(other.target).category == "Giáo dục"
    assert any("is the old site's section" in note for note in other.missing)


def test_two_articles_with_one_title_on_one_day_both_survive(tmp_path):
    def page(lead: str) -> str:
        return (
            "<article><h1>Hội nghị tập huấn</h1><time datetime='2024-07-11T08:00+07:00'></time>"
            f"<p class='sapo'>{lead}</p><div class='article-body'><p>Nội dung chi tiết của "
            f"bài viết, {lead}</p></div></article>"
        )

    one = tmp_path / "mot.html"
    two = tmp_path / "hai.html"
    one.write_text(page("Huyện A tập huấn cho hòa giải viên các xã."), encoding="utf-8")
    two.write_text(page("Huyện B tập huấn cho báo cáo viên pháp luật."), encoding="utf-8")
    reports = import_files([one, two], tmp_path / "content")
    assert [r.status for r in reports] == [IMPORTED, IMPORTED]
    assert [r.target.name for r in reports] == ["hoi-nghi-tap-huan.md", "hoi-nghi-tap-huan-2.md"]
    assert [r.status for r in import_files([one, two], tmp_path / "content")] == [UNCHANGED] * 2


# ---------------------------------------------------------------- safety


def test_markup_in_a_title_or_lead_never_reaches_the_front_matter():
    story = parse_html(
        "<html><head><meta property='og:description' content='&lt;img src=x "
        "onerror=alert(1)&gt;Lời dẫn an toàn.'></head><body><article>"
        "<h1>&lt;script&gt;alert(2)&lt;/script&gt;Tiêu đề "
        "<b>đậm</b></h1><time datetime='2024-07-11T08:00'></time><div class='article-body'><p>Một "
        "đoạn văn của bài.</p></div></article></body></html>"
    )
    assert story.title == "Tiêu đề đậm"
    assert story.lead == "Lời dẫn an toàn."


def test_ten_thousand_nested_tags_import_without_a_traceback(tmp_path):
    deep = tmp_path / "sau.html"
    deep.write_text(
        "<article><h1>Tin lồng sâu</h1><time datetime='2024-07-11T08:00'></time>"
        "<div class='article-body'><p>Đoạn đầu của bài viết.</p><p>"
        + "<b>" * 10_000
        + "chữ đậm"
        + "</b>" * 10_000
        + "</p><p>Đoạn cuối.</p></div></article>",
        encoding="utf-8",
    )
    reports = import_files([deep, SAVED], tmp_path / "content")
    assert [r.status for r in reports] == [IMPORTED, IMPORTED]
    assert "chữ đậm" in reports[0].target.read_text(encoding="utf-8")


def test_a_huge_page_is_refused_in_one_line_and_the_batch_goes_on(tmp_path):
    huge = tmp_path / "lon.html"
    with huge.open("w", encoding="utf-8") as file:
        file.write("<article><h1>Trang rất lớn</h1>")
        paragraph = "<p>" + "chữ " * 250 + "</p>\n"
        while file.tell() <= PAGE_MAX_BYTES:
            file.write(paragraph * 100)
    reports = import_files([huge, SAVED], tmp_path / "content")
    assert [r.status for r in reports] == [FAILED, IMPORTED]
    assert "more than the importer reads (8 MB)" in reports[0].problem


def test_the_readers_cost_grows_linearly_with_the_page(tmp_path):
    def page(paragraphs: int) -> str:
        body = "".join(
            f"<div class='box'><p>Đoạn {n} có <b>chữ đậm</b> và <a href='/x{n}'>liên kết</a>.</p>"
            f"<figure><img src='/a{n}.jpg' alt='Ảnh {n}'><figcaption>Chú thích {n}.</figcaption>"
            "</figure></div>"
            for n in range(paragraphs)
        )
        return (
            "<html><body><article><h1>Trang dài</h1><time datetime='2024-07-11T08:00'></time>"
            f"<div class='article-body'>{body}</div></article></body></html>"
        )

    def work(paragraphs: int) -> int:
        """Python function calls made reading the page: a count, the same on every machine."""
        text = page(paragraphs)
        calls = 0

        def count(frame, event, arg):
            nonlocal calls
            calls += event == "call"

        sys.setprofile(count)
        try:
            parse_html(text)
        finally:
            sys.setprofile(None)
        return calls

    small, large = work(500), work(2000)
    assert large < small * 5  # four times the page: about four times the work, not sixteen


def test_a_broken_input_is_one_line_and_never_a_traceback(tmp_path, monkeypatch):
    from vnportal.editors.importer import batch

    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(batch, "parse_file", explode)
    reports = import_files([CORPUS / "texts" / "moj.txt"], tmp_path / "content")
    assert reports[0].status == FAILED
    assert reports[0].problem.startswith("the importer could not read it (RecursionError")
    assert "Traceback" not in format_report(reports)


# ---------------------------------------------------------------- the report and the command line


def test_summary_table_and_csv_report(tmp_path):
    inputs = [SAVED, CORPUS / "texts" / "nodate.txt", FEEDS / "wordpress.xml"]
    reports = import_files(inputs, tmp_path / "content")
    text = format_report(reports, csv_path=tmp_path / "bao-cao.csv")
    assert "\nSummary\n  imported        3\n  unchanged       0\n  skipped         3" in text
    assert "  failed          1" in text
    assert "Not recovered, in the imported stories" in text
    assert text.endswith("7 inputs: 3 imported, 3 skipped, 1 failed")
    write_csv(reports, tmp_path / "bao-cao.csv")
    with (tmp_path / "bao-cao.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["title"] == "Tập huấn hòa giải viên cơ sở tại huyện Chợ Gạo"
    assert rows[0]["authors"] == "Ngọc Hân" and rows[0]["photos"] == "2/3"
    assert rows[0]["old address"].startswith("https://baoapbac.vn/phap-luat/202407/")
    assert rows[1]["status"] == "failed" and "--date" in rows[1]["problem"]


def test_invoke_import_with_a_folder_a_feed_and_options(tmp_path):
    folder = saved_site(tmp_path / "mirror", 3, photo=False)
    settings = tmp_path / "importconf.py"
    (tmp_path / "content").mkdir()
    settings.write_text(f"PATH = {str(tmp_path / 'content')!r}\n", encoding="utf-8")
    invoke = Path(sys.executable).with_name("invoke")
    command = [str(invoke), "--search-root", str(ROOT), "import", str(folder)]
    command += [str(FEEDS / "atom.xml"), "--settings", str(settings), "--category", "Sự kiện"]
    command += ["--report", str(tmp_path / "r.csv")]
    result = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("7 inputs: 4 imported, 3 skipped")
    assert "Report for the editor (one row per input): r.csv" in result.stdout
    assert (tmp_path / "r.csv").is_file()
    imported = stories(tmp_path / "content")
    assert len(imported) == 4
    assert all(read_story(path).category == "Sự kiện" for path in imported)
