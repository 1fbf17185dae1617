"""The floor under the cold targets (benchmarks/floor.py): what it measures and what it says.

No timing is asserted: only that each step really ran over every story.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.floor import Floor, floor_lines, measure_floor, story_parts
from benchmarks.measure import Sample
from benchmarks.run import COLD_VS_HUGO, COLD_VS_PLAIN, Results, floor_bounds
from vnportal.site.search_index import Part

STORY = """<!DOCTYPE html>
<html lang="{lang}"><head><title>{title}</title></head>
<body><nav>Trang chủ</nav><main data-pagefind-body><h1>{title}</h1>
<p>{text}</p></main></body></html>
"""


def write_page(output: Path, address: str, lang: str, title: str, text: str) -> None:
    page = output / address / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(STORY.format(lang=lang, title=title, text=text), encoding="utf-8")


def test_the_story_pages_are_taken_by_language_and_year_and_nothing_else(tmp_path):
    output = tmp_path / "out"
    write_page(output, "2024/05/hoa-giai-o-co-so/", "vi", "Hòa giải ở cơ sở", "Hòa giải viên.")
    write_page(output, "2024/11/tro-giup-phap-ly/", "vi", "Trợ giúp pháp lý", "Người dân.")
    write_page(output, "2023/01/tap-huan/", "vi", "Tập huấn", "Báo cáo viên.")
    write_page(output, "en/2024/05/grassroots-mediation/", "en", "Mediation", "Mediators.")
    # Not stories: a tag's page, a year's list, a page of its second page of results.
    write_page(output, "tags/hoa-giai/", "vi", "Hòa giải", "Danh sách.")
    write_page(output, "2024/", "vi", "Năm 2024", "Danh sách.")
    write_page(output, "tags/hoa-giai/page/2/", "vi", "Hòa giải", "Trang 2.")

    assert story_parts(output) == {
        Part("en", "2024"): ["en/2024/05/grassroots-mediation/"],
        Part("vi", "2023"): ["2023/01/tap-huan/"],
        Part("vi", "2024"): ["2024/05/hoa-giai-o-co-so/", "2024/11/tro-giup-phap-ly/"],
    }


def test_the_floor_runs_bare_pelican_over_every_story_and_pagefind_over_every_page(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 3, formats=("ours", "plain"))
    output = corpus.folder / "out" / "ours"
    write_page(output, "2024/05/hoa-giai/", "vi", "Hòa giải ở cơ sở", "Hòa giải viên giỏi.")
    write_page(output, "en/2024/05/mediation/", "en", "Grassroots mediation", "Mediators.")

    floor = measure_floor(corpus.folder)

    assert floor.stories == 6  # three pairs, each story written by bare Pelican
    assert floor.pages == 2
    assert floor.pelican_cpu > floor.markdown_cpu > 0  # Markdown is part of Pelican's run
    assert floor.pagefind_cpu > 0  # Pagefind's processes really ran
    assert floor.cpu == floor.pelican_cpu + floor.pagefind_cpu
    # Nothing of the measurement is left in the corpus or beside the output.
    assert not list(corpus.folder.glob(".floor-*"))
    assert sorted(p.name for p in output.parent.iterdir()) == ["ours"]


def test_the_floor_says_which_bound_it_is_over_and_what_the_rest_would_have():
    floor = Floor(
        stories=10_000,
        pelican_cpu=28.0,
        markdown_cpu=12.0,
        pages=10_000,
        pagefind_cpu=30.0,
        cores=2,
    )
    lines = floor_lines(floor, {"plain Pelican": (60.0, 0.35), "Hugo": (30.0, 1.5)})
    text = "\n".join(lines)

    assert "at least **29.0 s** on 2 cores" in text
    assert "Python-Markdown alone: 12.0 s of it" in text
    plain, hugo = lines[-2:]
    assert "0.48 ×" in plain and "no build on this stack meets it" in plain
    assert "0.97 ×" in hugo and "the rest of the build would have 16.0 s" in hugo


def test_the_run_sets_the_floor_against_the_median_cold_builds_it_measured():
    results = Results()
    for system, colds in (("plain", (61.0, 55.0, 70.0)), ("hugo", (16.0, 15.0, 18.0))):
        for seconds in colds:
            results.add(system, "cold", Sample(seconds, 0, 0))
    results.add("ours", "cold", Sample(50.0, 0, 0))

    assert floor_bounds(results) == {
        "plain Pelican": (61.0, COLD_VS_PLAIN),
        "Hugo": (16.0, COLD_VS_HUGO),
    }
    results.samples.pop("hugo")  # a run without Hugo: no line for it
    assert list(floor_bounds(results)) == ["plain Pelican"]
