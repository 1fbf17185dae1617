"""Our build against plain Pelican 4.12 and Hugo on one generated corpus, measured alternately.

``python -m benchmarks.run --stories N [--rounds R]`` (or ``invoke bench``)
writes N story pairs into ``benchmarks/.corpus-N/`` in each system's format,
then for each round builds, one system right after the other (the order
swaps every round): cold (no output, no caches), again with nothing changed,
and again after one sentence was appended to one Vietnamese story. It prints
medians, ratios ours/plain and ours/Hugo (the median of each round's ratio)
and the issue's targets, then (with plain Pelican in the run) the floor of any
cold build on the fixed stack against both (``floor.py``). ``--profile``
profiles our build in-process instead
(``profiling.py``). ``--against REV`` adds our build as it was at git
revision REV as another system ("before"), measured in the same rounds;
``--no-hugo`` leaves Hugo out, ``--only ours`` both Pelican and Hugo (with
``--against``: the old and the new code, nothing else). ``--growth
1000,5000,...`` times our cold build at each size instead, and prints the
growth of time and memory per 1,000 pairs.

Our build runs from a copy of ``vnportal/``, ``theme/`` and ``pelicanconf.py``
taken when the run starts (``.corpus-N/code``), so edits made meanwhile in the
project cannot change a run halfway; the report names the copy's digest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import ClassVar

from . import floor, hugo, measure
from .corpus import LANGS, Corpus, edit_story, ours_settings, write_corpus
from .measure import MIB, Sample

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PHASES = {
    "cold": "cold build",
    "noop": "rebuild, nothing changed",
    "edit": "rebuild after editing one story",
    "newest": "rebuild after editing the newest story",
}
# Phases only a build that rebuilds in part measures: the others rebuild everything again.
PARTIAL_PHASES = ("newest",)
GIB = 1024 * MIB
CODE = ("vnportal", "theme", "pelicanconf.py")  # what our build runs, copied per run
NAMES = {"plain": "plain Pelican", "hugo": "Hugo", "ours": "ours", "before": "ours before"}
# Issue 19's targets, set for 5,000 pairs on 2 cores (and its scale ones for 50,000).
TARGET_PAIRS = 5000
SCALE_PAIRS = 50000
COLD_VS_PLAIN = 0.35  # our cold build / plain Pelican's, at most
COLD_VS_HUGO = 1.5  # our cold build / Hugo's, at most
EDIT_SECONDS = 1.0  # rebuild after editing one story's body
NOOP_SECONDS = 0.3  # rebuild, nothing changed
PEAK_BYTES = 400 * MIB  # process tree, PSS
LIVERELOAD_SECONDS = 1.5  # file saved to the browser showing it (benchmarks/livereload.py)
SCALE_EDIT_SECONDS = 3.0
SCALE_PEAK_BYTES = 3 * GIB
SCALE_TIME_FACTOR = 11  # 50,000-pair cold build / 5,000-pair cold build, at most


# --- the two systems --------------------------------------------------------------------


@dataclass
class System(ABC):
    name: str
    corpus: Corpus
    logs: Path
    rebuilds_in_part: ClassVar[bool] = False  # measured in PARTIAL_PHASES too

    @property
    def output(self) -> Path:
        return self.corpus.folder / "out" / self.name

    def cold_paths(self) -> list[Path]:
        """Everything a cold build must not find: output, staging leftovers, caches."""
        parent = self.output.parent
        leftovers = sorted(parent.glob(f".{self.name}*")) if parent.is_dir() else []
        return [self.output, *leftovers, self.corpus.folder / "caches" / self.name]

    def make_cold(self) -> None:
        for path in self.cold_paths():
            shutil.rmtree(path, ignore_errors=True)

    @abstractmethod
    def commands(self) -> list[list[str]]:
        """The command lines of one build of this system."""

    @property
    def workdir(self) -> Path:
        """Where its commands run: our build from its code snapshot, Pelican anywhere."""
        return ROOT

    def build(self, phase: str) -> Sample:
        sample: Sample | None = None
        cwd = self.workdir
        for command in self.commands():
            one = measure.run(command, self.logs / f"{self.name}-{phase}.log", cwd=cwd)
            sample = one if sample is None else sample.merged(one)
        assert sample is not None
        sample.files, sample.pages, sample.size = measure.output_stats(self.output)
        return sample


class Plain(System):
    """Pelican 4.12 itself: one run per language, one after the other."""

    def commands(self) -> list[list[str]]:
        pelican = str(Path(sys.executable).with_name("pelican"))
        content = str(self.corpus.plain_content)
        return [[pelican, content, "-s", str(self.corpus.plain_settings[lang])] for lang in LANGS]


class Hugo(System):
    """Debian's Hugo 0.111: one run builds both languages (hugo.py); no incremental mode."""

    def cold_paths(self) -> list[Path]:
        return [*super().cold_paths(), self.corpus.hugo_site / "resources"]

    def commands(self) -> list[list[str]]:
        cache = self.corpus.folder / "caches" / self.name
        return [hugo.hugo_command(self.corpus.hugo_site, self.output, cache)]


