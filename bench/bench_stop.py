"""How long ``jiedao run`` takes to stop on SIGTERM and on Ctrl-C in the middle of a corpus, and what it left.

    .venv/bin/python bench/bench_stop.py [--size 2000] [--after 20] [--repeat 2]

For each signal: a fresh data dir, ``jiedao run`` over the cached corpus of ``--size`` reports
(``bench_corpus.corpus_dir``), the signal ``--after`` seconds in (mid-chunk at the default size: the first chunks
end ~15 s in here), then the seconds until the command exits, its exit code, its last line, the processes of
the run still alive 5 s later, and the run's row. Ctrl-C is sent to the whole process group, as a terminal
does; SIGTERM to the command only, as a service manager does. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import JIEDAO, RUN_ENV, corpus_dir, descendants

SIGNALS = {"SIGTERM": signal.SIGTERM, "Ctrl-C": signal.SIGINT}


def as_foreground_job() -> None:
    """Ctrl-C live and a process group of its own (a background job of a script inherits SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.setsid()


def stopped_run(folder: Path, data: Path, name: str, after: float) -> str:
    """One run stopped by signal ``name`` ``after`` seconds in; a line of what happened."""
    command = [str(JIEDAO), "run", str(folder), "--data-dir", str(data)]
    run = subprocess.Popen(
        command, env=RUN_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=as_foreground_job
    )
    time.sleep(after)
    processes = descendants(run.pid)
    sent = time.monotonic()
    if SIGNALS[name] == signal.SIGINT:
        os.killpg(run.pid, signal.SIGINT)
    else:
        run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate()
    seconds = time.monotonic() - sent
    time.sleep(5)
    left = [pid for pid in processes if Path(f"/proc/{pid}").exists()]
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        status, message = con.execute("SELECT status, message FROM pipeline_runs").fetchall()[0]
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return (
        f"{name:8} stopped in {seconds:4.1f} s, exit {run.returncode}, {len(left)} of {len(processes)} processes left; "
        f"run {status}: {message}\n         {last}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--after", type=float, default=20.0, help="seconds into the run to send the signal")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    folder = corpus_dir(args.size, 0)
    for _ in range(args.repeat):
        for name in SIGNALS:
            data = Path(tempfile.mkdtemp(prefix="bench-stop-"))
            try:
                print(stopped_run(folder, data, name, args.after), flush=True)
            finally:
                shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
