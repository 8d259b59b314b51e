"""The `jiedao` command: run the pipeline, query the warehouse, read data quality, schedule runs."""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import unicodedata
from pathlib import Path

from flows.settings import PROJECT_ROOT, configure_prefect

SAMPLES_DIR = PROJECT_ROOT / "samples"


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit 2."""


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.command(args)
    except UsageError as exc:
        print(f"jiedao: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jiedao: interrupted", file=sys.stderr)
        return 130


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="jiedao", description="Sub-district work reports -> analyzable tables.")
    sub = top.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="take reports through every stage into the warehouse")
    add_run_options(run)
    run.set_defaults(command=cmd_run)

    sql = sub.add_parser("sql", help="run a SQL query on the warehouse")
    sql.add_argument("query")
    add_data_dir(sql)
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sql.set_defaults(command=cmd_sql)

    quality = sub.add_parser("quality", help="print the last run's data-quality results")
    add_data_dir(quality)
    quality.add_argument("--history", action="store_true", help="one line per run, newest first")
    quality.set_defaults(command=cmd_quality)

    schedule = sub.add_parser("schedule", help="serve the flow on a cron schedule (needs a Prefect server)")
    add_run_options(schedule)
    schedule.add_argument("--cron", required=True, help='e.g. "0 6 * * 1" for Mondays 06:00')
    schedule.set_defaults(command=cmd_schedule)
    return top


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="file, folder (recursive) or http(s) URL; default: bundled samples")
    add_data_dir(p)
    p.add_argument("--allow-domain", action="append", default=[], metavar="HOST", help="crawl this host too (repeatable)")
    p.add_argument("--max-pages", type=int, default=200, metavar="N", help="at most N pages per crawl (default 200)")
    p.add_argument("--delay", type=float, default=1.0, metavar="S", help="seconds between requests to one host (default 1)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="transform chunks in N worker processes (default: the number of cores; a run of one "
                        "chunk stays in this process)")
    p.add_argument("--chunk-size", type=int, default=200, metavar="N",
                   help="inputs per chunk: each chunk is transformed, validated and loaded before memory is "
                        "reused (default 200)")
    p.add_argument("--force", action="store_true",
                   help="process every input again, also those whose bytes were loaded before")
    p.add_argument("--max-doc-chars", type=int, default=5_000_000, metavar="N",
                   help="reject a document with more than N characters of text (default 5,000,000)")
    p.add_argument("--dask-address", metavar="tcp://HOST:8786",
                   help="transform chunks on this Dask cluster (inputs and data dir on storage every worker sees)")


def add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=Path("data"), metavar="DIR", help="outputs go here (default ./data)")


def writable_data_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to data dir {path}: {exc.strerror or exc}") from None
    return path.resolve()


def resolved_sources(sources: list[str]) -> list[str]:
    """Paths made absolute (and checked), URLs as given; the bundled samples when none is given."""
    if not sources:
        return [str(SAMPLES_DIR)]
    resolved = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            resolved.append(source)
        elif "://" in source:
            raise UsageError(f"unsupported source {source!r}: only files, folders, http:// and https:// URLs")
        elif not Path(source).exists():
            raise UsageError(f"no such file or folder: {source}")
        else:
            resolved.append(str(Path(source).resolve()))
    return resolved


def run_parameters(args: argparse.Namespace, data_dir: Path) -> dict:
    """The flow's parameters from the options of `run` and `schedule`."""
    from flows.pipeline import default_workers

    workers = default_workers() if args.workers is None else args.workers
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    return {
        "sources": resolved_sources(args.sources),
        "data_dir": str(data_dir),
        "allow_domains": args.allow_domain,
        "max_pages": args.max_pages,
        "delay": args.delay,
        "workers": workers,
        "chunk_size": args.chunk_size,
        "force": args.force,
        "max_doc_chars": args.max_doc_chars,
        "dask_address": args.dask_address,
    }


def cmd_run(args: argparse.Namespace) -> int:
    resolved_sources(args.sources)
    data_dir = writable_data_dir(args.data_dir)
    configure_prefect()
    from flows.prefect_server import start_early

    server_ready = start_early()  # boots while the pipeline's modules are imported
    from flows.pipeline import flow_for
    from warehouse.db import WarehouseError, connect

    parameters = run_parameters(args, data_dir)
    try:
        with connect(data_dir / "warehouse.duckdb"):
            pass  # fail early, before Prefect starts, when the warehouse is locked or unreadable
    except WarehouseError as exc:
        raise UsageError(str(exc)) from None
    run_flow = flow_for(parameters["workers"], args.dask_address)
    server_ready()
    summary = run_flow(**parameters)
    print(render_summary(summary, data_dir))
    if summary.status != "completed":
        print(f"jiedao: run failed: {summary.message}", file=sys.stderr)
        return 1
    return 0


def render_summary(summary, data_dir: Path) -> str:  # noqa: ANN001 - flows.pipeline.RunSummary
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
        f"  documents  {summary.n_documents}{near}",
        f"  metrics    {summary.n_metrics}",
        f"  rejects    {summary.n_rejects}" + (rejects_hint if summary.n_rejects else ""),
        f"  validation {validation}",
        f"  warehouse  {data_dir / 'warehouse.duckdb'}",
        f"  lake       {data_dir / 'lake'}",
        f"  quality    {summary.data_docs_path or data_dir / 'quality' / 'index.html'}",
    ]
    return "\n".join(lines)


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.db import WarehouseError, connect

    try:
        with connect(args.data_dir / "warehouse.duckdb", read_only=True) as con:
            cursor = con.execute(args.query)
            columns = [c[0] for c in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
    except WarehouseError as exc:
        raise UsageError(str(exc)) from None
    except duckdb.Error as exc:
        raise UsageError(f"query failed: {str(exc).splitlines()[0]}") from None
    print(format_rows(columns, rows, args.format))
    return 0


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Query results as an aligned text table (CJK-aware), CSV or JSON."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
        return out.getvalue().rstrip("\n")
    cells = [columns] + [[cell_text(v) for v in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(pad(v, w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def cell_text(value: object, limit: int = 60) -> str:
    text = "NULL" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def cmd_quality(args: argparse.Namespace) -> int:
    from expectations.report import render_quality
    from warehouse.db import WarehouseError, connect
    from warehouse.runs import recent_runs

    try:
        with connect(args.data_dir / "warehouse.duckdb", read_only=True) as con:
            runs = recent_runs(con, limit=50)
    except WarehouseError as exc:
        raise UsageError(str(exc)) from None
    if not runs:
        raise UsageError("no runs recorded yet: run `jiedao run` first")
    print(render_quality(runs, history=args.history))
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    configure_prefect()
    if not os.environ.get("PREFECT_API_URL"):
        raise UsageError(
            "scheduling needs a persistent Prefect server: start `prefect server start` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api, then run this again"
        )
    from flows.pipeline import flow_for

    data_dir = writable_data_dir(args.data_dir)
    parameters = run_parameters(args, data_dir)
    flow_for(parameters["workers"], args.dask_address).serve(name="jiedao-scheduled", cron=args.cron, parameters=parameters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
