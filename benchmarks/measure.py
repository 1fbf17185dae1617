"""Run a command and measure it: wall time, memory of its process tree, output.

Memory is measured two ways, both from Linux:

* ``tree_pss``: every 50 ms the process tree (the command and all its
  descendants, found through /proc/*/stat) is summed by PSS from
  /proc/<pid>/smaps_rollup. PSS divides each shared page between the
  processes sharing it, so forked workers that still share their parent's
  pages are not counted twice; the sum is what the build costs the machine.
  The largest sum seen is the peak (a spike shorter than 50 ms can be missed).
* ``max_rss``: the kernel's ru_maxrss from wait4() on the command: the largest
  resident set of any single process of the tree (not a sum).

``cpu`` is user + system time of the whole tree, also from wait4(): on a
shared machine it moves less than wall time, and cpu/seconds shows parallelism.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.05
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
        )


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        tree[int(fields[1])].append(int(entry.name))
    return tree


def process_tree(root: int) -> list[int]:
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += tree.get(pid, [])
    return found


def pss(pid: int) -> int:
    """Proportional set size in bytes (0 when the process is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            total = sum(pss(pid) for pid in process_tree(self.root))
            self.peak = max(self.peak, total)
            self.done.wait(INTERVAL)


def run(command: list[str], log: Path, cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run ``command``, its output appended to ``log``; raise if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out)
        sampler = _Sampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command[0]} ... failed ({process.returncode}); see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, sampler.peak, usage.ru_maxrss * 1024, cpu)


def output_stats(folder: Path) -> tuple[int, int, int]:
    """(files, HTML pages, bytes) under ``folder``."""
    files = pages = size = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            files += 1
            pages += name.endswith(".html")
            size += os.lstat(os.path.join(directory, name)).st_size
    return files, pages, size
