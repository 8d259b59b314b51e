"""The jiedao flow: list inputs -> transform chunks (workers) -> settle, validate, load each chunk -> publish the lake.

Memory is bounded by a chunk, not by the corpus: the flow keeps paths, hashes and counts; a worker
reads a chunk's inputs, takes them through every transform and stages the rows as Parquet; the main
process settles each chunk's documents against everything loaded before (same text, republished,
look-alikes), validates it with Great Expectations and loads it into DuckDB in one transaction. A
chunk that fails a critical expectation is not loaded and its inputs become rejects; the others go
on. Inputs whose bytes were loaded before are skipped before decoding.
"""

from __future__ import annotations

import logging
import os
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.adapters.base import reason_kind
from flows.chunks import ChunkOutcome, ChunkSpec, InputRef, reject_row, transform_chunk
from flows.inputs import Listing, Plan, chunked, list_inputs, plan_inputs
from flows.paths import DataPaths
from flows.progress import stage_progress
from flows.settle import RunIdentity, settle_chunk
from warehouse import derived, failpoints, lake
from warehouse.db import WarehouseError, connect
from warehouse.load import cross_org_copies, identity_rows, known_contents, known_inputs, load_batch, mark_unchanged
from warehouse.lock import LockTimeout, acquire_run_lock
from warehouse.runs import abort_dead_runs, finish_run, live_runs, start_run
from warehouse.tables import arrow_table, frame_to_arrow

log = logging.getLogger("jiedao")

DEFAULT_CHUNK_SIZE = 200
DEFAULT_MAX_DOC_CHARS = 5_000_000  # a work report is a few thousand characters; 5M is a book, not a report
VALIDATED_TABLES = ("documents", "sections", "metrics", "keywords")


@dataclass
class RunSummary:
    """What the CLI prints and `pipeline_runs` records. ``n_seen`` = the sum of the fates after it."""

    run_id: str
    status: str = "running"  # completed | failed | locked (another run holds the data dir)
    n_sources: int = 0
    n_seen: int = 0
    n_documents: int = 0  # documents loaded by this run
    n_loaded: int = 0  # inputs that gave them (a compilation page gives one document per report)
    n_same_report: int = 0  # inputs that joined a document (same text, or republished)
    n_rejected: int = 0  # inputs rejected (read, decode, clean, validation of their chunk)
    n_not_report: int = 0  # crawled pages that are not reports
    n_unchanged: int = 0  # inputs whose bytes were loaded before
    n_metrics: int = 0
    n_rejects: int = 0  # rows added to `rejects` (rejected inputs and quarantined metric rows)
    n_near_duplicates: int = 0
    n_chunks_failed: int = 0
    not_loaded: list[str] = field(default_factory=list)  # source_uris rejected by this run
    reject_reasons: Counter = field(default_factory=Counter)  # reason kind -> inputs rejected for it
    n_replaced_bytes: int = 0  # documents loaded with a few undecodable bytes replaced
    validation_success: bool | None = None
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str | None = None
    data_docs_path: str | None = None
    validation_json: str | None = None  # per-suite results, for `jiedao quality`

    def accounted(self) -> int:
        return self.n_loaded + self.n_same_report + self.n_rejected + self.n_not_report + self.n_unchanged


def stage_done(stage: str, note: str) -> None:
    """The one line a stage prints when it has finished."""
    log.info("%-10s %s", stage, note)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@flow(name="jiedao-run", log_prints=False)
def jiedao_run(
    sources: list[str],
    data_dir: str = "data",
    allow_domains: list[str] | None = None,
    max_pages: int = 200,
    delay: float = 1.0,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    force: bool = False,
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS,
    dask_address: str | None = None,
    lock_timeout: float = 60.0,
) -> RunSummary:
    """Take reports from files, folders and portal URLs through every stage into the warehouse.

    ``workers``/``dask_address``: chunks are transformed concurrently by the flow's task runner (a
    process pool, or a Dask cluster: see ``flow_for``) when there is more than one chunk.
    """
    from prefect.runtime import flow_run

    paths = DataPaths(Path(data_dir))
    summary = RunSummary(run_id=new_run_id(), n_sources=len(sources))
    try:
        held = acquire_run_lock(paths.root, summary.run_id, lock_timeout)
    except LockTimeout as exc:  # another run on this data dir: nothing was read or written
        summary.status, summary.message = "locked", str(exc)
        return summary
    try:
        run_locked(
            summary,
            paths,
            flow_run.id,
            sources,
            allow_domains,
            max_pages,
            delay,
            RunOptions(workers, chunk_size, force, max_doc_chars, bool(dask_address)),
        )
    finally:
        held.release()
    return summary


