"""The memory of every process of one ``jiedao run``, sampled while it runs.

    .venv/bin/python bench/process_memory.py CORPUS DATA_DIR [jiedao run options...]

Reads each process's Pss (its private pages plus its share of pages shared with others: what the tree
really occupies) from ``/proc/<pid>/smaps_rollup`` every 100 ms, for ``jiedao`` and every process below it,
and prints the wall time, the tree's peak, each process's own peak (named by what it is: the run's main
process, Prefect's server, the fork server, a worker) and, every 10 s, the highest and lowest Pss of the main
process (which settles and loads the chunks). A process's own peak can be before it shared its pages: the fork
server holds its preload alone until it forks the workers. Linux only. ``bench/bench_corpus.py`` gives the tree's peak for
the benchmark; this says which process holds it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

WINDOW = 100  # samples per line of the main process's series (10 s)


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for thread in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{thread}/children").read_text().split()]
    except OSError:
        pass
    return found


def pss_mb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def role(pid: int, parent: int, main: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        command = ""
    if pid == main:
        return "main"
    if "uvicorn" in command:
        return "Prefect's server"
    if parent != main:
        return "worker"
    if "forkserver" in command:
        return "fork server"
    return "resource tracker" if "resource_tracker" in command else command[:40] or "?"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    jiedao = Path(sys.executable).with_name("jiedao")
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        run = subprocess.Popen(
            [str(jiedao), "run", argv[0], "--data-dir", argv[1], *argv[2:]], stdout=quiet, stderr=quiet
        )
    names: dict[int, str] = {}
    peaks: dict[int, int] = {}
    tree_peak, series = 0, list[int | None]()
    while run.poll() is None:
        stack, total = [(run.pid, 0)], 0
        while stack:
            pid, parent = stack.pop()
            stack += [(child, pid) for child in children(pid)]
            names.setdefault(pid, role(pid, parent, run.pid))
            mb = pss_mb(pid)
            peaks[pid], total = max(peaks.get(pid, 0), mb), total + mb
        tree_peak = max(tree_peak, total)
        series.append(pss_mb(run.pid) or None)  # None: not started yet, or gone
        time.sleep(0.1)
    print(f"wall {time.perf_counter() - started:.1f} s, exit code {run.returncode}, tree peak {tree_peak:,} MB (Pss)")
    for pid, mb in sorted(peaks.items(), key=lambda item: -item[1]):
        if mb:
            print(f"  {names[pid]:<17} {mb:>6,} MB  (pid {pid})")
    windows = [[mb for mb in series[i : i + WINDOW] if mb] for i in range(0, len(series), WINDOW)]
    print("main process every 10 s, highest/lowest MB:", " ".join(f"{max(w)}/{min(w)}" for w in windows if w))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
