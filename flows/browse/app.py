"""The reading room: a local, read-only web app on the warehouse (``jiedao browse``).

Pages: ``/`` coverage and runs, ``/search`` (BM25 search with filters), ``/doc/<doc_id>`` a report
with its metrics marked in the text, ``/indicators`` and ``/indicator/<code>`` a panel across
organisations and years with plan-versus-result pairs, ``/quality`` the runs' validation in words.
Everything is served by the app itself (templates, one stylesheet, charts as inline SVG): no CDN,
no build step, no request leaves the machine.

What each page shows is built by :class:`flows.browse.room.Room`; this module routes requests to
it and turns every failure into a readable page: while a run holds the file the page answers 503
with a sentence saying so. ``flows.browse.server`` runs the app.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from flows.browse import helpers
from flows.browse.queries import WarehouseBusy, WarehouseMissing
from flows.browse.room import NotFound, Room
from flows.browse.text import amount, metric_tip, value_text

HERE = Path(__file__).parent
TEMPLATES = ("home.html", "search.html", "doc.html", "indicators.html", "indicator.html", "quality.html")
log = logging.getLogger("jiedao.browse")

Page = Callable[..., HTMLResponse]  # page(request, template, status=200, **context)


def create_app(data_dir: Path, room: Room | None = None) -> FastAPI:
    """The app on ``data_dir/warehouse.duckdb`` (the file may appear later: pages say when it is missing)."""
    room = room or Room(data_dir)
    app = FastAPI(title="jiedao reading room", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = jinja_templates()

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context = {"warehouse": room.warehouse, **context}
        return templates.TemplateResponse(request, name, context, status_code=status)

    add_error_pages(app, page)
    add_reading_pages(app, room, page)
    add_indicator_and_quality_pages(app, room, page)
    return app


def jinja_templates() -> Jinja2Templates:
    """The pages' templates, compiled now (not on each page's first view), with their helper functions."""
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        value_text=value_text,
        amount=amount,
        metric_tip=metric_tip,
        query_string=helpers.query_string,
        fmt_number=helpers.fmt_number,
        report_name=helpers.report_name,
        state_class=helpers.state_class,
        emphasised=helpers.emphasised,
    )
    for name in (*TEMPLATES, "message.html"):
        templates.env.get_template(name)
    return templates


def add_reading_pages(app: FastAPI, room: Room, page: Page) -> None:
    """Coverage (home), search and one report."""

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return page(request, "home.html", **room.home())

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
        return page(request, "search.html", **room.search(q, filters, limit))

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def report(request: Request, doc_id: str) -> HTMLResponse:
        return page(request, "doc.html", **room.report(doc_id))


def add_indicator_and_quality_pages(app: FastAPI, room: Room, page: Page) -> None:
    """The indicators, one indicator, the runs' quality, and a health check."""

    @app.get("/indicators", response_class=HTMLResponse)
    def indicators(request: Request) -> HTMLResponse:
        return page(request, "indicators.html", **room.indicators())

    @app.get("/indicator/{code}", response_class=HTMLResponse)
    def indicator(request: Request, code: str, province: str = "") -> HTMLResponse:
        return page(request, "indicator.html", **room.indicator(code, province))

    @app.get("/quality", response_class=HTMLResponse)
    def quality(request: Request, run: str = "") -> HTMLResponse:
        return page(request, "quality.html", **room.quality(run))

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        return "ok"


def add_error_pages(app: FastAPI, page: Page) -> None:
    """Every failure as a page in words: busy (503), no warehouse (503), not found (404), a failed query."""

    def message(request: Request, status: int, title: str, text: str, detail: str | None = None) -> HTMLResponse:
        return page(request, "message.html", status, title=title, message=text, detail=detail)

    async def busy(request: Request, exc: Exception) -> HTMLResponse:
        text = (
            "A run is writing to the warehouse right now (DuckDB allows one writer). "
            "This page will work again when the run has loaded; reload in a few seconds."
        )
        return message(request, 503, "The warehouse is busy", text, str(exc))

    async def missing(request: Request, exc: Exception) -> HTMLResponse:
        text = f"There is no warehouse at {exc}. Run `jiedao run` with this data directory first."
        return message(request, 503, "No warehouse yet", text)

    async def not_found(request: Request, exc: Exception) -> HTMLResponse:
        return message(request, 404, "Not found", str(exc))

    async def http_error(request: Request, exc: Exception) -> HTMLResponse:
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        return message(request, status, f"{status}", str(getattr(exc, "detail", exc)))

    async def query_failed(request: Request, exc: Exception) -> HTMLResponse:
        log.warning("query failed on %s: %s", request.url.path, exc)
        text = (
            "A query of this page failed; the warehouse may come from an older or newer "
            "version of jiedao (run `jiedao run` again to update it)."
        )
        return message(request, 500, "The warehouse could not answer", text, str(exc).splitlines()[0])

    app.add_exception_handler(WarehouseBusy, busy)
    app.add_exception_handler(WarehouseMissing, missing)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(duckdb.Error, query_failed)
    app.middleware("http")(last_resort(message))


def last_resort(message: Callable[..., HTMLResponse]) -> Callable[..., Awaitable[Response]]:
    """Middleware: an unexpected error is one line on the console and a readable page, never a traceback."""

    async def no_tracebacks(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            return await call_next(request)
        except Exception as exc:  # the last resort of a page
            print(f"jiedao browse: {request.url.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            text = "This page failed; the console of `jiedao browse` says why in one line."
            return message(request, 500, "Something went wrong", text, f"{type(exc).__name__}: {exc}")

    return no_tracebacks
