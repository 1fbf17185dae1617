"""The benchmark's own parts: the Hugo corpus, the memory sampler, the report.

No timing is asserted anywhere: the benchmark measures, it does not test speed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tomllib
from datetime import timedelta, timezone

import pytest
import yaml

from benchmarks import measure
from benchmarks.corpus import (
    LANGS,
    edit_story,
    hugo_body,
    hugo_text,
    iter_pairs,
    make_pair,
    write_corpus,
)
from benchmarks.hugo import hugo_command
from benchmarks.livereload import build_times, story_address
from benchmarks.run import Results, _sizes, growth_table, snapshot_code, table, targets
from benchmarks.search_page import Search, search_path, summary, time_searches

from .chromium import missing_tool

MIB = 1024 * 1024


def front_matter(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


@pytest.mark.parametrize("number", range(12))
def test_hugo_front_matter_keeps_vietnamese_exactly(number):
    pair = make_pair(number, [], set())
    for story in (pair.vi, pair.en):
        meta, body = front_matter(hugo_text(story, pair.slug))
        assert meta["title"] == story.title
        assert meta["tags"] == story.tags  # 'phổ biến, giáo dục pháp luật' stays one tag
        assert meta["categories"] == [story.category]
        assert meta["authors"] == [story.author]
        assert meta["summary"] == story.summary
        assert meta["slug"] == pair.slug
        assert meta["date"] == story.date.replace(tzinfo=timezone(timedelta(hours=7)))
        if story.image:
            assert meta["image"] == "/" + story.image
            assert meta["image_alt"] == story.image_alt
        assert "{static}" not in body and "{filename}" not in body


def test_the_corpus_has_the_tricky_tags_in_hugo_format_too():
    tags = set()
    for pair in iter_pairs(300):
        tags.update(front_matter(hugo_text(pair.vi, pair.slug))[0]["tags"])
    assert {"hòa giải ở cơ sở", "hoà giải ở cơ sở", "ăn", "an", "ân"} <= tags
    assert "phổ biến, giáo dục pháp luật" in tags


def test_pelican_links_become_hugo_links_in_the_same_language():
    body = (
        '![Ảnh]({static}/images/bench/a.svg "Chú thích")\n\n'
        "Xem thêm: [Tin cũ]({filename}/vi/2016/01/tin-cu.md)."
    )
    assert hugo_body(body) == (
        '![Ảnh](/images/bench/a.svg "Chú thích")\n\n'
        'Xem thêm: [Tin cũ]({{< relref "/2016/01/tin-cu.md" >}}).'
    )


def test_the_hugo_site_has_both_languages_vietnamese_first(tmp_path):
    corpus = write_corpus(tmp_path, 12, formats=("ours", "hugo"))
    site = corpus.hugo_site
    config = tomllib.loads((site / "config.toml").read_text(encoding="utf-8"))
    assert config["defaultContentLanguage"] == "vi"
    assert config["defaultContentLanguageInSubdir"] is False
    assert config["paginate"] == 10
    assert {lang: config["languages"][lang]["contentDir"] for lang in LANGS} == {
        "vi": "content/vi",
        "en": "content/en",
    }
    assert set(config["taxonomies"].values()) == {"tags", "categories", "authors"}
    assert all("RSS" in kinds for kinds in config["outputs"].values())
    for kind in ("baseof", "list", "single", "taxonomy", "term"):
        assert (site / "layouts" / "_default" / f"{kind}.html").is_file()
    ours = sorted(
        p.relative_to(corpus.ours_content / "vi") for p in corpus.ours_content.glob("vi/**/*.md")
    )
    for lang in LANGS:
        hugo = sorted(
            p.relative_to(site / "content" / lang) for p in site.glob(f"content/{lang}/**/*.md")
        )
        assert hugo == ours and len(hugo) == 12
    assert sorted(p.name for p in (site / "static" / "images" / "bench").iterdir())
    assert not corpus.plain_content.exists()  # not asked for
    changed = edit_story(corpus)
    assert changed == [
        corpus.ours_content / "vi" / corpus.edit_target,
        site / "content" / "vi" / corpus.edit_target,
    ]


def test_the_corpus_is_the_same_whatever_the_formats_and_streamed(tmp_path):
    one = write_corpus(tmp_path / "one", 20, formats=("ours",))
    three = write_corpus(tmp_path / "three", 20, formats=("ours", "plain", "hugo"))
    for path in one.ours_content.rglob("*.md"):
        twin = three.ours_content / path.relative_to(one.ours_content)
        assert twin.read_bytes() == path.read_bytes()
    assert one.edit_target == three.edit_target and one.words == three.words
    assert one.newest_target == three.newest_target
    assert [p.relpath for p in iter_pairs(20)][:10] == [p.relpath for p in iter_pairs(10)]


def test_the_newest_story_edited_is_the_latest_of_the_corpus(tmp_path):
    """An editor's usual correction: the story just published, in the site's newest month."""
    corpus = write_corpus(tmp_path, 30, formats=("ours",))
    dates = {
        path.relative_to(corpus.ours_content / "vi").as_posix(): yaml.safe_load(
            path.read_text(encoding="utf-8").split("---")[1]
        )["date"]
        for path in corpus.ours_content.glob("vi/**/*.md")
    }
    assert dates[corpus.newest_target] == max(dates.values())
    assert corpus.newest_target != corpus.edit_target  # the other edit is of an older story
    before = (corpus.ours_content / "vi" / corpus.newest_target).read_text(encoding="utf-8")
    assert edit_story(corpus, target=corpus.newest_target) == [
        corpus.ours_content / "vi" / corpus.newest_target
    ]
    after = (corpus.ours_content / "vi" / corpus.newest_target).read_text(encoding="utf-8")
    assert after.startswith(before) and len(after) > len(before)


def test_hugo_builds_the_corpus_with_english_under_en(tmp_path):
    if shutil.which("hugo") is None:
        missing_tool("Debian's hugo, the benchmark's second baseline, is not installed")
    corpus = write_corpus(tmp_path, 15, formats=("ours", "hugo"))
    out = tmp_path / "out"
    command = hugo_command(corpus.hugo_site, out, tmp_path / "cache")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    story = corpus.edit_target.removesuffix(".md")
    vi = (out / story / "index.html").read_text(encoding="utf-8")
    en = (out / "en" / story / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    meta, _ = front_matter((corpus.hugo_site / "content" / "vi" / corpus.edit_target).read_text())
    assert f"<h1>{meta['title']}</h1>" in vi
    assert f'href="/en/{story}/"' in vi  # the translation is linked
    for folder in ("", "en/"):
        assert (out / folder / "index.xml").is_file()
        assert (out / folder / "tags" / "index.html").is_file()
        assert (out / folder / "categories" / "index.xml").is_file()


# --- the memory sampler -------------------------------------------------------------------

# A parent that touches 32 MiB and a forked child that touches 64 MiB of its own,
# both holding them for a while (every page written once, no temporary copies).
TWO_PROCESSES = """
import os, sys, time
def touched(mib):
    held = bytearray(mib << 20)
    held[::4096] = b"x" * len(range(0, len(held), 4096))
    return held
