"""The search index stage: which parts are made, and how many Pagefind runs at once."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from types import SimpleNamespace

import pytest

from vnportal.model.errors import BuildError
from vnportal.model.sources import stat_lines
from vnportal.site import search_index
from vnportal.site.search_index import (
    PARALLEL_PARTS,
    Part,
    PartSizes,
    SearchIndexReport,
    SearchPlan,
    make_search_index,
    parts_of,
)


def test_both_languages_together_run_no_more_pagefinds_than_the_limit(tmp_path, monkeypatch):
    """Each Pagefind holds its part's whole index in memory: the build's peak memory
    depends on how many run at once, whichever language asked for them."""
    years = [str(year) for year in range(2016, 2026)]
    parts = {Part(lang, year): [] for lang in ("vi", "en") for year in years}
    plan = SearchPlan(parts, {part.folder: "digest" for part in parts})  # type: ignore[arg-type]
    running, most = 0, 0
    count = threading.Lock()

    def fake_pagefind(part, entries, output, staging, written=None, remove=None):
        nonlocal running, most
        with count:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with count:
            running -= 1
        return search_index._Indexed(part)

    monkeypatch.setattr(search_index, "_index_part", fake_pagefind)
    slots = threading.BoundedSemaphore(PARALLEL_PARTS)
    (tmp_path / "output").mkdir()
    with ThreadPoolExecutor(max_workers=2) as languages:
        reports = list(
            languages.map(
                lambda lang: make_search_index(
                    tmp_path / "output", tmp_path, plan, {}, [lang], slots=slots
                ),
                ["vi", "en"],
            )
        )
    assert sorted(folder for report in reports for folder in report.made) == sorted(
        part.folder for part in parts
    )
    assert most == PARALLEL_PARTS


def test_the_next_part_does_not_wait_for_the_gathered_pages_to_be_removed(tmp_path, monkeypatch):
    """Removing a year's gathered pages takes about 0.1 s: the next part's Pagefind
    starts meanwhile instead of waiting for the slot."""
    parts = {Part("vi", "2023"): [], Part("vi", "2024"): []}
    plan = SearchPlan(parts, {part.folder: "digest" for part in parts})  # type: ignore[arg-type]
    started: list[str] = []
    second = threading.Event()

    def fake_pagefind(part, pages, output, staging, written=None, remove=None):
        started.append(part.name)
        if len(started) == 2:
            second.set()
        remove(tmp_path / f"gathered-{part.name}")
        return search_index._Indexed(part)

    removed: list[tuple[str, bool]] = []

    def slow_remove(folder):  # the first removal lasts until the second part has started
        removed.append((folder.name, second.wait(timeout=5)))

    monkeypatch.setattr(search_index, "_index_part", fake_pagefind)
    (tmp_path / "output").mkdir()
    one_at_a_time = threading.BoundedSemaphore(1)

    make_search_index(
        tmp_path / "output", tmp_path, plan, {}, ["vi"], slots=one_at_a_time, remove=slow_remove
    )

    assert sorted(started) == ["2023", "2024"]
    assert len(removed) == 2
    assert dict(removed)[f"gathered-{started[0]}"] is True  # the second started meanwhile


def test_the_files_kept_are_those_of_parts_not_made_again_and_of_unchanged_part_lists(
    tmp_path, monkeypatch
):
    """What stays under pagefind/ comes from the walk of output/ the build already took:
    the parts indexed again and those no longer planned go, and so does a language's
    list of parts when its parts changed; nothing outside pagefind/ is the index's."""
    output = tmp_path / "output"
    old = {
        "pagefind/vi.json",
        "pagefind/en.json",
        "pagefind/vi/2023/pagefind-entry.json",
        "pagefind/vi/2023/fragment/vi_1.pf_fragment",
        "pagefind/vi/2024/pagefind-entry.json",
        "pagefind/vi/2024/fragment/vi_2.pf_fragment",
        "pagefind/vi/2024-10/pagefind-entry.json",  # a month, sorting just before its year
        "pagefind/vi/2019/pagefind-entry.json",  # its stories are gone
        "pagefind/en/2024/pagefind-entry.json",
        "pagefind-notes.txt",  # beside the folder, sorting just before and after it
        "pagefind0.txt",
        "index.html",
    }
    for relpath in old:
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_text("old", encoding="utf-8")
    vi_parts = [Part("vi", "2019"), Part("vi", "2023"), Part("vi", "2024"), Part("vi", "2024-10")]
    previous = {part.folder: "same" for part in vi_parts} | {"pagefind/en/2024": "same"}
    parts = {Part("vi", "2023"): [], Part("vi", "2024"): [], Part("en", "2024"): []}
    parts[Part("vi", "2024-10")] = []
    digests = {"pagefind/vi/2023": "same", "pagefind/vi/2024": "new", "pagefind/en/2024": "same"}
    digests["pagefind/vi/2024-10"] = "same"
    plan = SearchPlan(parts, digests)  # type: ignore[arg-type]
    monkeypatch.setattr(search_index, "_index_part", lambda part, *_: search_index._Indexed(part))

    reports = [make_search_index(output, tmp_path, plan, previous, [lang]) for lang in ("vi", "en")]
    report = SearchIndexReport.joined(reports)

    assert report.made == ["pagefind/vi/2024"]
    assert sorted(report.kept_of(output, stat_lines(output))) == [
        "pagefind/en.json",  # English has the same parts: its list stays
        "pagefind/en/2024/pagefind-entry.json",
        "pagefind/vi/2023/fragment/vi_1.pf_fragment",
        "pagefind/vi/2023/pagefind-entry.json",
        "pagefind/vi/2024-10/pagefind-entry.json",
    ]


