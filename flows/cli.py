"""The `jiedao` command: run the pipeline, query the warehouse, read data quality, schedule runs."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from flows.cli_options import (
    SAMPLES_DIR,
    UsageError,
    add_data_dir,
    add_run_options,
    resolved_sources,
    run_parameters,
    writable_data_dir,
)
from flows.cli_run import cmd_run
from flows.cli_table import TABLE_WIDTH, format_rows
from flows.memory import prefer_system_allocator
from flows.settings import configure_prefect

__all__ = ["SAMPLES_DIR", "main", "parser"]


EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cat` and friends return when `| head` stops reading


def main(argv: list[str] | None = None) -> int:
    prefer_system_allocator()  # before anything imports pyarrow: the run's processes give freed memory back
    args = parser().parse_args(argv)
    try:
        code = args.command(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except UsageError as exc:
        print(f"jiedao: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jiedao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `jiedao sql ... | head`: the reader has gone; stop quietly (and keep Python from
        # complaining when it flushes stdout at exit)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("jiedao")
    except PackageNotFoundError:
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="jiedao", description="Sub-district work reports -> analyzable tables.")
    top.add_argument(
        "--version", action="version", version=f"jiedao {version()}", help="print the installed version and exit"
    )
    sub = top.add_subparsers(required=True, metavar="COMMAND")
    add_run_commands(sub)
    add_query_commands(sub)
    add_browse_command(sub)
    return top


def add_run_commands(sub: argparse._SubParsersAction) -> None:
    """run, schedule, serve: the commands that take reports into the warehouse."""
    run = sub.add_parser("run", help="take reports through every stage into the warehouse")
    add_run_options(run)
    run.set_defaults(command=cmd_run)

    schedule = sub.add_parser("schedule", help="serve the flow on a cron schedule (needs a Prefect server)")
    add_run_options(schedule)
    schedule.add_argument("--cron", required=True, help='e.g. "0 6 * * 1" for Mondays 06:00')
    schedule.set_defaults(command=cmd_schedule)

    serve = sub.add_parser(
        "serve", help="run on a cron schedule, starting a local Prefect server if none is configured"
    )
    add_run_options(serve)
    serve.add_argument("--cron", required=True, help='e.g. "0 3 * * *" for every day at 03:00')
    serve.set_defaults(command=cmd_serve)


def add_query_commands(sub: argparse._SubParsersAction) -> None:
    """sql, quality, search, export: the commands that read the warehouse."""
    sql = sub.add_parser("sql", help="run a SQL query on the warehouse")
    sql.add_argument("query", help='one SQL statement, e.g. "SELECT count(*) FROM documents" (read-only)')
    add_data_dir(sql, reads=True)
    sql.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help=f"table: aligned columns fitting {TABLE_WIDTH} characters (default); "
        "csv or json: every value in full, for other tools",
    )
    sql.add_argument(
        "--wide", action="store_true", help="table format: show every cell in full instead of cutting wide ones with …"
    )
    sql.set_defaults(command=cmd_sql)

    quality = sub.add_parser("quality", help="print the last run's data-quality results")
    add_data_dir(quality, reads=True)
    quality.add_argument("--history", action="store_true", help="one line per run, newest first")
    quality.set_defaults(command=cmd_quality)

    search = sub.add_parser("search", help="find the reports about something, best match first (BM25 over their words)")
    search.add_argument("query", help='words to look for, e.g. "老旧小区改造"')
    add_data_dir(search)
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N reports (default 20)")
    search.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="table: one line per report (default); json: every field, for other tools",
    )
    search.add_argument("--province", help="only reports of this province (e.g. 浙江省)")
    search.add_argument("--year", type=int, help="only reports reviewing this year")
    search.add_argument("--topic", help="only reports with a section of this topic (e.g. 城市建设)")
    search.add_argument("--indicator", help="only reports with a figure of this indicator code")
    search.set_defaults(command=cmd_search)

    export = sub.add_parser("export", help="write a table or view to .csv, .xlsx or .parquet")
    add_data_dir(export)
    export.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the file to write; its extension picks the format"
    )
    export.add_argument(
        "--table", metavar="NAME", help="a table or view (default: the indicator panel, one row per org and year)"
    )
    export.set_defaults(command=cmd_export)


def add_browse_command(sub: argparse._SubParsersAction) -> None:
    browse = sub.add_parser("browse", help="browse, search and chart the warehouse in a web browser (read-only)")
    add_data_dir(browse, reads=True)
    browse.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    browse.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    browse.set_defaults(command=cmd_browse)


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.db import WarehouseError, connect_readonly_sandboxed

    if not args.query.strip():
        raise UsageError('empty query: give one SQL statement, e.g. jiedao sql "SELECT count(*) FROM documents"')
    try:
        with connect_readonly_sandboxed(args.data_dir / "warehouse.duckdb") as con:
            cursor = con.execute(args.query)
            description = cursor.description if cursor is not None else None
            columns = [c[0] for c in description] if description else []
            rows = cursor.fetchall() if columns else []
    except WarehouseError as exc:
        raise UsageError(str(exc)) from None
    except duckdb.Error as exc:
        raise UsageError(f"query failed: {duckdb_message(exc)}") from None
    if not columns:
        raise UsageError("the statement returned no result (only comments, or not a query)")
    print(format_rows(columns, rows, args.format, width=None if args.wide else TABLE_WIDTH))
    return 0


def duckdb_message(exc: Exception) -> str:
    """DuckDB's error on one line: its first line plus its hint (``Did you mean "documents"?``)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    hints = [line for line in lines[1:] if line.startswith(("Did you mean", "Candidate bindings", "HINT"))]
    return " ".join(lines[:1] + hints)