@dataclass
class Ours(System):
    """``python -m vnportal build``: index and checker, then both languages in parallel.

    ``code`` and ``settings``: another snapshot of our code (an earlier revision)
    and its own settings file; by default the snapshot taken for this run.
    """

    code: Path | None = None
    settings: Path | None = None
    rebuilds_in_part: ClassVar[bool] = True

    @property
    def workdir(self) -> Path:
        return self.code or self.corpus.code

    def build(self, phase: str) -> Sample:
        sample = super().build(phase)
        # The build says how long its search index took: "search index: 2 parts made in 0.9 s".
        said = (self.logs / f"{self.name}-{phase}.log").read_text(encoding="utf-8")
        found = re.findall(r"search index: \d+ parts? made in ([\d.]+) s", said)
        if found:
            sample.search_seconds = float(found[-1])
        sample.search_size = measure.output_stats(self.output / "pagefind")[2]
        return sample

    def commands(self) -> list[list[str]]:
        settings = str(self.settings or self.corpus.ours_settings)
        build = ["-m", "vnportal", "build", "--settings", settings, "--output", str(self.output)]
        return [[sys.executable, *build]]


@dataclass
class Snapshot:
    code: Path
    digest: str  # of the copied files
    revision: str  # git HEAD when it was taken, and whether the tree differed

    def __str__(self) -> str:
        return f"commit {self.revision} (code snapshot {self.digest})"


def snapshot_code(folder: Path) -> Snapshot:
    """A copy of our build's code and its digest: edits made meanwhile change no run."""
    code = folder / "code"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, code / name, ignore=ignore)
        else:
            shutil.copy2(source, code / name)
    return Snapshot(code, _digest_and_compile(code), revision())


def snapshot_revision(folder: Path, rev: str, name: str = "code-before") -> Snapshot:
    """Our build's code as it was at git revision ``rev`` (git archive, no work tree)."""
    code = folder / name
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, *CODE], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
    snapshot_digest = _digest_and_compile(code)
    described = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return Snapshot(code, snapshot_digest, described.stdout.strip())


def _digest_and_compile(code: Path) -> str:
    """The digest of a code snapshot, which is then compiled to bytecode as an installed
    package is: Pelican's and every library's modules are (pip compiles them), and a
    machine with PYTHONDONTWRITEBYTECODE set would otherwise compile our modules again
    in every build measured (about 0.2 s of CPU for the whole package)."""
    hasher = hashlib.sha1()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "vnportal")], check=True)
    return hasher.hexdigest()[:10]


# --- measuring --------------------------------------------------------------------------


@dataclass
class Results:
    samples: dict[str, dict[str, list[Sample]]] = field(default_factory=dict)

    def add(self, system: str, phase: str, sample: Sample) -> None:
        self.samples.setdefault(system, {}).setdefault(phase, []).append(sample)

    def median(self, system: str, phase: str, measure_of: Callable[[Sample], float]) -> float:
        return statistics.median(measure_of(s) for s in self.samples[system][phase])

    def ratio(self, top: tuple[str, str], bottom: tuple[str, str]) -> float:
        """Median over rounds of the ratio of the two wall times of one round."""
        pairs = zip(self.samples[top[0]][top[1]], self.samples[bottom[0]][bottom[1]], strict=True)
        return statistics.median(a.seconds / b.seconds for a, b in pairs)

    def peak(self, system: str) -> int:
        return max(s.tree_pss for phase in self.samples[system].values() for s in phase)


