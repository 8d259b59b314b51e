"""Opening the DuckDB warehouse, creating its tables and views.

* ``connect(path, read_only=..., busy_timeout=...)``: DuckDB lets one process write a file (and no
  one read it meanwhile); a file held by another process (a run, a colleague's session) is tried
  again until ``busy_timeout`` seconds have passed, then ``WarehouseError`` says who holds it.
* ``connect_readonly_sandboxed(path)``: what ``jiedao sql`` queries through: read-only, and DuckDB's
  ``enable_external_access=false`` (locked), so a query can neither write a file (``COPY … TO``,
  ``EXPORT DATABASE``) nor read one (``read_csv('/etc/shadow')``), attach, install or load
  anything. The lake is still readable, as views ``lake_<table>`` over Parquet datasets opened by
  pyarrow before the lock: DuckDB's own allow-lists (``allowed_directories``/``allowed_paths``)
  would also allow *writing* those paths (``COPY … TO … (USE_TMP_FILE false)`` overwrites an
  allowed file), so they are not used.
"""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.schema import TABLES, create_table_sql

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
}


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened or written; the message is for people."""


DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a busy warehouse file is waited for before giving up
_BUSY_POLL = 0.25
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (\S+) \(PID (\d+)\)")


def is_busy(exc: BaseException) -> bool:
    """True for DuckDB's "another process holds the file" error."""
    return isinstance(exc, duckdb.IOException) and "could not set lock" in str(exc).lower()


def busy_message(path: Path, exc: BaseException, waited: float) -> str:
    """One line naming the process that holds ``path`` and how long we waited."""
    holder = _LOCK_HOLDER.search(str(exc))
    who = f"process {holder.group(2)} ({Path(holder.group(1)).name})" if holder else "another process"
    return (
        f"{path} is in use by {who}; gave up after {waited:.0f} s "
        "(DuckDB allows one writer and no readers meanwhile): try again when it ends"
    )


def open_duckdb(path: Path, *, read_only: bool = False, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, **config: object) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect`` retried while another process holds the file, at most ``busy_timeout`` s."""
    started = time.monotonic()
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=dict(config))
        except duckdb.IOException as exc:
            waited = time.monotonic() - started
            if not is_busy(exc):
                raise WarehouseError(f"cannot open {path}: {str(exc).splitlines()[0]}") from exc
            if waited >= busy_timeout:
                raise WarehouseError(busy_message(path, exc, waited)) from exc
            time.sleep(min(_BUSY_POLL, max(0.0, busy_timeout - waited)))


@contextmanager
def connect(
    path: Path, *, read_only: bool = False, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse; a missing file is created (unless read-only) with all tables.

    A file held by another process is waited for up to ``busy_timeout`` seconds (0: fail at once).
    """
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `jiedao run` first")
    con = open_duckdb(path, read_only=read_only, busy_timeout=busy_timeout)
    try:
        if not read_only:
            ensure_schema(con)
        yield con
    finally:
        con.close()


@contextmanager
def connect_readonly_sandboxed(
    path: Path, *, lake_dir: Path | None = None, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection whose queries cannot touch the file system (see the module docstring).

    ``lake_dir`` (default: ``lake`` next to the warehouse): each table folder in it becomes a view
    ``lake_<table>`` (Parquet, hive partitions), read through pyarrow.
    """
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `jiedao run` first")
    con = open_duckdb(path, read_only=True, busy_timeout=busy_timeout)
    try:
        for name, dataset in lake_datasets(lake_dir if lake_dir is not None else path.parent / "lake").items():
            con.register(f"lake_{name}", dataset)
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")  # a query cannot switch it back on
        yield con
    finally:
        con.close()


def lake_datasets(lake_dir: Path) -> dict[str, object]:
    """pyarrow datasets of the lake's table folders (``lake/metrics/…``), staging areas left out."""
    import pyarrow.dataset as ds

    datasets: dict[str, object] = {}
    if not lake_dir.is_dir():
        return datasets
    for folder in sorted(p for p in lake_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", folder.name):
            continue
        files = sorted(str(f) for f in folder.rglob("*.parquet") if not f.name.startswith((".", "_")))
        if not files:
            continue
        try:
            datasets[folder.name] = ds.dataset(files, format="parquet", partitioning="hive", partition_base_dir=str(folder))
        except (OSError, ValueError):  # pyarrow.ArrowInvalid is a ValueError: files that do not fit together
            continue
    return datasets


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name in TABLES:
        con.execute(create_table_sql(name))
    for sql in VIEWS.values():
        con.execute(sql)
