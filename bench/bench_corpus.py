"""The issue-10 benchmark: ``jiedao run`` over generated corpora, next to one bare jieba pass.

    .venv/bin/python bench/bench_corpus.py [--sizes 2000,20000[,100000]] [--seed 0]
        [--only first,rerun,startup,workers,dask] [--run-args "--chunk-size 200"] [--write-results]

For every size N (``bench/corpus.py``, cached under ``bench/results/corpus-N-seedS/``, gitignored):

- **jieba**: one bare ``jieba.lcut`` pass over the same reports' text, in a fresh interpreter with the
  project's dictionary already loaded (only the segmentation loop is timed), right before and right
  after the first run (paired: the mean of the two sees the machine's load as the run did). The jieba
  ratio is that time ÷ the pipeline's wall time; on a shared machine the CPU-time ratio (jieba's CPU
  seconds ÷ the CPU seconds of ``jiedao`` and every process it waited for, from ``wait4``) is steadier.
- **first**: ``jiedao run CORPUS --data-dir TMP`` as a subprocess into an empty data dir: wall time,
  documents loaded, docs/s and chars/s (characters of report text ÷ wall time), peak RSS, and the time
  per stage (from the stage lines on stderr: the interval between a stage's line and the previous one,
  summed over chunks; the first stage includes start-up).
- **rerun**: the same command again into the same data dir (nothing changed): its wall time ÷ the first.
- **increment**: then the corpus plus ``INCREMENT`` new reports (the generator's next ones, in a folder of
  their own) into the same data dir: what a nightly run that finds a few new reports costs.
- **startup**: a run on 1 file into an empty data dir (fixed cost: imports, Prefect, GX, dictionary).
- **workers**: ``--workers 1`` and ``--workers 2``, each into an empty data dir; speed-up = t1 ÷ t2. With
  ``--pairs K`` the two alternate K times and the speed-up is the median of the K paired ratios (this
  host's speed drifts by tens of percent within minutes: one pair gave 1.25×, the next 1.84×).
- **dask**: a 2-worker ``distributed.LocalCluster`` (processes, 1 thread each) started in this process,
  its address passed as ``--dask-address``.

Peak RSS is the largest sum, over the whole process tree below this benchmark (the ``jiedao`` process,
its worker processes, and for the dask run the LocalCluster's workers), of every process's VmRSS, read
from ``/proc`` every 100 ms. VmRSS counts a page shared by several processes once in each of them (the
workers are forked from one warm process and share its dictionaries and imported code), so the sum of
Pss (each shared page divided among its sharers: what the tree really occupies) is printed next to it
as "PSS". ``wait4``'s ``ru_maxrss`` (the largest single process, which misses memory spread over
workers) is printed as "max 1 proc".

A flag the CLI does not know yet (argparse: "unrecognized arguments") skips that measurement with a
note. ``--write-results`` writes ``bench/RESULTS.md`` (figures, targets, commands). Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
JIEDAO = Path(sys.executable).with_name("jiedao")
STAGE_LINE = re.compile(r"^(?P<stage>[a-z_]+)\s{1,}\S")  # "clean      2000 texts" (progress lines are indented)
STAGE_SECONDS = re.compile(r"\((?P<s>\d+(?:\.\d+)?)\s*s\)\s*$")  # "... (12.3 s)" when the line states it
DOCUMENTS = re.compile(r"^\s*documents\s+(\d+)", re.MULTILINE)
# On a loaded machine Prefect's temporary server can take longer than its default 20 s to come up; a
# run that gives up then measures nothing. The wait is not part of any figure when it is not needed.
RUN_ENV = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180", **os.environ}
MEASUREMENTS = ("first", "rerun", "increment", "startup", "workers", "dask")
INCREMENT = 20  # new reports added to the loaded corpus: a night's worth from a few portals
TARGETS = {
    "jieba ratio": "≥ 0.5",
    "jieba ratio, CPU time": "(≥ 0.5)",
    "start-up (1 file)": "≤ 5 s",
    "peak RSS": "< 1.2 GB, flat in N",
    "re-run ÷ first": "≤ 5%",
    "workers 2 ÷ 1 speed-up": "≥ 1.6×",
}


# ---------------------------------------------------------------------------------------------
# Process-tree memory


def children_by_parent() -> dict[int, list[int]]:
    """ppid -> pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, Pss) of ``pid`` in kB: Pss shares each shared page among the processes mapping it."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            rss = next((int(line.split()[1]) for line in status if line.startswith(b"VmRSS:")), 0)
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            pss = next((int(line.split()[1]) for line in rollup if line.startswith(b"Pss:")), 0)
    except OSError:
        pass
    return rss, pss


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (not ``root`` itself), from /proc."""
    tree, found = children_by_parent(), []
    todo = list(tree.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def tree_memory_kb(root: int) -> tuple[int, int]:
    """The summed VmRSS and Pss of every descendant of ``root`` (not ``root`` itself)."""
    rss = pss = 0
    for pid in descendants(root):
        one_rss, one_pss = memory_kb(pid)
        rss, pss = rss + one_rss, pss + one_pss
    return rss, pss


class PeakTreeRss:
    """Polls the summed RSS and PSS of this process's descendants every ``interval`` seconds."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak_kb, self.peak_pss_kb = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            rss, pss = tree_memory_kb(me)
            self.peak_kb, self.peak_pss_kb = max(self.peak_kb, rss), max(self.peak_pss_kb, pss)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakTreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------------------------------------
