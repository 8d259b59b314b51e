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

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

import duckdb

from warehouse.schema import (
    KEYS_NOT_ENFORCED,
    TABLES,
    column_sql,
    comment_statements,
    create_table_sql,
    description,
    sql_string,
)

# Every view and its COMMENT ON statements (CREATE OR REPLACE drops a view's comments, so they are set again)
VIEWS_SQL = Path(__file__).with_name("views.sql")
VIEW_NAMES = tuple(re.findall(r"CREATE OR REPLACE VIEW (\w+)", VIEWS_SQL.read_text(encoding="utf-8")))
# metrics_enriched's metric columns (m.*) carry the metrics table's descriptions, written from the schema.
METRICS_ENRICHED_COMMENTS = "".join(
    f"COMMENT ON COLUMN metrics_enriched.{name} IS {sql_string(text)};\n"
    for name, text in ((f.name, description(f)) for f in TABLES["metrics"])
    if text
)


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened or written; the message is for people."""


DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a busy warehouse file is waited for before giving up
# DuckDB's own default is 80% of RAM: publishing the lake (then a partitioned COPY per table) held
# ~0.9 GB at 10,000 reports and grew with the corpus; capped, it spills to disk. DuckDB keeps the blocks it
# read up to its cap, so the cap is what the end of a run holds: at 20,000 reports the main process's last
# seconds (the stored views, the lake) peaked at ~800 MB under 512 MB and ~550 under 256, ~0.5 s slower (the
# views 1.2 s either way, the lake 3.8 -> 4.3 s; 128 MB: the lake 10 s). Overridable with JIEDAO_DUCKDB_MEMORY_LIMIT.
MEMORY_LIMIT = os.environ.get("JIEDAO_DUCKDB_MEMORY_LIMIT", "256MB")
# A statement whose working state cannot spill (a big sort for the reading room's stored views) may
# still need more: it is tried once more with this much room, rather than failing the run.
ROOMY_MEMORY_LIMIT = os.environ.get("JIEDAO_DUCKDB_ROOMY_MEMORY_LIMIT", "4GB")
# A checkpoint's vacuum merges a table's row groups that would fit in fewer ones. Over a run it merged the row
# groups written before into larger ones, rewriting (decompressing and compressing again) every text loaded so
# far, in cascades: replaying a 20,000-report run's 40 chunk loads, the checkpoint after 16,000 reports took 4.9 s
# and ~300 MB more than the others. Without it a checkpoint writes only what changed (a fully deleted row group
# is still dropped), so each chunk's load is checkpointed when its connection closes: commits 5.6-5.9 s instead
# of 15.5, the process's peak 382 MB instead of 607; the file is ~17% larger (one row group a chunk), queries
# as fast (bench/RESULTS.md). Set on every writer: one that vacuums would merge them all at once.
WRITER_SETTINGS: dict[str, str | int] = {"max_vacuum_tasks": 0}

T = TypeVar("T")


def with_headroom(con: duckdb.DuckDBPyConnection, action: Callable[[], T]) -> T:
    """``action()`` (one statement or transaction: a failed one leaves nothing); if DuckDB runs out of
    memory under ``MEMORY_LIMIT``, again with twice the room, and so on up to ``ROOMY_MEMORY_LIMIT``.
    Doubling, not jumping to the most: DuckDB keeps whatever room it is given filled (its cache), so the
    process stays near what the statement needed (at 100,000 reports, a single jump held 4.5 GB for the end
    of the run). The connection gets its cap back afterwards unless DuckDB still holds more than that."""
    limits = headroom_steps(MEMORY_LIMIT, ROOMY_MEMORY_LIMIT)
    try:
        for limit in limits[1:]:
            try:
                return action()
            except duckdb.OutOfMemoryException:
                con.execute(f"SET memory_limit = {sql_string(limit)}")
        return action()
    finally:
        if len(limits) > 1:
            # DuckDB refuses a cap below what it still holds: the connection then keeps the room it was given
            with contextlib.suppress(duckdb.OutOfMemoryException):
                con.execute(f"SET memory_limit = {sql_string(MEMORY_LIMIT)}")


_SIZE = re.compile(r"\s*([0-9.]+)\s*([KMGT]?)i?B?\s*", re.IGNORECASE)


def headroom_steps(cap: str, most: str) -> list[str]:
    """``cap``, then doubles of it below ``most``, then ``most`` (DuckDB sizes: 512MB, 4GB, 1.5GiB)."""
    start, end = _megabytes(cap), _megabytes(most)
    if start is None or end is None or end <= start:
        return [cap, most] if cap != most else [cap]
    steps, size = [cap], start * 2
    while size < end:
        steps.append(f"{size:g}MB")
        size *= 2
    return [*steps, most]


def _megabytes(size: str) -> float | None:
    found = _SIZE.fullmatch(size)
    if not found:
        return None
    return float(found.group(1)) * {"": 1 / 2**20, "K": 1 / 1024, "M": 1, "G": 1024, "T": 2**20}[found.group(2).upper()]


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


def open_duckdb(
    path: Path,
    *,
    read_only: bool = False,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    **config: str | int | float | list[str],
) -> duckdb.DuckDBPyConnection:
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
    A writer checkpoints what it committed when it closes (``WRITER_SETTINGS``).
    """
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `jiedao run` first")
    writer = {} if read_only else WRITER_SETTINGS
    con = open_duckdb(path, read_only=read_only, busy_timeout=busy_timeout, memory_limit=MEMORY_LIMIT, **writer)
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
            datasets[folder.name] = ds.dataset(
                files, format="parquet", partitioning="hive", partition_base_dir=str(folder)
            )
        except (OSError, ValueError):  # pyarrow.ArrowInvalid is a ValueError: files that do not fit together
            continue
    return datasets


