"""The main process's part of a chunk: settle its documents against everything loaded, load it in one transaction.

A worker has transformed and validated the chunk (``flows.chunks``); here its documents meet the
run's identity index (same text, republished, look-alikes: ``flows.settle``), and the chunk is
loaded, or, when it failed a critical expectation, every input of it becomes a reject.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from expectations.suites import SUITE_TABLES
from flows.adapters.base import reason_kind
from flows.chunk_spec import ChunkOutcome, reject_row
from flows.chunk_validation import ChunkVerdict
from flows.paths import DataPaths
from flows.run_summary import RunSummary, plural
from flows.settle import RunIdentity, Settled, settle_chunk
from warehouse import failpoints, lake
from warehouse.db import connect, with_headroom
from warehouse.load import cross_org_copies, identity_rows, load_batch
from warehouse.tables import arrow_table

if TYPE_CHECKING:
    from expectations.validate import RunValidation


def load_identities(paths: DataPaths, force: bool) -> RunIdentity:
    with connect(paths.warehouse) as con:
        return RunIdentity.from_rows(identity_rows(con), force)


def settle_load(
    outcome: ChunkOutcome,
    n_chunks: int,
    known: RunIdentity,
    validation: RunValidation,
    paths: DataPaths,
    summary: RunSummary,
) -> str:
    """Settle and load one transformed and validated chunk; count every input's fate; returns a line about it."""
    staged = lake.read_staging(Path(outcome.staging))
    settled = settle_chunk(staged, known, summary.run_id)
    failpoints.reached("validate")
    quarantined = kept_quarantine(outcome.verdict, settled)
    verdict = outcome.verdict
    validation.add(verdict.suites, verdict.critical, verdict.warnings, quarantined, verdict.stored)
    label = f"chunk {outcome.number}/{n_chunks}"
    if not outcome.verdict.success:
        return not_loaded(outcome, settled, known, label, paths, summary, staged["rejects"])
    rejects = [
        reject_row(summary.run_id, r["source_uri"], r.get("stage", "validate"), r["reason"], r.get("raw_path"))
        for r in quarantined
    ]
    tables = chunk_tables(settled, staged["rejects"], rejects, summary.run_id, outcome.number)
    with connect(paths.warehouse) as con:
        with_headroom(con, lambda: load_batch(con, tables))  # a big chunk may need more than the cap
    failpoints.reached("after-commit")
    known.loaded.update(tables["documents"].column("doc_id").to_pylist())
    count_loaded(summary, settled, tables, staged["rejects"], len(rejects))
    return loaded_line(label, settled, tables, staged["rejects"].num_rows, len(rejects), outcome.seconds)


def kept_quarantine(verdict: ChunkVerdict, settled: Settled) -> list[dict]:
    """The verdict's quarantined metric rows of the documents that will be loaded (not a same report's copy)."""
    kept = set(settled.tables["documents"].column("source_uri").to_pylist())
    return [r for r in verdict.rejects if r["source_uri"] in kept]


def chunk_tables(
    settled: Settled, transform_rejects: pa.Table, quarantined: list[dict], run_id: str, chunk: int
) -> dict[str, pa.Table]:
    """Every table's rows of one chunk, as one transaction loads them (with its ``loads`` row)."""
    load_row = {"run_id": run_id, "chunk": chunk, "n_documents": settled.n_documents, "loaded_at": datetime.now(UTC)}
    passed_through = ("doc_terms", "document_signatures", "document_sources", "near_duplicates")
    return (
        {name: settled.tables[name] for name in (*SUITE_TABLES, *passed_through)}
        | {"rejects": arrow_table("rejects", transform_rejects.to_pylist() + quarantined)}
        | {"loads": arrow_table("loads", [load_row])}
    )


def count_loaded(
    summary: RunSummary, settled: Settled, tables: dict[str, pa.Table], transform_rejects: pa.Table, n_quarantined: int
) -> None:
    """Add a loaded chunk's fates and counts to the run's summary."""
    summary.n_documents += settled.n_documents
    summary.n_loaded += settled.n_inputs_loaded
    summary.n_same_report += settled.n_same_report
    summary.n_rejected += transform_rejects.num_rows
    summary.n_rejects += transform_rejects.num_rows + n_quarantined
    summary.not_loaded += transform_rejects.column("source_uri").to_pylist()
    summary.reject_reasons.update(reason_kind(r) for r in transform_rejects.column("reason").to_pylist())
    flags = tables["documents"].column("cleaning_flags").to_pylist()
    summary.n_replaced_bytes += sum(1 for f in flags if f and "replaced_bytes:" in f)
    summary.n_metrics += tables["metrics"].num_rows
    summary.n_near_duplicates += tables["near_duplicates"].num_rows


def loaded_line(
    label: str, settled: Settled, tables: dict[str, pa.Table], n_rejected: int, n_quarantined: int, seconds: float
) -> str:
    return (
        f"{label:<10} "
        f"{plural(settled.n_documents, 'document')}, {tables['metrics'].num_rows} metrics"
        + (f", {settled.n_same_report} same report" if settled.n_same_report else "")
        + (f", {n_rejected} rejected" if n_rejected else "")
        + (f", {n_quarantined} metric rows quarantined" if n_quarantined else "")
        + f" ({seconds:.1f} s)"
    )


def not_loaded(
    outcome: ChunkOutcome,
    settled: Settled,
    known: RunIdentity,
    label: str,
    paths: DataPaths,
    summary: RunSummary,
    transform_rejects: pa.Table,
) -> str:
    """A chunk that failed a critical expectation: every input of it becomes a reject; returns a line about it."""
    for doc_id in settled.added:
        known.index.remove(doc_id)
    pages = {
        row["source_uri"].split("#part-", 1)[0]: row["raw_path"]
        for row in settled.tables["document_sources"].to_pylist()
    }
    failed = [
        reject_row(summary.run_id, uri, "validate", f"{label} not loaded: critical expectations failed", raw_path)
        for uri, raw_path in pages.items()
    ]
    with connect(paths.warehouse) as con:
        load_batch(con, {"rejects": arrow_table("rejects", transform_rejects.to_pylist() + failed)})
    summary.n_chunks_failed += 1
    summary.not_loaded += [r["source_uri"] for r in failed] + transform_rejects.column("source_uri").to_pylist()
    summary.n_rejected += transform_rejects.num_rows + len(failed)
    summary.reject_reasons.update(["validation of its chunk failed"] * len(failed))
    summary.reject_reasons.update(reason_kind(r) for r in transform_rejects.column("reason").to_pylist())
    summary.n_rejects += transform_rejects.num_rows + len(failed)
    return f"{label:<10} FAILED critical expectations, not loaded ({plural(outcome.n_inputs, 'input')} rejected)"


def warn_cross_org_copies(paths: DataPaths, run_id: str, validation: RunValidation) -> None:
    """Reports copied from one organisation to another are a finding: a warning in the quality report."""
    with connect(paths.warehouse) as con:
        pairs = cross_org_copies(con, run_id)
    if pairs:
        a, b, similarity = pairs[0]
        validation.warnings.append(
            f"near_duplicates: {plural(len(pairs), 'report pair')} of different organisations read alike "
            f"(e.g. {a} ~ {b}, similarity {similarity:.2f}): see the near_duplicates table"
        )