def cmd_search(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from warehouse.db import WarehouseError, connect
    from warehouse.search import SearchError, search, unindexed_documents

    try:
        with connect(args.data_dir / "warehouse.duckdb", read_only=True) as con:
            hits = search(
                con,
                args.query,
                limit=args.limit,
                province=args.province,
                year=args.year,
                topic=args.topic,
                indicator=args.indicator,
            )
            unindexed = unindexed_documents(con)
    except (WarehouseError, SearchError) as exc:
        raise UsageError(str(exc)) from None
    if unindexed:
        print(
            f"jiedao: note: {unindexed} report{'s were' if unindexed != 1 else ' was'} loaded before search existed "
            "and cannot be found; load them again to index them",
            file=sys.stderr,
        )
    if args.format == "json":
        print(json.dumps([asdict(hit) for hit in hits], ensure_ascii=False, indent=1))
    elif hits:
        from transforms.terms import query_terms

        terms = query_terms(args.query)
        rows = [
            (i, f"{h.score:.2f}", h.org_name, h.review_year, h.doc_id, around_match(h.snippet, terms))
            for i, h in enumerate(hits, 1)
        ]
        print(format_rows(["#", "score", "org_name", "year", "doc_id", "snippet"], rows, "table"))
    if not hits:
        from transforms.terms import query_terms

        why = (
            ""
            if query_terms(args.query)
            else " (it has only stop words, punctuation or figures, which are not indexed)"
        )
        print(f"jiedao: no report matches {args.query!r}{why}", file=sys.stderr)
        return 1
    return 0


def around_match(sentence: str, terms: Iterable[str], before: int = 8) -> str:
    """The sentence from a little before its first query term, so a cut table cell still shows the match."""
    found = [sentence.find(t) for t in terms if t in sentence]
    start = max(0, min(found) - before) if found else 0
    return ("…" if start else "") + sentence[start:]


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse.db import WarehouseError, connect
    from warehouse.export import ExportError, export

    try:
        with connect(args.data_dir / "warehouse.duckdb", read_only=True) as con:
            n = export(con, args.out, table=args.table)
    except (WarehouseError, ExportError) as exc:
        raise UsageError(str(exc)) from None
    print(f"{n} row{'' if n == 1 else 's'} -> {args.out}")
    return 0


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
    check_cron(args.cron)
    if not os.environ.get("PREFECT_API_URL"):
        raise UsageError(
            "scheduling needs a persistent Prefect server: start `prefect server start` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api, then run this again"
        )
    from flows.pipeline import flow_for

    data_dir = writable_data_dir(args.data_dir)
    parameters = run_parameters(args, data_dir)
    flow_for(parameters["workers"], args.dask_address).serve(
        name="jiedao-scheduled", cron=args.cron, parameters=parameters
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import ServeError, serve_scheduled

    check_cron(args.cron)
    resolved_sources(args.sources)  # a missing source is one line before anything starts
    data_dir = writable_data_dir(args.data_dir)
    try:
        return serve_scheduled(
            cron=args.cron,
            data_dir=data_dir,
            parameters=lambda: run_parameters(args, data_dir),
            say=lambda line: print(f"jiedao: {line}", flush=True),
        )
    except ServeError as exc:
        raise UsageError(str(exc)) from None


def check_cron(expression: str) -> None:
    """A cron expression Prefect accepts, or a one-line UsageError."""
    from flows.serve import cron_refusal

    refusal = cron_refusal(expression)
    if refusal is not None:
        raise UsageError(refusal)


def cmd_browse(args: argparse.Namespace) -> int:
    from flows.browse.server import check_port_free, serve

    warehouse = args.data_dir / "warehouse.duckdb"
    if not warehouse.exists():
        raise UsageError(f"no warehouse at {warehouse}: run `jiedao run` first")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    try:
        check_port_free(args.host, args.port)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    serve(args.data_dir, host=args.host, port=args.port)  # says where it listens once warm
    print("jiedao: reading room stopped", file=sys.stderr)
    return 0


def command_line() -> int:
    """``main`` as the ``jiedao`` command: the process ends right after it."""
    code = main()
    # The interpreter's exit would traverse every object left (Prefect's, GX's, pandas' modules) in its
    # last collections: ~0.3 s of every command (measured: 0.39-0.41 s from the last exit handler to
    # the process's end, 0.05-0.1 s frozen). Frozen, they are left to the exit; nothing else is skipped.
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(command_line())