# One run


@dataclass
class Run:
    command: list[str]
    wall: float = 0.0
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for
    returncode: int = 0
    peak_tree_mb: float = 0.0
    peak_tree_pss_mb: float = 0.0  # shared pages counted once (workers forked from one warm process)
    max_single_mb: float = 0.0
    documents: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    stderr_tail: str = ""
    skipped: str | None = None  # why the measurement was skipped

    @property
    def ok(self) -> bool:
        return self.skipped is None and self.returncode == 0


def run_jiedao(sources: list[str], data_dir: Path, extra: list[str]) -> Run:
    """``jiedao run SOURCES --data-dir DATA_DIR EXTRA``, timed, with its memory and stage lines."""
    command = [str(JIEDAO), "run", *sources, "--data-dir", str(data_dir), *extra]
    run = Run(command)
    lines: list[tuple[float, str]] = []
    start = time.perf_counter()
    with PeakTreeRss() as peak:
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=RUN_ENV
        )

        def read_stderr() -> None:
            for line in proc.stderr:  # type: ignore[union-attr]
                lines.append((time.perf_counter() - start, line.rstrip("\n")))

        reader = threading.Thread(target=read_stderr, daemon=True)
        reader.start()
        stdout = proc.stdout.read()  # type: ignore[union-attr]
        _pid, status, usage = os.wait4(proc.pid, 0)
        run.wall = time.perf_counter() - start
        reader.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    run.returncode = proc.returncode
    run.peak_tree_mb = peak.peak_kb / 1024
    run.peak_tree_pss_mb = peak.peak_pss_kb / 1024
    run.max_single_mb = usage.ru_maxrss / 1024
    run.cpu = usage.ru_utime + usage.ru_stime
    found = DOCUMENTS.search(stdout)
    run.documents = int(found.group(1)) if found else 0
    stderr = "\n".join(text for _t, text in lines)
    run.stderr_tail = "\n".join(stderr.splitlines()[-3:])
    unknown = re.search(r"unrecognized arguments: (.+)", stderr)
    if unknown:
        run.skipped = f"the CLI does not accept {unknown.group(1).strip()} yet"
    run.stages = stage_seconds(lines)
    return run


def stage_seconds(lines: list[tuple[float, str]]) -> dict[str, float]:
    """Seconds per stage from the timestamped stderr lines: a stated "(N s)" when the line has one,
    else the time since the previous stage line (the first stage: since the process started)."""
    stages: dict[str, float] = {}
    previous = 0.0
    for at, text in lines:
        match = STAGE_LINE.match(text)
        if not match or text.startswith(("run ", "jiedao")):
            continue
        stated = STAGE_SECONDS.search(text)
        seconds = float(stated.group("s")) if stated else at - previous
        stages[match.group("stage")] = stages.get(match.group("stage"), 0.0) + seconds
        previous = at
    return stages


# ---------------------------------------------------------------------------------------------
# Corpus and jieba


