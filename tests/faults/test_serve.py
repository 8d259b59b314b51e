"""`jiedao serve` end to end: it starts its own Prefect server, a scheduled run loads the warehouse,
and SIGTERM (or a hard kill) leaves no process behind. Slow: a real server and real scheduled runs."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from support import JIEDAO, jiedao, query

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "sample_01_plain.txt"
UI_LINE = re.compile(r"Prefect UI at (http://127\.0\.0\.1:(\d+))")


class Served:
    """A `jiedao serve` process with its stdout read line by line in the background."""

    def __init__(self, cron: str, data: Path, state: Path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(XDG_STATE_HOME=str(state), PYTHONWARNINGS="ignore")
        self.process = subprocess.Popen(
            [str(JIEDAO), "serve", "--cron", cron, str(SAMPLE), "--data-dir", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def rest(self) -> list[str]:
        """The lines not read yet, once the process has ended."""
        self.reader.join(10)
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return rest

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, f"serve exited early: {self.process.stderr.read()}"
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r} within {timeout} s; got {self.seen}")

    def family(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]


def gone(processes: list[psutil.Process], timeout: float) -> list[str]:
    """The processes still running after ``timeout`` s (a process is identified with its start time)."""
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return [f"{p.pid} {p.name()}" for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def port_open(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def completed_runs(db: Path, timeout: float) -> int:
    """Runs recorded as completed in the warehouse, waiting up to ``timeout`` s for the first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            ((n,),) = query(db, "SELECT count(*) FROM pipeline_runs WHERE status = 'completed'")
        except (duckdb.Error, OSError):  # not created yet, or a run holds it right now
            n = 0
        if n:
            return n
        time.sleep(3)
    return 0


@pytest.fixture(scope="module")
def state(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("state")  # one Prefect home for the module: migrated once


def test_a_scheduled_run_loads_the_warehouse_and_sigterm_leaves_no_process(tmp_path: Path, state: Path):
    data = tmp_path / "data"
    served = Served("* * * * *", data, state)
    try:
        ui = served.wait_for(UI_LINE.pattern, timeout=300)
        port = int(ui.group(2))
        assert port_open(port)
        assert completed_runs(data / "warehouse.duckdb", timeout=240)  # the every-minute schedule fired
        family = served.family()
        assert len(family) >= 2  # jiedao and the Prefect server it started
        served.process.send_signal(signal.SIGTERM)
        returncode = served.process.wait(timeout=90)
    finally:
        if served.process.poll() is None:
            served.process.kill()
    stderr = served.process.stderr.read()
    assert returncode == 0, stderr
    assert "Traceback" not in stderr
    assert served.rest()[-1:] == ["jiedao: stopped"]
    assert gone(family, timeout=10) == []
    assert not port_open(port)
    assert query(data / "warehouse.duckdb", "SELECT count(*) FROM documents") == [(1,)]
    assert ("completed",) in query(data / "warehouse.duckdb", "SELECT status FROM pipeline_runs")


def test_a_killed_serve_takes_its_prefect_server_with_it(tmp_path: Path, state: Path):
    served = Served("0 3 * * *", tmp_path / "data", state)
    try:
        port = int(served.wait_for(UI_LINE.pattern, timeout=300).group(2))
        family = served.family()
        served.process.kill()  # SIGKILL: no cleanup code of jiedao runs
        served.process.wait(timeout=30)
    finally:
        if served.process.poll() is None:
            served.process.kill()
    assert gone(family, timeout=30) == []  # the parent-death signal stopped the server
    assert not port_open(port)


def test_a_bad_cron_is_one_line_and_starts_nothing(tmp_path: Path):
    result = jiedao("serve", "--cron", "0 25 * * *", str(SAMPLE), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "jiedao: bad --cron '0 25 * * *': not a valid cron expression (minute hour day month weekday), e.g. \"0 3 * * *\""
    ]
    assert not (tmp_path / "data" / "logs").exists()