read, write = os.pipe()
if os.fork() == 0:
    held = touched(64)
    os.write(write, b"x")
    time.sleep(3)
    os._exit(0)
held = touched(32)
os.read(read, 1)
time.sleep(3)
os.wait()
"""


def test_the_sampler_sums_the_whole_process_tree(tmp_path):
    # Both processes hold their memory for 3 s: on a loaded machine the 50 ms sampler
    # may lose a second or more, and must still see them together.
    command = [sys.executable, "-c", TWO_PROCESSES]
    sample = measure.run(command, tmp_path / "log", cwd=tmp_path)
    # ru_maxrss is one process's (the largest child this test process ever waited for,
    # so in a long test run possibly an earlier one's); the sampled sums hold both
    # processes' memory at once: 64 + 32 MiB.
    assert sample.max_rss >= 64 * MIB
    assert sample.tree_rss >= 96 * MIB
    assert sample.tree_pss >= 90 * MIB
    assert sample.tree_pss <= sample.tree_rss


def test_the_sampler_waits_longer_when_a_sample_costs_much(monkeypatch):
    """smaps_rollup walks the memory it sums: at 50 ms a sample of a 2 GB build cost
    40% of a core, taken from the build measured. The wait grows with the cost."""
    waits = []
    costs = iter([0.0, 0.001, 1.0, 1.1])  # a cheap sample, then one of 0.1 s
    monkeypatch.setattr(measure.time, "thread_time", lambda: next(costs))
    sampler = measure.Sampler(os.getpid())

    def wait(timeout):
        waits.append(timeout)
        if len(waits) == 2:
            sampler.done.set()

    monkeypatch.setattr(sampler.done, "wait", wait)
    sampler.run()

    assert waits[0] == measure.INTERVAL
    assert waits[1] == pytest.approx(0.1 * measure.OWN_SHARE_FACTOR)
    assert sampler.samples == 2 and sampler.peak > 0


BUSY_CHILD = """
import os, time
pid = os.fork()
if pid == 0:
    end = time.process_time() + 0.8
    while time.process_time() < end:
        pass
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_the_timeline_shows_the_cpu_of_a_child_started_meanwhile(tmp_path):
    """The CPU a forked worker used is seen and put in its bins, though it began after
    the first sample."""
    from benchmarks import timeline

    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.3)\n" + BUSY_CHILD])
    samples = timeline.record(parent.pid, tmp_path / "t.jsonl", every=0.05)
    parent.wait()
    lines = timeline.show(tmp_path / "t.jsonl", bin_seconds=60)

    assert samples >= 10
    busy = [line.split() for line in lines[1:] if line and line.split()[0] != str(parent.pid)]
    assert busy and busy[0][1] == str(parent.pid)  # the child, under its parent
    assert float(busy[0][6]) >= 0.7  # its CPU seconds
    table = lines[lines.index("") + 1 :]
    assert table[0].split("\t")[0] == "from s"
    assert float(table[1].split("\t")[-1]) >= 0.7  # every process of the bin together


