"""The jiedao flow: ingest -> clean -> understand -> extract -> write Parquet -> validate -> load.

Each stage is one Prefect task over the whole batch (per-task overhead is paid once, not per
document). A document that fails a stage becomes a ``rejects`` row naming the stage and the
reason, and the batch goes on. Only a batch that passes the critical expectations is loaded.
"""
from __future__ import annotations

import logging
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import unmapped

from flows.adapters.base import Ingested, SourceDocument
from flows.adapters.local_files import read_local
from flows.paths import DataPaths
from transforms.dedup import is_near_duplicate, is_same_report
from transforms.document import (
    Prepared,
    Understood,
    document_row,
    keyword_rows,
    metric_rows,
    prepare,
    section_rows,
    understand,
)
from transforms.records import TransformError
from transforms.terms import term_rows
from warehouse import lake
from warehouse.db import WarehouseError, connect
from warehouse.load import append_rejects, document_texts, known_fingerprints, load_batch
from warehouse.runs import finish_run, recent_runs, start_run
from warehouse.tables import arrow_table, frame_to_arrow

log = logging.getLogger("jiedao")

# Below this many documents per worker, starting worker processes costs more than it saves.
MIN_ITEMS_PER_WORKER = 20


@dataclass
class RunSummary:
    """What the CLI prints and `pipeline_runs` records."""

    run_id: str
    status: str = "running"  # completed | failed
    n_sources: int = 0
    n_documents: int = 0
    n_metrics: int = 0
    n_rejects: int = 0
    n_duplicates: int = 0
    n_skipped: int = 0
    n_unchanged: int = 0
    validation_success: bool | None = None
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str | None = None
    data_docs_path: str | None = None
    validation_json: str | None = None  # per-suite results, for `jiedao quality`


@dataclass
class Batch:
    """Rows of every table for the documents that made it through, plus the rejects so far."""

    documents: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    keywords: list[dict] = field(default_factory=list)
    doc_terms: list[dict] = field(default_factory=list)  # search terms (transforms/terms.py)
    rejects: list[dict] = field(default_factory=list)


class Progress:
    """A count every few seconds while a long stage runs (on stderr)."""

    def __init__(self, stage: str, total: int):
        self.stage, self.total, self.last = stage, total, time.monotonic()

    def step(self, done: int) -> None:
        if time.monotonic() - self.last > 5:
            log.info("  %s: %d/%d", self.stage, done, self.total)
            self.last = time.monotonic()


def stage_done(stage: str, note: str) -> None:
    """The one line a stage prints when it has finished."""
    log.info("%-10s %s", stage, note)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def reject_row(run_id: str, source_uri: str, stage: str, reason: str, raw_path: str | None) -> dict:
    return {
        "run_id": run_id,
        "source_uri": source_uri,
        "stage": stage,
        "reason": reason,
        "raw_path": raw_path,
        "rejected_at": datetime.now(timezone.utc),
    }


@task(name="ingest", cache_policy=NO_CACHE)
def ingest(sources: list[str], paths: DataPaths, crawl_options: dict) -> Ingested:
    """Read local files and crawl URLs; every input's bytes are kept under raw/."""
    urls = [s for s in sources if s.startswith(("http://", "https://"))]
    ingested = read_local([Path(s) for s in sources if s not in urls], paths.raw)
    if urls:
        from flows.adapters.crawler import crawl

        crawled = crawl(
            urls,
            raw_dir=paths.raw,
            state_path=paths.raw / "crawl_state.json",
            progress=lambda line: log.info("  %s", line),
            **crawl_options,
        )
        ingested.documents += crawled.documents
        ingested.rejects += crawled.rejects
        ingested.skipped += crawled.skipped
        ingested.unchanged += crawled.unchanged
    stage_done("ingest", 
        f"{len(ingested.documents)} inputs"
        + (f", {len(ingested.skipped)} pages not reports" if ingested.skipped else "")
        + (f", {len(ingested.unchanged)} unchanged" if ingested.unchanged else "")
        + (f", {len(ingested.rejects)} rejected" if ingested.rejects else "")
    )
    return ingested


