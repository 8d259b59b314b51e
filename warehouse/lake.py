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

After a run (``publish_run``), rewriting the whole lake would cost every nightly run time in proportion
to the corpus (~40 s at 100,000 reports, most of it the metrics). A run that only added documents (none
replaced, nothing else loaded since the lake was written) appends instead: its documents' rows go to new
files, ``<run_id>_<uuid>.parquet`` beside the others in their review-year partitions (written to a
temporary folder, then each file renamed in: a reader sees each file whole, though a run's files
appear one after the other). A run that replaced documents, or a table grown past
``MAX_FILES_PER_TABLE`` files, gets the whole rewrite, which also compacts the files. The marker is
taken away before an append starts, so an append that fails or is killed is never repeated on top of
itself: the lake is then behind, and the next publish rewrites it.

A run's chunks are staged under ``lake/_staging/<run_id>/`` while they are validated and loaded, and
removed when the run ends; a killed run's staging is removed by the next run.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import failpoints
from warehouse.schema import DOCUMENT_TABLES, LAKE_TABLES, sql_string

MARKER = "_published.json"
# An appended table is rewritten (compacted) once it holds more files than this: a run per night adds
# one per review year, and every reader lists them all.
MAX_FILES_PER_TABLE = 256


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


def published_state(lake_dir: Path) -> dict:
    """The marker: ``{"loads": n, "documents": n}`` of the warehouse the lake shows ({} if none)."""
    try:
        marker = json.loads((lake_dir / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return marker if isinstance(marker, dict) else {}


def is_current(con: duckdb.DuckDBPyConnection, lake_dir: Path) -> bool:
    """Whether the lake was published from the warehouse as it is now."""
    marker = published_state(lake_dir)
    return marker.get("loads") == loads_count(con) and all((lake_dir / t).is_dir() for t in LAKE_TABLES)


# Tables every run adds rows to (where each input was seen, what was rejected), small next to the
# document tables, which change only with a load.
RUN_TABLES = tuple(name for name in LAKE_TABLES if name not in DOCUMENT_TABLES)


def publish(con: duckdb.DuckDBPyConnection, lake_dir: Path, tables: tuple[str, ...] = LAKE_TABLES) -> None:
    """Write these lake tables (default: all) from the warehouse, then the marker saying which state it shows."""
    lake_dir.mkdir(parents=True, exist_ok=True)
    with _in_any_order(con):
        for number, name in enumerate(tables):
            _write_table(con, lake_dir, name)
            if number == 2:
                failpoints.reached("publish")
    write_marker(con, lake_dir)


@contextmanager
def _in_any_order(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Row order inside a Parquet file means nothing to a reader; keeping it made a COPY hold its input in
    memory, which ran out under the warehouse's memory cap (warehouse/db.py)."""
    con.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute("RESET preserve_insertion_order")


def write_marker(con: duckdb.DuckDBPyConnection, lake_dir: Path) -> None:
    marker = lake_dir / MARKER
    tmp = marker.with_suffix(".tmp")
    documents = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    tmp.write_text(json.dumps({"loads": loads_count(con), "documents": documents}), "utf-8")
    tmp.replace(marker)


def publish_run(con: duckdb.DuckDBPyConnection, lake_dir: Path, run_id: str) -> str:
    """The lake brought up to the warehouse after run ``run_id``: its documents appended when the run
    only added documents to the lake as published, else every table rewritten. Returns which."""
    if appendable(con, lake_dir, run_id):
        (lake_dir / MARKER).unlink()  # from here until the marker is back, the lake counts as behind
        with _in_any_order(con):
            for name in LAKE_DOCUMENT_TABLES:
                _append_table(con, lake_dir, name, run_id)
        publish(con, lake_dir, RUN_TABLES)
        return "appended"
    publish(con, lake_dir)
    return "rewritten"


# The document tables the lake holds (the search index and the signatures stay in the warehouse).
LAKE_DOCUMENT_TABLES = tuple(name for name in LAKE_TABLES if name in DOCUMENT_TABLES)


def appendable(con: duckdb.DuckDBPyConnection, lake_dir: Path, run_id: str) -> bool:
    """Whether the lake as published plus the run's documents is the warehouse now: every load since
    the lake was written is this run's, each of its documents is new (the documents grew by as many
    as it loaded), and no table has too many files yet."""
    marker = published_state(lake_dir)
    if "documents" not in marker or not all((lake_dir / t).is_dir() for t in LAKE_TABLES):
        return False
    (loads, run_loads, loaded), (documents, of_run) = (
        con.execute(
            "SELECT count(*), count(*) FILTER (run_id = ?), coalesce(sum(n_documents) FILTER (run_id = ?), 0) FROM loads",
            [run_id, run_id],
        ).fetchall()[0],
        con.execute("SELECT count(*), count(*) FILTER (run_id = ?) FROM documents", [run_id]).fetchall()[0],
    )
    only_this_run = loads - marker["loads"] == run_loads
    only_new_documents = documents - marker["documents"] == loaded == of_run
    return (
        only_this_run
        and only_new_documents
        and all(
            sum(1 for _ in (lake_dir / name).rglob("*.parquet")) < MAX_FILES_PER_TABLE for name in LAKE_DOCUMENT_TABLES
        )
    )


def _append_table(con: duckdb.DuckDBPyConnection, lake_dir: Path, name: str, run_id: str) -> None:
    """The run's documents' rows of table ``name`` as new files in their partitions."""
    final, tmp = lake_dir / name, lake_dir / f".{name}.append"
    shutil.rmtree(tmp, ignore_errors=True)
    _write_by_year(con, name, tmp, f"{run_id}_{uuid.uuid4().hex}.parquet", f"d.run_id = {sql_string(run_id)}")
    for written in sorted(tmp.rglob("*.parquet")) if tmp.is_dir() else []:
        target = final / written.relative_to(tmp)
        target.parent.mkdir(parents=True, exist_ok=True)
        written.rename(target)
    shutil.rmtree(tmp, ignore_errors=True)


# The folder of the rows without a review year, as DuckDB's and pyarrow's hive partitioning name it.
NO_YEAR = "__HIVE_DEFAULT_PARTITION__"


def _write_by_year(
    con: duckdb.DuckDBPyConnection, name: str, folder: Path, file_name: str, where: str = "true"
) -> None:
    """The rows of document table ``name`` whose document matches ``where`` (over ``documents d``) as one file
    per review year, ``folder/review_year=<year>/<file_name>``; the year is in the folder's name only.

    One COPY per year rather than one ``PARTITION_BY`` COPY: DuckDB's partitioned write buffers up to 524,288
    rows per partition and thread, which cannot spill. At 100,000 reports the metrics then needed more than
    512 MB and, retried with more room, took 38-50 s; one COPY per year streams (14 s, 0.35 GB; at 20,000
    reports 3.3 s against 3.9).
    """
    years = con.execute(f"SELECT DISTINCT review_year FROM documents d WHERE {where} ORDER BY 1").fetchall()
    for (year,) in years:
        partition = folder / f"review_year={NO_YEAR if year is None else int(year)}"
        partition.mkdir(parents=True, exist_ok=True)
        of_year = "d.review_year IS NULL" if year is None else f"d.review_year = {int(year)}"
        con.execute(
            f"COPY ({_rows(name)} WHERE ({where}) AND {of_year}) TO '{_sql_path(partition / file_name)}' "
            "(FORMAT parquet)"
        )


def _rows(name: str) -> str:
    """The rows of a document table, joined to their document as ``d`` (its review year left out)."""
    if name == "documents":
        return "SELECT * EXCLUDE (review_year) FROM documents d"
    return f"SELECT t.* FROM {name} t JOIN documents d USING (doc_id)"


def _write_table(con: duckdb.DuckDBPyConnection, lake_dir: Path, name: str) -> None:
    final, tmp, old = lake_dir / name, lake_dir / f".{name}.new", lake_dir / f".{name}.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    tmp.mkdir()
    if name in DOCUMENT_TABLES:
        _write_by_year(con, name, tmp, "data_0.parquet")
    else:
        con.execute(f"COPY (SELECT * FROM {name}) TO '{_sql_path(tmp / 'data_0.parquet')}' (FORMAT parquet)")
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
