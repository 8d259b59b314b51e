"""The jiedao flow: list inputs -> transform and validate chunks (workers) -> settle and load each chunk -> publish the lake.

Memory is bounded by a chunk, not by the corpus: the flow keeps paths, hashes and counts; a worker
reads a chunk's inputs, takes them through every transform, validates them with Great Expectations
and stages the rows as Parquet (``flows.chunks``); the main process settles each chunk's documents
against everything loaded before (same text, republished, look-alikes) and loads it into DuckDB in
one transaction (``flows.chunk_load``). A chunk that fails a critical expectation is not loaded and
its inputs become rejects; the others go on. Inputs whose bytes were loaded before are skipped
before decoding (``flows.listing_steps``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import fork_server
from flows.chunk_spec import ChunkOutcome, ChunkSpec, InputRef
from flows.inputs import auto_chunk_size, chunked
from flows.listing_steps import ingest, plan_run, record_listing
from flows.memory import release_freed_memory, resume_collector
from flows.paths import DataPaths
from flows.prefect_typing import any_task_runner, unexamined
from flows.progress import stage_progress
from flows.run_records import count_listing, new_run_id, recorded_run, run_lock
from flows.run_summary import RunSummary, plural
from flows.worker_pool import fork_each_chunk_afresh, release_workers
from warehouse import failpoints, lake

if TYPE_CHECKING:
    from prefect.futures import PrefectFuture

    from expectations.docs import StoredResult
    from expectations.validate import RunValidation

log = logging.getLogger("jiedao")

# Chunks at least this large are each given a freshly forked worker (flows/worker_pool.py): ~0.4 s of
# CPU a chunk, ~3% of a 500-input chunk's, for 80-210 MB less at the tree's peak (2,000 reports: chunks
# of 250 and 500; 130 MB at 20,000); with 100-input chunks it cost 10% more CPU (bench/RESULTS.md).
FRESH_WORKER_MIN_CHUNK = 250
DEFAULT_MAX_DOC_CHARS = 5_000_000  # a work report is a few thousand characters; 5M is a book, not a report


@flow(name="jiedao-run", log_prints=False)
def jiedao_run(
    sources: list[str],
    data_dir: str = "data",
    allow_domains: list[str] | None = None,
    max_pages: int = 200,
    delay: float = 1.0,
    workers: int = 1,
    chunk_size: int | None = None,
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
    held = run_lock(summary, paths, lock_timeout)
    if held is None:
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
    crawl_options = {"allow_domains": tuple(allow_domains or ()), "max_pages": max_pages, "delay": delay}
    recorded_run(summary, paths, flow_run_id, lambda: run_stages(summary, paths, sources, crawl_options, options))


@dataclass(frozen=True)
class RunOptions:
    workers: int
    chunk_size: int | None  # None: auto_chunk_size
    force: bool
    max_doc_chars: int
    on_cluster: bool = False

    @property
    def concurrent(self) -> bool:
        return self.on_cluster or self.workers > 1


def run_stages(
    summary: RunSummary, paths: DataPaths, sources: list[str], crawl_options: dict, options: RunOptions
) -> None:
    """Every stage, chunk by chunk; fills ``summary``."""
    resume_collector()  # paused by `jiedao run` while Prefect started: from here objects come and go
    listing = ingest(sources, paths, summary.run_id, crawl_options)
    failpoints.reached("after-ingest")
    plan = plan_run(unexamined(listing), paths, summary.run_id, options.force)
    count_listing(summary, listing, plan)
    record_listing(paths, summary.run_id, unexamined(listing), unexamined(plan))
    specs = chunk_specs(plan.todo, paths, summary.run_id, options)
    if not specs:  # nothing new: no transform, no validation (and none of their imports: seconds)
        fork_server.stop()  # its imports would only take CPU from this process
        summary.status = "completed"
        return
    if len(specs[0].inputs) >= FRESH_WORKER_MIN_CHUNK:
        fork_each_chunk_afresh()
    from expectations.validate import RunValidation
    from flows.chunk_load import load_identities, settle_load

    validation = RunValidation(paths.quality, summary.run_id)
    known, pages = None, None
    with stage_progress("transform", len(plan.todo)) as progress:
        for outcome in transformed(specs, options.concurrent):
            if known is None:  # after the first chunk: the pool's start-up overlaps with reading the warehouse
                known = load_identities(paths, options.force)
            if options.concurrent and outcome.number == len(specs):  # all validated: pages built as it loads
                pages = quality_pages.submit(
                    str(paths.quality), summary.run_id, validation.stored + outcome.verdict.stored
                )
            progress.note(settle_load(outcome, len(specs), known, validation, paths, summary))
            release_freed_memory()
            progress.advance(outcome.n_inputs)
        progress.summary = (
            f"{plural(summary.n_documents, 'document')}, {summary.n_metrics} metrics from "
            f"{plural(len(plan.todo), 'input')} in {plural(len(specs), 'chunk')} ({progress.elapsed():.1f} s)"
        )
    close_validation(summary, paths, validation, pages)
    release_workers()
    summary.status = "failed" if summary.n_chunks_failed else "completed"
    if summary.n_chunks_failed:
        summary.message = (
            f"{plural(summary.n_chunks_failed, 'chunk')} failed critical expectations and "
            f"{'was' if summary.n_chunks_failed == 1 else 'were'} not loaded: " + "; ".join(summary.critical_failures)
        )


def close_validation(
    summary: RunSummary, paths: DataPaths, validation: RunValidation, pages: PrefectFuture | None
) -> None:
    """The run's findings across chunks into the summary, and its Data Docs."""
    from flows.chunk_load import warn_cross_org_copies

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
    summary.data_docs_path = quality_docs(paths, summary.run_id, validation, pages)