@task(name="clean", cache_policy=NO_CACHE)
def clean(inputs: list[SourceDocument], run_id: str) -> tuple[list[tuple[SourceDocument, Prepared]], list[dict]]:
    """Decode, take the main text out of each page, normalise it."""
    prepared, rejects, progress = [], [], Progress("clean", len(inputs))
    for i, source in enumerate(inputs, 1):
        try:
            prepared.append(
                (source, prepare(source.data, is_html=source.is_html, declared_charset=source.declared_charset))
            )
        except TransformError as exc:
            rejects.append(reject_row(run_id, source.source_uri, exc.stage, exc.reason, source.raw_path))
        progress.step(i)
    return prepared, rejects


@task(name="understand", cache_policy=NO_CACHE)
def understand_docs(
    prepared: list[tuple[SourceDocument, Prepared]], run_id: str
) -> tuple[list[tuple[SourceDocument, Understood]], list[dict]]:
    """Identity, metadata, sections and keywords per document."""
    understood, rejects, progress = [], [], Progress("understand", len(prepared))
    for i, (source, item) in enumerate(prepared, 1):
        try:
            understood.append((source, understand(item, source.source_uri)))
        except TransformError as exc:
            rejects.append(reject_row(run_id, source.source_uri, exc.stage, exc.reason, source.raw_path))
        progress.step(i)
    return understood, rejects


def drop_duplicates(
    docs: list[tuple[SourceDocument, Understood]], known: dict[str, str], known_texts: dict[str, str]
) -> tuple[list[tuple[SourceDocument, Understood]], int]:
    """The same report seen twice (same text, or a near-copy with other furniture) is kept once.

    ``known``: fingerprints of the documents in the warehouse; ``known_texts``: the texts of those
    among them whose fingerprint is close to one of the batch (``near_known``), to confirm a match.
    A document already in the warehouse under the same doc_id is kept: re-running replaces it.
    """
    kept: list[tuple[SourceDocument, Understood]] = []
    seen_ids: set[str] = set()
    texts = dict(known_texts)
    fingerprints = {doc_id: int(fp, 16) for doc_id, fp in known.items()}
    for source, doc in docs:
        if doc.doc_id in seen_ids or same_report_as(doc, fingerprints, texts):
            continue
        seen_ids.add(doc.doc_id)
        fingerprints[doc.doc_id], texts[doc.doc_id] = int(doc.fingerprint, 16), doc.clean.text
        kept.append((source, doc))
    return kept, len(docs) - len(kept)


def near_known(docs: list[tuple[SourceDocument, Understood]], known: dict[str, str]) -> set[str]:
    """Warehouse documents whose fingerprint is close to one of the batch's (candidates only)."""
    return {
        doc_id
        for _, doc in docs
        for doc_id, fp in known.items()
        if doc_id != doc.doc_id and is_near_duplicate(int(doc.fingerprint, 16), int(fp, 16))
    }


def same_report_as(doc: Understood, fingerprints: dict[str, int], texts: dict[str, str]) -> str | None:
    """The id of another document that is this report with other page furniture."""
    mine = int(doc.fingerprint, 16)
    return next(
        (
            doc_id
            for doc_id, fp in fingerprints.items()
            if doc_id != doc.doc_id
            and doc_id in texts
            and is_same_report(doc.clean.text, mine, texts[doc_id], fp)
        ),
        None,
    )


@task(name="extract", cache_policy=NO_CACHE)
def extract(docs: list[tuple[SourceDocument, Understood]], run_id: str) -> Batch:
    """Metrics per document, and every table's rows for the batch."""
    batch, progress, loaded_at = Batch(), Progress("extract", len(docs)), datetime.now(timezone.utc)
    for i, (source, doc) in enumerate(docs, 1):
        try:
            metrics = metric_rows(doc)
        except TransformError as exc:
            batch.rejects.append(reject_row(run_id, source.source_uri, exc.stage, exc.reason, source.raw_path))
            continue
        batch.metrics += metrics
        batch.documents.append(
            document_row(doc, source_uri=source.source_uri, raw_path=source.raw_path, run_id=run_id, loaded_at=loaded_at)
        )
        batch.sections += section_rows(doc)
        batch.keywords += keyword_rows(doc)
        batch.doc_terms += term_rows(doc)
        progress.step(i)
    return batch


def warm_worker() -> None:
    """Run once in each worker process: load jieba and its user dictionary before the first task."""
    from transforms.nlp import jieba

    jieba()


def parallel_flow(workers: int):  # noqa: ANN201 - a Prefect flow
    """``jiedao_run`` mapping its per-document stages over ``workers`` processes."""
    from prefect.task_runners import ProcessPoolTaskRunner

    return jiedao_run.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers, initializer=warm_worker))