def _measure_round(number: int, systems: list[System], corpus: Corpus, results: Results) -> None:
    order = systems if number % 2 == 0 else systems[::-1]
    for phase in PHASES:
        if phase == "edit":
            edit_story(corpus)
        elif phase == "newest":
            edit_story(corpus, target=corpus.newest_target)
        for system in order:
            if phase in PARTIAL_PHASES and not system.rebuilds_in_part:
                continue
            if phase == "cold":
                system.make_cold()
            sample = system.build(phase)
            results.add(system.name, phase, sample)
            print(
                f"  round {number + 1}: {system.name:6} {phase:4} {sample.seconds:7.2f} s "
                f"(CPU {sample.cpu:6.1f} s) {sample.tree_pss / MIB:6.0f} MiB PSS, "
                f"{sample.tree_rss / MIB:6.0f} MiB RSS",
                flush=True,
            )


def _entries(folders: list[Path]) -> set[str]:
    found = {str(p) for folder in folders if folder.is_dir() for p in folder.iterdir()}
    # The project folder changes under other hands; only cache-like names count there.
    return {p for p in found if Path(p).parent != ROOT or "cache" in Path(p).name.lower()}


def _cache_like(before: set[str], folders: list[Path], caches: Path) -> list[str]:
    """Folders that appeared during the runs, and whatever is in the redirected caches."""
    new = _entries(folders) - before
    inside = [str(p) for p in sorted(caches.rglob("*"))[:20]] if caches.is_dir() else []
    return sorted(new) + inside


def _snapshot(folder: Path, ours: str | None) -> Snapshot:
    """The code measured, in ``folder``/code: git revision ``ours``, or the work tree."""
    return snapshot_revision(folder, ours, "code") if ours else snapshot_code(folder)


def prepare(
    stories: int,
    ours: str | None = None,
    formats: tuple[str, ...] = ("ours", "plain"),
    snapshot: Snapshot | None = None,
) -> tuple[Corpus, Snapshot]:
    """The code snapshot (of the work tree, or of git revision ``ours``; ``snapshot``: one
    taken already) and the corpus in each of ``formats``, in benchmarks/.corpus-N/."""
    folder = HERE / f".corpus-{stories}"
    if snapshot is None:
        snapshot = _snapshot(folder, ours)
    started = time.perf_counter()
    corpus = write_corpus(folder, stories, code=snapshot.code, formats=formats)
    print(
        f"{stories} pairs written to {folder} in {time.perf_counter() - started:.1f} s "
        f"(mean body words: vi {corpus.words['vi']:.0f}, en {corpus.words['en']:.0f})",
        flush=True,
    )
    return corpus, snapshot


def benchmark(
    corpus: Corpus, rounds: int, before: Snapshot | None = None
) -> tuple[Results, list[str]]:
    """Every system whose format the corpus has, plus ``before``, in alternating rounds."""
    folder = corpus.folder
    logs = folder / "logs"
    systems: list[System] = [Plain("plain", corpus, logs)] if "plain" in corpus.formats else []
    if "hugo" in corpus.formats:
        systems.append(Hugo("hugo", corpus, logs))
    systems.append(Ours("ours", corpus, logs))
    if before is not None:
        settings = ours_settings(folder, before.code, "before")
        systems.append(Ours("before", corpus, logs, code=before.code, settings=settings))
    watched = [ROOT, folder, corpus.ours_content, folder / "ours", folder / "out"]
    expected = [logs, folder / "out", *(system.output for system in systems)]
    before = _entries(watched) | {str(path) for path in expected}
    results = Results()
    for number in range(rounds):
        _measure_round(number, systems, corpus, results)
    return results, _cache_like(before, watched, folder / "caches")


# --- reporting --------------------------------------------------------------------------


def _cell(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value / MIB:,.0f} MiB"
    return f"{value:,.0f}"


