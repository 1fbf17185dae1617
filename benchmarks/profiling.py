"""cProfile of our build: the parent process and each language's worker, per phase.

``vnportal.build.site.build_site`` runs the cache bookkeeping and the output
swap in this process; the index and the checks run in a forked preparing
process, which forks one worker per language (vnportal/build/launch.py). A
profiler in this process sees none of the forks. So build_site runs here under
cProfile, and ``vnportal.build.workers.build_language`` is replaced by a wrapper
that profiles each worker on its own (the forks inherit the replacement; it
passes every argument through, so it survives changes to the signature). The
build stays parallel, as in real use. Phases as in run.py: cold (no output, no
cache), nothing changed, one story edited. cProfile slows Python code by
roughly 1.5-2×, so the shares matter more than the seconds. The .prof files
stay in ``benchmarks/.corpus-N/profile/`` for snakeviz or pstats.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import shutil
import sys
import sysconfig
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .corpus import Corpus, edit_story

STDLIB = sysconfig.get_paths()["stdlib"]
SITE = sysconfig.get_paths()["purelib"]
PHASES = ("cold", "noop", "edit")
# Set before each build; the forked workers inherit them.
_state: dict[str, Any] = {"phase": "cold", "folder": None, "original": None}


def where(filename: str) -> str:
    """A short name for the code a profiled function belongs to."""
    if filename.startswith(SITE):
        return filename[len(SITE) + 1 :].split("/")[0]
    if "/vnportal/" in filename:  # the project's or the benchmark's copy
        return "vnportal/" + filename.rsplit("/vnportal/", 1)[1]
    if "/theme/" in filename or filename.endswith(".html"):
        return "templates"
    if filename.startswith(STDLIB) or filename.startswith("<frozen"):
        return "stdlib " + filename.rsplit("/", 1)[-1].removesuffix(".py").strip("<>")
    return filename


def builtin(function: str) -> str:
    """'<method 'join' of 'str' objects>' -> 'str.join'; '<built-in method posix.stat>'
    -> 'posix.stat'."""
    method = re.fullmatch(r"<method '(\w+)' of '([\w.]+)' objects>", function)
    if method:
        return f"{method[2]}.{method[1]}"
    return function.removeprefix("<built-in method ").removeprefix("<").rstrip(">")


def _name(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":
        return "built-in " + builtin(function)
    if "/theme/" in filename:
        return "theme/" + filename.rsplit("/theme/", 1)[1] + f" (template, {function})"
    short = filename
    for prefix in (SITE + "/", STDLIB + "/"):
        short = short.removeprefix(prefix)
    if "/vnportal/" in short:
        short = "vnportal/" + short.rsplit("/vnportal/", 1)[1]
    return f"{short}:{line}({function})"


def _top_functions(stats: pstats.Stats, top: int) -> list[str]:
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][3])[:top]  # type: ignore[attr-defined]
    lines = ["| cumulative s | own s | calls | function |", "| ---: | ---: | ---: | --- |"]
    for key, (_, calls, own, cumulative, _) in rows:
        lines.append(f"| {cumulative:.2f} | {own:.2f} | {calls} | `{_name(key)}` |")
    return lines


def _by_area(stats: pstats.Stats, top: int = 15) -> list[str]:
    """Own time summed per package/module: where the time is actually spent."""
    areas: Counter[str] = Counter()
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        area = f"built-in {builtin(function)}" if filename == "~" else where(filename)
        if area == "built-in _thread.lock.acquire":
            area = "waiting (lock.acquire: for the workers, in the parent)"
        areas[area] += own
    total = sum(areas.values()) or 1.0
    lines = ["| own s | share | code |", "| ---: | ---: | --- |"]
    for area, own in areas.most_common(top):
        lines.append(f"| {own:.2f} | {own / total:.0%} | {area} |")
    return lines


def _section(label: str, path: Path, top: int) -> list[str]:
    stats = pstats.Stats(str(path))
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"#### {label}: {total:.1f} s profiled ({path.name})", "", "Own time by code:", ""]
    lines += [*_by_area(stats), "", f"Top {top} functions by cumulative time:", ""]
    return [*lines, *_top_functions(stats, top), ""]


def profiled_language(*args: Any, **kwargs: Any) -> Any:
    """Stands in for vnportal.build.workers.build_language in the workers: profiles one run."""
    profile = cProfile.Profile()
    # The language is its run's (a LanguageRun), wherever the signature puts it.
    lang = next((arg.lang for arg in (*args, *kwargs.values()) if hasattr(arg, "lang")), "lang")
    try:
        return profile.runcall(_state["original"], *args, **kwargs)
    finally:
        profile.dump_stats(_state["folder"] / f"{_state['phase']}-{lang}.prof")


def _profile_phase(phase: str, build_site: Callable[..., Any], corpus: Corpus, out: Path) -> float:
    _state["phase"] = phase
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.runcall(build_site, corpus.ours_settings, out)
    seconds = time.perf_counter() - started
    profile.dump_stats(_state["folder"] / f"{phase}-parent.prof")
    return seconds


def profile_build(corpus: Corpus, top: int = 25) -> str:
    """Profile a cold build, a rebuild with nothing changed and one after an edit."""
    sys.path.insert(0, str(corpus.code))  # the snapshot, before anything imports vnportal
    import vnportal.build.site
    import vnportal.build.workers

    if not Path(vnportal.build.site.__file__).resolve().is_relative_to(corpus.code):
        print(f"note: profiling {vnportal.build.site.__file__}, not the snapshot", file=sys.stderr)
    folder = corpus.folder / "profile"
    out = corpus.folder / "out" / "profile"
    for stale in (folder, out, corpus.folder / "caches"):
        shutil.rmtree(stale, ignore_errors=True)
    folder.mkdir(parents=True)
    workers = vnportal.build.workers
    _state.update(folder=folder, original=workers.build_language)
    workers.build_language = profiled_language  # type: ignore[assignment]
    try:
        return _profile_phases(corpus, out, folder, top)
    finally:
        workers.build_language = _state["original"]


def _profile_phases(corpus: Corpus, out: Path, folder: Path, top: int) -> str:
    import vnportal.build.site

    lines: list[str] = []
    for phase in PHASES:
        if phase == "edit":
            edit_story(corpus)
        seconds = _profile_phase(phase, vnportal.build.site.build_site, corpus, out)
        part = [f"### {phase}: {seconds:.1f} s wall under cProfile", ""]
        part += _section(f"{phase}, parent process", folder / f"{phase}-parent.prof", top)
        vi, en = folder / f"{phase}-vi.prof", folder / f"{phase}-en.prof"
        if vi.exists():  # the English worker does the same work on the same number of stories
            part += _section(f"{phase}, vi worker", vi, top)
        if en.exists():
            total = pstats.Stats(str(en)).total_tt  # type: ignore[attr-defined]
            part += [f"(en worker: {total:.1f} s profiled, {en.name})", ""]
        print("\n".join(part), flush=True)
        lines += part
    return "\n".join(lines)
