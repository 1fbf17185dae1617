"""Where a build's cores went: the CPU of every process of a tree, second by second.

``python -m benchmarks.timeline record PID FILE [--every 0.5]`` reads, every
half second until PID ends (or is left unreaped), the CPU ticks, niceness and
resident size of PID and all its descendants from /proc/<pid>/stat
(measure.process_stats: cheap, no smaps), one JSON line per sample. Point it
at a running benchmark (``benchmarks.run``) to see its builds, their language
workers and the Pagefind processes.
``python -m benchmarks.timeline show FILE [--bin 30]`` prints each process that
used more than half a second of CPU (when it was first and last seen, its CPU)
and a table of CPU seconds per bin for the busiest processes (Pagefind's many
short processes together, the nicer walks of output/ together). A process that
lives shorter than one interval can be missed, and the last interval of one
reaped at once is; one first seen mid-life is counted from its start.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path

from .measure import ProcessStat, process_stats, process_tree

TICKS = os.sysconf("SC_CLK_TCK")


def record(root: int, out: Path, every: float = 0.5) -> int:
    """Sample the tree of ``root`` into ``out`` until it ends; the number of samples."""
    samples = 0
    with out.open("w", encoding="utf-8") as lines:
        while True:
            started = time.monotonic()
            stats = process_stats()
            tree = {pid: stats[pid] for pid in process_tree(root, stats) if pid in stats}
            if root not in tree or tree[root].ended:
                break
            row = {"t": started, "p": {pid: astuple(seen) for pid, seen in tree.items()}}
            lines.write(json.dumps(row) + "\n")
            lines.flush()
            samples += 1
            time.sleep(max(0.0, every - (time.monotonic() - started)))
    return samples


def _rows(path: Path) -> Iterator[tuple[float, dict[int, ProcessStat]]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield row["t"], {int(pid): ProcessStat(*values) for pid, values in row["p"].items()}


def _label(pid: int, seen: ProcessStat) -> str:
    if seen.name.startswith("pagefind"):
        return "pagefind"
    if seen.nice > 0:
        return "nicer walks"
    return f"{seen.name}:{pid}"


def show(path: Path, bin_seconds: float = 30.0, columns: int = 8) -> list[str]:
    """The processes and the table of CPU seconds per bin, as lines."""
    rows = list(_rows(path))
    if not rows:
        return ["no samples"]
    start = rows[0][0]
    first: dict[int, float] = {}
    last: dict[int, tuple[float, ProcessStat]] = {}
    bins: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    before: dict[int, int] = {}
    for number, (moment, tree) in enumerate(rows):
        at = int((moment - start) // bin_seconds)
        for pid, seen in tree.items():
            first.setdefault(pid, moment - start)
            last[pid] = (moment - start, seen)
            # A process first seen after the first sample started meanwhile, from 0 ticks.
            used = seen.ticks - before.get(pid, seen.ticks if number == 0 else 0)
            bins[at][_label(pid, seen)] += used / TICKS
            before[pid] = seen.ticks
    lines = ["pid     ppid    name             nice  first s   last s   CPU s  RSS MiB"]
    for pid in sorted(first, key=first.__getitem__):
        at, seen = last[pid]
        if seen.ticks / TICKS >= 0.5:
            lines.append(
                f"{pid:<7} {seen.ppid:<7} {seen.name[:16]:16} {seen.nice:>4} {first[pid]:>8.1f}"
                f" {at:>8.1f} {seen.ticks / TICKS:>7.1f} {seen.rss_mib:>8}"
            )
    totals: dict[str, float] = defaultdict(float)
    for used in bins.values():
        for label, seconds in used.items():
            totals[label] += seconds
    shown = sorted((label for label in totals if totals[label] >= 0.5), key=lambda x: -totals[x])
    shown = shown[:columns]
    lines += ["", "\t".join(["from s", *shown, "all"])]
    for at in sorted(bins):
        used = bins[at]
        cells = [f"{used.get(label, 0.0):.1f}" for label in shown]
        lines.append("\t".join([f"{at * bin_seconds:g}", *cells, f"{sum(used.values()):.1f}"]))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.timeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="sample a process tree until it ends")
    recording.add_argument("pid", type=int)
    recording.add_argument("file", type=Path)
    recording.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    showing = commands.add_parser("show", help="print a recorded timeline")
    showing.add_argument("file", type=Path)
    showing.add_argument("--bin", type=float, default=30.0, help="seconds per row")
    arguments = parser.parse_args(argv)
    if arguments.command == "record":
        samples = record(arguments.pid, arguments.file, arguments.every)
        print(f"{samples} samples in {arguments.file}")
    else:
        print("\n".join(show(arguments.file, arguments.bin)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
