"""Idempotent loading of a validated chunk into DuckDB.

A document's rows are replaced as a whole, in one transaction with the chunk's sources, near
duplicates, rejects and a ``loads`` row: loading the same inputs twice leaves the same rows, a
failed or killed load leaves the warehouse as it was before the chunk.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from warehouse.schema import DOCUMENT_TABLES, KEYS_NOT_ENFORCED, PRIMARY_KEYS, TABLES, sql_string

# Tables a chunk adds to without replacing: on a key already present, these columns are updated.
UPSERT_COLUMNS = {
    "document_sources": ("last_run_id",),
    "near_duplicates": ("similarity", "same_org"),
}
APPENDED = ("rejects", "not_reports", "loads")


class KeyViolation(duckdb.ConstraintException):
    """A chunk's rows break a key the loader checks in DuckDB's place (``schema.KEYS_NOT_ENFORCED``)."""


def load_batch(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    """Replace the chunk's documents (all their rows), upsert its sources and links, append the rest."""
    con.execute("BEGIN TRANSACTION")
    try:
        if "documents" in tables:
            loaded = loaded_source_uris(con, tables["documents"])
            documents = keep_first_source_uri(tables["documents"], loaded)
            replace_documents(con, {**tables, "documents": documents}, list(loaded))
        for name in UPSERT_COLUMNS:
            if name in tables:
                upsert(con, name, tables[name])
        for name in APPENDED:
            if name in tables:
                _insert(con, name, tables[name])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def replace_documents(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table], loaded_ids: list[str]) -> None:
    """Delete every row of the chunk's documents loaded before (``loaded_ids``), then insert their new
    rows (inside a transaction). Documents new to the warehouse have no rows to delete: skipping the
    deletes keeps a chunk's load from scanning tables that grow with the corpus."""
    if loaded_ids:
        con.register("batch_doc_ids", pa.table({"doc_id": pa.array(loaded_ids, pa.string())}))
        for name in reversed(DOCUMENT_TABLES):
            con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT doc_id FROM batch_doc_ids)")
        con.unregister("batch_doc_ids")
    for name in DOCUMENT_TABLES:
        if name in tables:
            _insert(con, name, tables[name])


def upsert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """Insert rows; where the key exists, update the columns of UPSERT_COLUMNS."""
    if not table.num_rows:
        return
    con.register("incoming_rows", table)
    columns = ", ".join(TABLES[name].names)
    keys = ", ".join(PRIMARY_KEYS[name])
    updates = ", ".join(f"{c} = excluded.{c}" for c in UPSERT_COLUMNS[name])
    con.execute(
        f"INSERT INTO {name} ({columns}) SELECT {columns} FROM incoming_rows "
        f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    )
    con.unregister("incoming_rows")


def append_rejects(con: duckdb.DuckDBPyConnection, rejects: pa.Table) -> None:
    _insert(con, "rejects", rejects)


def loaded_source_uris(con: duckdb.DuckDBPyConnection, documents: pa.Table) -> dict[str, str]:
    """doc_id -> source_uri of the chunk's documents already in the warehouse (every row of a document
    table belongs to a ``documents`` row, loaded and deleted with it)."""
    if not documents.num_rows:
        return {}
    # The ids as literals: DuckDB then looks them up in the documents' key index. A join with the chunk's ids
    # read the doc_id and source_uri of every row group instead (at 100,000 reports 57 MB of blocks a load,
    # against ~1 MB; more ids than DuckDB looks up by index, ~2,048, make it scan, as the join did).
    ids = ", ".join(map(sql_string, documents.column("doc_id").to_pylist()))
    return dict(con.execute(f"SELECT doc_id, source_uri FROM documents WHERE doc_id IN ({ids})").fetchall())


