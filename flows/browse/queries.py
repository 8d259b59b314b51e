"""What the reading room reads from the warehouse: small typed queries, read-only.

Every page opens the DuckDB file read-only for the time of one request (:func:`open_warehouse`),
so a run can take its write lock between two page views. Tables and views that other parts of the
project add over time (``document_sources``, ``near_duplicates``, ``plan_vs_result``,
``v_indicator_panel``, ``metrics.indicator``) are looked up in the catalog first: when one is
missing the page says so instead of failing. The indicator panel and the plan-versus-result pairs
are read from their stored copies (``warehouse/derived.py``) while those are current, else from
the views (:func:`source_of`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from expectations.report import parse_validation
from warehouse import derived

BUSY_RETRY_SECONDS = 1.0  # a run holds the write lock for seconds: wait a little before answering 503
UNKNOWN = "（未识别）"  # label of a null province / year / level in coverage tables


class WarehouseBusy(Exception):
    """The file is locked by a writer (a run is loading); the page asks to try again."""


class WarehouseMissing(Exception):
    """No warehouse file yet."""


@contextmanager
def open_warehouse(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request; retries a locked file briefly, then raises WarehouseBusy."""
    if not path.exists():
        raise WarehouseMissing(str(path))
    deadline = time.monotonic() + BUSY_RETRY_SECONDS
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.Error as exc:  # IOException "Could not set lock" while a run writes
            if time.monotonic() >= deadline:
                raise WarehouseBusy(str(exc).splitlines()[0]) from None
            time.sleep(0.1)
    try:
        yield con
    finally:
        con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[dict[str, Any]]:
    """A query's rows as dicts keyed by column name."""
    cursor = con.execute(sql, params or [])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the tables and views of the warehouse's main schema."""
    found = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
    ).fetchall()
    return {name for (name,) in found}


def columns_of(con: duckdb.DuckDBPyConnection, relation: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?", [relation]
        ).fetchall()
    }


# --- home -----------------------------------------------------------------------------------


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Documents, metrics and runs in the warehouse."""
    names = relations(con)
    counts = {}
    for table in ("documents", "metrics", "pipeline_runs"):
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] if table in names else 0
    return counts


def coverage(con: duckdb.DuckDBPyConnection, column: str) -> list[dict[str, Any]]:
    """Documents per value of one documents column (province, review_year, org_level), most first."""
    if column not in ("province", "review_year", "org_level", "city"):
        raise ValueError(column)
    order = f"{column} NULLS LAST" if column == "review_year" else f"n DESC, {column} NULLS LAST"
    return [
        {"label": UNKNOWN if r["value"] is None else str(r["value"]), "value": r["value"], "n": r["n"]}
        for r in rows(con, f"SELECT {column} AS value, count(*) AS n FROM documents GROUP BY 1 ORDER BY {order}")
    ]


def runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    """The newest runs, each with its validation parsed and a verdict in words."""
    if "pipeline_runs" not in relations(con):
        return []
    found = rows(con, "SELECT * FROM pipeline_runs ORDER BY started_at DESC LIMIT ?", [limit])
    for run in found:
        run["validation"] = parse_validation(run.get("validation_json"))
        run["verdict"] = verdict(run)
    return found


def verdict(run: dict) -> str:
    """passed / passed with N warnings / failed / not validated: what a run's validation said."""
    success = run.get("validation_success")
    warnings = len((run.get("validation") or {}).get("warnings") or [])
    if success is None:
        return "not validated"
    if not success:
        return "failed"
    return f"passed with {warnings} warning{'' if warnings == 1 else 's'}" if warnings else "passed"


