"""Run a command and measure it: wall time, memory of its process tree, output.

Memory is measured two ways, both from Linux:

* ``tree_pss``: every 50 ms the process tree (the command and all its
  descendants, found through /proc/*/stat) is summed by PSS from
  /proc/<pid>/smaps_rollup. PSS divides each shared page between the
  processes sharing it, so forked workers that still share their parent's
  pages are not counted twice; the sum is what the build costs the machine.
  The largest sum seen is the peak (a spike shorter than 50 ms can be missed).
  Reading smaps_rollup walks the memory it sums: a sample of a 2 GB tree
  takes about 50 ms of CPU. So the sampler waits at least OWN_SHARE_FACTOR
  times what its last sample cost, keeping its own share of a core near 5%;
  it took 15% of a core from a 5,000-pair build and 32% from a 50,000-pair
  one. Peaks that last longer than the wait (a second or so for the
  largest trees) are still seen.
* ``tree_rss``: the same samples summed by RSS instead: pages shared by the
  forked workers count once per process, so it overstates what the machine
  gives up, but it is the figure ``ps`` and most tools add up.
* ``max_rss``: the kernel's ru_maxrss from wait4() on the command: the largest
  resident set of any single process of the tree (not a sum), so it misses
  the other processes of a tree of several.

``cpu`` is user + system time of the whole tree, also from wait4(): on a
shared machine it moves less than wall time, and cpu/seconds shows parallelism.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.05
# The sampler's wait, at least this many times the CPU its last sample took (≤ 5% of a core).
OWN_SHARE_FACTOR = 19
MIB = 1024 * 1024


@dataclass
class Sample:
    seconds: float
    tree_pss: int  # bytes, peak of the sampled sum
    max_rss: int  # bytes, largest single process
    cpu: float = 0.0  # user + system seconds of the whole tree (wait4)
    files: int = 0  # files in the output folder afterwards
    pages: int = 0  # of which HTML pages
    size: int = 0  # their total size in bytes
    search_seconds: float = 0.0  # our build: the time it said its search index took
    search_size: int = 0  # bytes of the search index (output/pagefind/)
    tree_rss: int = 0  # bytes, peak of the sampled sum of RSS

    def merged(self, later: Sample) -> Sample:
        """Two commands run one after the other, as one measurement."""
        return Sample(
            self.seconds + later.seconds,
            max(self.tree_pss, later.tree_pss),
            max(self.max_rss, later.max_rss),
            self.cpu + later.cpu,
            later.files,
            later.pages,
            later.size,
            self.search_seconds + later.search_seconds,
            later.search_size,
            max(self.tree_rss, later.tree_rss),
        )


@dataclass(frozen=True)
class ProcessStat:
    """One process as /proc/<pid>/stat describes it."""

    ppid: int
    name: str
    ticks: int  # user + system CPU
    nice: int
    rss_mib: int
    ended: bool  # a zombie: its ticks are final, its parent has not reaped it yet


def process_stats() -> dict[int, ProcessStat]:
    """Every process of the machine, from one read of each /proc/<pid>/stat."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                raw = stat.read().decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        fields = raw[raw.rindex(")") + 2 :].split()
        found[int(entry.name)] = ProcessStat(
            ppid=int(fields[1]),
            name=raw[raw.index("(") + 1 : raw.rindex(")")],
            ticks=int(fields[11]) + int(fields[12]),
            nice=int(fields[16]),
            rss_mib=int(fields[21]) * PAGE >> 20,
            ended=fields[0] == "Z",
        )
    return found


def process_tree(root: int, stats: Mapping[int, ProcessStat] | None = None) -> list[int]:
    """``root`` and its descendants, parents first (``stats``: one read of process_stats())."""
    children: dict[int, list[int]] = defaultdict(list)
    for pid, stat in (process_stats() if stats is None else stats).items():
        children[stat.ppid].append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def resident(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes, from one read of smaps_rollup; (0, 0) once the process is gone."""
    found = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith((b"Rss:", b"Pss:")):
                    found[line[:3]] = int(line.split()[1]) * 1024
                    if len(found) == 2:
                        break
    except OSError:
        pass
    return found.get(b"Rss", 0), found.get(b"Pss", 0)


def pss(pid: int) -> int:
    """Proportional set size in bytes (0 when the process is gone)."""
    return resident(pid)[1]


class Sampler(threading.Thread):
    """Sums RSS and PSS over the process tree of ``root`` every INTERVAL, or less often
    when a sample costs much (OWN_SHARE_FACTOR); keeps the peaks."""

    def __init__(self, root: int, interval: float = INTERVAL) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak = 0  # PSS
        self.peak_rss = 0
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            started = time.thread_time()
            sizes = [resident(pid) for pid in process_tree(self.root)]
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in sizes))
            self.peak = max(self.peak, sum(pss for _, pss in sizes))
            self.samples += 1
            spent = time.thread_time() - started
            self.done.wait(max(self.interval, OWN_SHARE_FACTOR * spent))

    def stop(self) -> None:
        self.done.set()
        self.join()


def run(command: list[str], log: Path, cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run ``command``, its output appended to ``log``; raise if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out)
        sampler = Sampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command[0]} ... failed ({process.returncode}); see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, sampler.peak, usage.ru_maxrss * 1024, cpu, tree_rss=sampler.peak_rss)


def output_stats(folder: Path) -> tuple[int, int, int]:
    """(files, HTML pages, bytes) under ``folder``."""
    files = pages = size = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            files += 1
            pages += name.endswith(".html")
            size += os.lstat(os.path.join(directory, name)).st_size
    return files, pages, size
