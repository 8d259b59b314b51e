"""Stored copies of the heavy views, refreshed when a run ends: what the reading room reads.

``v_indicator_panel`` and ``plan_vs_result`` (views.sql) aggregate every metric of the warehouse
each time they are read: on 20,000 reports (1.87M metrics) ~0.8 s for the whole panel (one indicator's
rows ~0.05 s: the filter reaches its aggregation) and ~0.4 s for plan_vs_result, whole or one indicator,
against an indicator page's budget of half a second. The end of a run (``flows/pipeline.py``: ``finish``)
calls :func:`refresh`, which copies them into ``derived_indicator_panel`` and
``derived_plan_vs_result`` (the pairs with the doc_id of their target and result, so a page links
them without a look-up), ordered by indicator so that reading one indicator touches few row groups.

The views stay what users query: they are always right. A copy is used only while it is current:
``derived_state`` keeps the :func:`warehouse_version` it was made at, and :func:`is_current`
compares it with the warehouse's version now (loads, documents and metrics counted, the newest
``documents.loaded_at``), so rows loaded by anything else than a finished run (a run killed
between two chunks, a test loading rows directly) make the copies stale, never wrong: readers
then fall back to the views.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import duckdb

from warehouse.db import with_headroom

# Each copy: its table and the query that fills it (columns in the table's order, see warehouse/schema.py).
# A metric's document is the part of its id before the colon (``<doc_id>:<start>-<end>``, doc ids have none; the
# loader refuses a metric id that does not begin with its doc_id and a colon): joining the metrics table twice
# for it made the sorted copy run out of memory under a 256 MB cap at 100,000 reports (then 18.6 s with more
# room, against 2.2 s).
COPIES = {
    "derived_indicator_panel": """
        SELECT org_name, district, province, city, year, indicator, unit,
               result_value, growth, target_value, growth_target, doc_id
        FROM v_indicator_panel
        ORDER BY indicator, province NULLS LAST, city, district, org_name, year, unit""",
    "derived_plan_vs_result": """
        SELECT p.org_name, p.district, p.indicator, p.plan_year, p.target_value, p.target_qualifier, p.unit,
               p.result_value, p.result_qualifier, p.met, p.target_metric_id, p.result_metric_id,
               p.target_sentence, p.result_sentence,
               split_part(p.target_metric_id, ':', 1) AS target_doc_id,
               split_part(p.result_metric_id, ':', 1) AS result_doc_id
        FROM plan_vs_result p
        ORDER BY p.indicator, p.met IS NULL, p.org_name, p.district, p.plan_year""",
}
# The view each copy stands for (what a reader queries when the copy is stale).
VIEW_OF = {"derived_indicator_panel": "v_indicator_panel", "derived_plan_vs_result": "plan_vs_result"}


def warehouse_version(con: duckdb.DuckDBPyConnection) -> str:
    """A string that changes whenever documents or metrics change: loads, documents and metrics
    counted, and the newest ``documents.loaded_at`` (a reloaded report gets a new one)."""
    loads, documents, newest, metrics = con.execute(
        "SELECT (SELECT count(*) FROM loads), count(*), max(loaded_at), (SELECT count(*) FROM metrics) FROM documents"
    ).fetchall()[0]
    stamp = newest.isoformat() if newest is not None else "-"
    return f"loads={loads} documents={documents} metrics={metrics} newest={stamp}"


def refreshed_version(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The warehouse version ``table`` was last refreshed at, or None (never, or no ``derived_state``)."""
    try:
        found = con.execute("SELECT version FROM derived_state WHERE name = ?", [table]).fetchall()
    except duckdb.CatalogException:  # a warehouse made before the copies existed
        return None
    return found[0][0] if found else None


def is_current(con: duckdb.DuckDBPyConnection, table: str, version: str | None = None) -> bool:
    """Whether ``table`` holds what its view would answer now (``version``: the warehouse's, if known)."""
    stored = refreshed_version(con, table)
    return stored is not None and stored == (version or warehouse_version(con))


