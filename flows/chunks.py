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

import pyarrow as pa

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
    rows = ChunkRows()
    for ref in spec.inputs:
        rows.add(input_rows(ref, spec))
    tables = rows.tables()
    validated, verdict = validated_tables(tables, spec.quality_dir, spec.run_id)
    failpoints.reached(f"transform-{spec.number}")
    write_staging(Path(spec.staging), tables | validated)
    n_documents, n_rejects = tables["documents"].num_rows, tables["rejects"].num_rows
    del rows, tables, validated
    release_freed_memory()
    return ChunkOutcome(
        spec.number, spec.staging, len(spec.inputs), n_documents, n_rejects, time.monotonic() - started, verdict
    )


# A report gives ~500 row dicts (metrics, doc_terms): a 500-input chunk held a quarter of a million of
# them beside their Arrow copy, ~150 MB of a worker's peak. They become Arrow this many inputs at a time.
INPUTS_PER_PART = 50


class ChunkRows:
    """A chunk's rows, input by input, turned into Arrow every ``INPUTS_PER_PART`` inputs. Inputs with the
    same text each keep their source row, but the document's rows are those of the first of them."""

    def __init__(self, inputs_per_part: int = INPUTS_PER_PART) -> None:
        self.inputs_per_part = inputs_per_part
        self.pending: dict[str, list[dict]] = {name: [] for name in STAGED_TABLES}
        self.parts: dict[str, list[pa.Table]] = {name: [] for name in STAGED_TABLES}
        self.doc_ids: set[str] = set()
        self.n_pending = 0

    def add(self, rows: dict[str, list[dict]]) -> None:
        """One input's rows (``input_rows``)."""
        new = first_of_each_document(rows, self.doc_ids)
        self.doc_ids.update(d["doc_id"] for d in new.get("documents", ()))
        for name, table_rows in new.items():
            self.pending[name] += table_rows
        self.n_pending += 1
        if self.n_pending >= self.inputs_per_part:
            self.flush()

    def flush(self) -> None:
        for name, table_rows in self.pending.items():
            if table_rows:
                self.parts[name].append(arrow_table(name, table_rows))
        self.pending, self.n_pending = {name: [] for name in STAGED_TABLES}, 0

    def tables(self) -> dict[str, pa.Table]:
        """Every staged table of the chunk (its rows are dropped from here)."""
        self.flush()
        tables = {
            name: pa.concat_tables(parts) if parts else arrow_table(name, []) for name, parts in self.parts.items()
        }
        self.parts = {name: [] for name in STAGED_TABLES}
        return tables


def input_rows(ref: InputRef, spec: ChunkSpec) -> dict[str, list[dict]]:
    """One input's rows for every staged table, or its reject row."""
    raw_path = ref.raw_path
    try:
        data = read_regular(Path(ref.path))
        if raw_path is None:
            raw_path = keep_raw(Path(spec.raw_dir), ref.source_uri, data, read_at=now().isoformat())
        with time_budget(DEFAULT_DOC_SECONDS, stage="transform"):  # a pathological page: a reject, not a hang
            return document_rows(data, ref, raw_path, spec)
    except OSError as exc:
        reason = f"cannot read the file: {exc.strerror or exc}"
        return {"rejects": [reject_row(spec.run_id, ref.source_uri, "read", reason, raw_path)]}
    except TransformError as exc:
        return {"rejects": [reject_row(spec.run_id, ref.source_uri, exc.stage, exc.reason, raw_path)]}


def first_of_each_document(rows: dict[str, list[dict]], earlier: set[str]) -> dict[str, list[dict]]:
    """``rows`` without the document rows of documents ``earlier`` in the chunk, and with one copy of
    the rows of a document given twice (a compilation page repeating a report): the first."""
    if earlier:
        rows = {
            name: [r for r in table_rows if r["doc_id"] not in earlier] if name in DOCUMENT_TABLES else table_rows
            for name, table_rows in rows.items()
        }
    documents = rows.get("documents", [])
    if len({d["doc_id"] for d in documents}) == len(documents):
        return rows
    deduplicated = dict(rows)
    for name in DOCUMENT_TABLES:
        first: dict[tuple, dict] = {}
        for row in rows.get(name, ()):
            first.setdefault(tuple(row[k] for k in PRIMARY_KEYS[name]), row)
        deduplicated[name] = list(first.values())
    return deduplicated


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