def table(results: Results) -> list[str]:
    rows = [
        *((label, phase, lambda s: s.seconds, "s") for phase, label in PHASES.items()),
        ("CPU time, cold (user + system, all processes)", "cold", lambda s: s.cpu, "s"),
        ("peak memory, cold (process tree, PSS)", "cold", lambda s: s.tree_pss, "MiB"),
        ("peak memory, cold (process tree, sum of RSS)", "cold", lambda s: s.tree_rss, "MiB"),
        ("largest single process, cold (RSS)", "cold", lambda s: s.max_rss, "MiB"),
        ("files written", "cold", lambda s: s.files, ""),
        ("of which HTML pages", "cold", lambda s: s.pages, ""),
        ("output size", "cold", lambda s: s.size, "MiB"),
        ("search index, cold: time within the build", "cold", lambda s: s.search_seconds, "s"),
        ("search index, one edit: time within the build", "edit", lambda s: s.search_seconds, "s"),
        (
            "search index, newest story edited: time within the build",
            "newest",
            lambda s: s.search_seconds,
            "s",
        ),
        ("search index size", "cold", lambda s: s.search_size, "MiB"),
    ]
    systems = [name for name in NAMES if name in results.samples]
    against = [name for name in ("plain", "hugo", "before") if name in results.samples]
    head = [NAMES[name] for name in systems] + [f"ours/{name}" for name in against]
    lines = ["| | " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(head)]
    for label, phase, measure_of, unit in rows:
        cells = [
            _cell(results.median(name, phase, measure_of), unit)
            if phase in results.samples[name]
            else "–"
            for name in systems
        ]
        for other in against:
            if phase not in results.samples[other]:
                ratio = 0.0
            elif label in PHASES.values():
                ratio = results.ratio(("ours", phase), (other, phase))
            else:
                bottom = results.median(other, phase, measure_of)
                ratio = results.median("ours", phase, measure_of) / bottom if bottom else 0.0
            cells.append(f"{ratio:.2f}" if ratio else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _target(what: str, measured: str, met: bool | None) -> str:
    return f"| {what} | {measured} | {'–' if met is None else ('yes' if met else 'NO')} |"


def targets(results: Results, pairs: int) -> list[str]:
    """Issue 19's targets next to the medians measured: "target / measured / met?".

    At 50,000 pairs the scale targets; at any other size the 5,000-pair ones,
    which then say little (the heading says so).
    """
    ours = results.samples["ours"]
    cold = results.median("ours", "cold", lambda s: s.seconds)
    edit = results.median("ours", "edit", lambda s: s.seconds)
    newest = results.median("ours", "newest", lambda s: s.seconds)
    noop = results.median("ours", "noop", lambda s: s.seconds)
    peak = results.median("ours", "cold", lambda s: s.tree_pss)
    highest = results.peak("ours")
    rss = results.median("ours", "cold", lambda s: s.tree_rss)
    memory = (
        f"{peak / MIB:,.0f} MiB (median of the cold builds; highest in any phase "
        f"{highest / MIB:,.0f} MiB; sum of RSS {rss / MIB:,.0f} MiB)"
    )
    scale = pairs == SCALE_PAIRS
    set_for = SCALE_PAIRS if scale else TARGET_PAIRS
    note = "" if pairs == set_for else f"; this run has {pairs:,}, so 'met?' says little"
    lines = [
        f"Targets of issue 19, set for {set_for:,} pairs on 2 cores (a report, not a test{note}):",
        "",
        "| target | measured | met? |",
        "| --- | ---: | :---: |",
    ]
    if scale:
        lines += [
            _target(
                f"cold build ≤ {SCALE_TIME_FACTOR} × the 5,000-pair cold build",
                f"{cold:.1f} s (the ratio: `--growth 5000,50000`)",
                None,
            ),
            _target(
                f"rebuild after one edit ≤ {SCALE_EDIT_SECONDS:.1f} s",
                f"{edit:.2f} s",
                edit <= SCALE_EDIT_SECONDS,
            ),
            _target(
                f"the same, the newest story edited ≤ {SCALE_EDIT_SECONDS:.1f} s",
                f"{newest:.2f} s",
                newest <= SCALE_EDIT_SECONDS,
            ),
            _target(
                f"peak memory ≤ {SCALE_PEAK_BYTES / GIB:.0f} GiB",
                memory,
                highest <= SCALE_PEAK_BYTES,
            ),
        ]
        return lines
    for other, limit in (("plain", COLD_VS_PLAIN), ("hugo", COLD_VS_HUGO)):
        if other not in results.samples:
            lines.append(
                _target(f"cold build ≤ {limit} × {NAMES[other]}'s", "not in this run", None)
            )
        else:
            ratio = results.ratio(("ours", "cold"), (other, "cold"))
            theirs = results.median(other, "cold", lambda s: s.seconds)
            lines.append(
                _target(
                    f"cold build ≤ {limit} × {NAMES[other]}'s",
                    f"{ratio:.3f} ({cold:.2f} s against {theirs:.2f} s)",
                    ratio <= limit,
                )
            )
    lines += [
        _target(
            f"rebuild after one edit ≤ {EDIT_SECONDS:.1f} s", f"{edit:.2f} s", edit <= EDIT_SECONDS
        ),
        _target(
            f"the same, the newest story edited ≤ {EDIT_SECONDS:.1f} s",
            f"{newest:.2f} s",
            newest <= EDIT_SECONDS,
        ),
        _target(
            f"rebuild, nothing changed ≤ {NOOP_SECONDS:.1f} s",
            f"{noop:.2f} s",
            noop <= NOOP_SECONDS,
        ),
        _target(
            f"peak memory of the process tree (PSS) ≤ {PEAK_BYTES / MIB:.0f} MiB",
            memory,
            peak <= PEAK_BYTES,
        ),
        _target(
            f"livereload, save to browser ≤ {LIVERELOAD_SECONDS} s",
            "not in this run: `python -m benchmarks.livereload`",
            None,
        ),
    ]
    with_search = statistics.median(s.seconds for s in ours["edit"])
    search = statistics.median(s.search_seconds for s in ours["edit"])
    if search:  # the search index's own bound, from the issue that added it
        ratio = with_search / (with_search - search) if with_search > search else float("inf")
        lines.append(
            _target(
                "one-edit rebuild with its search index ≤ 2 × without",
                f"{ratio:.2f} (search index {search:.2f} s of {with_search:.2f} s)",
                ratio <= 2,
            )
        )
    return lines


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    return (
        f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {cpu}, "
        f"{memory:.0f} GiB RAM, Linux {platform.release()}, Python {platform.python_version()}"
    )


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--", "vnportal", "theme", "pelicanconf.py")
    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if dirty else "")


