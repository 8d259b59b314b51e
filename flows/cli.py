"""The `jiedao` command: run the pipeline, query the warehouse, read data quality, schedule runs."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from flows.settings import PROJECT_ROOT, configure_prefect

SAMPLES_DIR = PROJECT_ROOT / "samples"


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit 2."""


TABLE_WIDTH = 100  # `--format table` fits this many columns unless --wide
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cat` and friends return when `| head` stops reading


def main(argv: list[str] | None = None) -> int:
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

    run = sub.add_parser("run", help="take reports through every stage into the warehouse")
    add_run_options(run)
    run.set_defaults(command=cmd_run)

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

    browse = sub.add_parser("browse", help="browse, search and chart the warehouse in a web browser (read-only)")
    add_data_dir(browse, reads=True)
    browse.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    browse.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    browse.set_defaults(command=cmd_browse)
    return top


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="file, folder (recursive) or http(s) URL; default: bundled samples"
    )
    add_data_dir(p)
    p.add_argument(
        "--allow-domain",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="crawl this host (and its subdomains) too, or this host on this port (repeatable)",
    )
    p.add_argument("--max-pages", type=int, default=200, metavar="N", help="at most N pages per crawl (default 200)")
    p.add_argument(
        "--delay", type=float, default=1.0, metavar="S", help="seconds between requests to one host (default 1)"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="transform chunks in N worker processes (default: the number of cores; a run of one "
        "chunk stays in this process)",
    )
    p.add_argument(
        "--chunk-size",
        type=int,
        default=200,
        metavar="N",
        help="inputs per chunk: each chunk is transformed, validated and loaded before memory is reused (default 200)",
    )
    p.add_argument(
        "--force", action="store_true", help="process every input again, also those whose bytes were loaded before"
    )
    p.add_argument(
        "--max-doc-chars",
        type=int,
        default=5_000_000,
        metavar="N",
        help="reject a document with more than N characters of text (default 5,000,000)",
    )
    p.add_argument(
        "--dask-address",
        metavar="tcp://HOST:8786",
        help="transform chunks on this Dask cluster (inputs and data dir on storage every worker sees)",
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="wait at most S seconds for another run (or DuckDB session) on the same data dir (default 60)",
    )


def add_data_dir(p: argparse.ArgumentParser, *, reads: bool = False) -> None:
    help_text = (
        "the data dir whose warehouse (DIR/warehouse.duckdb) is read (default ./data)"
        if reads
        else "outputs go here (default ./data)"
    )
    p.add_argument("--data-dir", type=Path, default=Path("data"), metavar="DIR", help=help_text)


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
        "lock_timeout": args.lock_timeout,
    }


def cmd_run(args: argparse.Namespace) -> int:
    sources = resolved_sources(args.sources)
    from flows.adapters.local_files import holds_no_file

    empty = [s for s in sources if "://" not in s and Path(s).is_dir() and holds_no_file(Path(s))]
    if empty:
        raise UsageError(f"nothing to read: folder {empty[0]} holds no files")
    data_dir = writable_data_dir(args.data_dir)
    configure_prefect()
    from flows.prefect_server import start_early

    server_ready = start_early()  # boots while the pipeline's modules are imported
    from flows.pipeline import flow_for
    from warehouse.db import WarehouseError, connect

    parameters = run_parameters(args, data_dir)
    try:
        with connect(data_dir / "warehouse.duckdb", busy_timeout=args.lock_timeout):
            pass  # fail early, before Prefect starts, when the warehouse stays locked or is unreadable
    except WarehouseError as exc:
        raise UsageError(str(exc)) from None
    run_flow = flow_for(parameters["workers"], args.dask_address)
    server_ready()
    summary = run_flow(**parameters)
    if summary.status == "locked":  # another run holds the data dir
        print(f"jiedao: {summary.message}", file=sys.stderr)
        return 1
    print(render_summary(summary, data_dir))
    if summary.status != "completed":
        print(f"jiedao: run failed: {summary.message}", file=sys.stderr)
        return 1
    return 0


def render_summary(summary, data_dir: Path) -> str:  # flows.pipeline.RunSummary
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


def reject_reasons_note(summary) -> str:  # flows.pipeline.RunSummary
    """``  (3 unsupported type .pdf, 1 symlink loop)`` from ``summary.reject_reasons`` (reason kind -> count), if any."""
    reasons = getattr(summary, "reject_reasons", None) or {}
    top = sorted(reasons.items(), key=lambda item: -item[1])[:4]
    more = "" if len(reasons) <= 4 else ", …"
    return f"  ({', '.join(f'{n} {kind}' for kind, n in top)}{more})" if top else ""


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


def format_rows(columns: list[str], rows: list[tuple], fmt: str, *, width: int | None = TABLE_WIDTH) -> str:
    """Query results as an aligned text table (CJK-aware), CSV or JSON.

    The table fits ``width`` screen columns: when the cells are wider, the widest columns are cut
    to a common width and their cut cells end with ``…``; ``width=None`` shows every cell in full.
    """
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
        return out.getvalue().rstrip("\n")
    cells = [list(columns)] + [[cell_text(v) for v in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(columns))]
    natural = widths
    if width is not None:
        widths = fitted_widths(widths, width - 2 * (len(columns) - 1))
        cells = [[cut(v, w) for v, w in zip(row, widths)] for row in cells]
    lines = ["  ".join(pad(v, w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(
        f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
        + ("; wide cells cut at …, --wide shows them in full" if widths != natural else "")
        + ")"
    )
    return "\n".join(lines)


MIN_COLUMN_WIDTH = 4  # a cut column still shows a character or two and the … marker


def fitted_widths(widths: list[int], budget: int) -> list[int]:
    """Column widths summing to at most ``budget``: the widest columns share what the narrow ones leave."""
    if sum(widths) <= budget:
        return widths
    cap = max(widths)
    while cap > MIN_COLUMN_WIDTH and sum(min(w, cap) for w in widths) > budget:
        cap -= 1
    return [min(w, cap) for w in widths]


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` screen columns, ending with … when something was cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        kept.append(char)
        used += w
    return "".join(kept) + "…"


def cell_text(value: object) -> str:
    return "NULL" if value is None else str(value).replace("\r", " ").replace("\n", " ")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


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


if __name__ == "__main__":
    sys.exit(main())