def test_the_process_tree_has_the_children_and_theirs():
    child = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys; subprocess.run(['sleep', '5'])"]
    )
    try:
        for _ in range(100):  # until the grandchild exists
            tree = measure.process_tree(child.pid)
            if len(tree) == 2:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert tree[0] == child.pid and len(tree) == 2
        rss, pss = measure.resident(child.pid)
        assert rss > 0 and 0 < pss <= rss
    finally:
        for pid in reversed(measure.process_tree(child.pid)):  # only what this test started
            os.kill(pid, signal.SIGTERM)
        child.wait()
    assert measure.resident(child.pid) == (0, 0)  # gone


# --- the report ---------------------------------------------------------------------------


def sample(seconds: float, mib: int = 300) -> measure.Sample:
    return measure.Sample(seconds, mib * MIB, mib * MIB // 2, tree_rss=2 * mib * MIB)


def test_targets_are_lines_of_target_measured_met():
    results = Results()
    for system, cold in (("plain", 50.0), ("hugo", 10.0), ("ours", 16.0)):
        results.add(system, "cold", sample(cold))
        results.add(system, "noop", sample(cold / 20))
        results.add(system, "edit", sample(cold / 10))
    results.add("ours", "newest", sample(0.9))  # measured of a build that rebuilds in part
    lines = targets(results, 5000)
    assert "| target | measured | met? |" in lines
    text = "\n".join(lines)
    assert "cold build ≤ 0.35 × plain Pelican's | 0.320 (16.00 s against 50.00 s) | yes |" in text
    assert "cold build ≤ 1.5 × Hugo's | 1.600 (16.00 s against 10.00 s) | NO |" in text
    assert "rebuild after one edit ≤ 1.0 s | 1.60 s | NO |" in text
    assert "the same, the newest story edited ≤ 1.0 s | 0.90 s | yes |" in text
    assert "rebuild, nothing changed ≤ 0.3 s | 0.80 s | NO |" in text
    assert "≤ 400 MiB | 300 MiB" in text and "livereload" in text
    assert "says little" in "\n".join(targets(results, 200))
    assert "≤ 3 GiB" in "\n".join(targets(results, 50000))
    rows = {line.split(" | ")[0]: line for line in table(results)}
    # Plain Pelican and Hugo rebuild everything: only ours is measured editing the newest story.
    assert rows["| rebuild after editing the newest story"] == (
        "| rebuild after editing the newest story | – | – | 0.90 s | – | – |"
    )
    assert rows["| rebuild after editing one story"].endswith("| 0.32 | 1.60 |")


def test_growth_is_per_thousand_pairs_and_between_sizes():
    from benchmarks.run import Size

    sizes = [Size(1000, [sample(6.0, 300)]), Size(5000, [sample(26.0, 500)])]
    lines = growth_table(sizes)
    assert lines[2].startswith("| 1,000 | 6.0 s |")
    assert lines[3] == (
        "| 5,000 | 26.0 s | 0.0 s | 500 MiB | 5.20 | 100.0 | 5.0 | 4.33 | 1.67 | 5.00 | 50.0 |"
    )
    assert _sizes("1000,5000,20_000") == [1000, 5000, 20000]
    assert "nothing changed" not in "\n".join(lines)  # rebuilds only when measured


def test_growth_lists_the_rebuilds_and_the_edit_target_at_scale():
    from benchmarks.run import Size

    sizes = [
        Size(5000, [sample(26.0, 500)], noop=sample(0.3, 40), edit=sample(4.5, 600)),
        # (no newest-story edit measured here: its cell says so)
        Size(
            50000,
            [sample(300.0, 2500)],
            noop=sample(2.0, 80),
            edit=sample(30.0, 2000),
            newest=sample(2.5, 1000),
        ),
    ]
    text = "\n".join(growth_table(sizes))
    assert "| 5,000 | 0.30 s | 4.50 s | 0.0 s | 600 MiB | – |" in text
    assert "| 50,000 | 2.00 s | 30.00 s | 0.0 s | 2,000 MiB | 2.50 s |" in text
    assert "rebuild after one edit at 50,000 ≤ 3.0 s | 30.00 s | NO |" in text
    assert "cold build at 50,000 ≤ 11 × at 5,000 | 11.54 (300.0 s against 26.0 s) | NO |" in text


def test_livereload_finds_the_story_and_the_build_times(tmp_path):
    corpus = write_corpus(tmp_path, 4, formats=("ours",))
    address = story_address(corpus, 8123)
    assert address.startswith("http://127.0.0.1:8123/") and address.endswith("/")
    assert address.removeprefix("http://127.0.0.1:8123/") == corpus.edit_target[:-3] + "/"
    log = tmp_path / "live.log"
    log.write_text(
        "Built 1904 files (vi: 200, en: 200 stories) into /x/out in 0.8 s: 7 pages and feeds "
        "made, 1269 unchanged ones kept; search index: 1 parts made in 0.3 s\n"
        "Preview on http://127.0.0.1:8123/\nBuilt 10 files into /y in 12.5 s: all made\n",
        encoding="utf-8",
    )
    assert build_times(log) == [0.8, 12.5]


def test_the_profile_covers_this_process_and_each_language_worker(tmp_path):
    from benchmarks.profiling import profile_build
    from vnportal.build import workers

    language = workers.build_language
    corpus = write_corpus(tmp_path, 4, formats=("ours",))
    report = profile_build(corpus, top=5)
    written = {path.name for path in (corpus.folder / "profile").glob("*.prof")}
    # A cold build runs both languages in forked workers, each profiled on its own;
    # an edit of story text is rewritten in this process, no worker started.
    assert written == {
        "cold-parent.prof",
        "cold-vi.prof",
        "cold-en.prof",
        "noop-parent.prof",
        "edit-parent.prof",
    }
    assert "#### cold, vi worker" in report and "(en worker:" in report
    assert "#### edit, parent process" in report
    assert workers.build_language is language  # put back for whatever builds next


def test_the_code_measured_is_compiled_like_an_installed_package(tmp_path, monkeypatch):
    # Libraries come compiled (pip compiles them); our modules must not be compiled
    # again in every build measured on a machine that writes no bytecode itself.
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    first = snapshot_code(tmp_path / "a")
    modules = sorted((first.code / "vnportal").rglob("*.py"))
    assert modules
    for module in modules:
        compiled = importlib.util.cache_from_source(str(module))
        assert os.path.isfile(compiled), f"{module} has no bytecode"
    # The snapshot's digest is its sources': the bytecode beside them changes nothing.
    assert snapshot_code(tmp_path / "b").digest == first.digest


def test_the_search_page_summary_takes_medians_per_output():
    def search(output: str, first: float, counted: float, files: int) -> Search:
        return Search(output, first, 10, 100_000, counted, files, 200 * 1024, "Tìm thấy 5 bài viết")

    found = [search("a", 1.0, 2.0, 90), search("b", 4.0, 4.1, 30), search("a", 3.0, 2.4, 92)]
    found.append(search("b", 6.0, 6.2, 30))
    assert summary(found) == [
        "a: median first results 2.00 s, count 2.20 s; 92 files, 200 KiB (2 searches)",
        "b: median first results 5.00 s, count 5.15 s; 30 files, 200 KiB (2 searches)",
    ]


def test_a_folder_without_a_search_page_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="no search page"):
        search_path(tmp_path)