def report(
    corpus: Corpus,
    results: Results,
    rounds: int,
    code: Snapshot,
    new: list[str],
    before: Snapshot | None = None,
    load_before: str = "",
    cold_floor: floor.Floor | None = None,
) -> str:
    head = (
        f"{corpus.pairs} story pairs ({2 * corpus.pairs} stories), {rounds} round(s), "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {code}\n"
        + (f"ours before: {before}\n" if before else "")
        + (f"Hugo: {hugo.hugo_version()}\n" if "hugo" in results.samples else "")
        + f"{machine()}\nload average (1, 5, 15 min): {load_before} at the start, "
        f"{load()} at the end\n"
    )
    lines = [head, *table(results), "", *targets(results, corpus.pairs)]
    if cold_floor is not None:
        lines += ["", *floor.floor_lines(cold_floor, floor_bounds(results))]
    if new:
        lines += ["", "Paths that appeared during the runs (caches?):", *new]
    return "\n".join(lines)


def floor_bounds(results: Results) -> dict[str, tuple[float, float]]:
    """Plain Pelican's and Hugo's median cold builds, if measured, with the factor of
    their cold target (ours at most factor × theirs), for floor.floor_lines."""
    factors = {"plain": COLD_VS_PLAIN, "hugo": COLD_VS_HUGO}
    return {
        NAMES[name]: (results.median(name, "cold", lambda s: s.seconds), factor)
        for name, factor in factors.items()
        if name in results.samples
    }


def save(corpus: Corpus, results: Results, text: str) -> Path:
    path = corpus.folder / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    samples = {
        system: {phase: [asdict(s) for s in runs] for phase, runs in phases.items()}
        for system, phases in results.samples.items()
    }
    path.write_text(json.dumps({"report": text, "samples": samples}, indent=1), encoding="utf-8")
    return path


def run_benchmark(
    stories: int,
    rounds: int,
    against: str | None = None,
    formats: tuple[str, ...] = ("ours", "plain", "hugo"),
    ours: str | None = None,
) -> str:
    if "hugo" in formats:
        hugo.ensure_hugo()
    load_before = load()
    corpus, code = prepare(stories, ours, formats)
    before = snapshot_revision(corpus.folder, against) if against else None
    results, new = benchmark(corpus, rounds, before)
    cold_floor = None
    if "plain" in formats:  # the floor's Pelican runs on plain Pelican's copy of the corpus
        print("the floor of a cold build on this stack (benchmarks/floor.py)…", flush=True)
        cold_floor = floor.measure_floor(corpus.folder, code=corpus.code)
    text = report(corpus, results, rounds, code, new, before, load_before, cold_floor)
    print("\n" + text)
    print(f"\n(all samples: {save(corpus, results, text)})")
    return text