def chunk_specs(todo: list[InputRef], paths: DataPaths, run_id: str, options: RunOptions) -> list[ChunkSpec]:
    staging = lake.staging_dir(paths.lake, run_id)
    size = options.chunk_size or auto_chunk_size(len(todo), options.workers)
    return [
        ChunkSpec(
            run_id,
            number,
            inputs,
            str(paths.raw),
            str(staging / f"chunk-{number:05d}"),
            options.max_doc_chars,
            str(paths.quality),
        )
        for number, inputs in enumerate(chunked(todo, size), 1)
    ]


def transformed(specs: list[ChunkSpec], concurrent: bool) -> Iterator[ChunkOutcome]:
    """Each chunk transformed, in order: here with one worker, else by the task runner (even a single chunk:
    the pool's workers are warm, and this process then never imports the transforms nor GX)."""
    if not concurrent:
        for spec in specs:
            yield transform_chunk(spec)
        return
    futures = [transform_chunk.submit(spec) for spec in specs]
    for future in futures:
        yield future.result()


@task(name="transform-chunk", cache_policy=NO_CACHE)
def transform_chunk(spec: ChunkSpec) -> ChunkOutcome:
    """Every input of the chunk read, transformed, validated and staged as Parquet (``flows.chunks``)."""
    from flows.chunks import staged_chunk  # the transforms and GX: imported where the task runs, not where it is sent

    return staged_chunk(spec)


def quality_docs(paths: DataPaths, run_id: str, validation: RunValidation, pages: PrefectFuture | None) -> str | None:
    """The run's Data Docs: their pages built by a worker while the last chunk loaded (``pages``: GX is
    imported there, not here) and the totals put on top here, or all built here."""
    from flows.chunk_validation import build_quality_docs, put_quality_totals

    if pages is None:
        return build_quality_docs(str(paths.quality), run_id, validation)
    return put_quality_totals(pages.result(), validation)


@task(name="quality-pages", cache_policy=NO_CACHE)
def quality_pages(quality_dir: str, run_id: str, stored: list[StoredResult]) -> str | None:
    from flows.chunk_validation import build_quality_pages

    return build_quality_pages(quality_dir, run_id, stored)


def warm_worker() -> None:
    """Run once in each worker process: die with the run, load jieba's dictionaries and IDF table before
    the first chunk (already loaded when the worker was forked from ``flows.worker_pool``'s warm fork server)."""
    from flows.lifetime import die_with_parent
    from transforms.document import warm

    die_with_parent()
    warm()


def flow_for(workers: int, dask_address: str | None = None):  # a Prefect flow
    """``jiedao_run`` with the task runner for its chunks: a Dask cluster, a process pool, or none."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return jiedao_run.with_options(task_runner=any_task_runner(DaskTaskRunner(address=dask_address)))
    if workers > 1:
        from flows.worker_pool import WarmPoolTaskRunner

        return jiedao_run.with_options(
            task_runner=any_task_runner(WarmPoolTaskRunner(max_workers=workers, initializer=warm_worker))
        )
    return jiedao_run