# The warehouse remembers which schema it was last brought up to (a digest of every DDL statement, in
# the comment of a sequence: invisible among tables and views), so opening an up-to-date warehouse
# costs one catalog lookup instead of ~0.25 s of DDL; a run opens it dozens of times.
SCHEMA_MARKER = "jiedao_schema_digest"


@cache
def schema_digest() -> str:
    """SHA-256 of every statement ``ensure_schema`` would run: tables, comments, views."""
    statements = [create_table_sql(name) for name in TABLES]
    statements += [statement for name in TABLES for statement in comment_statements(name)]
    statements += [VIEWS_SQL.read_text(encoding="utf-8"), METRICS_ENRICHED_COMMENTS]
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, add columns a newer schema has (older warehouses), create the views;
    nothing when the warehouse is already at this schema."""
    if stored_schema_digest(con) == schema_digest() and not missing_relations(con):
        return
    con.execute("BEGIN")  # one commit for the ~300 statements instead of one each: half the time
    try:
        bring_schema_up_to_date(con)
        con.execute(f"CREATE SEQUENCE IF NOT EXISTS {SCHEMA_MARKER}")
        con.execute(f"COMMENT ON SEQUENCE {SCHEMA_MARKER} IS {sql_string(schema_digest())}")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def missing_relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views of this schema the warehouse lacks (someone dropped one since)."""
    present = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    }
    return (set(TABLES) | set(VIEW_NAMES)) - present


def stored_schema_digest(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute(
        "SELECT comment FROM duckdb_sequences() WHERE sequence_name = ? AND schema_name = 'main'", [SCHEMA_MARKER]
    ).fetchall()
    return rows[0][0] if rows else None


def bring_schema_up_to_date(con: duckdb.DuckDBPyConnection) -> None:
    for name in TABLES:
        con.execute(create_table_sql(name))
        for column in missing_columns(con, name):
            con.execute(f"ALTER TABLE {name} ADD COLUMN {column}")
        if name in KEYS_NOT_ENFORCED and declares_key(con, name):
            drop_declared_key(con, name)
    apply_table_comments(con)
    con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
    con.execute(METRICS_ENRICHED_COMMENTS)


def declares_key(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT 1 FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = ? "
            "AND constraint_type = 'PRIMARY KEY'",
            [name],
        ).fetchall()
    )


def drop_declared_key(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """A warehouse made before ``name``'s key was left to the loader (schema.KEYS_NOT_ENFORCED) keeps
    its rows and loses the index: DuckDB cannot drop a primary key, so the table is copied once."""
    columns = ", ".join(TABLES[name].names)
    con.execute(create_table_sql(name, as_name=f"{name}_rebuilt"))
    con.execute(f"INSERT INTO {name}_rebuilt ({columns}) SELECT {columns} FROM {name}")
    con.execute(f"DROP TABLE {name}")
    con.execute(f"ALTER TABLE {name}_rebuilt RENAME TO {name}")


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
    present = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = current_schema()", [name]
        ).fetchall()
    }
    return [column_sql(f, nullable=True) for f in TABLES[name] if f.name not in present]
