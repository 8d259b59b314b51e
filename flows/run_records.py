"""A run's bookkeeping around its stages, without Prefect: repair what a killed run left, count what the
listing settled, record it, and record and publish the run at the end.

Prefect-free on purpose: ``flows.unchanged_run`` settles a re-run with nothing new in this process
without starting Prefect, through the same steps as the flow.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb

from flows.adapters.base import reason_kind
from flows.inputs import Listing, Plan, plan_inputs
from flows.paths import DataPaths
from flows.run_summary import RunSummary, plural, run_fields, stage_done
from warehouse import derived, lake
from warehouse.db import DEFAULT_BUSY_TIMEOUT, WarehouseError, connect, with_headroom
from warehouse.load import known_contents, known_inputs, load_batch, mark_unchanged
from warehouse.lock import HeldLock, LockTimeout, acquire_run_lock
from warehouse.runs import abort_dead_runs, finish_run, live_runs, start_run
from warehouse.tables import arrow_table

log = logging.getLogger("jiedao")


def run_lock(summary: RunSummary, paths: DataPaths, timeout: float) -> HeldLock | None:
    """The data dir's run lock; None, with ``summary`` saying ``locked``, when another run kept it past ``timeout``
    (nothing was read or written)."""
    try:
        return acquire_run_lock(paths.root, summary.run_id, timeout)
    except LockTimeout as exc:
        summary.status, summary.message = "locked", str(exc)
        return None


def recorded_run(summary: RunSummary, paths: DataPaths, flow_run_id: str | None, stages: Callable[[], None]) -> None:
    """Holding the lock: repair what a killed run left, record the run as started, run ``stages`` (which fill
    ``summary``), then record how it ended and publish the lake. A fault is recorded, logged to a file and
    summed up in one line; Ctrl-C or SIGTERM (Prefect's TerminationSignal, the command's Stopped) records the
    run ``aborted`` and goes on up."""
    try:
        recover(paths)
        with connect(paths.warehouse) as con:
            start_run(con, summary.run_id, flow_run_id, summary.n_sources)
    except WarehouseError as exc:  # e.g. held by a reader too long: nothing was read or written
        summary.status, summary.message = "failed", str(exc)
        return
    try:
        stages()
    except Exception as exc:
        summary.status = "failed"
        summary.message = f"{type(exc).__name__}: {exc} (details: {write_crash_log(paths, summary.run_id)})"
        # Prefect's task state keeps the exception: drop its frames, which hold closed DuckDB
        # connections that would otherwise be reported as leaks when the process exits
        exc.__traceback__ = None
    except BaseException:
        record_stopped(summary, paths)
        raise
    finish(summary, paths)


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


def count_listing(summary: RunSummary, listing: Listing, plan: Plan) -> None:
    """The fates settled before any transform: rejected, not a report, unchanged, a copy of loaded bytes."""
    summary.n_seen = (
        len(listing.inputs) + len(listing.rejects) + len(listing.not_reports) + len(listing.crawl_unchanged)
    )
    summary.n_not_report = len(listing.not_reports)
    summary.n_unchanged = len(listing.crawl_unchanged) + len(plan.unchanged)
    summary.n_same_report, summary.n_rejected = len(plan.copies), len(listing.rejects)
    summary.not_loaded += [r["source_uri"] for r in listing.rejects]
    summary.reject_reasons.update(reason_kind(r["reason"]) for r in listing.rejects)


def record_stopped(summary: RunSummary, paths: DataPaths) -> None:
    """A run stopped by Ctrl-C or SIGTERM: the chunks it loaded stay (each was one transaction), the run
    is recorded ``aborted`` now rather than by the next run, its staging goes. The lake is left behind
    the warehouse for the next run to publish: stopping should take a moment, not a rewrite."""
    summary.status = "aborted"
    summary.message = f"stopped by a signal after loading {plural(summary.n_loaded, 'input')}; the next run goes on"
    try:
        with connect(paths.warehouse, busy_timeout=5) as con:
            finish_run(con, summary.run_id, **run_fields(summary))
    except WarehouseError:
        pass  # the next run marks it aborted
    lake.remove_staging(paths.lake, [summary.run_id])


def finish(summary: RunSummary, paths: DataPaths) -> None:
    """Record the run, publish the lake from the warehouse, remove the run's staging."""
    with connect(paths.warehouse) as con:
        finish_run(con, summary.run_id, **run_fields(summary))
        refresh_stored_views(con, summary.run_id)
        if not lake.is_current(con, paths.lake):
            with_headroom(con, lambda: lake.publish_run(con, paths.lake, summary.run_id))
        elif summary.n_seen:  # nothing loaded: the document tables stand, the run's bookkeeping changed
            with_headroom(con, lambda: lake.publish(con, paths.lake, lake.RUN_TABLES))
    lake.remove_staging(paths.lake, [summary.run_id])
    forget_crawled(paths, [uri for uri in summary.not_loaded if uri.startswith(("http://", "https://"))])


def refresh_stored_views(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> None:
    """The reading room's copies of the heavy views (``run_id``: the run that loaded, whose organisations'
    rows are all that may need making again): an optimisation, so a failure is a warning."""
    problem = derived.refresh_or_explain(con, run_id)
    if problem:
        log.warning("%-10s the reading room's stored views were not refreshed: %s", "finish", problem)


def forget_crawled(paths: DataPaths, uris: list[str]) -> None:
    """Crawled pages that did not reach the warehouse are fetched in full again next time."""
    if uris:
        from flows.adapters.crawl_state import forget

        forget(paths.raw / "crawl_state.json", uris)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def write_crash_log(paths: DataPaths, run_id: str) -> str:
    paths.logs.mkdir(parents=True, exist_ok=True)
    path = paths.logs / f"{run_id}.log"
    path.write_text(traceback.format_exc(), "utf-8")
    return str(path)


def planned(
    listing: Listing, paths: DataPaths, run_id: str, force: bool, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Plan:
    """The plan of ``listing`` against what the warehouse has loaded."""
    with connect(paths.warehouse, busy_timeout=busy_timeout) as con:
        return plan_inputs(listing.inputs, known_inputs(con), known_contents(con), run_id, force)


def report_listing(listing: Listing) -> None:
    stage_done(
        "ingest",
        f"{plural(len(listing.inputs), 'input')}"
        + (f", {len(listing.not_reports)} pages not reports" if listing.not_reports else "")
        + (f", {len(listing.crawl_unchanged)} pages unchanged" if listing.crawl_unchanged else "")
        + (f", {len(listing.rejects)} rejected" if listing.rejects else ""),
    )


def report_plan(plan: Plan) -> None:
    if plan.unchanged or plan.copies:
        stage_done(
            "plan",
            f"{len(plan.todo)} to process, {len(plan.unchanged)} unchanged since loaded"
            + (f", {len(plan.copies)} copies of loaded inputs" if plan.copies else ""),
        )


def record_settled(paths: DataPaths, run_id: str, listing: Listing, plan: Plan) -> None:
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
