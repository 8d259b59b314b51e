"""The reading room: a local, read-only web app on the warehouse (``jiedao browse``).

Pages: ``/`` coverage and runs, ``/search`` (BM25 search with filters), ``/doc/<doc_id>`` a report
with its metrics marked in the text, ``/indicators`` and ``/indicator/<code>`` a panel across
organisations and years with plan-versus-result pairs, ``/quality`` the runs' validation in words.
Everything is served by the app itself (templates, one stylesheet, charts as inline SVG): no CDN,
no build step, no request leaves the machine.

Each request opens the DuckDB file read-only and closes it before answering, so a run can load
between two page views; while a run holds the file the page answers 503 with a sentence saying so.
"""

from __future__ import annotations

import json
import logging
import math
import re
import signal
import socket
import sys
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from expectations.suites import SUITE_TABLES, suite_checks
from flows.browse import charts, queries
from flows.browse.queries import WarehouseBusy, WarehouseMissing, open_warehouse
from flows.browse.text import amount, highlighted_text, metric_tip, value_text

HERE = Path(__file__).parent
ROWS_SHOWN = 500  # rows of a table on one page; more are counted and filtered, not sent
CHART_SERIES = 10  # organisations drawn in a panel chart (those with the most years of results)
log = logging.getLogger("jiedao.browse")


class NotFound(Exception):
    """A report, indicator or run that the warehouse does not hold."""


