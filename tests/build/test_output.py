"""Bringing output/ up to date in place: what stays, what goes, what moves in."""

from __future__ import annotations

from vnportal.build.output import SEARCH, update_in_place
from vnportal.model.sources import path_of, stat_lines


def test_an_update_of_the_search_index_alone_leaves_every_other_file(tmp_path):
    """A rewrite of story text remakes one search part: only that part's old files go."""
    output, staging = tmp_path / "output", tmp_path / "staging"
    old = {
        "index.html": "trang chủ",
        "2024/07/tap-huan/index.html": "bài",
        "en/2024/07/training/index.html": "story",
        "images/2024/07/hoi-nghi-800.avif": "ảnh",
        "share/abc.png": "thẻ",
        "sitemap.xml": "sơ đồ",
        "pagefind/vi.json": "danh sách",
        "pagefind/vi/2023/fragment/vi_1.pf_fragment": "năm 2023",
        "pagefind/vi/2024/fragment/vi_old.pf_fragment": "năm 2024, cũ",
    }
    for relpath, text in old.items():
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_text(text, encoding="utf-8")
    new_part = "pagefind/vi/2024/fragment/vi_new.pf_fragment"
    (staging / new_part).parent.mkdir(parents=True)
    (staging / new_part).write_text("năm 2024, mới", encoding="utf-8")
    kept_search = {"pagefind/vi.json": "", "pagefind/vi/2023/fragment/vi_1.pf_fragment": ""}
    files = update_in_place(output, staging, stat_lines(output), {SEARCH: (kept_search, 0)})
    root = str(output) + "/"
    assert [path_of(line)[len(root) :] for line in files] == sorted(
        [relpath for relpath in old if relpath != "pagefind/vi/2024/fragment/vi_old.pf_fragment"]
        + [new_part]
    )
    assert files == stat_lines(output)
    assert (output / "2024/07/tap-huan/index.html").read_text(encoding="utf-8") == "bài"


def test_a_rewrite_on_a_compressed_site_drops_only_the_forms_of_what_it_replaced(tmp_path):
    output, staging = tmp_path / "output", tmp_path / "staging"
    old = [
        "2024/07/tap-huan/index.html",
        "2024/07/tap-huan/index.html.br",
        "2024/07/tap-huan/index.html.gz",
        "index.html",
        "index.html.gz",
        "pagefind-cu.txt",  # sorts just before the search folder, and is no part of it
        "pagefind/vi.json",
        "pagefind/vi.json.gz",
        "pagefind/vi/2024/fragment/vi_old.pf_fragment",
        "pagefind0.txt",  # sorts just after it
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    for relpath in old:
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_text(relpath, encoding="utf-8")
    made = ["2024/07/tap-huan/index.html", "pagefind/vi/2024/fragment/vi_new.pf_fragment"]
    for relpath in made:
        (staging / relpath).parent.mkdir(parents=True, exist_ok=True)
        (staging / relpath).write_text("mới", encoding="utf-8")
    kept_search = ({"pagefind/vi.json": ""}, 0)
    files = update_in_place(
        output, staging, stat_lines(output), {SEARCH: kept_search}, compressed=True
    )
    root = str(output) + "/"
    gone = {
        "2024/07/tap-huan/index.html.br",  # forms of the old page
        "2024/07/tap-huan/index.html.gz",
        "pagefind/vi/2024/fragment/vi_old.pf_fragment",  # of the part made again
    }
    left = sorted(set(old) - gone | set(made))
    assert [path_of(line)[len(root) :] for line in files] == left
    assert files == stat_lines(output)
    assert (output / "2024/07/tap-huan/index.html").read_text(encoding="utf-8") == "mới"
    assert (output / "pagefind-cu.txt").read_text(encoding="utf-8") == "pagefind-cu.txt"


def test_a_rewritten_page_of_a_site_without_compressed_forms_is_found_by_its_place(tmp_path):
    """The files outside the search folder stay as they were walked, but for the page
    rewritten: its new size and time, and a file whose name only begins like it kept."""
    output, staging = tmp_path / "output", tmp_path / "staging"
    old = {
        "2024/07/tap-huan/index.html": "bài cũ",
        "2024/07/tap-huan/index.html.bak": "bản lưu của biên tập viên",
        "2024/07/tap-huan-2/index.html": "bài khác",
        "pagefind/vi.json": "danh sách",
        "tags/phap-luat.rss.xml": "nguồn tin",
    }
    for relpath, text in old.items():
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_text(text, encoding="utf-8")
    before = stat_lines(output)
    rewritten = ["2024/07/tap-huan/index.html", "tags/phap-luat.rss.xml"]
    for relpath in rewritten:
        (staging / relpath).parent.mkdir(parents=True, exist_ok=True)
        (staging / relpath).write_text("bài mới, dài hơn", encoding="utf-8")
    files = update_in_place(output, staging, before, {SEARCH: ({"pagefind/vi.json": ""}, 0)})
    assert files == stat_lines(output)
    assert len(files) == len(old)
    changed = sorted(set(files) - set(before))
    assert [path_of(line)[len(str(output)) + 1 :] for line in changed] == rewritten
    assert (output / "2024/07/tap-huan/index.html.bak").read_text(encoding="utf-8") == (
        "bản lưu của biên tập viên"
    )
