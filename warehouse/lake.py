"""The Parquet lake: the warehouse's tables as Parquet, derived from the warehouse after it commits.

Layout: ``lake/<table>/review_year=<year>/data_0.parquet`` for the tables of documents (partitioned by
the document's review year, a few large files rather than one per document) and
``lake/<table>/data_0.parquet`` for the others. Query it with
``read_parquet('lake/metrics/**/*.parquet', hive_partitioning = true)``.

The lake is never written ahead of the warehouse: a run loads its chunks into DuckDB, then publishes.
``lake/_published.json`` records how many loads the warehouse had when the lake was written; a run
killed between a commit and the publish leaves that count behind the warehouse's, and the next run
(``is_current`` false) publishes again. Each table is written to a temporary folder and swapped in
with a rename, so a reader sees the old or the new table, never half of one.

A run's chunks are staged under ``lake/_staging/<run_id>/`` while they are validated and loaded, and
removed when the run ends; a killed run's staging is removed by the next run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import failpoints
from warehouse.schema import DOCUMENT_TABLES, LAKE_TABLES

MARKER = "_published.json"


def staging_dir(lake_dir: Path, run_id: str) -> Path:
    return lake_dir / "_staging" / run_id


def write_staging(folder: Path, tables: dict[str, pa.Table]) -> Path:
    """Write one Parquet file per table into ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def read_staging(folder: Path) -> dict[str, pa.Table]:
    return {path.stem: pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


def remove_staging(lake_dir: Path, run_ids: list[str] | None = None) -> None:
    """The staging folders of these runs (all when None)."""
    root = lake_dir / "_staging"
    targets = [root / r for r in run_ids] if run_ids is not None else [root]
    for target in targets:
        shutil.rmtree(target, ignore_errors=True)


def staged_runs(lake_dir: Path) -> list[str]:
    root = lake_dir / "_staging"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def loads_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM loads").fetchall()[0][0]


def is_current(con: duckdb.DuckDBPyConnection, lake_dir: Path) -> bool:
    """Whether the lake was published from the warehouse as it is now."""
    try:
        marker = json.loads((lake_dir / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("loads") == loads_count(con) and all((lake_dir / t).is_dir() for t in LAKE_TABLES)


# Tables every run adds rows to (where each input was seen, what was rejected), small next to the
# document tables, which change only with a load.
RUN_TABLES = tuple(name for name in LAKE_TABLES if name not in DOCUMENT_TABLES)


def publish(con: duckdb.DuckDBPyConnection, lake_dir: Path, tables: tuple[str, ...] = LAKE_TABLES) -> None:
    """Write these lake tables (default: all) from the warehouse, then the marker saying which state it shows."""
    lake_dir.mkdir(parents=True, exist_ok=True)
    # Row order inside a Parquet file means nothing to a reader; keeping it made the partitioned COPY
    # hold its input in memory, which ran out under the warehouse's memory cap (warehouse/db.py).
    con.execute("SET preserve_insertion_order = false")
    try:
        for number, name in enumerate(tables):
            _write_table(con, lake_dir, name)
            if number == 2:
                failpoints.reached("publish")
    finally:
        con.execute("RESET preserve_insertion_order")
    marker = lake_dir / MARKER
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps({"loads": loads_count(con)}), "utf-8")
    tmp.replace(marker)


def _select(name: str) -> str:
    if name == "documents":
        return "SELECT * FROM documents"
    if name in DOCUMENT_TABLES:
        return f"SELECT t.*, d.review_year FROM {name} t JOIN documents d USING (doc_id)"
    return f"SELECT * FROM {name}"


def _write_table(con: duckdb.DuckDBPyConnection, lake_dir: Path, name: str) -> None:
    final, tmp, old = lake_dir / name, lake_dir / f".{name}.new", lake_dir / f".{name}.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    partition = ", PARTITION_BY (review_year)" if name in DOCUMENT_TABLES else ""
    if partition:
        con.execute(f"COPY ({_select(name)}) TO '{_sql_path(tmp)}' (FORMAT parquet{partition})")
    else:
        tmp.mkdir()
        con.execute(f"COPY ({_select(name)}) TO '{_sql_path(tmp / 'data_0.parquet')}' (FORMAT parquet)")
    tmp.mkdir(exist_ok=True)  # an empty table writes no partition
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
