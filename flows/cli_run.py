"""`jiedao run`: settle a run with nothing new here, else start Prefect's server early and run the flow; print what the run did."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from flows import fork_server
from flows.cli_options import UsageError, resolved_sources, run_parameters, writable_data_dir
from flows.memory import pause_collector, resume_collector
from flows.run_summary import RunSummary
from flows.settings import configure_prefect

STOPPED = "the chunks loaded so far are kept; the next run publishes the lake and goes on with the rest"
EXIT_STOPPED, EXIT_INTERRUPTED = 143, 130  # 128 + SIGTERM, 128 + SIGINT: what a shell reports


class Stopped(BaseException):
    """SIGTERM reached ``jiedao run``. Prefect turns it into a TerminationSignal inside the flow (which
    stops the workers and records the run ``aborted``), then sends it again to the handler it found:
    this one, which ends the command with a sentence instead of dying by the signal."""


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped


def cmd_run(args: argparse.Namespace) -> int:
    sources = resolved_sources(args.sources)
    from flows.adapters.local_files import holds_no_file

    empty = [s for s in sources if "://" not in s and Path(s).is_dir() and holds_no_file(Path(s))]
    if empty:
        raise UsageError(f"nothing to read: folder {empty[0]} holds no files")
    data_dir = writable_data_dir(args.data_dir)
    parameters = run_parameters(args, data_dir)
    configure_prefect()
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        summary = settled_here(args, parameters, data_dir)
        if summary is None:
            pause_collector()  # while Prefect is imported and its flow starts (flows.pipeline.run_stages resumes it)
            if parameters["workers"] > 1 and not args.dask_address:
                fork_server.start_warming()  # the chunk workers' imports, on the other core, while this process starts
            summary = run_in_prefect(args, parameters, data_dir)
    except (Stopped, KeyboardInterrupt) as exc:
        print(
            f"jiedao: {'stopped by SIGTERM' if isinstance(exc, Stopped) else 'interrupted'}: {STOPPED}", file=sys.stderr
        )
        return EXIT_STOPPED if isinstance(exc, Stopped) else EXIT_INTERRUPTED
    finally:
        resume_collector()
        signal.signal(signal.SIGTERM, previous)
        fork_server.stop()
    if summary is None:
        return 1
    if summary.status == "locked":  # another run holds the data dir
        print(f"jiedao: {summary.message}", file=sys.stderr)
        return 1
    print(render_summary(summary, data_dir))
    if summary.status != "completed":
        print(f"jiedao: run failed: {summary.message}", file=sys.stderr)
        return 1
    return 0


def settled_here(args: argparse.Namespace, parameters: dict, data_dir: Path) -> RunSummary | None:
    """The run, when every input was loaded before: recorded without Prefect (``flows.unchanged_run``)."""
    from flows import unchanged_run

    if not unchanged_run.applies(parameters["sources"], data_dir, args.force):
        return None
    return unchanged_run.settled_unchanged(parameters["sources"], data_dir, args.lock_timeout)


def run_in_prefect(args: argparse.Namespace, parameters: dict, data_dir: Path) -> RunSummary | None:
    """The flow run, with Prefect's temporary server started early; None when that server could not start."""
    from flows.prefect_server import ServerError, ready, start_early

    server = start_early()  # boots while the pipeline's modules are imported
    from flows.pipeline import flow_for
    from warehouse.db import WarehouseError, connect

    try:
        with connect(data_dir / "warehouse.duckdb", busy_timeout=args.lock_timeout):
            pass  # fail early, before Prefect starts, when the warehouse stays locked or is unreadable
    except WarehouseError as exc:
        raise UsageError(str(exc)) from None
    run_flow = flow_for(parameters["workers"], args.dask_address)
    try:
        with ready(server):
            return run_flow(**parameters)
    except ServerError as exc:
        print(f"jiedao: {exc}; nothing was read (set PREFECT_API_URL to use a server of your own)", file=sys.stderr)
        return None


def render_summary(summary: RunSummary, data_dir: Path) -> str:
    validation = {True: "passed", False: "FAILED", None: "not run"}[summary.validation_success]
    if summary.warnings:
        validation += f" ({len(summary.warnings)} warning{'' if len(summary.warnings) == 1 else 's'})"
    fates = [
        f"{n} {label}"
        for n, label in [
            (summary.n_loaded, "loaded"),
            (summary.n_same_report, "same report"),
            (summary.n_rejected, "rejected"),
            (summary.n_not_report, "not reports"),
            (summary.n_unchanged, "unchanged"),
        ]
        if n
    ]
    near = f"  ({summary.n_near_duplicates} near-copies linked)" if summary.n_near_duplicates else ""
    rejects_hint = f"  (see: jiedao sql \"SELECT * FROM rejects WHERE run_id = '{summary.run_id}'\")"
    lines = [
        f"run {summary.run_id}: {summary.status}",
        f"  inputs     {summary.n_seen}" + (f" = {' + '.join(fates)}" if fates else ""),
        f"  documents  {summary.n_documents}{near}"
        + (f"  ({summary.n_replaced_bytes} with undecodable bytes replaced)" if summary.n_replaced_bytes else ""),
        f"  metrics    {summary.n_metrics}",
        f"  rejects    {summary.n_rejects}"
        + reject_reasons_note(summary)
        + (rejects_hint if summary.n_rejects else ""),
        f"  validation {validation}",
        f"  warehouse  {data_dir / 'warehouse.duckdb'}",
        f"  lake       {data_dir / 'lake'}",
        f"  quality    {summary.data_docs_path or data_dir / 'quality' / 'index.html'}",
    ]
    return "\n".join(lines)


def reject_reasons_note(summary: RunSummary) -> str:
    """``  (3 unsupported type .pdf, 1 symlink loop)`` from ``summary.reject_reasons`` (reason kind -> count), if any."""
    reasons = summary.reject_reasons
    top = sorted(reasons.items(), key=lambda item: -item[1])[:4]
    more = "" if len(reasons) <= 4 else ", …"
    return f"  ({', '.join(f'{n} {kind}' for kind, n in top)}{more})" if top else ""
