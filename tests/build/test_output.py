"""Bringing output/ up to date in place: what stays, what goes, what moves in."""

from __future__ import annotations

from vnportal.build.output import SEARCH, update_in_place
from vnportal.model.sources import walk_files


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
    files = update_in_place(output, staging, walk_files(output), {SEARCH: (kept_search, 0)})
    root = str(output) + "/"
    assert [path[len(root) :] for path, _, _ in files] == sorted(
        [relpath for relpath in old if relpath != "pagefind/vi/2024/fragment/vi_old.pf_fragment"]
        + [new_part]
    )
    assert files == walk_files(output)
    assert (output / "2024/07/tap-huan/index.html").read_text(encoding="utf-8") == "bài"
