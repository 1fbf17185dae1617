"""Our build against plain Pelican 4.12 on one generated corpus, measured alternately.

``python -m benchmarks.run --stories N [--rounds R]`` (or ``invoke bench``)
writes N story pairs into ``benchmarks/.corpus-N/`` in both formats, then for
each round builds, one system right after the other (the order swaps every
round): cold (no output, no caches), again with nothing changed, and again
after one sentence was appended to one Vietnamese story. It prints medians,
ratios ours/plain (the median of each round's ratio) and the issue's targets.
``--profile`` profiles our build in-process instead (``profiling.py``).
``--against REV`` adds our build as it was at git revision REV as a third
system ("before"), measured in the same rounds; ``--only ours`` leaves plain
Pelican out (with ``--against``: the old and the new code, nothing else).

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

from . import measure
from .corpus import LANGS, Corpus, edit_story, ours_settings, write_corpus
from .measure import MIB, Sample

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PHASES = {
    "cold": "cold build",
    "noop": "rebuild, nothing changed",
    "edit": "rebuild after editing one story",
}
GIB = 1024 * MIB
CODE = ("vnportal", "theme", "pelicanconf.py")  # what our build runs, copied per run
TARGETS = (  # (what, numerator, denominator, at most)
    ("our cold build / plain Pelican's cold build", ("ours", "cold"), ("plain", "cold"), 0.5),
    ("our rebuild after one edit / our cold build", ("ours", "edit"), ("ours", "cold"), 0.2),
    ("our rebuild, nothing changed / our cold build", ("ours", "noop"), ("ours", "cold"), 0.1),
)


# --- the two systems --------------------------------------------------------------------


@dataclass
class System(ABC):
    name: str
    corpus: Corpus
    logs: Path

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


@dataclass
class Ours(System):
    """``python -m vnportal build``: index and checker, then both languages in parallel.

    ``code`` and ``settings``: another snapshot of our code (an earlier revision)
    and its own settings file; by default the snapshot taken for this run.
    """

    code: Path | None = None
    settings: Path | None = None

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
    hasher = hashlib.sha1()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    return Snapshot(code, hasher.hexdigest()[:10], revision())


def snapshot_revision(folder: Path, rev: str, name: str = "code-before") -> Snapshot:
    """Our build's code as it was at git revision ``rev`` (git archive, no work tree)."""
    code = folder / name
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, *CODE], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
    hasher = hashlib.sha1()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    described = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return Snapshot(code, hasher.hexdigest()[:10], described.stdout.strip())


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
        for system in order:
            if phase == "cold":
                system.make_cold()
            sample = system.build(phase)
            results.add(system.name, phase, sample)
            print(
                f"  round {number + 1}: {system.name:5} {phase:4} {sample.seconds:7.1f} s "
                f"(CPU {sample.cpu:6.1f} s) {sample.tree_pss / MIB:6.0f} MiB",
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


def prepare(stories: int, ours: str | None = None) -> tuple[Corpus, Snapshot]:
    """The code snapshot (of the work tree, or of git revision ``ours``) and the corpus,
    in benchmarks/.corpus-N/."""
    folder = HERE / f".corpus-{stories}"
    snapshot = snapshot_revision(folder, ours, "code") if ours else snapshot_code(folder)
    started = time.perf_counter()
    corpus = write_corpus(folder, stories, code=snapshot.code)
    print(
        f"{stories} pairs written to {folder} in {time.perf_counter() - started:.1f} s "
        f"(mean body words: vi {corpus.words['vi']:.0f}, en {corpus.words['en']:.0f})",
        flush=True,
    )
    return corpus, snapshot


def benchmark(
    corpus: Corpus, rounds: int, before: Snapshot | None = None, plain: bool = True
) -> tuple[Results, list[str]]:
    folder = corpus.folder
    logs = folder / "logs"
    systems: list[System] = [Plain("plain", corpus, logs)] if plain else []
    systems.append(Ours("ours", corpus, logs))
    if before is not None:
        settings = ours_settings(folder, before.code, "before")
        systems.append(Ours("before", corpus, logs, code=before.code, settings=settings))
    watched = [ROOT, folder, corpus.ours_content, corpus.folder / "ours", folder / "out"]
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
        ("largest single process, cold (RSS)", "cold", lambda s: s.max_rss, "MiB"),
        ("files written", "cold", lambda s: s.files, ""),
        ("of which HTML pages", "cold", lambda s: s.pages, ""),
        ("output size", "cold", lambda s: s.size, "MiB"),
        ("search index, cold: time within the build", "cold", lambda s: s.search_seconds, "s"),
        ("search index, one edit: time within the build", "edit", lambda s: s.search_seconds, "s"),
        ("search index size", "cold", lambda s: s.search_size, "MiB"),
    ]
    names = {"plain": "plain Pelican", "ours": "ours", "before": "ours before"}
    systems = [name for name in names if name in results.samples]
    against = [name for name in ("plain", "before") if name in results.samples]
    head = [names[name] for name in systems] + [f"ours/{name}" for name in against]
    lines = ["| | " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(head)]
    for label, phase, measure_of, unit in rows:
        cells = [_cell(results.median(name, phase, measure_of), unit) for name in systems]
        for other in against:
            if label in PHASES.values():
                ratio = results.ratio(("ours", phase), (other, phase))
            else:
                bottom = results.median(other, phase, measure_of)
                ratio = results.median("ours", phase, measure_of) / bottom if bottom else 0.0
            cells.append(f"{ratio:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def targets(results: Results) -> list[str]:
    lines = []
    for what, top, bottom, limit in TARGETS:
        if bottom[0] not in results.samples:
            continue
        value = results.ratio(top, bottom)
        mark = "PASS" if value <= limit else "FAIL"
        lines.append(f"- {what}: {value:.3f} (target ≤ {limit}) {mark}")
    edits = results.samples["ours"]["edit"]
    with_search = statistics.median(s.seconds for s in edits)
    search = statistics.median(s.search_seconds for s in edits)
    if search:
        ratio = with_search / (with_search - search) if with_search > search else float("inf")
        mark = "PASS" if ratio <= 2 else "FAIL"
        lines.append(
            f"- one-edit rebuild with its search index / without: {ratio:.2f} "
            f"({with_search:.2f} s, of which search index {search:.2f} s; target ≤ 2) {mark}"
        )
    peak = results.peak("ours")
    mark = "PASS" if peak < GIB else "FAIL"
    lines.append(f"- our peak memory, any phase: {peak / MIB:,.0f} MiB (target < 1 GiB) {mark}")
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
) -> str:
    head = (
        f"{corpus.pairs} story pairs ({2 * corpus.pairs} stories), {rounds} round(s), "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {code}\n"
        + (f"ours before: {before}\n" if before else "")
        + f"{machine()}\n"
    )
    lines = [head, *table(results), "", "Targets (a report, not a test):", *targets(results)]
    if new:
        lines += ["", "Paths that appeared during the runs (caches?):", *new]
    return "\n".join(lines)


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
    plain: bool = True,
    ours: str | None = None,
) -> str:
    corpus, code = prepare(stories, ours)
    before = snapshot_revision(corpus.folder, against) if against else None
    results, new = benchmark(corpus, rounds, before, plain)
    text = report(corpus, results, rounds, code, new, before)
    print("\n" + text)
    print(f"\n(all samples: {save(corpus, results, text)})")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run")
    parser.add_argument("--stories", type=int, default=1000, help="story pairs (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile our build instead")
    parser.add_argument("--top", type=int, default=30, help="functions listed by --profile")
    parser.add_argument(
        "--against", metavar="REV", help="also measure our build as of git revision REV"
    )
    parser.add_argument(
        "--only", choices=["ours"], help="'ours': leave plain Pelican out of the rounds"
    )
    parser.add_argument(
        "--ours",
        metavar="REV",
        help="measure our build as of git revision REV (default: the work tree)",
    )
    args = parser.parse_args(argv)
    if args.profile:
        from .profiling import profile_build

        corpus, code = prepare(args.stories)
        print(f"{code}\n{machine()}")
        profile_build(corpus, args.top)
    else:
        plain = args.only != "ours"
        run_benchmark(args.stories, args.rounds, args.against, plain=plain, ours=args.ours)
    return 0


if __name__ == "__main__":
    sys.exit(main())
