"""Incremental builds give exactly the output of a cold build, after every kind of edit."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from vnportal.build.site import BuildReport, build_site
from vnportal.model.errors import BuildError

from ..corpus import ROOT, story
from ..photo_files import camera_photo

SEED = "vi/2024/07/tap-huan-ky-nang-pbgdpl.md"
LONELY = "vi/2025/03/hoi-thi-hoa-giai-vien-gioi.md"  # has no English version
PHOTO = "images/2024/07/hoi-nghi-tap-huan.jpg"
PLAN = "vi/van-ban/ke-hoach-15-kh-stp-2024.md"  # a document with a PDF and a Word file
PLAN_PDF = "files/2024/ke-hoach-15-kh-stp.pdf"  # the seed story's lead photo, in both languages


class Site:
    """A copy of the sample portal with its own settings, cache and output."""

    def __init__(self, root: Path, base: str = "pelicanconf") -> None:
        self.root = root
        self.base = base  # the settings it starts from: publishconf to publish
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "theme", root / "theme")
        self.settings = root / "conf.py"
        self.write_settings()

    def write_settings(self, extra: str = "") -> None:
        self.settings.write_text(
            f"from {self.base} import *  # noqa: F403\n"
            f"PATH = {str(self.root / 'content')!r}\n"
            f"THEME = {str(self.root / 'theme')!r}\n"
            f"PLUGIN_PATHS = [{str(ROOT)!r}]\n"
            f"CACHE_PATH = {str(self.root / 'cache')!r}\n" + extra,
            encoding="utf-8",
        )

    def file(self, relative: str) -> Path:
        return self.root / "content" / relative

    def edit(self, relative: str, change: Callable[[str], str]) -> None:
        path = self.file(relative)
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    def build(self, output: str = "output", *, use_cache: bool = True) -> BuildReport:
        return build_site(self.settings, self.root / output, use_cache=use_cache)

    def cold(self) -> Path:
        """A build from nothing: no cache, no previous output."""
        shutil.rmtree(self.root / "cold", ignore_errors=True)
        self.build("cold", use_cache=False)
        return self.root / "cold"


def tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes, and every folder (so that an empty one left behind shows)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"<folder>"
        for p in root.rglob("*")
    }


def assert_same_site(incremental: Path, cold: Path) -> None:
    ours, reference = tree(incremental), tree(cold)
    assert sorted(ours) == sorted(reference)
    assert [name for name in reference if ours[name] != reference[name]] == []


@pytest.fixture
def site(tmp_path) -> Site:
    site = Site(tmp_path)
    site.build()
    return site


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


EDITS: dict[str, Callable[[Site], None]] = {
    "body": lambda s: s.edit(SEED, lambda t: t + "\nMột câu mới ở cuối bài.\n"),
    "title": lambda s: s.edit(SEED, replace('title: "', 'title: "Đã sửa - ')),
    "summary": lambda s: s.edit(SEED, replace('summary: "', 'summary: "Tóm tắt mới. ')),
    "tag added": lambda s: s.edit(SEED, replace("tags: [", "tags: [thẻ mới, ")),
    "category": lambda s: s.edit(LONELY, replace('category: "', 'category: "Chuyên mục mới ')),
    "date": lambda s: s.edit(SEED, replace("date: 2024-07-11", "date: 2024-07-12")),
    "new story": lambda s: s.file("vi/2026/11/moi.md").write_text(
        story("Tin mới nhất", date="2026-11-20 08:00", tags="[hòa giải ở cơ sở]"),
        encoding="utf-8",
    ),
    "story deleted": lambda s: s.file(LONELY).unlink(),
    "translation added": lambda s: (
        s.file(LONELY.replace("vi/", "en/")).parent.mkdir(parents=True, exist_ok=True),
        s.file(LONELY.replace("vi/", "en/")).write_text(
            story("Mediators' contest", date="2025-03-14 08:00"), encoding="utf-8"
        ),
    ),
    "event moved": lambda s: s.edit(
        SEED, replace("start: 2024-07-11 08:00", "start: 2024-07-11 07:30")
    ),
    "event cancelled": lambda s: s.edit(
        "vi/2026/11/thong-bao-hoi-thi-hoa-giai-vien-2026.md",
        replace("  participants: 220", "  participants: 220\n  status: cancelled"),
    ),
    "event added": lambda s: s.edit(
        "vi/2023/09/hoa-giai-tranh-chap-loi-di.md",
        replace("\n---\n", "\nevent:\n  start: 2023-09-10\n  participants: 12\n---\n"),
    ),
    "build date": lambda s: s.write_settings('PORTAL_BUILD_DATE = "2026-12-20"\n'),
    "page": lambda s: s.edit("vi/pages/gioi-thieu.md", replace('title: "', 'title: "Về ')),
    "stylesheet": lambda s: (s.root / "theme/static/css/site.css").write_text(
        (s.root / "theme/static/css/site.css").read_text() + "\n.x { color: red; }\n"
    ),
    "template": lambda s: s.edit("../theme/templates/article.html", lambda t: t + "\n"),
    "settings": lambda s: s.write_settings('SITENAME = "Tên mới của trang"\n'),
    "photo replaced": lambda s: s.file(PHOTO).write_bytes(camera_photo((1600, 1000))),
    "photo turned": lambda s: s.file(PHOTO).write_bytes(camera_photo(orientation=6)),
    "photo added": lambda s: (
        s.file("images/2026/11/moi.jpg").write_bytes(camera_photo((900, 600))),
        s.file("vi/2026/11/anh.md").write_text(
            story(
                "Tin có ảnh",
                date="2026-11-21 08:00",
                image="images/2026/11/moi.jpg",
                image_alt="Ảnh mới",
            ),
            encoding="utf-8",
        ),
    ),
    "lead photo became a drawing": lambda s: s.edit(
        SEED, replace(PHOTO, "images/2023/09/to-hoa-giai-loi-di.svg")
    ),
    "document edited": lambda s: s.edit(PLAN, replace("number: 15/KH-STP", "number: 16/KH-STP")),
    "document added": lambda s: s.file("vi/van-ban/moi.md").write_text(
        s.file(PLAN).read_text(encoding="utf-8").replace("amended_by:", "replaces:"),
        encoding="utf-8",
    ),
    "document removed": lambda s: s.file("vi/van-ban/thong-bao-30-tb-stp-2026.md").unlink(),
    # Stories cite this law (11/2017/QH14): their first mention becomes a link.
    "cited document added": lambda s: s.file("vi/van-ban/luat-tro-giup-phap-ly.md").write_text(
        "---\ntitle: Luật Trợ giúp pháp lý\ntype: Luật\nnumber: 11/2017/QH14\n"
        "issuer: Quốc hội\nissued: 2017-06-20\neffective: 2018-01-01\n"
        "status: còn hiệu lực\n---\n",
        encoding="utf-8",
    ),
    "cited document removed": lambda s: s.file("vi/van-ban/quyet-dinh-428-qd-ttg.md").unlink(),
    # Its title shows on the page of the document it amends.
    "amending document retitled": lambda s: s.edit(
        "vi/van-ban/ke-hoach-27-kh-stp-2024.md", replace("title: ", "title: Mới - ")
    ),
    "attachment replaced": lambda s: s.file(PLAN_PDF).write_bytes(
        s.file(PLAN_PDF).read_bytes().replace(b"Thoi Son", b"Tan Thoi")
    ),
    "attachment removed": lambda s: (
        s.edit(PLAN, replace(", files/2024/ke-hoach-15-kh-stp-phu-luc.docx", "")),
        s.file("files/2024/ke-hoach-15-kh-stp-phu-luc.docx").unlink(),
    ),
    "announcement added": lambda s: s.edit(
        LONELY, replace("\n---\n", "\nannouncement: true\nvalid_until: 2099-01-01\n---\n")
    ),
    "build date past the notices": lambda s: s.write_settings('PORTAL_BUILD_DATE = "2026-12-16"\n'),
    # The home page's featured block lists stories other than the lead.
    # A library document's page lists the stories citing it.
    "story citing a library document added": lambda s: s.file("vi/2026/11/trich.md").write_text(
        story(
            "Triển khai Quyết định 315/QĐ-TTg",
            date="2026-11-22 08:00",
            body="Sở Tư pháp triển khai Quyết định số 315/QĐ-TTg tại các xã.",
        ),
        encoding="utf-8",
    ),
    "featured added": lambda s: s.edit(LONELY, replace("\n---\n", "\nfeatured: true\n---\n")),
    # The topic table pairs tag pages across the languages (switcher, hreflang).
    "topic pairs swapped": lambda s: s.edit(
        "topics.yml",
        lambda t: replace("văn hóa: culture", "văn hóa: road safety")(
            replace("an toàn giao thông: road safety", "an toàn giao thông: culture")(t)
        ),
    ),
    "topic table removed": lambda s: s.file("topics.yml").unlink(),
    # A pair guessed from the translations changes with an English story's tags only.
    "english tag renamed": lambda s: (
        s.edit("topics.yml", replace("  tập huấn: training\n", "")),
        s.edit("en/2024/07/tap-huan-ky-nang-pbgdpl.md", replace("training", "workshops")),
    ),
    # content/contacts.yml lies outside both language folders: each edit must reach
    # the contacts page of the language it changes (and the page key of that page).
    "contacts position in English": lambda s: s.edit(
        "contacts.yml", replace("en: Deputy Director", "en: Vice Director")
    ),
    "contacts official added": lambda s: s.edit(
        "contacts.yml",
        lambda t: (
            t + "    officials:\n      - name: Võ Thành Đạt\n        position:\n"
            "          vi: Giám đốc Trung tâm\n          en: Centre Director\n"
            "        phone: 0273 3 977 978\n        email: dat.stp@tiengiang.gov.vn\n"
        ),
    ),
    "contacts file removed": lambda s: s.file("contacts.yml").unlink(),
    "related portals": lambda s: s.write_settings(
        "PORTAL_RELATED_PORTALS = [{'name': {'vi': 'Bộ Tư pháp', 'en': 'Ministry of Justice'},"
        " 'url': 'https://moj.gov.vn/'}]\n"
    ),
}


@pytest.mark.parametrize("edit", EDITS)
def test_incremental_build_equals_cold_build(site, edit):
    EDITS[edit](site)
    site.build()
    assert_same_site(site.root / "output", site.cold())


def test_unchanged_pages_are_kept_after_a_body_edit(site):
    EDITS["body"](site)
    report = site.build()
    assert report.reused > 150 and 0 < report.rendered < 20


def test_nothing_changed_means_nothing_done(site):
    report = site.build()
    assert report.up_to_date and report.files > 100


def test_a_damaged_output_is_built_again(site):
    (site.root / "output/index.html").unlink()
    report = site.build()
    assert not report.up_to_date
    assert_same_site(site.root / "output", site.cold())


def test_an_output_file_edited_by_hand_is_made_again(site):
    page = site.root / "output/tags/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<main", "<main hidden"))
    site.build()
    assert_same_site(site.root / "output", site.cold())


def test_an_output_edited_by_hand_during_a_content_edit_is_made_again(site):
    """The output is trusted while the languages build and checked meanwhile."""
    page = site.root / "output/tags/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<main", "<main hidden"))
    (site.root / "output/stray.html").write_text("not from the build", encoding="utf-8")
    EDITS["body"](site)
    report = site.build()
    assert report.reused == 0
    assert_same_site(site.root / "output", site.cold())


def test_unchanged_files_are_not_rewritten(site):
    """A deployment that copies changed files (rsync) sends only what the edit changed."""
    output = site.root / "output"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in output.rglob("*.html")}
    EDITS["body"](site)
    report = site.build()
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in output.rglob("*.html")}
    changed = [p for p in before if after.get(p) != before[p]]
    assert 0 < len(changed) <= report.rendered
    assert output / SEED.removeprefix("vi/").removesuffix(".md") / "index.html" in changed


def test_a_failed_build_leaves_the_updated_output_untouched(site):
    output = site.root / "output"
    EDITS["body"](site)
    site.build()
    built = tree(output)
    EDITS["title"](site)
    site.file("vi/2025/hong.md").write_text("---\ntitle: [\n---\nThân bài.\n", encoding="utf-8")
    with pytest.raises(BuildError):
        site.build()
    assert tree(output) == built
    # No staging or backup folder left behind: only the build's lock file.
    assert [p.name for p in site.root.glob(".output.*")] == [".output.lock"]


def test_a_cold_build_ignores_the_cache(site):
    report = site.build(use_cache=False)
    assert report.reused == 0 and not report.up_to_date


@pytest.mark.parametrize("edit", ["body", "story deleted", "stylesheet", "new story", "settings"])
def test_a_published_incremental_build_equals_a_cold_one_compressed_forms_too(tmp_path, edit):
    site = Site(tmp_path, base="publishconf")
    site.build()
    EDITS[edit](site)
    site.build()
    assert_same_site(site.root / "output", site.cold())
    assert len(list((site.root / "output").rglob("*.html.br"))) > 100


def test_publishing_into_a_local_build_and_back_equals_cold_builds(site):
    site.base = "publishconf"
    site.write_settings()
    EDITS["body"](site)
    site.build()
    assert_same_site(site.root / "output", site.cold())
    site.base = "pelicanconf"
    site.write_settings()
    site.build()
    assert not list((site.root / "output").rglob("*.gz"))
    assert_same_site(site.root / "output", site.cold())


def test_files_made_again_the_same_keep_their_time(tmp_path):
    """Images and theme files are copied on every run; rsync must see them unchanged."""
    site = Site(tmp_path, base="publishconf")
    site.build()
    output = site.root / "output"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    EDITS["body"](site)
    site.build()
    after = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    changed = {p for p in before if after.get(p) != before[p]}
    assert output / "theme/css/site.css" not in changed
    assert output / "theme/css/site.css.br" not in changed
    assert output / "images/2024/07/hoi-nghi-tap-huan.jpg" not in changed
    story = output / SEED.removeprefix("vi/").removesuffix(".md") / "index.html"
    assert {story, Path(f"{story}.gz"), Path(f"{story}.br")} <= changed
    assert len(changed) < 60


def test_a_scheduled_story_appears_when_its_time_comes_as_in_a_cold_build(tmp_path, monkeypatch):
    site = Site(tmp_path)
    site.file("vi/2026/12/hen-gio.md").parent.mkdir(parents=True)
    site.file("vi/2026/12/hen-gio.md").write_text(
        story("Tin hẹn giờ", date="2026-12-01 10:00", tags="[hòa giải ở cơ sở]"), encoding="utf-8"
    )
    output = site.root / "output"
    monkeypatch.setenv("PORTAL_BUILD_DATE", "2026-12-01 09:00")
    waiting = site.build().waiting
    assert [(source, f"{when:%d/%m/%Y %H:%M}") for source, when in waiting] == [
        ("content/vi/2026/12/hen-gio.md", "01/12/2026 10:00")
    ]
    assert site.build().up_to_date  # its time has not come: nothing to do
    assert "Tin hẹn giờ" not in (output / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("PORTAL_BUILD_DATE", "2026-12-01 10:00")  # nothing else changed
    report = site.build()
    assert not report.up_to_date and report.waiting == []
    assert "Tin hẹn giờ" in (output / "index.html").read_text(encoding="utf-8")
    assert not (output / "drafts").exists()
    assert_same_site(output, site.cold())


def search_parts(site: Site) -> list[str]:
    """The Vietnamese search index's parts, as the search page finds them listed."""
    manifest = (site.root / "output/pagefind/vi.json").read_text(encoding="utf-8")
    return json.loads(manifest)["parts"]