def keep_first_source_uri(documents: pa.Table, loaded: dict[str, str]) -> pa.Table:
    """A document already in the warehouse keeps the source_uri where it was first found."""
    if not loaded:
        return documents
    uris = [loaded.get(d, u) for d, u in zip(documents["doc_id"].to_pylist(), documents["source_uri"].to_pylist())]
    index = documents.schema.get_field_index("source_uri")
    return documents.set_column(index, documents.schema.field(index), pa.array(uris, pa.string()))


def mark_unchanged(con: duckdb.DuckDBPyConnection, source_uris: list[str], run_id: str) -> None:
    """Inputs skipped because their bytes were loaded before: this run saw them too."""
    if not source_uris:
        return
    con.register("unchanged_uris", pa.table({"source_uri": pa.array(source_uris, pa.string())}))
    con.execute(
        "UPDATE document_sources SET last_run_id = ? "
        "WHERE regexp_replace(source_uri, '#part-[0-9]+$', '') IN (SELECT source_uri FROM unchanged_uris)",
        [run_id],
    )
    con.unregister("unchanged_uris")


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    if not table.num_rows:
        return
    con.register("incoming_rows", table)
    if name in KEYS_NOT_ENFORCED:
        check_keys(con, name, "incoming_rows")
    columns = ", ".join(TABLES[name].names)
    con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM incoming_rows")
    con.unregister("incoming_rows")


def check_keys(con: duckdb.DuckDBPyConnection, name: str, rows: str) -> None:
    """Raise ``KeyViolation`` unless the ``rows`` about to be inserted into ``name`` have unique keys
    that begin with their own doc_id. The rows a document had before were deleted with it, and the
    documents table's key holds a doc_id once: keys of one document cannot meet another's."""
    key = PRIMARY_KEYS[name]
    outside = "0" if "doc_id" in key else f"count(*) FILTER (WHERE NOT starts_with({key[0]}, doc_id || ':'))"
    repeated, foreign = con.execute(
        f"SELECT count(*) - count(DISTINCT ({', '.join(key)})), {outside} FROM {rows}"
    ).fetchall()[0]
    if repeated or foreign:
        problem = f"{repeated} repeated" if repeated else f"{foreign} not beginning with their doc_id"
        raise KeyViolation(f"{name}: {problem} key values ({', '.join(key)}) in the rows to load")


def known_inputs(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(source_uri, content_hash) -> doc_id of every input that became or joined a document
    (the reports of a compilation page, ``<uri>#part-<n>``, under the page's own URI)."""
    rows = con.execute(
        "SELECT regexp_replace(source_uri, '#part-[0-9]+$', ''), content_hash, min(doc_id) FROM document_sources GROUP BY ALL"
    ).fetchall()
    return {(uri, digest): doc_id for uri, digest, doc_id in rows}


def known_contents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """content_hash -> doc_id: bytes already turned into a document, from whichever source."""
    return dict(con.execute("SELECT content_hash, min(doc_id) FROM document_sources GROUP BY content_hash").fetchall())


def identity_rows(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """What identity decisions need about every loaded document (transforms/identity.py)."""
    return con.sql(
        "SELECT d.doc_id, d.source_uri, d.org_name, d.district, d.review_year, d.plan_year, s.figures_key, s.signature "
        "FROM documents d JOIN document_signatures s USING (doc_id)"
    ).to_arrow_table()


def cross_org_copies(con: duckdb.DuckDBPyConnection, run_id: str) -> list[tuple[str, str, float]]:
    """Near-copies linked by this run whose two documents name different organisations (org, org, similarity)."""
    return con.execute(
        """SELECT coalesce(a.org_name, '(unnamed)'), coalesce(b.org_name, '(unnamed)'), n.similarity
           FROM near_duplicates n JOIN documents a ON a.doc_id = n.doc_id JOIN documents b ON b.doc_id = n.other_doc_id
           WHERE n.run_id = ? AND NOT n.same_org ORDER BY n.similarity DESC""",
        [run_id],
    ).fetchall()
