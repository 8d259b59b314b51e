"""Settling a transformed chunk against what the warehouse and the run already hold.

For each input that became a document: a new report (kept, linked to its look-alikes), the same text
as a document already loaded (``same_text``: only a source row), or the same report republished with
other furniture (``republished``: only a source row). Runs in the main process, between the workers
and the single DuckDB writer, so every decision sees every earlier chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from transforms.identity import Identity, IdentityIndex
from warehouse.schema import DOCUMENT_TABLES
from warehouse.tables import arrow_table

# identity_rows' columns in the order of Identity's fields
IDENTITY_COLUMNS = ("doc_id", "org_name", "district", "review_year", "plan_year", "figures_key", "signature")


@dataclass
class RunIdentity:
    """What the run knows about documents: the index of look-alikes, first sources, what it loaded."""

    index: IdentityIndex
    # doc_id -> hash() of documents.source_uri, for documents in the warehouse: only ever compared with
    # an input's address, and an int is ~100 bytes a document less than the address.
    first_sources: dict[str, int]
    force: bool = False
    loaded: set[str] = field(default_factory=set)

    @classmethod
    def from_rows(cls, rows: pa.Table, force: bool = False) -> RunIdentity:
        """From ``warehouse.load.identity_rows``, a few thousand rows' columns at a time (no dict per row)."""
        index, first_sources = IdentityIndex(), dict[str, int]()
        for batch in rows.to_batches(max_chunksize=8192):
            columns = {name: batch.column(name).to_pylist() for name in batch.schema.names}
            index.add_many([Identity(*row) for row in zip(*(columns[name] for name in IDENTITY_COLUMNS), strict=True)])
            first_sources.update(zip(columns["doc_id"], map(hash, columns["source_uri"]), strict=True))
        return cls(index, first_sources, force)

    def first_source_is(self, doc_id: str, source_uri: str) -> bool:
        return self.first_sources[doc_id] == hash(source_uri)


@dataclass
class Settled:
    tables: dict[str, pa.Table]  # document tables (kept documents only), document_sources, near_duplicates
    added: list[str]  # doc_ids added to the index (to take out again if the chunk is not loaded)
    n_documents: int = 0
    n_inputs_loaded: int = 0  # inputs that gave a new document (a compilation page may give several)
    n_same_report: int = 0  # inputs all of whose reports were already known


def identity_of(document: dict, signature: bytes, figures: str | None = None) -> Identity:
    return Identity(
        document["doc_id"],
        document.get("org_name"),
        document.get("district"),
        document.get("review_year"),
        document.get("plan_year"),
        figures if figures is not None else document.get("figures_key", ""),
        signature,
    )


def settle_chunk(staged: dict[str, pa.Table], known: RunIdentity, run_id: str) -> Settled:
    """Decide each staged document's fate; returns the rows to validate and load."""
    documents = {row["doc_id"]: row for row in staged["documents"].to_pylist()}
    signatures = {row["doc_id"]: row for row in staged["document_signatures"].to_pylist()}
    kept: list[str] = []
    sources: list[dict] = []
    near: dict[tuple[str, str], dict] = {}
    added: list[str] = []
    for source in staged["document_sources"].to_pylist():
        doc_id = source["doc_id"]
        relation, target = fate(source, known, kept, documents, signatures, near, run_id, added)
        sources.append({**source, "doc_id": target, "relation": relation})
        if relation == "first" and doc_id not in kept:
            kept.append(doc_id)
    tables = {name: only(staged[name], kept) for name in DOCUMENT_TABLES}
    tables["document_sources"] = arrow_table("document_sources", sources)
    tables["near_duplicates"] = arrow_table("near_duplicates", list(near.values()))
    fates: dict[str, bool] = {}  # input (a compilation's page, not its parts) -> gave a new document
    for source in sources:
        page = source["source_uri"].split("#part-", 1)[0]
        fates[page] = fates.get(page, False) or source["relation"] == "first"
    loaded = sum(fates.values())
    return Settled(tables, added, len(kept), loaded, len(fates) - loaded)


def fate(
    source: dict,
    known: RunIdentity,
    kept: list[str],
    documents: dict,
    signatures: dict,
    near: dict,
    run_id: str,
    added: list[str],
) -> tuple[str, str]:
    """(relation, doc_id it belongs to) of one input's document, registering new documents in the index."""
    doc_id = source["doc_id"]
    if doc_id in kept or doc_id in known.loaded:
        return "same_text", doc_id
    if doc_id in known.first_sources:  # loaded by an earlier run
        reload = known.force or known.first_source_is(doc_id, source["source_uri"])
        return ("first" if reload else "same_text"), doc_id
    signature = signatures[doc_id]
    identity = identity_of(documents[doc_id], signature["signature"], signature["figures_key"])
    resolution = known.index.resolve(identity)
    if resolution.relation != "first":
        return resolution.relation, resolution.doc_id
    for copy in resolution.near:
        a, b = sorted((doc_id, copy.other_doc_id))
        near[(a, b)] = {
            "doc_id": a,
            "other_doc_id": b,
            "similarity": copy.similarity,
            "same_org": copy.same_org,
            "run_id": run_id,
        }
    known.index.add(identity)
    added.append(doc_id)
    return "first", doc_id


def only(table: pa.Table, doc_ids: list[str]) -> pa.Table:
    """The rows of these documents."""
    return table.filter(pc.is_in(table.column("doc_id"), value_set=pa.array(doc_ids, pa.string())))
