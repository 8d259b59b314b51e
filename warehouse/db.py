"""Opening the DuckDB warehouse, creating its tables and views."""
from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.schema import TABLES, column_sql, comment_statements, create_table_sql, description, sql_string

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
        LEFT JOIN sections s ON s.section_id = m.section_id;
        COMMENT ON COLUMN metrics_enriched.org_name IS 'The reporting body (documents.org_name).';
        COMMENT ON COLUMN metrics_enriched.org_level IS 'Its level: 街道, 镇 or 乡 (documents.org_level).';
        COMMENT ON COLUMN metrics_enriched.province IS 'Province of the reporting body (documents.province).';
        COMMENT ON COLUMN metrics_enriched.city IS 'City of the reporting body (documents.city).';
        COMMENT ON COLUMN metrics_enriched.district IS 'District or county of the reporting body (documents.district).';
        COMMENT ON COLUMN metrics_enriched.review_year IS 'The year the report reviews (documents.review_year).';
        COMMENT ON COLUMN metrics_enriched.plan_year IS 'The year the report''s plan covers (documents.plan_year).';
        COMMENT ON COLUMN metrics_enriched.section_heading IS 'Heading of the metric''s innermost section (sections.heading).';
        COMMENT ON COLUMN metrics_enriched.section_kind IS 'review, plan or other: kind of the metric''s section (sections.kind).';
        COMMENT ON COLUMN metrics_enriched.topic IS 'Topic of the metric''s section (sections.topic).';
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
        SELECT source_uri, 'not a report', reason, NULL, run_id, run_id, seen_at FROM not_reports;
        COMMENT ON VIEW input_fates IS 'What became of every input (file or URL) of every run: a document, rejected, or not a report.';
        COMMENT ON COLUMN input_fates.source_uri IS 'The input: file:///... or https://... (a compilation page''s reports as <uri>#part-<n>).';
        COMMENT ON COLUMN input_fates.fate IS 'document, rejected or not a report.';
        COMMENT ON COLUMN input_fates.detail IS 'For a document its relation (first, same_text, republished); else the stage and reason.';
        COMMENT ON COLUMN input_fates.doc_id IS 'The document it became or joined (→ documents); null otherwise.';
        COMMENT ON COLUMN input_fates.run_id IS 'The run that decided its fate (→ pipeline_runs).';
        COMMENT ON COLUMN input_fates.last_run_id IS 'The newest run that saw it (unchanged inputs are seen again without a new row).';
        COMMENT ON COLUMN input_fates.at IS 'When its fate was decided (UTC).';
    """,
}
# metrics_enriched's metric columns (m.*) carry the metrics table's descriptions.
VIEWS["metrics_enriched"] += "".join(
    f"COMMENT ON COLUMN metrics_enriched.{f.name} IS {sql_string(description(f))};\n"
    for f in TABLES["metrics"]
    if description(f)
)


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
    apply_table_comments(con)
    for sql in VIEWS.values():
        con.execute(sql)
    con.execute(VIEWS_SQL.read_text(encoding="utf-8"))


def apply_table_comments(con: duckdb.DuckDBPyConnection) -> None:
    """The tables' and columns' descriptions (``warehouse/schema.py``) as DuckDB comments; only the
    missing or changed ones are written, so opening an up-to-date warehouse writes nothing."""
    present = {
        (table, column): comment
        for table, column, comment in con.execute(
            "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    }
    for name, schema in TABLES.items():
        wanted = {(name, None): (schema.metadata or {}).get(b"description", b"").decode() or None}
        wanted |= {(name, f.name): description(f) for f in schema}
        if any(present.get(key) != text for key, text in wanted.items() if text):
            for statement in comment_statements(name):
                con.execute(statement)


def missing_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """DDL of the schema's columns the table does not have yet (nullable: old rows get NULL)."""
    present = {row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = current_schema()", [name]
    ).fetchall()}
    return [column_sql(f, nullable=True) for f in TABLES[name] if f.name not in present]