def run_locked(
    summary: RunSummary,
    paths: DataPaths,
    flow_run_id: str | None,
    sources: list[str],
    allow_domains: list[str] | None,
    max_pages: int,
    delay: float,
    options: RunOptions,
) -> None:
    """The run, holding the data dir's lock."""
    try:
        recover(paths)
        with connect(paths.warehouse) as con:
            start_run(con, summary.run_id, flow_run_id, len(sources))
    except WarehouseError as exc:  # e.g. held by a reader too long: nothing was read or written
        summary.status, summary.message = "failed", str(exc)
        return
    crawl_options = {"allow_domains": tuple(allow_domains or ()), "max_pages": max_pages, "delay": delay}
    try:
        run_stages(summary, paths, sources, crawl_options, options)
    except Exception as exc:  # an unexpected fault: recorded, logged to a file, one line for the user
        summary.status = "failed"
        summary.message = f"{type(exc).__name__}: {exc} (details: {write_crash_log(paths, summary.run_id)})"
        # Prefect's task state keeps the exception: drop its frames, which hold closed DuckDB
        # connections that would otherwise be reported as leaks when the process exits
        exc.__traceback__ = None
    finish(summary, paths)


@dataclass(frozen=True)
class RunOptions:
    workers: int
    chunk_size: int
    force: bool
    max_doc_chars: int
    on_cluster: bool = False

    @property
    def concurrent(self) -> bool:
        return self.on_cluster or self.workers > 1


def recover(paths: DataPaths) -> None:
    """Repair what a killed run left: runs still `running`, their staging, a lake behind the warehouse."""
    with connect(paths.warehouse) as con:
        aborted = abort_dead_runs(con)
        if aborted:
            log.info("%-10s %s marked aborted: %s", "recover", plural(len(aborted), "earlier run"), ", ".join(aborted))
        live = live_runs(con)
        lake.remove_staging(paths.lake, [run for run in lake.staged_runs(paths.lake) if run not in live])
        if lake.loads_count(con) and not lake.is_current(con, paths.lake):
            lake.publish(con, paths.lake)
            log.info("%-10s the lake was behind the warehouse: published again", "recover")


def run_stages(
    summary: RunSummary, paths: DataPaths, sources: list[str], crawl_options: dict, options: RunOptions
) -> None:
    """Every stage, chunk by chunk; fills ``summary``."""
    listing = ingest(sources, paths, summary.run_id, crawl_options)
    failpoints.reached("after-ingest")
    plan = plan_run(quote(listing), paths, summary.run_id, options.force)
    summary.n_seen = (
        len(listing.inputs) + len(listing.rejects) + len(listing.not_reports) + len(listing.crawl_unchanged)
    )
    summary.n_not_report, summary.n_unchanged = (
        len(listing.not_reports),
        len(listing.crawl_unchanged) + len(plan.unchanged),
    )
    summary.n_same_report, summary.n_rejected = len(plan.copies), len(listing.rejects)
    record_listing(paths, summary.run_id, quote(listing), quote(plan))
    summary.not_loaded += [r["source_uri"] for r in listing.rejects]
    summary.reject_reasons.update(reason_kind(r["reason"]) for r in listing.rejects)
    specs = chunk_specs(plan.todo, paths, summary.run_id, options)
    from expectations.validate import RunValidation

    validation = RunValidation(paths.quality, summary.run_id)
    known = None
    with stage_progress("transform", len(plan.todo)) as progress:
        for outcome in transformed(specs, options.concurrent):
            if known is None:  # after the first chunk: the pool's start-up overlaps with reading the warehouse
                known = load_identities(paths, options.force)
            progress.note(settle_load(outcome, len(specs), known, validation, paths, summary))
            progress.advance(outcome.n_inputs)
        progress.summary = (
            f"{plural(summary.n_documents, 'document')}, {summary.n_metrics} metrics from "
            f"{plural(len(plan.todo), 'input')} in {plural(len(specs), 'chunk')} ({progress.elapsed():.1f} s)"
        )
    if summary.n_near_duplicates:
        warn_cross_org_copies(paths, summary.run_id, validation)
    if summary.n_replaced_bytes:
        validation.warnings.append(
            f"documents: {plural(summary.n_replaced_bytes, 'report')} loaded with a few undecodable bytes replaced "
            "(cleaning_flags replaced_bytes:N)"
        )
    summary.validation_success = validation.success
    summary.critical_failures, summary.warnings = validation.critical, validation.warnings
    summary.validation_json = validation.to_json() if validation.success is not None else None
    docs_index = validation.finish()
    summary.data_docs_path = str(docs_index) if docs_index else None
    summary.status = "failed" if summary.n_chunks_failed else "completed"
    if summary.n_chunks_failed:
        summary.message = (
            f"{plural(summary.n_chunks_failed, 'chunk')} failed critical expectations and {'was' if summary.n_chunks_failed == 1 else 'were'} "
            "not loaded: " + "; ".join(summary.critical_failures)
        )