def in_chunks(stage, items: list, workers: int, **shared) -> list:  # noqa: ANN001 - a Prefect task
    """Run a per-document stage over ``items``: in this process, or mapped over worker processes.

    With ``workers`` > 1 (the flow then has a ProcessPoolTaskRunner) the items are split into
    that many chunks, one task run each; results come back in input order.
    """
    if workers <= 1 or len(items) < MIN_ITEMS_PER_WORKER * workers:
        return [stage(items, **shared)]
    size = -(-len(items) // workers)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    futures = stage.map(chunks, **{key: unmapped(value) for key, value in shared.items()})
    return [future.result() for future in futures]


@task(name="write-parquet", cache_policy=NO_CACHE)
def write_parquet(batch: Batch, paths: DataPaths, run_id: str) -> dict:
    """The batch as typed Arrow tables, staged as Parquet under lake/_staging/<run_id>/."""
    tables = {name: arrow_table(name, getattr(batch, name)) for name in ("documents", "sections", "metrics", "keywords", "doc_terms", "rejects")}
    lake.write_staging(paths.lake, run_id, tables)
    return tables


@task(name="validate", cache_policy=NO_CACHE)
def validate(tables: dict, paths: DataPaths, run_id: str):
    """Run the GX suites on the batch's frames and build Data Docs."""
    from expectations.validate import validate_tables

    frames = {name: table.to_pandas() for name, table in tables.items() if name not in ("rejects", "doc_terms")}
    result = validate_tables(frames, quality_dir=paths.quality, run_id=run_id)
    stage_done("validate", 
        ("passed" if result.success else f"FAILED: {'; '.join(result.critical_failures)}")
        + (f", {plural(len(result.warnings), 'warning')}" if result.warnings else "")
        + (f", {plural(len(result.rejects), 'row')} quarantined" if result.rejects else "")
    )
    return result


@task(name="load", cache_policy=NO_CACHE)
def load(tables: dict, result, paths: DataPaths, run_id: str) -> dict:
    """Publish the validated batch to the lake and load it into DuckDB, replacing earlier versions."""
    validated = {name: frame_to_arrow(name, frame) for name, frame in result.frames.items()}
    quarantined = [
        reject_row(run_id, r["source_uri"], r.get("stage", "validate"), r["reason"], r.get("raw_path"))
        for r in result.rejects
    ]
    validated["rejects"] = arrow_table("rejects", tables["rejects"].to_pylist() + quarantined)
    validated["doc_terms"] = tables["doc_terms"]  # derived from the validated text; no suite of its own
    with connect(paths.warehouse) as con:
        load_batch(con, validated)
    lake.publish(paths.lake, run_id, validated)
    stage_done("load", f"{validated['documents'].num_rows} documents into {paths.warehouse}")
    return validated


@flow(name="jiedao-run", log_prints=False)
def jiedao_run(
    sources: list[str],
    data_dir: str = "data",
    allow_domains: list[str] | None = None,
    max_pages: int = 200,
    delay: float = 1.0,
    workers: int = 1,
) -> RunSummary:
    """Take reports from files, folders and portal URLs through every stage into the warehouse."""
    from prefect.runtime import flow_run

    paths = DataPaths(Path(data_dir))
    summary = RunSummary(run_id=new_run_id(), n_sources=len(sources))
    try:
        with connect(paths.warehouse) as con:
            start_run(con, summary.run_id, flow_run.id, len(sources))
            known = known_fingerprints(con)
    except WarehouseError as exc:  # e.g. locked by another process: nothing was read or written
        summary.status, summary.message = "failed", str(exc)
        return summary
    handed_over: list[str] = []  # crawled pages the crawl will not hand over again unless forgotten
    try:
        crawl_options = {"allow_domains": tuple(allow_domains or ()), "max_pages": max_pages, "delay": delay}
        not_loaded = run_stages(summary, paths, sources, crawl_options, known, handed_over, workers)
    except Exception as exc:  # an unexpected fault: recorded, logged to a file, one line for the user
        summary.status, summary.message = "failed", f"{type(exc).__name__}: {exc} (details: {write_crash_log(paths, summary.run_id)})"
        not_loaded = set(handed_over)
        # Prefect's task state keeps the exception: drop its frames, which hold closed DuckDB
        # connections that would otherwise be reported as leaks when the process exits
        exc.__traceback__ = None
    forget_crawled(paths, [uri for uri in handed_over if uri in not_loaded])
    with connect(paths.warehouse) as con:
        finish_run(con, summary.run_id, **run_fields(summary))
        run_row = recent_runs(con, run_id=summary.run_id)
    lake.publish(paths.lake, summary.run_id, {"pipeline_runs": arrow_table("pipeline_runs", run_row)})
    return summary


def run_stages(
    summary: RunSummary,
    paths: DataPaths,
    sources: list[str],
    crawl_options: dict,
    known: dict[str, str],
    handed_over: list[str],
    workers: int = 1,
) -> set[str]:
    """Run every stage; returns the source URIs whose documents did not reach the warehouse."""
    run_id = summary.run_id
    ingested = ingest(sources, paths, crawl_options)
    handed_over += [d.source_uri for d in ingested.documents if d.source_uri.startswith(("http://", "https://"))]
    source_rejects = [reject_row(run_id, r.source_uri, r.stage, r.reason, r.raw_path) for r in ingested.rejects]
    rejects = source_rejects
    prepared = []
    for texts, failed in in_chunks(clean, ingested.documents, workers, run_id=run_id):
        prepared, rejects = prepared + texts, rejects + failed
    stage_done("clean", f"{len(prepared)} texts" + (f", {len(rejects) - len(source_rejects)} rejected" if len(rejects) > len(source_rejects) else ""))
    understood = []
    for docs, failed in in_chunks(understand_docs, prepared, workers, run_id=run_id):
        understood, rejects = understood + docs, rejects + failed
    candidates = near_known(understood, known)
    known_texts = {}
    if candidates:
        with connect(paths.warehouse) as con:
            known_texts = document_texts(con, candidates)
    understood, summary.n_duplicates = drop_duplicates(understood, known, known_texts)
    stage_done("understand", 
        f"{len(understood)} documents" + (f", {plural(summary.n_duplicates, 'duplicate')} kept once" if summary.n_duplicates else "")
    )
    batch = Batch()
    for part in in_chunks(extract, understood, workers, run_id=run_id):
        for name in ("documents", "sections", "metrics", "keywords", "doc_terms", "rejects"):
            getattr(batch, name).extend(getattr(part, name))
    stage_done("extract", f"{len(batch.metrics)} metrics from {len(batch.documents)} documents")
    batch.rejects = rejects + batch.rejects
    summary.n_skipped, summary.n_unchanged = len(ingested.skipped), len(ingested.unchanged)
    tables = write_parquet(batch, paths, run_id)
    result = validate(tables, paths, run_id)
    summary.validation_success = result.success
    summary.critical_failures, summary.warnings = result.critical_failures, result.warnings
    summary.data_docs_path = str(result.docs_index)
    summary.validation_json = result.to_json()
    if not result.success:
        summary.status = "failed"
        summary.message = "critical expectations failed, nothing loaded: " + "; ".join(result.critical_failures)
        summary.n_rejects = len(batch.rejects)
        with connect(paths.warehouse) as con:
            append_rejects(con, tables["rejects"])
        return {d.source_uri for d in ingested.documents}
    loaded = load(tables, result, paths, run_id)
    summary.status = "completed"
    summary.n_documents = loaded["documents"].num_rows
    summary.n_metrics = loaded["metrics"].num_rows
    summary.n_rejects = loaded["rejects"].num_rows
    return set(loaded["rejects"].column("source_uri").to_pylist())


def forget_crawled(paths: DataPaths, uris: list[str]) -> None:
    """Crawled pages that did not reach the warehouse are fetched in full again next time."""
    if uris:
        from flows.adapters.crawl_state import forget

        forget(paths.raw / "crawl_state.json", uris)


def run_fields(summary: RunSummary) -> dict:
    return {
        "status": summary.status,
        "n_documents": summary.n_documents,
        "n_metrics": summary.n_metrics,
        "n_rejects": summary.n_rejects,
        "validation_success": summary.validation_success,
        "data_docs_path": summary.data_docs_path,
        "message": summary.message,
        "validation_json": summary.validation_json,
    }


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def write_crash_log(paths: DataPaths, run_id: str) -> str:
    paths.logs.mkdir(parents=True, exist_ok=True)
    path = paths.logs / f"{run_id}.log"
    path.write_text(traceback.format_exc(), "utf-8")
    return str(path)
