"""``pipeline_runs``: one row per run, so the history of data quality can be followed in SQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import duckdb

from warehouse.lock import pid_alive


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, n_sources: int) -> None:
    con.execute(
        "INSERT INTO pipeline_runs (run_id, flow_run_id, started_at, status, n_sources, pid) "
        "VALUES (?, ?, ?, 'running', ?, ?)",
        [run_id, flow_run_id, datetime.now(UTC), n_sources, os.getpid()],
    )


def abort_dead_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark ``running`` rows whose process is gone (killed, crashed) ``aborted``; returns their run ids."""
    rows = con.execute("SELECT run_id, pid FROM pipeline_runs WHERE status = 'running'").fetchall()
    dead = [run_id for run_id, pid in rows if not process_alive(pid)]
    for run_id in dead:
        finish_run(con, run_id, status="aborted", message="the process running it ended before it finished")
    return dead


def live_runs(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Runs still ``running`` whose process is alive (another run on this data dir, right now)."""
    rows = con.execute("SELECT run_id, pid FROM pipeline_runs WHERE status = 'running'").fetchall()
    return {run_id for run_id, pid in rows if process_alive(pid)}


def process_alive(pid: int | None) -> bool:
    """Whether another process with this pid runs (this process's own earlier runs have ended)."""
    return pid is not None and pid != 0 and pid != os.getpid() and pid_alive(pid)


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, **fields: object) -> None:
    """Record the outcome: status, counts, validation_success, data_docs_path, message, validation_json."""
    fields = {"finished_at": datetime.now(UTC), **fields}
    assignments = ", ".join(f"{key} = ?" for key in fields)
    con.execute(f"UPDATE pipeline_runs SET {assignments} WHERE run_id = ?", [*fields.values(), run_id])


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 20, run_id: str | None = None) -> list[dict]:
    """The newest runs first (or the one ``run_id``), as dicts."""
    where = "WHERE run_id = $run_id" if run_id else ""
    cursor = con.execute(
        f"SELECT * FROM pipeline_runs {where} ORDER BY started_at DESC LIMIT $limit",
        {"limit": limit, **({"run_id": run_id} if run_id else {})},
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