@task(name="ingest", cache_policy=NO_CACHE)
def ingest(sources: list[str], paths: DataPaths, run_id: str, crawl_options: dict) -> Listing:
    """List local files and crawl URLs: paths and hashes of every input, never their bytes."""
    listing = list_inputs(sources, paths, run_id, crawl_options, progress=lambda line: log.info("  %s", line))
    stage_done(
        "ingest",
        f"{plural(len(listing.inputs), 'input')}"
        + (f", {len(listing.not_reports)} pages not reports" if listing.not_reports else "")
        + (f", {len(listing.crawl_unchanged)} pages unchanged" if listing.crawl_unchanged else "")
        + (f", {len(listing.rejects)} rejected" if listing.rejects else ""),
    )
    return listing


@task(name="plan", cache_policy=NO_CACHE)
def plan_run(listing: Listing, paths: DataPaths, run_id: str, force: bool) -> Plan:
    """Which inputs need processing: not those whose bytes were loaded before (unless ``force``)."""
    with connect(paths.warehouse) as con:
        plan = plan_inputs(listing.inputs, known_inputs(con), known_contents(con), run_id, force)
    if plan.unchanged or plan.copies:
        stage_done(
            "plan",
            f"{len(plan.todo)} to process, {len(plan.unchanged)} unchanged since loaded"
            + (f", {len(plan.copies)} copies of loaded inputs" if plan.copies else ""),
        )
    return plan


@task(name="record-inputs", cache_policy=NO_CACHE)
def record_listing(paths: DataPaths, run_id: str, listing: Listing, plan: Plan) -> None:
    """Rows for the inputs settled before any transform: rejects, unchanged inputs, known bytes from a new place."""
    with connect(paths.warehouse) as con:
        seen_at = datetime.now(UTC)
        not_reports = [
            {
                "run_id": run_id,
                "source_uri": uri,
                "reason": "not a report (listing, notice or news page)",
                "seen_at": seen_at,
            }
            for uri in listing.not_reports
        ]
        load_batch(
            con,
            {
                "rejects": arrow_table("rejects", listing.rejects),
                "not_reports": arrow_table("not_reports", not_reports),
                "document_sources": arrow_table("document_sources", plan.copies),
            },
        )
        mark_unchanged(con, plan.unchanged + listing.crawl_unchanged, run_id)


def chunk_specs(todo: list[InputRef], paths: DataPaths, run_id: str, options: RunOptions) -> list[ChunkSpec]:
    staging = lake.staging_dir(paths.lake, run_id)
    return [
        ChunkSpec(run_id, number, inputs, str(paths.raw), str(staging / f"chunk-{number:05d}"), options.max_doc_chars)
        for number, inputs in enumerate(chunked(todo, options.chunk_size), 1)
    ]


def transformed(specs: list[ChunkSpec], concurrent: bool):  # an iterator of ChunkOutcome
    """Each chunk transformed, in order: here when there is one chunk or one worker, else by the task runner."""
    if len(specs) <= 1 or not concurrent:
        for spec in specs:
            yield transform_chunk(spec)
        return
    futures = [transform_chunk.submit(spec) for spec in specs]
    for future in futures:
        yield future.result()


def warn_cross_org_copies(paths: DataPaths, run_id: str, validation) -> None:  # RunValidation
    """Reports copied from one organisation to another are a finding: a warning in the quality report."""
    with connect(paths.warehouse) as con:
        pairs = cross_org_copies(con, run_id)
    if pairs:
        a, b, similarity = pairs[0]
        validation.warnings.append(
            f"near_duplicates: {plural(len(pairs), 'report pair')} of different organisations read alike "
            f"(e.g. {a} ~ {b}, similarity {similarity:.2f}): see the near_duplicates table"
        )


def load_identities(paths: DataPaths, force: bool) -> RunIdentity:
    with connect(paths.warehouse) as con:
        return RunIdentity.from_rows(identity_rows(con), force)


