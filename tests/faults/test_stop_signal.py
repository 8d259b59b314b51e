"""Ctrl-C or SIGTERM stops a run within seconds, even with a chunk stuck in a worker: the chunks already
loaded stay, the run is recorded ``aborted`` with a sentence saying so, the user reads one line (no
traceback), no process is left, and the next run completes the work with the lake in line."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from processes import descendants, survivors
from short_reports import many_reports

from support import JIEDAO, jiedao, lake_count, query

pytestmark = pytest.mark.slow

INPUTS = 24


def as_from_a_terminal() -> None:
    """The child's own process group with Ctrl-C live, as a shell's foreground job (a background job
    of a non-interactive shell, like this test's runner may be, inherits SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.setsid()


def stopped_mid_chunk(signum: int, data: Path, inputs: Path, marker: Path) -> tuple[int, str, float, list]:
    """Start a run whose last chunk hangs in its worker (nothing Prefect can cancel), send ``signum``
    (SIGINT to the whole group, as a terminal does), return the exit code, stderr, seconds to exit and
    the processes left alive."""
    env = {**os.environ, "JIEDAO_FAILPOINT": f"transform-{INPUTS // 8}:{marker}"}
    env.pop("PYTHONWARNINGS", None)  # what a user sees, warnings included
    command = [str(JIEDAO), "run", str(inputs), "--chunk-size", "8", "--workers", "2", "--data-dir", str(data)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=as_from_a_terminal
    )
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert process.poll() is None, f"the run ended before its last chunk: {process.stderr.read()}"
        assert time.monotonic() < deadline, "the run never reached its last chunk"
        time.sleep(0.2)
    time.sleep(3)  # the chunks before it are loaded meanwhile
    children = descendants(process.pid)
    sent = time.monotonic()
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr, time.monotonic() - sent, survivors(children)


@pytest.mark.parametrize(
    ("signum", "code", "said"), [(signal.SIGTERM, 143, "stopped by SIGTERM"), (signal.SIGINT, 130, "interrupted")]
)
def test_a_stopped_run_ends_in_seconds_and_the_next_run_completes_it(signum, code, said, tmp_path):
    inputs, data = tmp_path / "in", tmp_path / "data"
    many_reports(inputs, count=INPUTS)
    db = data / "warehouse.duckdb"

    returncode, stderr, seconds, left_behind = stopped_mid_chunk(signum, data, inputs, tmp_path / "reached")

    assert returncode == code, stderr
    assert seconds < 20, f"took {seconds:.1f} s to stop"
    assert "Traceback" not in stderr and "Warning" not in stderr, stderr
    assert stderr.strip().splitlines()[-1].startswith(f"jiedao: {said}: the chunks loaded so far are kept")
    assert left_behind == [], "processes of the stopped run outlived it"
    [(run_id, status, message)] = query(db, "SELECT run_id, status, message FROM pipeline_runs")
    assert status == "aborted" and message.startswith("stopped by a signal after loading")
    loaded = query(db, f"SELECT count(*) FROM documents WHERE run_id = '{run_id}'")[0][0]
    committed = query(db, f"SELECT coalesce(sum(n_documents), 0) FROM loads WHERE run_id = '{run_id}'")[0][0]
    assert 8 <= loaded == committed < INPUTS  # whole chunks only, kept, and the hung one is not among them
    assert not any((data / "lake" / "_staging").glob("*"))

    again = jiedao("run", str(inputs), "--chunk-size", "8", "--data-dir", str(data))

    assert again.returncode == 0, again.stderr
    assert query(db, "SELECT count(*) FROM pipeline_runs WHERE status = 'running'") == [(0,)]
    for table in ("documents", "metrics", "document_sources"):
        assert lake_count(data, table) == query(db, f"SELECT count(*) FROM {table}")[0][0], table
    rejected = query(db, "SELECT count(DISTINCT source_uri) FROM rejects")[0][0]
    assert query(db, "SELECT count(*) FROM document_sources")[0][0] + rejected == INPUTS