def corpus_dir(n: int, seed: int) -> Path:
    """The cached corpus of ``n`` reports (generated once)."""
    folder = RESULTS / f"corpus-{n}-seed{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        if folder.exists():
            shutil.rmtree(folder)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "corpus.py"), str(n), str(folder), "--seed", str(seed)], check=True
        )
        marker.write_text(json.dumps({"n": n, "seed": seed, "seconds": round(time.perf_counter() - start, 1)}))
    return folder


_JIEBA_PASS = """
import json, sys, time
sys.path[:0] = [{root!r}, {bench!r}]
from corpus import report
from transforms.nlp import jieba
texts = [report(i, {seed}).text for i in range({n})]
lcut = jieba().lcut
start, cpu = time.perf_counter(), time.process_time()
for text in texts:
    lcut(text)
print(json.dumps({{"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "chars": sum(map(len, texts))}}))
"""


def jieba_pass(n: int, seed: int) -> tuple[float, float, int]:
    """Wall and CPU seconds of one bare ``jieba.lcut`` pass over the ``n`` reports' text (dictionary
    loaded first), and the characters."""
    code = _JIEBA_PASS.format(root=str(ROOT), bench=str(ROOT / "bench"), seed=seed, n=n)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["cpu"], result["chars"]


def first_file(folder: Path) -> Path:
    return min(p for p in folder.rglob("*") if p.suffix in (".txt", ".html"))


# ---------------------------------------------------------------------------------------------
# The benchmark


@dataclass
class SizeResult:
    n: int
    chars: int = 0
    jieba_seconds: float = 0.0  # mean of the passes before and after the first run
    jieba_cpu: float = 0.0
    runs: dict[str, Run] = field(default_factory=dict)


