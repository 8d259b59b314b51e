"""The memory of every process of one ``jiedao run``, sampled while it runs.

    .venv/bin/python bench/process_memory.py CORPUS DATA_DIR [jiedao run options...]

Reads each process's Pss (its private pages plus its share of pages shared with others: what the tree
really occupies) from ``/proc/<pid>/smaps_rollup`` every 100 ms, for ``jiedao`` and every process below it,
and prints the wall time, the tree's peak (when, and what each process held then), each process's own peak and CPU time (named by what it is: the run's main
process, Prefect's server, the fork server, a worker) and, every 10 s, the highest and lowest Pss of the main
process (which settles and loads the chunks). A process's own peak can be before it shared its pages: the fork
server holds its preload alone until it forks the workers. Linux only. ``bench/bench_corpus.py`` gives the
tree's peak for the benchmark; this says which process holds it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import JIEDAO, RUN_ENV, children_by_parent, memory_kb

TICKS = os.sysconf("SC_CLK_TCK")

WINDOW = 100  # samples per line of the main process's series (10 s)


def role(pid: int, parent: int, main: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        command = ""
    if pid == main:
        return "main"
    if "prefect_server_main" in command:  # flows.prefect_server.launch
        return "Prefect's server"
    if parent != main:
        return "worker"
    if "forkserver" in command:
        return "fork server"
    return "resource tracker" if "resource_tracker" in command else command[:40] or "?"


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of ``pid`` so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    started = time.perf_counter()
    command = [str(JIEDAO), "run", argv[0], "--data-dir", argv[1], *argv[2:]]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=RUN_ENV)
    names: dict[int, str] = {}
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}  # the last CPU time seen of each process (a gone process keeps its last)
    tree_peak, series = 0, []  # series: the main process's Pss at each sample (0: not started yet, or gone)
    at_peak: tuple[float, dict[int, int]] = (0.0, {})  # when the tree peaked, and each process's Pss then
    while run.poll() is None:
        tree, stack, total, sample = children_by_parent(), [(run.pid, 0)], 0, {}
        while stack:
            pid, parent = stack.pop()
            stack += [(child, pid) for child in tree.get(pid, [])]
            if names.get(pid, "?")[:1] in ("?", "/"):  # seen before its exec: named again once it has one
                names[pid] = role(pid, parent, run.pid)
            mb = memory_kb(pid)[1] // 1024
            cpu[pid] = max(cpu.get(pid, 0.0), cpu_seconds(pid))
            peaks[pid], total, sample[pid] = max(peaks.get(pid, 0), mb), total + mb, mb
            if pid == run.pid:
                series.append(mb)
        if total > tree_peak:
            tree_peak, at_peak = total, (time.perf_counter() - started, sample)
        time.sleep(0.1)
    print(f"wall {time.perf_counter() - started:.1f} s, exit code {run.returncode}, tree peak {tree_peak:,} MB (Pss)")
    for pid, mb in sorted(peaks.items(), key=lambda item: -item[1]):
        if mb:
            print(f"  {names[pid]:<17} {mb:>6,} MB  {cpu[pid]:>7.1f} s CPU  (pid {pid})")
    when, sample = at_peak
    held = ", ".join(f"{names[pid]} {mb:,}" for pid, mb in sorted(sample.items(), key=lambda item: -item[1]) if mb)
    print(f"at the tree's peak ({when:.1f} s), MB: {held}")
    windows = [[mb for mb in series[i : i + WINDOW] if mb] for i in range(0, len(series), WINDOW)]
    print("main process every 10 s, highest/lowest MB:", " ".join(f"{max(w)}/{min(w)}" for w in windows if w))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
