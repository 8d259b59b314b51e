"""The steps before any transform: list the inputs, plan what to process, record what was settled already.

Each task wraps a plain function of ``flows.run_records``, which ``flows.unchanged_run`` calls without Prefect.
"""

from __future__ import annotations

import logging

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows import prelisted
from flows.inputs import Listing, Plan, list_inputs
from flows.paths import DataPaths
from flows.run_records import planned, record_settled, report_listing, report_plan

log = logging.getLogger("jiedao")


@task(name="ingest", cache_policy=NO_CACHE)
def ingest(sources: list[str], paths: DataPaths, run_id: str, crawl_options: dict) -> Listing:
    """List local files and crawl URLs: paths and hashes of every input, never their bytes."""
    listing = prelisted.take(sources, paths.root, run_id) or list_inputs(
        sources, paths, run_id, crawl_options, progress=lambda line: log.info("  %s", line)
    )
    report_listing(listing)
    return listing


@task(name="plan", cache_policy=NO_CACHE)
def plan_run(listing: Listing, paths: DataPaths, run_id: str, force: bool) -> Plan:
    """Which inputs need processing: not those whose bytes were loaded before (unless ``force``)."""
    plan = planned(listing, paths, run_id, force)
    report_plan(plan)
    return plan


@task(name="record-inputs", cache_policy=NO_CACHE)
def record_listing(paths: DataPaths, run_id: str, listing: Listing, plan: Plan) -> None:
    """Rows for the inputs settled before any transform: rejects, unchanged inputs, known bytes from a new place."""
    record_settled(paths, run_id, listing, plan)
