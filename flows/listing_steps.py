"""The steps before any transform: list the inputs, plan what to process, record what was settled already."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.inputs import Listing, Plan, list_inputs, plan_inputs
from flows.paths import DataPaths
from flows.run_summary import plural, stage_done
from warehouse.db import connect
from warehouse.load import known_contents, known_inputs, load_batch, mark_unchanged
from warehouse.tables import arrow_table

log = logging.getLogger("jiedao")


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