def _story(lang: str, day: str, n: int, status: str = "published") -> SimpleNamespace:
    return SimpleNamespace(
        lang=lang,
        kind="article",
        status=status,
        date=datetime.fromisoformat(f"{day} 08:00+07:00"),
        document=None,
        url=f"{day[:4]}/{day[5:7]}/tin-{n}/",
    )


def _index(*entries: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(entries=list(entries))


def test_a_year_within_the_limit_is_one_part_and_pages_have_their_own():
    page = SimpleNamespace(lang="vi", kind="page", status="published", date=None, document=None)
    page.url = "gioi-thieu/"
    draft = _story("vi", "2024-03-01", 9, status="draft")
    index = _index(_story("vi", "2024-01-05", 1), _story("vi", "2024-12-30", 2), page, draft)
    parts = parts_of(index, PartSizes(pages=2))
    assert {part.name: [e.url for e in found] for part, found in parts.items()} == {
        "2024": ["2024/01/tin-1/", "2024/12/tin-2/"],
        "pages": ["gioi-thieu/"],
    }


def test_a_large_year_is_split_into_quarters_and_a_large_quarter_into_months():
    stories = [
        _story("vi", "2024-02-01", 1),
        _story("vi", "2024-03-31", 2),
        _story("vi", "2024-05-01", 3),  # Q2: one story, one part
        *(
            _story("vi", f"2024-{month:02d}-1{n}", 10 * month + n)
            for month in (10, 12)
            for n in (1, 2)
        ),
        _story("vi", "2023-07-01", 99),  # another year, within the limit
        _story("en", "2024-02-01", 1),  # the other language counts on its own
    ]
    parts = parts_of(_index(*stories), PartSizes(pages=2))
    names = {(part.lang, part.name): len(found) for part, found in parts.items()}
    assert names == {
        ("en", "2024"): 1,
        ("vi", "2023"): 1,
        ("vi", "2024-01"): 2,  # Q1, named by its first month
        ("vi", "2024-04"): 1,
        ("vi", "2024-10"): 2,  # Q4 had four: October and December on their own
        ("vi", "2024-12"): 2,
    }
    # Every part holds whole months (the search page lists newest first by month).
    months = {}
    for part, found in parts.items():
        for entry in found:
            assert months.setdefault((entry.lang, entry.date.strftime("%Y-%m")), part) == part


def test_each_languages_newest_year_is_split_at_the_smaller_size():
    """Editors correct the newest stories most: their year is split sooner, so that an
    edit re-indexes fewer pages; an older year of the same size stays one part."""
    stories = [
        *(_story("vi", f"2023-{month:02d}-05", month) for month in (1, 2, 4, 7)),
        *(_story("vi", f"2024-{month:02d}-05", 20 + month) for month in (1, 2, 4, 7)),
        *(_story("en", f"2023-{month:02d}-05", month) for month in (1, 2, 4)),
        _story("en", "2024-12-05", 99, status="draft"),  # a draft is not the newest year
    ]
    parts = parts_of(_index(*stories), PartSizes(pages=10, newest=2))
    assert {(part.lang, part.name): len(found) for part, found in parts.items()} == {
        ("en", "2023-01"): 2,  # English's newest year is 2023, beyond two
        ("en", "2023-04"): 1,
        ("vi", "2023"): 4,  # an older year: within ten
        ("vi", "2024-01"): 2,
        ("vi", "2024-04"): 1,
        ("vi", "2024-07"): 1,
    }
    # A newest size above the other one never splits the newest year less.
    every_month = parts_of(_index(*stories), PartSizes(pages=1, newest=2))
    assert [p.name for p in every_month if p.lang == "vi" and p.name.startswith("2024")] == [
        "2024-01",
        "2024-02",
        "2024-04",
        "2024-07",
    ]


@pytest.mark.parametrize(
    "settings",
    [
        {"PORTAL_SEARCH_PART_PAGES": 0},
        {"PORTAL_SEARCH_NEWEST_PART_PAGES": "250"},
        {"PORTAL_SEARCH_NEWEST_PART_PAGES": True},
    ],
)
def test_a_part_size_that_is_not_a_whole_number_above_zero_stops_the_build(settings):
    with pytest.raises(BuildError) as stopped:
        PartSizes.of(settings)
    (name,) = settings
    assert str(stopped.value).count(f"pelicanconf.py: {name} must be a whole number above 0") == 1


def test_part_sizes_default_to_a_year_and_a_quarter_of_a_province():
    assert PartSizes.of({}) == PartSizes(2000, 250)
    assert PartSizes.of({"PORTAL_SEARCH_PART_PAGES": 400}) == PartSizes(400, 250)


def test_each_language_is_handed_its_own_parts_with_their_digests():
    """The build process keeps each language's plan packed until it indexes that
    language: unpacked, it is the same plan, cut to that language's parts."""
    from vnportal.build.handover import Handover

    parts = {
        Part(lang, year): [f"{prefix}{year}/01/tin-{n}/" for n in range(3)]
        for lang, prefix in (("vi", ""), ("en", "en/"))
        for year in ("2023", "2024")
    }
    plan = SearchPlan(parts, {part.folder: f"digest of {part.folder}" for part in parts})  # type: ignore[arg-type]
    handed = Handover(
        ran=["vi", "en"],
        languages={},
        warnings=[],
        searches=Handover.packed_searches(plan, ["vi", "en"]),
        discovery={},
        summary={},
        record=b"",
        images={},
        photos={},
    )
    for lang in ("vi", "en"):
        own = handed.search(lang)
        assert own == plan.of(lang)
        assert {part.lang for part in own.pages} == {lang}
        assert own.pages == {part: urls for part, urls in parts.items() if part.lang == lang}
        assert own.digests == {part.folder: f"digest of {part.folder}" for part in own.pages}


def _three_parts() -> tuple[list, object]:
    """Stories of 2023 and 2024 in Vietnamese, of 2024 in English: three parts."""
    stories = [_story("vi", "2023-05-01", 1), _story("vi", "2024-05-01", 2)]
    stories += [_story("en", "2024-05-01", 3)]
    for story in stories:
        story.relpath, story.tags, story.category = story.url + "bai.md", (), None
    return stories, _index(*stories)


def test_a_plan_after_an_edit_digests_again_only_the_parts_of_the_edited_stories():
    """A rewrite of story text takes the other parts' digests from the last build: the
    plan is the one a full build would make."""
    from vnportal.site.search_index import search_plan

    stories, index = _three_parts()
    before = {(s.lang, s.relpath): f"digest {n}" for n, s in enumerate(stories)}
    full = search_plan(index, before, "salt")  # type: ignore[arg-type]
    edited = (stories[1].lang, stories[1].relpath)
    after = {**before, edited: "a new digest"}
    expected = search_plan(index, after, "salt")  # type: ignore[arg-type]
    # Known digests that are stale on purpose: a part taken as known is not digested.
    known = {folder: f"kept {folder}" for folder in full.digests}
    plan = search_plan(index, after, "salt", known=known, changed={edited})  # type: ignore[arg-type]
    assert plan.pages == expected.pages
    assert plan.digests == {
        "pagefind/vi/2023": "kept pagefind/vi/2023",
        "pagefind/vi/2024": expected.digests["pagefind/vi/2024"],
        "pagefind/en/2024": "kept pagefind/en/2024",
    }
    assert expected.digests["pagefind/vi/2024"] != full.digests["pagefind/vi/2024"]
    # A part the known digests lack is digested.
    del known["pagefind/en/2024"]
    plan = search_plan(index, after, "salt", known=known, changed={edited})  # type: ignore[arg-type]
    assert plan.digests["pagefind/en/2024"] == expected.digests["pagefind/en/2024"]
    # The parts made earlier (kept with the index) give the same plan as made anew.
    from vnportal.site.search_index import parts_of

    parts = parts_of(index)  # type: ignore[arg-type]
    again = search_plan(index, after, "salt", known=known, changed={edited}, parts=parts)  # type: ignore[arg-type]
    assert again == plan


class _Watched(Mapping):
    """Parts whose entries say when they are asked for (a kept index reads them so)."""

    def __init__(self, parts: dict) -> None:
        self.parts, self.asked = parts, []

    def __getitem__(self, part):
        self.asked.append(part.folder)
        return self.parts[part]

    def __iter__(self):
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)