def settle_load(
    outcome: ChunkOutcome, n_chunks: int, known: RunIdentity, validation, paths: DataPaths, summary: RunSummary
) -> str:
    """Settle, validate and load one transformed chunk; count every input's fate; returns a line about it."""
    staged = lake.read_staging(Path(outcome.staging))
    settled = settle_chunk(staged, known, summary.run_id)
    frames = {name: settled.tables[name].to_pandas() for name in VALIDATED_TABLES}
    failpoints.reached("validate")
    result = validation.validate(frames)
    transform_rejects = staged["rejects"]
    label = f"chunk {outcome.number}/{n_chunks}"
    if not result.success:
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
    tables = {name: frame_to_arrow(name, result.frames[name]) for name in VALIDATED_TABLES}
    quarantined = [
        reject_row(summary.run_id, r["source_uri"], r.get("stage", "validate"), r["reason"], r.get("raw_path"))
        for r in result.rejects
    ]
    tables |= {
        "doc_terms": settled.tables["doc_terms"],
        "document_signatures": settled.tables["document_signatures"],
        "document_sources": settled.tables["document_sources"],
        "near_duplicates": settled.tables["near_duplicates"],
        "rejects": arrow_table("rejects", transform_rejects.to_pylist() + quarantined),
        "loads": arrow_table(
            "loads",
            [
                {
                    "run_id": summary.run_id,
                    "chunk": outcome.number,
                    "n_documents": settled.n_documents,
                    "loaded_at": datetime.now(UTC),
                }
            ],
        ),
    }
    with connect(paths.warehouse) as con:
        load_batch(con, tables)
    failpoints.reached("after-commit")
    known.loaded.update(tables["documents"].column("doc_id").to_pylist())
    summary.n_documents += settled.n_documents
    summary.n_loaded += settled.n_inputs_loaded
    summary.n_same_report += settled.n_same_report
    summary.n_rejected += transform_rejects.num_rows
    summary.n_rejects += transform_rejects.num_rows + len(quarantined)
    summary.not_loaded += transform_rejects.column("source_uri").to_pylist()
    summary.reject_reasons.update(reason_kind(r) for r in transform_rejects.column("reason").to_pylist())
    flags = tables["documents"].column("cleaning_flags").to_pylist()
    summary.n_replaced_bytes += sum(1 for f in flags if f and "replaced_bytes:" in f)
    summary.n_metrics += tables["metrics"].num_rows
    summary.n_near_duplicates += settled.tables["near_duplicates"].num_rows
    return (
        f"{label:<10} "
        f"{plural(settled.n_documents, 'document')}, {tables['metrics'].num_rows} metrics"
        + (f", {settled.n_same_report} same report" if settled.n_same_report else "")
        + (f", {transform_rejects.num_rows} rejected" if transform_rejects.num_rows else "")
        + (f", {len(quarantined)} metric rows quarantined" if quarantined else "")
        + f" ({outcome.seconds:.1f} s)"
    )


def finish(summary: RunSummary, paths: DataPaths) -> None:
    """Record the run, publish the lake from the warehouse, remove the run's staging."""
    with connect(paths.warehouse) as con:
        finish_run(con, summary.run_id, **run_fields(summary))
        derived.refresh(con)  # the reading room's copies of the heavy views (warehouse/derived.py)
        if not lake.is_current(con, paths.lake) or summary.n_seen:
            lake.publish(con, paths.lake)
    lake.remove_staging(paths.lake, [summary.run_id])
    forget_crawled(paths, [uri for uri in summary.not_loaded if uri.startswith(("http://", "https://"))])


def forget_crawled(paths: DataPaths, uris: list[str]) -> None:
    """Crawled pages that did not reach the warehouse are fetched in full again next time."""
    if uris:
        from flows.adapters.crawl_state import forget

        forget(paths.raw / "crawl_state.json", uris)


def run_fields(summary: RunSummary) -> dict:
    return {
        "status": summary.status,
        "n_seen": summary.n_seen,
        "n_documents": summary.n_documents,
        "n_same_report": summary.n_same_report,
        "n_not_report": summary.n_not_report,
        "n_unchanged": summary.n_unchanged,
        "n_metrics": summary.n_metrics,
        "n_rejects": summary.n_rejects,
        "validation_success": summary.validation_success,
        "data_docs_path": summary.data_docs_path,
        "message": summary.message,
        "validation_json": summary.validation_json,
    }


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def write_crash_log(paths: DataPaths, run_id: str) -> str:
    paths.logs.mkdir(parents=True, exist_ok=True)
    path = paths.logs / f"{run_id}.log"
    path.write_text(traceback.format_exc(), "utf-8")
    return str(path)


def warm_worker() -> None:
    """Run once in each worker process: die with the run, load jieba's dictionaries before the first chunk."""
    from flows.lifetime import die_with_parent
    from transforms.nlp import warm

    die_with_parent()
    warm()


def flow_for(workers: int, dask_address: str | None = None):  # a Prefect flow
    """``jiedao_run`` with the task runner for its chunks: a Dask cluster, a process pool, or none."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return jiedao_run.with_options(task_runner=DaskTaskRunner(address=dask_address))
    if workers > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        return jiedao_run.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers, initializer=warm_worker))
    return jiedao_run


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
