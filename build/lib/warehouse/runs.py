"""``pipeline_runs``: one row per run, so the history of data quality can be followed in SQL."""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, n_sources: int) -> None:
    con.execute(
        "INSERT INTO pipeline_runs (run_id, flow_run_id, started_at, status, n_sources) VALUES (?, ?, ?, 'running', ?)",
        [run_id, flow_run_id, datetime.now(timezone.utc), n_sources],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, **fields: object) -> None:
    """Record the outcome: status, counts, validation_success, data_docs_path, message, validation_json."""
    fields = {"finished_at": datetime.now(timezone.utc), **fields}
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