def test_a_plan_told_which_parts_hold_the_edited_story_reads_only_those_parts():
    """The rewrite of an old story on a large site: the other parts' entries are never
    read, neither for the digests nor for their pages' addresses."""
    from vnportal.site.search_index import search_plan

    stories, index = _three_parts()
    digests = {(s.lang, s.relpath): f"digest {n}" for n, s in enumerate(stories)}
    edited = (stories[0].lang, stories[0].relpath)
    after = {**digests, edited: "a new digest"}
    known = dict(search_plan(index, digests, "salt").digests)  # type: ignore[arg-type]
    expected = search_plan(index, after, "salt", known=known, changed={edited})  # type: ignore[arg-type]
    parts = _Watched(parts_of(index))  # type: ignore[arg-type]
    holding = {part for part in parts.parts if part.folder == "pagefind/vi/2023"}
    plan = search_plan(
        index,  # type: ignore[arg-type]
        after,
        "salt",
        known=known,
        changed={edited},
        parts=parts,
        holding=holding,
    )
    assert plan.digests == expected.digests
    assert parts.asked == ["pagefind/vi/2023"]
    assert list(plan.pages) == list(expected.pages)  # every part, by name
    assert parts.asked == ["pagefind/vi/2023"]
    assert plan.pages[next(iter(holding))] == [stories[0].url]
    assert parts.asked == ["pagefind/vi/2023", "pagefind/vi/2023"]  # its pages, once more
    assert plan == expected  # and made whole, the plan a full build would make