def measure(n: int, seed: int, only: set[str], run_args: list[str], log, pairs: int = 1) -> SizeResult:
    folder = corpus_dir(n, seed)
    result = SizeResult(n)
    log(f"N={n}: corpus in {folder.relative_to(ROOT)}")
    passes = [jieba_pass(n, seed)]
    log(f"  jieba pass      {passes[0][0]:7.1f} s ({passes[0][1]:.1f} s CPU) over {passes[0][2]:,} chars")

    def fresh(name: str, sources: list[str], extra: list[str], data_dir: Path | None = None) -> Run:
        keep = data_dir is not None
        data_dir = data_dir or Path(tempfile.mkdtemp(prefix=f"bench-{name}-", dir=RESULTS))
        run = run_jiedao(sources, data_dir, [*run_args, *extra])
        result.runs[name] = run
        state = run.skipped or ("ok" if run.ok else f"exit {run.returncode}: {run.stderr_tail.splitlines()[-1:]}")
        log(
            f"  {name:<15} {run.wall:7.1f} s ({run.cpu:.0f} s CPU)  {run.documents} docs  peak {run.peak_tree_mb:,.0f} MB (PSS {run.peak_tree_pss_mb:,.0f})  ({state})"
        )
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        return run

    if only & {"first", "rerun", "increment"}:
        data_dir = Path(tempfile.mkdtemp(prefix="bench-first-", dir=RESULTS))
        fresh("first", [str(folder)], [], data_dir)
        passes.append(jieba_pass(n, seed))  # paired: the machine's load before and after the run
        log(f"  jieba pass      {passes[-1][0]:7.1f} s ({passes[-1][1]:.1f} s CPU), after the first run")
        if "rerun" in only:
            fresh("rerun", [str(folder)], [], data_dir)
        if "increment" in only:
            extra = new_reports(n, seed, INCREMENT)
            fresh("increment", [str(folder), str(extra)], [], data_dir)
            shutil.rmtree(extra, ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    result.chars = passes[0][2]
    result.jieba_seconds = sum(p[0] for p in passes) / len(passes)
    result.jieba_cpu = sum(p[1] for p in passes) / len(passes)
    if "startup" in only:
        fresh("startup", [str(first_file(folder))], [])
    if "workers" in only:
        for suffix in pair_suffixes(pairs):
            fresh("workers1" + suffix, [str(folder)], ["--workers", "1"])
            fresh("workers2" + suffix, [str(folder)], ["--workers", "2"])
    if "dask" in only:
        from distributed import LocalCluster

        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster:
            fresh("dask", [str(folder)], ["--dask-address", cluster.scheduler_address])
    return result


def new_reports(n: int, seed: int, k: int) -> Path:
    """``k`` reports that the corpus of ``n`` does not hold (its generator's next ones), in a folder of their own."""
    from corpus import write

    folder = Path(tempfile.mkdtemp(prefix="bench-increment-", dir=RESULTS))
    write(n + k, folder, seed, start=n)
    return folder


def pair_suffixes(pairs: int) -> list[str]:
    """Run names of the workers measurement's pairs: ``workers1``, ``workers1#2``, ..."""
    return [""] + [f"#{i}" for i in range(2, pairs + 1)]


def paired_ratios(r: SizeResult) -> list[float]:
    """t(--workers 1) ÷ t(--workers 2) of every pair whose two runs completed."""
    ratios = []
    for suffix in pair_suffixes(len([k for k in r.runs if k.startswith("workers1")])):
        one, two = r.runs.get("workers1" + suffix), r.runs.get("workers2" + suffix)
        if one and two and one.ok and two.ok:
            ratios.append(one.wall / two.wall)
    return ratios


def _s(run: Run | None) -> str:
    if run is None:
        return "—"
    if run.skipped:
        return "skipped"
    return f"{run.wall:.1f} s" if run.ok else f"failed ({run.returncode})"


def table(results: list[SizeResult]) -> str:
    """The figures as a Markdown table, one column per N."""
    head = "| figure | " + " | ".join(f"N = {r.n:,}" for r in results) + " | target |"
    rows = [head, "|---|" + "---|" * len(results) + "---|"]

    def row(name: str, cells: list[str]) -> None:
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {TARGETS.get(name, '')} |")

    def first(r: SizeResult) -> Run | None:
        run = r.runs.get("first")
        return run if run and run.ok else None

    row("characters of report text", [f"{r.chars:,}" for r in results])
    row("bare jieba pass (wall / CPU)", [f"{r.jieba_seconds:.1f} s / {r.jieba_cpu:.1f} s" for r in results])
    row(
        "pipeline, first run (wall / CPU)",
        [f"{first(r).wall:.1f} s / {first(r).cpu:.1f} s" if first(r) else _s(r.runs.get("first")) for r in results],
    )
    row("documents loaded", [str(first(r).documents) if first(r) else "—" for r in results])
    row("jieba ratio", [f"{r.jieba_seconds / first(r).wall:.2f}" if first(r) else "—" for r in results])
    row(
        "jieba ratio, CPU time",
        [f"{r.jieba_cpu / first(r).cpu:.2f}" if first(r) and first(r).cpu else "—" for r in results],
    )
    row("docs/s", [f"{first(r).documents / first(r).wall:.1f}" if first(r) else "—" for r in results])
    row("chars/s", [f"{r.chars / first(r).wall / 1e3:,.0f}k" if first(r) else "—" for r in results])
    row(
        "peak RSS",
        [
            f"{first(r).peak_tree_mb:,.0f} MB, PSS {first(r).peak_tree_pss_mb:,.0f} (max 1 proc {first(r).max_single_mb:,.0f})"
            if first(r)
            else "—"
            for r in results
        ],
    )
    stages: list[str] = []
    for r in results:
        if first(r):
            stages += [s for s in first(r).stages if s not in stages]
    for stage in stages:
        row(f"  stage {stage}", [f"{first(r).stages.get(stage, 0):.1f} s" if first(r) else "—" for r in results])

    def startup(r: SizeResult) -> str:
        run = r.runs.get("startup")
        return f"{run.wall:.1f} s, {run.peak_tree_mb:,.0f} MB" if run and run.ok else _s(run)

    row("start-up (1 file)", [startup(r) for r in results])

    def rerun(r: SizeResult) -> str:
        run = r.runs.get("rerun")
        if not (run and run.ok and first(r)):
            return _s(run)
        return f"{run.wall:.1f} s = {100 * run.wall / first(r).wall:.0f}%"

    row("re-run ÷ first", [rerun(r) for r in results])

    def increment(r: SizeResult) -> str:
        run = r.runs.get("increment")
        return f"{run.wall:.1f} s, {run.documents} loaded" if run and run.ok else _s(run)

    row(f"re-run with {INCREMENT} new reports", [increment(r) for r in results])
    row("--workers 1", [_s(r.runs.get("workers1")) for r in results])
    row("--workers 2", [_s(r.runs.get("workers2")) for r in results])

    def speedup(r: SizeResult) -> str:
        ratios = paired_ratios(r)
        if len(ratios) < 2:
            return f"{ratios[0]:.2f}×" if ratios else "—"
        listed = ", ".join(f"{x:.2f}" for x in ratios)
        return f"{statistics.median(ratios):.2f}× (median of {len(ratios)} pairs: {listed})"

    row("workers 2 ÷ 1 speed-up", [speedup(r) for r in results])

    def dask(r: SizeResult) -> str:
        run = r.runs.get("dask")
        if run and run.ok:
            return f"{run.wall:.1f} s, {run.documents} docs, peak {run.peak_tree_mb:,.0f} MB"
        return _s(run)

    row("2-worker LocalCluster (--dask-address)", [dask(r) for r in results])
    return "\n".join(rows)


def notes(results: list[SizeResult]) -> list[str]:
    out = []
    for r in results:
        for name, run in r.runs.items():
            if run.skipped:
                out.append(f"- N={r.n:,} {name}: skipped, {run.skipped}.")
            elif not run.ok:
                out.append(f"- N={r.n:,} {name}: exit {run.returncode}: {run.stderr_tail.splitlines()[-1:]}")
    return out


def machine() -> str:
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        or "?"
    )
    return f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, commit {commit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="2000,20000", help="comma-separated N (default 2000,20000; add 100000 where time allows)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--only", default=",".join(MEASUREMENTS), help=f"measurements, comma-separated, of {','.join(MEASUREMENTS)}"
    )
    parser.add_argument("--pairs", type=int, default=1, help="alternating --workers 1 / 2 pairs (median ratio)")
    parser.add_argument("--run-args", default="", help='passed to every jiedao run, e.g. "--chunk-size 200"')
    parser.add_argument("--label", default="", help="a name for this row set in RESULTS.md (e.g. before/after)")
    parser.add_argument("--write-results", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures as JSON here")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    only = {m.strip() for m in args.only.split(",") if m.strip()}
    unknown = only - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    RESULTS.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    results = [measure(n, args.seed, only, shlex.split(args.run_args), log, args.pairs) for n in sizes]
    rendered = table(results)
    print(rendered)
    for line in notes(results):
        print(line)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "n": r.n,
                        "chars": r.chars,
                        "jieba_seconds": r.jieba_seconds,
                        "runs": {k: {**v.__dict__, "stderr_tail": v.stderr_tail} for k, v in r.runs.items()},
                    }
                    for r in results
                ],
                indent=1,
                default=str,
            )
        )
    if args.write_results:
        write_results(results, rendered, args)
    return 0