def test_search_parts_of_a_large_year_follow_its_growth(tmp_path):
    """A year split into quarters, a quarter into months (PORTAL_SEARCH_PART_PAGES), and
    back: the incremental build gives the cold build's index, and its list of parts."""
    site = Site(tmp_path)
    site.write_settings("PORTAL_SEARCH_PART_PAGES = 3\n")
    site.build()
    parts = partial(search_parts, site)
    before = parts()
    assert "2024-07" in before and "2024" not in before  # 2024's quarters
    added = [f"vi/2024/08/them-{n}.md" for n in range(3)]
    for n, relative in enumerate(added):
        site.file(relative).parent.mkdir(parents=True, exist_ok=True)
        site.file(relative).write_text(
            story(f"Tin thêm số {n}", date=f"2024-08-0{n + 1} 08:00 +07:00"), encoding="utf-8"
        )
    site.build()
    assert {"2024-07", "2024-08"} <= set(parts())  # the third quarter, now in months
    assert_same_site(site.root / "output", site.cold())
    for relative in added:
        site.file(relative).unlink()
    site.build()
    assert parts() == before
    assert_same_site(site.root / "output", site.cold())


def test_the_newest_years_parts_join_when_the_next_year_begins(tmp_path, monkeypatch):
    """The newest year is split sooner (PORTAL_SEARCH_NEWEST_PART_PAGES); a story of the
    next year makes it one part again, an edit re-indexes only its own part."""
    monkeypatch.setenv("PORTAL_BUILD_DATE", "2027-01-06 09:00")  # the next year has begun
    site = Site(tmp_path)
    site.write_settings("PORTAL_SEARCH_NEWEST_PART_PAGES = 2\n")
    site.build()
    before = search_parts(site)
    assert before[:4] == ["2026-11", "2026-07", "2026-04", "2025"]  # 2025's three: one part
    newest = "vi/2026/11/ngay-phap-luat-2026.md"
    site.edit(newest, lambda text: text + "\nBến phà Rạch Miễu.\n")
    assert site.build().search_parts == 1
    assert_same_site(site.root / "output", site.cold())
    next_year = "vi/2027/01/dau-nam.md"
    site.file(next_year).parent.mkdir(parents=True)
    site.file(next_year).write_text(
        story("Tin đầu năm", date="2027-01-05 08:00 +07:00", category="Tin tức"), encoding="utf-8"
    )
    site.build()
    assert search_parts(site)[:3] == ["2027", "2026", "2025"]
    assert_same_site(site.root / "output", site.cold())
    site.file(next_year).unlink()
    site.build()
    assert search_parts(site) == before
    assert_same_site(site.root / "output", site.cold())
