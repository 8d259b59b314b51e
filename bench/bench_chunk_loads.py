"""A run's chunk loads replayed: a warehouse's documents loaded again, chunk by chunk, into a new warehouse.

    .venv/bin/python bench/bench_chunk_loads.py WAREHOUSE [--chunk-size 500] [--set NAME=VALUE ...]

Copies each chunk's rows of the document tables out of WAREHOUSE (e.g. the one a 20,000-report run left) into
Parquet files in a temporary folder, then, as a run's main process does for every chunk, reads a chunk's files,
opens the new warehouse (``warehouse.db.connect``), loads them (``warehouse.load.load_batch``) and closes it,
which checkpoints. Prints, per load, the seconds of the load and of the close, and the process's peak resident
memory during both (Linux: the peak is reset before each load through ``/proc/self/clear_refs``); then the
totals. ``--set`` applies a DuckDB setting on every connection after ``connect``'s own, e.g.
``--set max_vacuum_tasks=100`` for DuckDB's default checkpoint vacuum. Nothing but the new warehouse is timed:
the rows are copied out first, in this process, and what that held is given back before the first load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.memory import release_freed_memory
from warehouse import db
from warehouse.load import load_batch

TABLES = ("documents", "sections", "metrics", "keywords", "doc_terms", "document_sources", "document_signatures")


def export_chunks(warehouse: Path, folder: Path, chunk_size: int) -> list[Path]:
    """One folder of Parquet files per chunk of ``chunk_size`` documents, in the warehouse's order."""
    chunks = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()]
        for number, start in enumerate(range(0, len(ids), chunk_size)):
            chunk = folder / f"{number:05d}"
            chunk.mkdir()
            con.register("chunk_ids", pa.table({"doc_id": ids[start : start + chunk_size]}))
            for name in TABLES:
                rows = con.sql(f"SELECT t.* FROM {name} t SEMI JOIN chunk_ids USING (doc_id)").to_arrow_table()
                pq.write_table(rows, chunk / f"{name}.parquet")
            con.unregister("chunk_ids")
            chunks.append(chunk)
    return chunks


def peak_mb() -> int:
    """The process's peak resident memory since the last ``reset_peak``, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def replay(chunks: list[Path], target: Path, settings: dict[str, str]) -> None:
    loads = closes = 0.0
    highest = 0
    for number, chunk in enumerate(chunks):
        reset_peak()
        tables = {path.stem: pq.read_table(path) for path in sorted(chunk.glob("*.parquet"))}
        started = time.perf_counter()
        with db.connect(target) as con:
            for name, value in settings.items():
                con.execute(f"SET {name} = {db.sql_string(value)}")
            load_batch(con, tables)
            loaded = time.perf_counter()
        closed = time.perf_counter()
        del tables
        release_freed_memory()
        loads, closes, highest = loads + loaded - started, closes + closed - loaded, max(highest, peak_mb())
        print(
            f"load {number + 1:>4}: {loaded - started:5.2f} s, close {closed - loaded:5.2f} s, peak {peak_mb():>5,} MB"
        )
    print(f"{len(chunks)} loads: {loads:.1f} s loading, {closes:.1f} s closing, highest peak {highest:,} MB")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="settings")
    args = parser.parse_args(argv)
    settings = dict(setting.split("=", 1) for setting in args.settings)
    with tempfile.TemporaryDirectory(prefix="jiedao-loads-") as folder:
        chunks = export_chunks(args.warehouse, Path(folder), args.chunk_size)
        release_freed_memory()
        replay(chunks, Path(folder) / "warehouse.duckdb", settings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
