"""Idempotent loading of a validated batch into DuckDB.

A document's rows are replaced as a whole, in one transaction: loading the same inputs twice
leaves the same rows, a failed load leaves the warehouse as it was.
"""
from __future__ import annotations

import duckdb
import pyarrow as pa

from warehouse.schema import DOCUMENT_TABLES, TABLES


def load_batch(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    """Replace the batch's documents (all their rows) and append its rejects, atomically."""
    documents = keep_first_source_uri(con, tables["documents"])
    doc_ids = documents.column("doc_id").to_pylist()
    con.execute("BEGIN TRANSACTION")
    try:
        if doc_ids:
            con.register("batch_doc_ids", pa.table({"doc_id": pa.array(doc_ids, pa.string())}))
            for name in reversed(DOCUMENT_TABLES):
                con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT doc_id FROM batch_doc_ids)")
            con.unregister("batch_doc_ids")
        for name in DOCUMENT_TABLES:
            if name in tables:  # a table left out (e.g. doc_terms of an older caller) only loses its old rows
                _insert(con, name, documents if name == "documents" else tables[name])
        if "rejects" in tables:
            _insert(con, "rejects", tables["rejects"])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def append_rejects(con: duckdb.DuckDBPyConnection, rejects: pa.Table) -> None:
    _insert(con, "rejects", rejects)


def keep_first_source_uri(con: duckdb.DuckDBPyConnection, documents: pa.Table) -> pa.Table:
    """A document already in the warehouse keeps the source_uri where it was first found."""
    if not documents.num_rows:
        return documents
    con.register("incoming", documents.select(["doc_id"]))
    known = dict(
        con.execute(
            "SELECT d.doc_id, d.source_uri FROM documents d JOIN incoming i USING (doc_id)"
        ).fetchall()
    )
    con.unregister("incoming")
    if not known:
        return documents
    uris = [known.get(d, u) for d, u in zip(documents["doc_id"].to_pylist(), documents["source_uri"].to_pylist())]
    index = documents.schema.get_field_index("source_uri")
    return documents.set_column(index, documents.schema.field(index), pa.array(uris, pa.string()))


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    if not table.num_rows:
        return
    con.register("incoming_rows", table)
    columns = ", ".join(TABLES[name].names)
    con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM incoming_rows")
    con.unregister("incoming_rows")


def known_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_id -> fingerprint of every loaded document (for near-duplicate checks)."""
    return dict(con.execute("SELECT doc_id, fingerprint FROM documents WHERE fingerprint IS NOT NULL").fetchall())


def document_texts(con: duckdb.DuckDBPyConnection, doc_ids: set[str]) -> dict[str, str]:
    """doc_id -> cleaned_text for the given documents."""
    con.register("wanted", pa.table({"doc_id": pa.array(sorted(doc_ids), pa.string())}))
    rows = con.execute("SELECT doc_id, cleaned_text FROM documents JOIN wanted USING (doc_id)").fetchall()
    con.unregister("wanted")
    return dict(rows)