# --- search filters -------------------------------------------------------------------------


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The values the search form offers: provinces, review years, topics, indicator codes."""
    names = relations(con)
    options: dict[str, list] = {
        "provinces": [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT province FROM documents WHERE province IS NOT NULL ORDER BY 1"
            ).fetchall()
        ],
        "years": [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT review_year FROM documents WHERE review_year IS NOT NULL ORDER BY 1 DESC"
            ).fetchall()
        ],
        "topics": [],
        "indicators": [],
    }
    if "sections" in names:
        options["topics"] = [r[0] for r in con.execute("SELECT DISTINCT topic FROM sections ORDER BY 1").fetchall()]
    if "indicator" in columns_of(con, "metrics"):
        options["indicators"] = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT indicator FROM metrics WHERE indicator IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
    return options


def documents_where(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None = None,
    year: int | None = None,
    topic: str | None = None,
    indicator: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Reports matching the filters alone (browsing without a query), newest review year first."""
    conditions: list[str] = ["TRUE"]
    params: dict[str, Any] = {"limit": limit}
    if province:
        conditions.append("d.province = $province")
        params["province"] = province
    if year:
        conditions.append("d.review_year = $year")
        params["year"] = year
    if topic:
        conditions.append("EXISTS (SELECT 1 FROM sections s WHERE s.doc_id = d.doc_id AND s.topic = $topic)")
        params["topic"] = topic
    if indicator and "indicator" in columns_of(con, "metrics"):
        conditions.append("EXISTS (SELECT 1 FROM metrics m WHERE m.doc_id = d.doc_id AND m.indicator = $indicator)")
        params["indicator"] = indicator
    return rows(
        con,
        f"""SELECT doc_id, title, org_name, province, city, district, review_year FROM documents d
                         WHERE {" AND ".join(conditions)}
                         ORDER BY review_year DESC NULLS LAST, province, org_name LIMIT $limit""",
        params,
    )


# --- one report -----------------------------------------------------------------------------


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    found = rows(con, "SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    return found[0] if found else None


def sections(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]]:
    return rows(con, "SELECT * FROM sections WHERE doc_id = ? ORDER BY char_start, level", [doc_id])


def metrics(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]]:
    """The report's metrics in text order; ``indicator`` is None where the column does not exist yet."""
    extra = "" if "indicator" in columns_of(con, "metrics") else ", NULL AS indicator"
    return rows(con, f"SELECT *{extra} FROM metrics WHERE doc_id = ? ORDER BY char_start, char_end DESC", [doc_id])


def keywords(con: duckdb.DuckDBPyConnection, doc_id: str, limit: int = 30) -> list[dict[str, Any]]:
    return rows(
        con,
        "SELECT term, weight, frequency FROM keywords WHERE doc_id = ? ORDER BY weight DESC LIMIT ?",
        [doc_id, limit],
    )


def document_sources(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]] | None:
    """Where the report was found (None when the warehouse has no ``document_sources`` table)."""
    if "document_sources" not in relations(con):
        return None
    return rows(
        con, "SELECT * FROM document_sources WHERE doc_id = ? ORDER BY relation <> 'first', source_uri", [doc_id]
    )


def near_duplicates(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]] | None:
    """Other reports with nearly the same text (None when the warehouse has no ``near_duplicates`` table)."""
    if "near_duplicates" not in relations(con):
        return None
    return rows(
        con,
        """
        SELECT n.other, n.similarity, n.same_org, d.title, d.org_name, d.review_year
        FROM (SELECT other_doc_id AS other, similarity, same_org FROM near_duplicates WHERE doc_id = $id
              UNION ALL
              SELECT doc_id AS other, similarity, same_org FROM near_duplicates WHERE other_doc_id = $id) n
        LEFT JOIN documents d ON d.doc_id = n.other
        ORDER BY n.similarity DESC""",
        {"id": doc_id},
    )


# --- indicators -----------------------------------------------------------------------------


def indicator_codes(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]] | None:
    """Indicator codes with their number of metrics and reports (None without ``metrics.indicator``)."""
    if "indicator" not in columns_of(con, "metrics"):
        return None
    return rows(
        con,
        """SELECT indicator, count(*) AS n_metrics, count(DISTINCT doc_id) AS n_documents
                        FROM metrics WHERE indicator IS NOT NULL GROUP BY 1 ORDER BY 3 DESC, 1""",
    )