@pytest.mark.browser
def test_the_search_page_benchmark_times_the_first_results_and_the_count(built_site, browser):
    found = time_searches([built_site], "hòa giải", 2, slow=False, browser=browser)
    assert [search.output for search in found] == [str(built_site)] * 2
    for search in found:
        assert 0 < search.first <= search.counted
        assert 0 < search.first_files <= search.files and search.bytes > 0
        assert search.status.startswith("Tìm thấy ") and search.status.endswith(" bài viết")


def test_a_growth_run_measures_one_snapshot_of_the_code_at_every_size(tmp_path, monkeypatch):
    """A growth run lasts half an hour at its largest sizes: code edited meanwhile must not
    be measured at the larger sizes only. One snapshot is taken when it starts."""
    from benchmarks import run

    monkeypatch.setattr(run, "HERE", tmp_path)
    taken, prepared = [], []
    snapshot, prepare = run.snapshot_code, run.prepare

    def counted_snapshot(folder):
        taken.append(folder)
        return snapshot(folder)

    def recorded_prepare(*arguments, **options):
        corpus, code = prepare(*arguments, **options)
        prepared.append((corpus.code, code.digest))
        return corpus, code

    monkeypatch.setattr(run, "snapshot_code", counted_snapshot)
    monkeypatch.setattr(run, "prepare", recorded_prepare)
    text = run.run_growth([3, 6], 1)
    assert len(taken) == 1
    assert len(prepared) == 2 and prepared[0] == prepared[1]  # the same code, the same digest
    assert "| 6 |" in text and prepared[0][1] in text
    assert not (tmp_path / ".corpus-growth").exists()  # removed with the sizes' outputs
