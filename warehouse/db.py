"""Opening the DuckDB warehouse, creating its tables and views."""
from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.schema import TABLES, column_sql, create_table_sql

# plan_vs_result, v_metrics, v_indicator_panel and their COMMENT ON statements
VIEWS_SQL = Path(__file__).with_name("views.sql")

# Views for the questions users ask most; derived from the contract tables only.
VIEWS = {
    "metrics_enriched": """
        CREATE OR REPLACE VIEW metrics_enriched AS
        SELECT m.*, d.org_name, d.org_level, d.province, d.city, d.district,
               d.review_year, d.plan_year, s.heading AS section_heading,
               s.kind AS section_kind, s.topic
        FROM metrics m
        JOIN documents d USING (doc_id)
        LEFT JOIN sections s ON s.section_id = m.section_id
    """,
    # Every input's fate in one place: `jiedao sql "SELECT * FROM input_fates WHERE source_uri LIKE '%x%'"`.
    "input_fates": """
        CREATE OR REPLACE VIEW input_fates AS
        SELECT source_uri, 'document' AS fate, relation AS detail, doc_id, run_id, last_run_id, seen_at AS at
        FROM document_sources
        UNION ALL
        SELECT source_uri, 'rejected', stage || ': ' || reason, NULL, run_id, run_id, rejected_at
        FROM rejects WHERE stage <> 'quarantine'  -- quarantined metric rows are not inputs
        UNION ALL
        SELECT source_uri, 'not a report', reason, NULL, run_id, run_id, seen_at FROM not_reports
    """,
}


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened or written; the message is for people."""


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse; a missing file is created (unless read-only) with all tables."""
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `jiedao run` first")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseError(
                f"{path} is in use by another process (DuckDB allows one writer); try again when it ends"
            ) from exc
        raise WarehouseError(f"cannot open {path}: {exc}") from exc
    try:
        if not read_only:
            ensure_schema(con)
        yield con
    finally:
        con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, add columns a newer schema has (older warehouses), create the views."""
    for name in TABLES:
        con.execute(create_table_sql(name))
        for column in missing_columns(con, name):
            con.execute(f"ALTER TABLE {name} ADD COLUMN {column}")
    for sql in VIEWS.values():
        con.execute(sql)
    con.execute(VIEWS_SQL.read_text(encoding="utf-8"))


def missing_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """DDL of the schema's columns the table does not have yet (nullable: old rows get NULL)."""
    present = {row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = current_schema()", [name]
    ).fetchall()}
    return [column_sql(f, nullable=True) for f in TABLES[name] if f.name not in present]
