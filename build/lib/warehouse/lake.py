"""The Parquet lake: ``lake/<table>/<doc_id>.parquet`` per document, ``lake/<table>/<run_id>.parquet`` per run.

A run first writes its whole batch to ``lake/_staging/<run_id>/<table>.parquet``; only after
validation passes is the batch published into the per-document files (replacing a document's
previous version, so the lake never holds two versions of one document). A failed run leaves
its staging folder for inspection and the published lake untouched.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.schema import DOCUMENT_TABLES


def staging_dir(lake_dir: Path, run_id: str) -> Path:
    return lake_dir / "_staging" / run_id


def write_staging(lake_dir: Path, run_id: str, tables: dict[str, pa.Table]) -> Path:
    """Write one Parquet file per table of the run's batch; returns the staging folder."""
    folder = staging_dir(lake_dir, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def publish(lake_dir: Path, run_id: str, tables: dict[str, pa.Table]) -> None:
    """Publish validated tables: one file per document for document tables, one per run otherwise."""
    doc_ids = tables["documents"].column("doc_id").to_pylist() if "documents" in tables else []
    for name, table in tables.items():
        folder = lake_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        if name in DOCUMENT_TABLES:
            for doc_id in doc_ids:
                part = table.filter(pc.equal(table.column("doc_id"), doc_id))
                _write_atomically(part, folder / f"{_safe(doc_id)}.parquet")
        elif table.num_rows:
            _write_atomically(table, folder / f"{_safe(run_id)}.parquet")
    shutil.rmtree(staging_dir(lake_dir, run_id), ignore_errors=True)


def _write_atomically(table: pa.Table, path: Path) -> None:
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp)
    tmp.replace(path)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