def write_results(results: list[SizeResult], rendered: str, args: argparse.Namespace) -> None:
    """Write (or replace) this label's section of bench/RESULTS.md, keeping the other labels' sections."""
    path = ROOT / "bench" / "RESULTS.md"
    title = f"## {args.label or 'latest'}"
    command = ".venv/bin/python bench/bench_corpus.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    section = (
        "\n".join(
            [
                title,
                "",
                f"{machine()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}:",
                "",
                "```",
                command,
                "```",
                "",
                rendered,
                "",
                *notes(results),
            ]
        ).rstrip()
        + "\n"
    )
    header = "\n".join(
        [
            "# Corpus benchmark (issue 10)",
            "",
            "Produced by `bench/bench_corpus.py` over corpora of `bench/corpus.py` (see both docstrings). jieba: one",
            "bare `lcut` pass over the same reports' text with the dictionary loaded, in its own interpreter, before",
            "and after the first run (mean); jieba ratio = that ÷ the pipeline's wall time, and the same with CPU",
            "seconds (steadier on a shared machine); peak RSS: the summed VmRSS of the whole process tree, polled",
            'from /proc every 100 ms ("max 1 proc": `wait4`\'s ru_maxrss); stage times: a stage line\'s own "(N s)"',
            "or the interval since the previous stage line (the first includes start-up). Targets: issue 10.",
            "",
        ]
    )
    sections: list[str] = []
    if path.exists():
        old = path.read_text(encoding="utf-8")
        sections = ["## " + part.rstrip() + "\n" for part in old.split("\n## ")[1:]]
    sections = [part for part in sections if part.splitlines()[0] != title] + [section]
    path.write_text(header + "\n" + "\n".join(sections), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