# --- growth: our cold build at several sizes ---------------------------------------------


@dataclass
class Size:
    pairs: int
    samples: list[Sample]  # cold builds
    noop: Sample | None = None  # the same build again, once the cold rounds are done
    edit: Sample | None = None  # then after one story's body was edited
    newest: Sample | None = None  # then after the newest story's body was edited

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> int:
        return int(statistics.median(s.tree_pss for s in self.samples))


def growth_table(sizes: list[Size]) -> list[str]:
    """Per size: time and memory, per 1,000 pairs, and the growth from the size before.

    "Per 1,000 more" divides the difference from the size before by the pairs
    added: the fixed costs (interpreter, imports, templates) drop out of it, so
    it is the figure that says whether growth is linear.
    """
    lines = [
        "| pairs | cold build | CPU | peak memory (PSS) | s per 1,000 pairs "
        "| MiB per 1,000 pairs | × pairs | × time | × memory "
        "| s per 1,000 more | MiB per 1,000 more |",
        "| ---: |" + " ---: |" * 10,
    ]
    previous: Size | None = None
    for size in sizes:
        thousands = size.pairs / 1000
        growth = ["–"] * 5
        if previous is not None:
            added = (size.pairs - previous.pairs) / 1000
            growth = [
                f"{size.pairs / previous.pairs:.1f}",
                f"{size.seconds / previous.seconds:.2f}",
                f"{size.peak / previous.peak:.2f}",
                f"{(size.seconds - previous.seconds) / added:.2f}",
                f"{(size.peak - previous.peak) / MIB / added:.1f}",
            ]
        lines.append(
            f"| {size.pairs:,} | {size.seconds:.1f} s | {size.cpu:.1f} s | "
            f"{size.peak / MIB:,.0f} MiB | {size.seconds / thousands:.2f} | "
            f"{size.peak / MIB / thousands:.1f} | " + " | ".join(growth) + " |"
        )
        previous = size
    lines += _rebuild_table(sizes)
    by_pairs = {size.pairs: size for size in sizes}
    scale: list[str] = []
    if TARGET_PAIRS in by_pairs and SCALE_PAIRS in by_pairs:
        small, large = by_pairs[TARGET_PAIRS], by_pairs[SCALE_PAIRS]
        factor = large.seconds / small.seconds
        scale.append(
            _target(
                f"cold build at 50,000 ≤ {SCALE_TIME_FACTOR} × at 5,000",
                f"{factor:.2f} ({large.seconds:.1f} s against {small.seconds:.1f} s)",
                factor <= SCALE_TIME_FACTOR,
            )
        )
    if SCALE_PAIRS in by_pairs:
        large = by_pairs[SCALE_PAIRS]
        scale.append(
            _target(
                f"peak memory at 50,000 ≤ {SCALE_PEAK_BYTES / GIB:.0f} GiB",
                f"{large.peak / MIB:,.0f} MiB",
                large.peak <= SCALE_PEAK_BYTES,
            )
        )
        if large.edit is not None:
            scale.append(
                _target(
                    f"rebuild after one edit at 50,000 ≤ {SCALE_EDIT_SECONDS:.1f} s",
                    f"{large.edit.seconds:.2f} s",
                    large.edit.seconds <= SCALE_EDIT_SECONDS,
                )
            )
    if scale:
        lines += ["", "| target (issue 19, scale) | measured | met? |", "| --- | ---: | :---: |"]
        lines += scale
    return lines