def test_pagefind_is_the_wheels_program_unless_an_administrator_names_another(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    search_index._pagefind.cache_clear()
    found = search_index._pagefind()
    assert found.is_file() and os.access(found, os.X_OK)
    named = tmp_path / "pagefind_extended"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(named))
    search_index._pagefind.cache_clear()
    try:
        assert search_index._pagefind() == named
    finally:
        search_index._pagefind.cache_clear()


def test_a_parts_pages_are_linked_from_this_builds_pages_else_from_output(tmp_path):
    """Pagefind reads a folder of links to the part's pages: the page this build made
    where there is one (an edited story), the published one otherwise."""
    output, staging, site = tmp_path / "output", tmp_path / "staging", tmp_path / "site"
    addresses = ["2024/07/b/", "2024/07/a/", "2024/08/c/"]
    for address in addresses:
        (output / address).mkdir(parents=True)
        (output / address / "index.html").write_text(f"published {address}", encoding="utf-8")
    (staging / "2024/07/a").mkdir(parents=True)
    (staging / "2024/07/a/index.html").write_text("edited", encoding="utf-8")
    site.mkdir()
    search_index._gather(addresses, f"{site}/", f"{staging}/", f"{output}/")
    linked = {p.relative_to(site).as_posix(): p for p in site.rglob("index.html")}
    assert sorted(linked) == sorted(address + "index.html" for address in addresses)
    assert os.path.samefile(linked["2024/07/a/index.html"], staging / "2024/07/a/index.html")
    assert os.path.samefile(linked["2024/07/b/index.html"], output / "2024/07/b/index.html")


def test_pages_on_another_file_system_are_copied_and_a_missing_one_stops_the_part(
    tmp_path, monkeypatch
):
    output, staging, site = tmp_path / "output", tmp_path / "staging", tmp_path / "site"
    (output / "2024/07/a").mkdir(parents=True)
    (output / "2024/07/a/index.html").write_text("published", encoding="utf-8")
    staging.mkdir()
    site.mkdir()

    def cross_device(source, target):
        if str(source).startswith(str(output)):
            raise OSError(18, "Invalid cross-device link")  # EXDEV: output/ is a mount
        raise FileNotFoundError(2, "No such file or directory", source)

    monkeypatch.setattr(search_index.os, "link", cross_device)
    search_index._gather(["2024/07/a/"], f"{site}/", f"{staging}/", f"{output}/")
    assert (site / "2024/07/a/index.html").read_text(encoding="utf-8") == "published"
    with pytest.raises(FileNotFoundError):
        search_index._gather(["2024/07/z/"], f"{site}/", f"{staging}/", f"{output}/")
