"""The inputs of a run, split into chunks, and the work done on one chunk in a worker.

The flow lists its inputs (``InputRef``: where the bytes are, and their hash), skips those whose bytes
were loaded before, and cuts the rest into chunks. A worker (this process, a process of the pool or a
Dask worker) reads a chunk's inputs itself, takes each through every transform and writes the rows of
every table as Parquet under the run's staging folder, after validating the document tables
(``flows.chunk_validation``); it hands back only counts, the validation's verdict and that folder.
"""

from __future__ import annotations

import time
from pathlib import Path

from flows.adapters.local_files import read_regular
from flows.adapters.raw_store import keep_raw
from flows.chunk_spec import ChunkOutcome, ChunkSpec, InputRef, now, reject_row
from flows.chunk_validation import validated_tables
from flows.memory import release_freed_memory
from transforms.budget import DEFAULT_DOC_SECONDS, time_budget
from transforms.document import (
    Prepared,
    document_row,
    keyword_rows,
    metric_rows,
    prepare,
    reports_in,
    section_rows,
    understand,
)
from transforms.identity import figures_key, text_signature
from transforms.records import TransformError
from transforms.terms import term_rows
from warehouse import failpoints
from warehouse.lake import write_staging
from warehouse.schema import DOCUMENT_TABLES, PRIMARY_KEYS
from warehouse.tables import arrow_table

# Tables a chunk stages: the documents' own, the source each came from, and what was rejected.
STAGED_TABLES = (*DOCUMENT_TABLES, "document_sources", "rejects")


def staged_chunk(spec: ChunkSpec) -> ChunkOutcome:
    """Read, clean, understand, extract and validate every input of the chunk; stage its rows as Parquet
    (run by the flow's ``transform-chunk`` task, where that task runs)."""
    started = time.monotonic()
    rows: dict[str, list[dict]] = {name: [] for name in STAGED_TABLES}
    for ref in spec.inputs:
        add_input_rows(rows, ref, spec)
    first_of_each_document(rows)
    tables = {name: arrow_table(name, rows[name]) for name in STAGED_TABLES}
    validated, verdict = validated_tables(tables, spec.quality_dir, spec.run_id)
    failpoints.reached(f"transform-{spec.number}")
    write_staging(Path(spec.staging), tables | validated)
    n_documents, n_rejects = len(rows["documents"]), len(rows["rejects"])
    del rows, tables, validated
    release_freed_memory()
    return ChunkOutcome(
        spec.number, spec.staging, len(spec.inputs), n_documents, n_rejects, time.monotonic() - started, verdict
    )


def add_input_rows(rows: dict[str, list[dict]], ref: InputRef, spec: ChunkSpec) -> None:
    """One input's rows for every staged table, or its reject row."""
    raw_path = ref.raw_path
    try:
        data = read_regular(Path(ref.path))
        if raw_path is None:
            raw_path = keep_raw(Path(spec.raw_dir), ref.source_uri, data, read_at=now().isoformat())
        with time_budget(DEFAULT_DOC_SECONDS, stage="transform"):  # a pathological page: a reject, not a hang
            doc_rows = document_rows(data, ref, raw_path, spec)
    except OSError as exc:
        rows["rejects"].append(
            reject_row(spec.run_id, ref.source_uri, "read", f"cannot read the file: {exc.strerror or exc}", raw_path)
        )
        return
    except TransformError as exc:
        rows["rejects"].append(reject_row(spec.run_id, ref.source_uri, exc.stage, exc.reason, raw_path))
        return
    for name, table_rows in doc_rows.items():
        rows[name] += table_rows


def first_of_each_document(rows: dict[str, list[dict]]) -> None:
    """Inputs of the chunk with the same text keep their own source row, but one copy of the document's rows."""
    if len({d["doc_id"] for d in rows["documents"]}) == len(rows["documents"]):
        return
    for name in DOCUMENT_TABLES:  # the first input's rows of each document (its source_uri is the first)
        first: dict[tuple, dict] = {}
        for row in rows[name]:
            first.setdefault(tuple(row[k] for k in PRIMARY_KEYS[name]), row)
        rows[name] = list(first.values())


def document_rows(data: bytes, ref: InputRef, raw_path: str | None, spec: ChunkSpec) -> dict[str, list[dict]]:
    """Every transform on one input's bytes (each report of a compilation page a document of its own);
    raises TransformError naming the stage that failed."""
    prepared = prepare(
        data, is_html=ref.is_html, declared_charset=ref.declared_charset, max_doc_chars=spec.max_doc_chars
    )
    rows: dict[str, list[dict]] = {}
    for source_uri, report in reports_in(prepared, ref.source_uri):
        for name, table_rows in report_rows(report, source_uri, ref, raw_path, spec).items():
            rows.setdefault(name, []).extend(table_rows)
    return rows


def report_rows(
    prepared: Prepared, source_uri: str, ref: InputRef, raw_path: str | None, spec: ChunkSpec
) -> dict[str, list[dict]]:
    """The rows of every table for one report."""
    doc = understand(prepared, source_uri)
    metrics = metric_rows(doc)
    seen_at = now()
    return {
        "documents": [
            document_row(doc, source_uri=source_uri, raw_path=raw_path, run_id=spec.run_id, loaded_at=seen_at)
        ],
        "sections": section_rows(doc),
        "metrics": metrics,
        "keywords": keyword_rows(doc),
        "doc_terms": term_rows(doc),
        "document_signatures": [
            {
                "doc_id": doc.doc_id,
                "figures_key": figures_key((m["value"], m["unit"]) for m in metrics),
                "signature": text_signature(doc.clean.text),
            }
        ],
        "document_sources": [
            {
                "doc_id": doc.doc_id,
                "source_uri": source_uri,
                "raw_path": raw_path,
                "relation": "first",
                "run_id": spec.run_id,
                "content_hash": ref.content_hash,
                "seen_at": seen_at,
                "last_run_id": spec.run_id,
            }
        ],
    }