def _rebuild_table(sizes: list[Size]) -> list[str]:
    """The rebuilds after the cold rounds, per size: nothing changed, one story edited,
    then the newest story."""
    measured = [size for size in sizes if size.noop is not None and size.edit is not None]
    if not measured:
        return []
    lines = [
        "",
        "| pairs | nothing changed | one edit | one edit, CPU | one edit, peak memory "
        "| the newest story edited |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in measured:
        assert size.noop is not None and size.edit is not None
        newest = f"{size.newest.seconds:.2f} s" if size.newest is not None else "–"
        lines.append(
            f"| {size.pairs:,} | {size.noop.seconds:.2f} s | {size.edit.seconds:.2f} s | "
            f"{size.edit.cpu:.1f} s | {size.edit.tree_pss / MIB:,.0f} MiB | {newest} |"
        )
    return lines


def run_growth(sizes: list[int], rounds: int, ours: str | None = None) -> str:
    """Our cold build at each size (``rounds`` times), then the same build again and one
    after an edit; smallest first, one corpus at a time on disk: each size's corpus,
    output and caches are deleted once measured."""
    measured: list[Size] = []
    load_before = load()
    # One snapshot for every size, taken now: code edited during a run of half an hour
    # would otherwise be measured at the larger sizes only.
    shared = HERE / ".corpus-growth"
    code = _snapshot(shared, ours)
    for pairs in sorted(sizes):
        corpus, code = prepare(pairs, formats=("ours",), snapshot=code)
        system = Ours("ours", corpus, corpus.folder / "logs")
        samples = []
        for number in range(rounds):
            system.make_cold()
            sample = system.build("cold")
            samples.append(sample)
            print(
                f"  {pairs:,} pairs, round {number + 1}: {sample.seconds:.1f} s "
                f"(CPU {sample.cpu:.1f} s) {sample.tree_pss / MIB:,.0f} MiB",
                flush=True,
            )
        rebuilds = {}
        for phase in ("noop", "edit", "newest"):
            if phase == "edit":
                edit_story(corpus)
            elif phase == "newest":
                edit_story(corpus, target=corpus.newest_target)
            rebuilds[phase] = sample = system.build(phase)
            print(
                f"  {pairs:,} pairs, {phase}: {sample.seconds:.2f} s "
                f"(CPU {sample.cpu:.1f} s) {sample.tree_pss / MIB:,.0f} MiB",
                flush=True,
            )
        measured.append(
            Size(pairs, samples, rebuilds["noop"], rebuilds["edit"], rebuilds["newest"])
        )
        for name in ("ours", "out", "caches"):
            shutil.rmtree(corpus.folder / name, ignore_errors=True)
    shutil.rmtree(shared, ignore_errors=True)
    head = (
        f"Growth of our cold build, {rounds} round(s) per size, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {code}\n{machine()}\n"
        f"load average (1, 5, 15 min): {load_before} at the start, {load()} at the end\n"
    )
    text = "\n".join([head, *growth_table(measured)])
    print("\n" + text)
    return text


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("at least one size, each of 2 pairs or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run")
    parser.add_argument("--stories", type=int, default=1000, help="story pairs (default 1000)")
    parser.add_argument("--rounds", type=int, help="rounds (default 3; 1 per size with --growth)")
    parser.add_argument("--profile", action="store_true", help="profile our build instead")
    parser.add_argument("--top", type=int, default=30, help="functions listed by --profile")
    parser.add_argument(
        "--against", metavar="REV", help="also measure our build as of git revision REV"
    )
    parser.add_argument(
        "--only", choices=["ours"], help="'ours': leave plain Pelican and Hugo out of the rounds"
    )
    parser.add_argument("--no-hugo", action="store_true", help="leave Hugo out of the rounds")
    parser.add_argument(
        "--ours",
        metavar="REV",
        help="measure our build as of git revision REV (default: the work tree)",
    )
    parser.add_argument(
        "--growth",
        metavar="N,N,...",
        type=_sizes,
        help="our cold build at each size (pairs), e.g. 1000,5000,20000,50000",
    )
    args = parser.parse_args(argv)
    if args.profile:
        from .profiling import profile_build

        corpus, code = prepare(args.stories, formats=("ours",))
        print(f"{code}\n{machine()}")
        profile_build(corpus, args.top)
    elif args.growth:
        run_growth(args.growth, args.rounds or 1, args.ours)
    else:
        formats = ("ours",) if args.only == "ours" else ("ours", "plain", "hugo")
        if args.no_hugo:
            formats = tuple(name for name in formats if name != "hugo")
        run_benchmark(args.stories, args.rounds or 3, args.against, formats, args.ours)
    return 0


if __name__ == "__main__":
    sys.exit(main())
