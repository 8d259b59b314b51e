"""A warehouse file held by another process (a colleague's DuckDB session, a run) is waited for,
for a bounded time, then reported in one line: never a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from support import jiedao, query
from warehouse.db import WarehouseError, connect


def hold_warehouse(db: Path, seconds: float, read_only: bool = False) -> subprocess.Popen:
    """Another process with the warehouse open (for writing, or read-only as a colleague's session), for ``seconds``."""
    code = textwrap.dedent(f"""
        import time, duckdb
        con = duckdb.connect({str(db)!r}, read_only={read_only})
        print("open", flush=True)
        time.sleep({seconds})
        con.close()
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "open"
    return process


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with connect(path) as con:
        con.execute(
            "INSERT INTO rejects (run_id, source_uri, stage, reason, rejected_at) VALUES ('r', 'file:///x', 'read', 'test', now())"
        )
    return path


def test_a_busy_warehouse_is_reported_in_one_line_after_the_timeout(db: Path):
    other = hold_warehouse(db, 30)
    try:
        started = time.monotonic()
        with pytest.raises(WarehouseError) as error, connect(db, busy_timeout=1.0):
            pass
        waited = time.monotonic() - started
    finally:
        other.kill()
        other.wait()
    assert 1.0 <= waited < 5
    message = str(error.value)
    assert "\n" not in message
    assert f"in use by process {other.pid}" in message and "gave up after 1 s" in message


def test_a_busy_warehouse_is_opened_once_the_other_process_lets_go(db: Path):
    other = hold_warehouse(db, 1.5)
    with connect(db, busy_timeout=20) as con:
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (1,)
    other.wait()


def test_a_read_only_session_is_waited_for_like_a_writer(db: Path):
    session = hold_warehouse(db, 1.5, read_only=True)  # what the README suggested for queries
    with connect(db, busy_timeout=20) as con:
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (1,)
    session.wait()


def test_jiedao_sql_waits_for_a_run_holding_the_warehouse(db: Path):
    other = hold_warehouse(db, 2)
    result = jiedao("sql", "SELECT reason FROM rejects", "--data-dir", str(db.parent), "--format", "csv")
    other.wait()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["reason", "test"]


def test_other_open_errors_are_not_retried(tmp_path: Path):
    bad = tmp_path / "warehouse.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    started = time.monotonic()
    with pytest.raises(WarehouseError) as error, connect(bad, busy_timeout=30):
        pass
    assert time.monotonic() - started < 5
    assert str(error.value).startswith(f"cannot open {bad}:") and "\n" not in str(error.value)
    assert duckdb.__version__  # the real DuckDB said so


@pytest.mark.slow  # `jiedao run` in a subprocess; connect() waiting for a session is pinned above
def test_a_run_waits_for_a_read_only_session_instead_of_crashing(db: Path):
    sample = Path(__file__).resolve().parents[2] / "samples" / "sample_01_plain.txt"
    session = hold_warehouse(db, 4, read_only=True)  # what the README suggested for queries
    result = jiedao("run", str(sample), "--data-dir", str(db.parent))
    session.wait()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert query(db, "SELECT status FROM pipeline_runs") == [("completed",)]