def create_app(data_dir: Path) -> FastAPI:
    """The app on ``data_dir/warehouse.duckdb`` (the file may appear later: pages say when it is missing)."""
    warehouse = Path(data_dir).resolve() / "warehouse.duckdb"
    app = FastAPI(title="jiedao reading room", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        value_text=value_text,
        amount=amount,
        metric_tip=metric_tip,
        query_string=query_string,
        fmt_number=fmt_number,
        report_name=report_name,
        state_class=state_class,
        emphasised=emphasised,
    )

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"warehouse": warehouse, **context}, status_code=status)

    @app.exception_handler(WarehouseBusy)
    async def busy(request: Request, exc: WarehouseBusy) -> HTMLResponse:
        return page(
            request,
            "message.html",
            503,
            title="The warehouse is busy",
            message="A run is writing to the warehouse right now (DuckDB allows one writer). "
            "This page will work again when the run has loaded; reload in a few seconds.",
            detail=str(exc),
        )

    @app.exception_handler(WarehouseMissing)
    async def missing(request: Request, exc: WarehouseMissing) -> HTMLResponse:
        return page(
            request,
            "message.html",
            503,
            title="No warehouse yet",
            message=f"There is no warehouse at {exc}. Run `jiedao run` with this data directory first.",
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> HTMLResponse:
        return page(request, "message.html", 404, title="Not found", message=str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        return page(request, "message.html", exc.status_code, title=f"{exc.status_code}", message=str(exc.detail))

    @app.exception_handler(duckdb.Error)
    async def query_failed(request: Request, exc: duckdb.Error) -> HTMLResponse:
        log.warning("query failed on %s: %s", request.url.path, exc)
        return page(
            request,
            "message.html",
            500,
            title="The warehouse could not answer",
            message="A query of this page failed; the warehouse may come from an older or newer "
            "version of jiedao (run `jiedao run` again to update it).",
            detail=str(exc).splitlines()[0],
        )

    @app.middleware("http")
    async def no_tracebacks(request: Request, call_next):  # Starlette's middleware shape
        """An unexpected error is one line on the console and a readable page, never a traceback."""
        try:
            return await call_next(request)
        except Exception as exc:  # the last resort of a page
            print(f"jiedao browse: {request.url.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return page(
                request,
                "message.html",
                500,
                title="Something went wrong",
                message="This page failed; the console of `jiedao browse` says why in one line.",
                detail=f"{type(exc).__name__}: {exc}",
            )

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        with open_warehouse(warehouse) as con:
            totals = queries.totals(con)
            by = {column: queries.coverage(con, column) for column in ("province", "review_year", "org_level")}
            runs = queries.runs(con, limit=10)
        chart_titles = {
            "province": "报告数（按省份）",
            "review_year": "报告数（按回顾年份）",
            "org_level": "报告数（按层级）",
        }
        chart_svgs = {
            column: charts.bar_chart(
                values, category="label", value="n", title=chart_titles[column], sort_by_value=column != "review_year"
            )
            for column, values in by.items()
            if values
        }
        return page(request, "home.html", totals=totals, by=by, charts=chart_svgs, runs=runs, font=charts.cjk_font())

    @app.get("/search", response_class=HTMLResponse)
    def search_page(
        request: Request,
        q: str = "",
        province: str = "",
        year: str = "",
        topic: str = "",
        indicator: str = "",
        limit: int = 20,
    ) -> HTMLResponse:
        filters = {
            "province": province or None,
            "year": int(year) if year.strip().isdigit() else None,
            "topic": topic or None,
            "indicator": indicator or None,
        }
        with open_warehouse(warehouse) as con:
            options = queries.filter_options(con)
            hits, unavailable, listing = None, None, None
            if q.strip():
                hits, unavailable = run_search(con, q.strip(), max(1, min(limit, 200)), filters)
            elif any(filters.values()):
                listing = queries.documents_where(con, **filters)
        return page(
            request,
            "search.html",
            q=q,
            filters=filters,
            options=options,
            hits=hits,
            unavailable=unavailable,
            listing=listing,
            terms=q.split(),
        )

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def report(request: Request, doc_id: str) -> HTMLResponse:
        with open_warehouse(warehouse) as con:
            doc = queries.document(con, doc_id)
            if doc is None:
                raise NotFound(f"No report with doc_id {doc_id} in the warehouse.")
            sections = queries.sections(con, doc_id)
            metrics = queries.metrics(con, doc_id)
            keywords = queries.keywords(con, doc_id)
            sources = queries.document_sources(con, doc_id)
            near = queries.near_duplicates(con, doc_id)
        text = highlighted_text(doc["cleaned_text"] or "", metrics, sections)
        return page(
            request,
            "doc.html",
            doc=doc,
            sections=sections,
            metrics=metrics,
            keywords=keywords,
            sources=sources,
            near=near,
            text=text,
        )

    @app.get("/indicators", response_class=HTMLResponse)
    def indicators(request: Request) -> HTMLResponse:
        with open_warehouse(warehouse) as con:
            codes = queries.indicator_codes(con)
        return page(request, "indicators.html", codes=codes)

    @app.get("/indicator/{code}", response_class=HTMLResponse)
    def indicator(request: Request, code: str, province: str = "") -> HTMLResponse:
        panel_all, pairs_all, links = indicator_data(warehouse, code)
        provinces = sorted({r["province"] for r in panel_all or [] if r.get("province")})
        panel = (
            [r for r in panel_all if not province or r.get("province") == province] if panel_all is not None else None
        )
        chart = panel_chart(code, panel) if panel else None
        return page(
            request,
            "indicator.html",
            code=code,
            panel=panel[:ROWS_SHOWN] if panel is not None else None,
            panel_total=len(panel or []),
            pairs=pairs_all[:ROWS_SHOWN] if pairs_all is not None else None,
            pairs_total=len(pairs_all or []),
            links=links,
            chart=chart,
            provinces=provinces,
            province=province,
        )

    @app.get("/quality", response_class=HTMLResponse)
    def quality(request: Request, run: str = "") -> HTMLResponse:
        with open_warehouse(warehouse) as con:
            runs = queries.runs(con, limit=20)
            chosen = next((r for r in runs if r["run_id"] == run), None) if run else (runs[0] if runs else None)
            if run and chosen is None:
                raise NotFound(f"No run {run} among the latest 20 runs.")
            suites = suite_results(chosen) if chosen else []
            quarantined = queries.rejects_of_run(con, chosen["run_id"], "validate") if chosen else []
        failing = failing_rows(warehouse.parent / "quality", chosen) if chosen else {}
        return page(
            request, "quality.html", runs=runs, run=chosen, suites=suites, quarantined=quarantined, failing=failing
        )

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        return "ok"

    return app


def indicator_data(warehouse: Path, code: str) -> tuple[list | None, list | None, dict[str, str]]:
    """An indicator's panel rows, its pairs and the reports of the pairs' metrics, cached per warehouse state."""
    stat = warehouse.stat() if warehouse.exists() else None
    return _indicator_data(warehouse, code, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=64)
def _indicator_data(
    warehouse: Path, code: str, mtime_ns: int, size: int
) -> tuple[list | None, list | None, dict[str, str]]:
    # the views aggregate every metric (a second on 10,000 reports): the answer is kept until the file changes
    with open_warehouse(warehouse) as con:
        panel = queries.indicator_panel(con, code)
        pairs = queries.plan_vs_result(con, code)
        shown = (pairs or [])[:ROWS_SHOWN]
        links = queries.metric_docs(con, [p.get(k) for p in shown for k in ("target_metric_id", "result_metric_id")])
    return panel, pairs, links


def run_search(con: duckdb.DuckDBPyConnection, q: str, limit: int, filters: dict) -> tuple[list | None, str | None]:
    """The search's hits, or why search is not available on this warehouse."""
    try:
        from warehouse.search import search
    except ImportError:
        return None, "Search is not part of this installation yet (warehouse/search.py is missing)."
    if "doc_terms" not in queries.relations(con):
        return None, (
            "This warehouse has no search index (table doc_terms): run `jiedao run` again with "
            "this version to build it."
        )
    return search(con, q, limit=limit, **filters), None


def panel_chart(code: str, panel: list[dict[str, Any]]) -> str | None:
    """The indicator's results per organisation and year, for its most common unit."""
    units: dict[str, int] = {}
    for row in panel:
        if row.get("result_value") is not None:
            units[row.get("unit") or ""] = units.get(row.get("unit") or "", 0) + 1
    if not units:
        return None
    unit = max(units, key=units.__getitem__)
    values = [r for r in panel if (r.get("unit") or "") == unit and r.get("result_value") is not None]
    years: dict[str, int] = {}
    for row in values:
        years[org_label(row)] = years.get(org_label(row), 0) + 1
    placed = {org_label(r) for r in values if r.get("district") or r.get("city") or r.get("province")}
    # organisations with a known place first: a bare name (城关镇) may stand for several namesakes
    drawn = set(sorted(years, key=lambda org: (org not in placed, -years[org], org))[:CHART_SERIES])
    values = [r for r in values if org_label(r) in drawn]
    scale, shown_unit = 1.0, unit
    if unit in ("元", "美元") and max(abs(r["result_value"]) for r in values) >= 1e8:
        scale, shown_unit = 1e8, "亿" + unit  # 26.3 亿元 reads better than 2,630,000,000 元
    elif unit in ("元", "美元") and max(abs(r["result_value"]) for r in values) >= 1e4:
        scale, shown_unit = 1e4, "万" + unit
    data = [{"org": org_label(r), "year": str(r["year"]), "value": r["result_value"] / scale} for r in values]
    more = f"，{len(drawn)}/{len(years)}个单位" if len(years) > len(drawn) else ""
    return charts.line_chart(
        data, x="year", y="value", series="org", title=f"{code}（{shown_unit or '无单位'}{more}）", y_title=shown_unit
    )


def org_label(row: dict[str, Any]) -> str:
    """An organisation as the chart names it: its place (district, else city, else province) and name.

    Namesakes (城关镇 exists in hundreds of counties) stay apart as long as one level of place is known.
    """
    place = row.get("district") or row.get("city") or row.get("province")
    return " ".join(str(p) for p in (place, row.get("org_name")) if p) or "?"


def suite_results(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Per suite: counts, and every expectation in words with its severity and whether this run failed it."""
    validation = run.get("validation") or {}
    failures = {line.split(":", 1)[0]: ("critical", line) for line in validation.get("critical_failures") or []}
    failures |= {line.split(":", 1)[0]: ("warning", line) for line in validation.get("warnings") or []}
    out = []
    for table in SUITE_TABLES:
        counts = validation.get(table) if isinstance(validation.get(table), dict) else None
        checks = []
        for check in suite_checks(table):
            failed = failures.get(f"{table}.{check.label}")
            checks.append(
                {
                    "label": check.label,
                    "why": check.why,
                    "severity": check.severity,
                    "quarantine": check.quarantine,
                    "failed": failed[1] if failed else None,
                }
            )
        failed_critical = sum(1 for c in checks if c["failed"] and c["severity"] == "critical")
        failed_warning = sum(1 for c in checks if c["failed"] and c["severity"] != "critical")
        state = (
            "not validated"
            if counts is None
            else "failed"
            if failed_critical
            else "passed with warnings"
            if failed_warning
            else "passed"
        )
        out.append({"table": table, "counts": counts, "checks": checks, "state": state})
    return out


ROWS_PER_FAILURE = 20  # rows listed under one failed expectation (GX keeps 10 per chunk)


def failing_rows(quality_dir: Path, run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``"<table>.<label>"`` -> rows behind each failed expectation of a run, from GX's stored results.

    Each validation result of the run (one per suite and chunk) under ``gx/uncommitted/validations/``
    keeps the failing rows GX quoted, named by report, mention and sentence (expectations/validate.py).
    """
    recorded = run.get("data_docs_path")
    site = Path(recorded).parent if recorded else quality_dir
    root = site / "gx" / "uncommitted" / "validations"
    found: dict[str, list[dict[str, Any]]] = {}
    for suite in SUITE_TABLES:
        for stored in sorted((root / suite / str(run["run_id"])).glob("*/*.json")):
            try:
                results = json.loads(stored.read_text(encoding="utf-8")).get("results") or []
            except (OSError, ValueError):
                continue
            for result in results:
                quoted = (result.get("result") or {}).get("partial_unexpected_index_list") or []
                if result.get("success") or not quoted:
                    continue
                config = result.get("expectation_config") or {}
                label = f"{suite}.{(config.get('meta') or {}).get('label', 'expectation')}"
                column = (config.get("kwargs") or {}).get("column")
                rows = found.setdefault(label, [])
                for row in quoted:
                    if isinstance(row, dict) and len(rows) < ROWS_PER_FAILURE:
                        rows.append({**row, "value": row.get(column) if column else None})
    return found


def emphasised(snippet: str, terms: list[str]) -> Markup:
    """The snippet, escaped, with the query's words in bold."""
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return Markup(escape(snippet))
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, cursor = [], 0
    for match in pattern.finditer(snippet):
        out += [escape(snippet[cursor : match.start()]), f"<b>{escape(match.group())}</b>"]
        cursor = match.end()
    out.append(escape(snippet[cursor:]))
    return Markup("".join(out))


def state_class(state: str) -> str:
    """CSS class of a verdict: passed (green), warned (amber), failed (red), not (grey)."""
    if state.startswith("passed"):
        return "warned" if "warning" in state else "passed"
    return "failed" if state.startswith("failed") else "not"


def query_string(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def fmt_number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def report_name(uri: str | None) -> str:
    """The last part of a source URI: ``sample_01_plain.txt``, ``t20230110_1001.html``."""
    if not uri:
        return "?"
    return uri.rstrip("/").rsplit("/", 1)[-1] or uri


class _Stop(Exception):
    """SIGTERM: end the server and return normally (exit status 0)."""


def serve(data_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Run the app with uvicorn until Ctrl-C or SIGTERM, then return (after uvicorn's graceful shutdown)."""
    import uvicorn

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the previous handler:
    # this one turns it into a normal return instead of a death by signal.
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        charts.warm_up()  # vl-convert's engine and the font take ~1 s to load: not on the first page view
        uvicorn.run(
            create_app(data_dir), host=host, port=port, log_level="warning", access_log=False, server_header=False
        )
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_port_free(host: str, port: int) -> None:
    """Raise OSError when ``host:port`` cannot be listened on (in use, or not an address of this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