def refresh(con: duckdb.DuckDBPyConnection, *, force: bool = False, run_id: str | None = None) -> list[str]:
    """Fill every stale copy again from its view, in one transaction; returns the tables refreshed.

    ``con`` must be writable and have the schema (``warehouse.db.connect`` makes it so). A copy
    already current is left alone (a run that loaded nothing costs one small query), unless ``force``.
    ``run_id``: the run that just loaded; when adding its documents is all that changed since a copy was
    made (``added_orgs``), only the rows of their organisations are made again (every row of both views
    comes from one organisation's reports): for 20 new reports among 20,000, the panel's copy in ~0.1 s
    instead of ~1 s; plan_vs_result's takes ~0.8 s either way (its pairs' join is not filtered).
    """
    version = warehouse_version(con)
    stale = [table for table in COPIES if force or not is_current(con, table, version)]
    if not stale:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        for table in stale:
            started = time.monotonic()
            orgs = None if force or run_id is None else added_orgs(con, refreshed_version(con, table), run_id)
            if orgs is None:
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} {COPIES[table]}")
            else:
                replace_orgs(con, table, orgs)
            n_rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            con.execute("DELETE FROM derived_state WHERE name = ?", [table])
            con.execute(
                "INSERT INTO derived_state VALUES (?, ?, ?, ?, ?)",
                [table, version, n_rows, datetime.now(UTC), round(time.monotonic() - started, 3)],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stale


def added_orgs(con: duckdb.DuckDBPyConnection, made_at: str | None, run_id: str) -> list[str | None] | None:
    """The organisations (None: unnamed) of ``run_id``'s documents, when loading them (its loads, documents
    and metrics) is all that changed since the warehouse version ``made_at``; else None: a reloaded report,
    chunks of a run killed before its end, rows written by anything else (the counts do not add up)."""
    then = _counts(made_at)
    if then is None:
        return None
    now, added = con.execute(
        """SELECT [(SELECT count(*) FROM loads), count(*), (SELECT count(*) FROM metrics)],
                  [(SELECT count(*) FROM loads WHERE run_id = $run), count(*) FILTER (WHERE run_id = $run),
                   (SELECT count(*) FROM metrics WHERE doc_id IN (SELECT doc_id FROM documents WHERE run_id = $run))]
           FROM documents""",
        {"run": run_id},
    ).fetchall()[0]
    if now != [then[key] + n for key, n in zip(("loads", "documents", "metrics"), added, strict=True)]:
        return None
    return [
        row[0] for row in con.execute("SELECT DISTINCT org_name FROM documents WHERE run_id = ?", [run_id]).fetchall()
    ]


def _counts(version: str | None) -> dict[str, int] | None:
    """The loads, documents and metrics counted in a ``warehouse_version`` string."""
    if version is None:
        return None
    parts = dict(part.split("=", 1) for part in version.split(" ") if "=" in part)
    try:
        return {key: int(parts[key]) for key in ("loads", "documents", "metrics")}
    except (KeyError, ValueError):
        return None


def replace_orgs(con: duckdb.DuckDBPyConnection, table: str, orgs: list[str | None]) -> None:
    """Make the copy's rows of these organisations again from its view (in the caller's transaction)."""
    # list_contains, not IN (SELECT ...): DuckDB then filters the view's aggregations by organisation
    chosen = "(list_contains($names, org_name) OR ($unnamed AND org_name IS NULL))"
    values = {"names": [org for org in orgs if org is not None], "unnamed": None in orgs}
    con.execute(f"DELETE FROM {table} WHERE {chosen}", values)
    con.execute(f"INSERT INTO {table} SELECT * FROM ({COPIES[table]}) WHERE {chosen}", values)


def refresh_or_explain(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> str | None:
    """``refresh``, given more memory if it runs out (``db.with_headroom``); None when done, else why not.

    The copies are an optimisation: when they cannot be made, pages read the live views (slower), so a
    run must not fail for them.
    """
    try:
        with_headroom(con, lambda: refresh(con, run_id=run_id))
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None