def warehouse_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The warehouse's version (``warehouse.derived``), or None for a warehouse older than the ``loads`` table."""
    try:
        return derived.warehouse_version(con)
    except duckdb.CatalogException:
        return None


def source_of(con: duckdb.DuckDBPyConnection, copy: str, version: str | None) -> str | None:
    """Where to read a heavy view from: its stored copy when current, else the view, else None (neither exists)."""
    names = relations(con)
    if version is not None and copy in names and derived.is_current(con, copy, version):
        return copy
    view = derived.VIEW_OF[copy]
    return view if view in names else None


def indicator_panel(con: duckdb.DuckDBPyConnection, code: str, version: str | None) -> list[dict[str, Any]] | None:
    """Every panel row (``v_indicator_panel``) of one indicator, None when the view does not exist.

    Read once per page (counts, provinces, chart and the rows shown all come from this list).
    """
    source = source_of(con, "derived_indicator_panel", version)
    if source is None:
        return None
    return rows(
        con,
        f"""SELECT * FROM {source} WHERE indicator = ?
            ORDER BY province NULLS LAST, city, district, org_name, year, unit""",
        [code],
    )


def plan_vs_result(
    con: duckdb.DuckDBPyConnection, code: str, version: str | None, limit: int
) -> tuple[list[dict[str, Any]] | None, int]:
    """The first ``limit`` target/result pairs of one indicator, stated results first, and how many
    there are (None, 0 when the view does not exist)."""
    source = source_of(con, "derived_plan_vs_result", version)
    if source is None:
        return None, 0
    where = f"FROM {source} WHERE indicator = $code"
    order = "ORDER BY met IS NULL, org_name, district, plan_year"
    found = rows(con, f"SELECT * {where} {order} LIMIT $limit", {"code": code, "limit": limit})
    total = len(found)
    if total == limit:
        total = con.execute(f"SELECT count(*) {where}", {"code": code}).fetchall()[0][0]
    return found, total


def metric_docs(con: duckdb.DuckDBPyConnection, metric_ids: list[str]) -> dict[str, str]:
    """metric_id -> doc_id, to link a pair's target and result to their reports."""
    ids = [m for m in metric_ids if m]
    if not ids:
        return {}
    return dict(
        con.execute("SELECT metric_id, doc_id FROM metrics WHERE metric_id IN (SELECT unnest(?))", [ids]).fetchall()
    )


# --- quality --------------------------------------------------------------------------------


def rejects_of_run(con: duckdb.DuckDBPyConnection, run_id: str, stage: str | None = None) -> list[dict[str, Any]]:
    """A run's rejects, each with the doc_id of the report its source became (when it was loaded)."""
    where = "r.run_id = $run" + (" AND r.stage = $stage" if stage else "")
    return rows(
        con,
        f"""
        SELECT r.*, d.doc_id, d.title FROM rejects r
        LEFT JOIN (SELECT DISTINCT ON (source_uri) source_uri, doc_id, title FROM documents) d USING (source_uri)
        WHERE {where} ORDER BY r.source_uri""",
        {"run": run_id, **({"stage": stage} if stage else {})},
    )


def metric_rows(con: duckdb.DuckDBPyConnection, metric_ids: list[str]) -> list[dict[str, Any]]:
    """Metrics with their report's file name, for the rows behind a failure."""
    if not metric_ids:
        return []
    return rows(
        con,
        """
        SELECT m.metric_id, m.doc_id, m.mention, m.sentence, m.unit, m.kind, m.subject, d.source_uri, d.title
        FROM metrics m JOIN documents d USING (doc_id) WHERE m.metric_id IN (SELECT unnest(?))""",
        [metric_ids],
    )
