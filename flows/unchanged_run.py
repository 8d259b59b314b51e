"""``jiedao run`` on inputs that were all loaded before: settled in this process, without starting Prefect.

A nightly re-run of a corpus in which nothing changed transforms nothing, so it needs none of what a
run with work starts: Prefect's temporary server (~5 s to boot on two cores), a flow run, the chunk
workers' fork server and its imports (~7 s of CPU; ``jiedao run`` starts it only when this finds work). Listing and hashing the inputs takes ~0.1 ms each; when every one is
unchanged since loaded (or a copy of loaded bytes, or rejected while listed), the run is recorded
here through the flow's own steps (``flows.run_records``): the same ``pipeline_runs`` row, fates and
lake, and no flow run id, since there was no flow run.

Taken only when nothing is lost by it: local inputs (a crawl learns what changed by fetching), no
``--force``, a warehouse to compare with, and no Prefect API of the user's (``PREFECT_API_URL``: there
every run should show in its UI, and the server costs nothing to start). Otherwise, or as soon as one
input needs processing, the command goes on to the flow, which plans again under its own lock (with this
listing: ``flows.prelisted``).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows import prelisted
from flows.inputs import Listing, Plan, list_inputs
from flows.paths import DataPaths
from flows.run_records import (
    count_listing,
    new_run_id,
    planned,
    record_settled,
    recorded_run,
    report_listing,
    report_plan,
    run_lock,
)
from flows.run_summary import RunSummary


def applies(sources: list[str], data_dir: Path, force: bool) -> bool:
    """Whether a run of ``sources`` may be settled here (see the module docstring)."""
    return (
        not force
        and not os.environ.get("PREFECT_API_URL")
        and (data_dir / "warehouse.duckdb").is_file()
        and not any(source.startswith(("http://", "https://")) for source in sources)
    )


def settled_unchanged(sources: list[str], data_dir: Path, lock_timeout: float) -> RunSummary | None:
    """The run's summary when it had nothing to process; None when it has (the flow's turn)."""
    paths = DataPaths(data_dir)
    summary = RunSummary(run_id=new_run_id(), n_sources=len(sources))
    held = run_lock(summary, paths, lock_timeout)
    if held is None:
        return summary
    try:
        try:
            listing = list_inputs(sources, paths, summary.run_id, {}, progress=lambda line: None)
            # a warehouse busy with a reader's query: left to the flow's path, which waits for it
            plan = planned(listing, paths, summary.run_id, force=False, busy_timeout=0)
        except Exception:  # the flow's path reports any fault in one line
            return None
        if plan.todo:
            prelisted.keep(sources, data_dir, listing)  # the flow takes it instead of listing again
            return None
        with progress_lines():
            recorded_run(summary, paths, None, lambda: settle_listing(summary, paths, listing, plan))
    finally:
        held.release()
    return summary


def settle_listing(summary: RunSummary, paths: DataPaths, listing: Listing, plan: Plan) -> None:
    """The flow's steps for a run without transforms: report and record what the listing settled."""
    report_listing(listing)
    report_plan(plan)
    count_listing(summary, listing, plan)
    record_settled(paths, summary.run_id, listing, plan)
    summary.status = "completed"


@contextmanager
def progress_lines() -> Iterator[None]:
    """The stage lines on stderr, as Prefect's logging configuration prints them in a flow."""
    logger = logging.getLogger("jiedao")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.level, logger.propagate = saved
