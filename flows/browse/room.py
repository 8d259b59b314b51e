"""What each page of the reading room shows, as the data its template needs, and what is kept warm.

Every page opens the warehouse read-only for the time of one request (``queries.open_warehouse``),
so a run can load between two page views. What is costly and changes only when the warehouse
does (an indicator's rows and chart, the search form's choices, the list of indicators) is kept in
a :class:`VersionedCache` under the warehouse's version (``warehouse.derived.warehouse_version``):
the first view after a load computes it again, the others read it. Charts are also kept by their
content (``charts.render_svg``), so the same chart is never drawn twice.

:meth:`Room.warm` runs before the server listens: it loads what the first request of each kind
would otherwise pay for (vl-convert and the CJK font, jieba's dictionary, the templates, the home
page's charts, the search form, the list of indicators). An indicator page's first view reads
its stored rows (``warehouse/derived.py``) and draws its chart: a few tenths of a second. (Drawing
every indicator's chart in a background thread was tried: vl-convert holds the GIL while it draws,
so the other pages waited for it.)
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from flows.browse import charts, queries
from flows.browse.indicator import ROWS_SHOWN, indicator_data, panel_chart, provinces_of
from flows.browse.quality import failing_rows, suite_results
from flows.browse.queries import WarehouseBusy, WarehouseMissing, open_warehouse
from flows.browse.text import highlighted_text

log = logging.getLogger("jiedao.browse")
T = TypeVar("T")

COVERAGE_CHARTS = {
    "province": "报告数（按省份）",
    "review_year": "报告数（按回顾年份）",
    "org_level": "报告数（按层级）",
}


class NotFound(Exception):
    """A report, indicator or run that the warehouse does not hold."""


class VersionedCache:
    """Answers kept for one version of the warehouse: the first look-up under a new version empties it."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.version: str | None = None
        self.entries: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, version: str, key: tuple, compute: Callable[[], T]) -> T:
        """The answer kept for ``key`` at ``version``, else ``compute()`` (kept; the oldest beyond ``size`` go)."""
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.version = version
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = compute()
        with self.lock:
            if version == self.version:
                self.entries[key] = value
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        return value


class Room:
    """The pages of the reading room on one warehouse file."""

    def __init__(self, data_dir: Path) -> None:
        self.warehouse = Path(data_dir).resolve() / "warehouse.duckdb"
        self.cache = VersionedCache()  # charts, the search form's choices, the indicator list: small
        self.rows = VersionedCache(size=8)  # indicators' rows: ~10 MB each on 10,000 reports

    def version(self, con: duckdb.DuckDBPyConnection) -> str:
        """The warehouse's version; for a warehouse older than the ``loads`` table, its file's size and time."""
        found = queries.warehouse_version(con)
        if found is not None:
            return found
        stat = self.warehouse.stat()
        return f"file={stat.st_mtime_ns}:{stat.st_size}"

    # --- pages --------------------------------------------------------------------------------

    def home(self) -> dict[str, Any]:
        with open_warehouse(self.warehouse) as con:
            totals = queries.totals(con)
            by = {column: queries.coverage(con, column) for column in COVERAGE_CHARTS}
            runs = queries.runs(con, limit=10)
        return {"totals": totals, "by": by, "charts": coverage_charts(by), "runs": runs, "font": charts.cjk_font()}

    def search(self, q: str, filters: dict[str, Any], limit: int) -> dict[str, Any]:
        """Hits of a query (or, without one, the reports the filters select) and the form's choices."""
        hits, unavailable, listing = None, None, None
        with open_warehouse(self.warehouse) as con:
            version = self.version(con)
            options = self.cache.get(version, ("filter options",), lambda: queries.filter_options(con))
            if q.strip():
                hits, unavailable = run_search(con, q.strip(), max(1, min(limit, 200)), filters)
            elif any(filters.values()):
                listing = queries.documents_where(con, **filters)
        return {
            "q": q,
            "filters": filters,
            "options": options,
            "hits": hits,
            "unavailable": unavailable,
            "listing": listing,
            "terms": q.split(),
        }

    def report(self, doc_id: str) -> dict[str, Any]:
        with open_warehouse(self.warehouse) as con:
            doc = queries.document(con, doc_id)
            if doc is None:
                raise NotFound(f"No report with doc_id {doc_id} in the warehouse.")
            sections, metrics = queries.sections(con, doc_id), queries.metrics(con, doc_id)
            found = {
                "keywords": queries.keywords(con, doc_id),
                "sources": queries.document_sources(con, doc_id),
                "near": queries.near_duplicates(con, doc_id),
            }
        text = highlighted_text(doc["cleaned_text"] or "", metrics, sections)
        return {"doc": doc, "text": text, "sections": sections, "metrics": metrics, **found}

    def indicators(self) -> dict[str, Any]:
        with open_warehouse(self.warehouse) as con:
            codes = self.cache.get(self.version(con), ("indicator codes",), lambda: queries.indicator_codes(con))
        return {"codes": codes}

    def indicator(self, code: str, province: str = "") -> dict[str, Any]:
        """One indicator's panel (of one province, or all), its chart and its plan-versus-result pairs."""
        with open_warehouse(self.warehouse) as con:
            version = self.version(con)
            data = self.rows.get(version, ("indicator", code), lambda: indicator_data(con, code, version))
        panel = [r for r in data.panel if not province or r.get("province") == province] if data.panel else data.panel
        chart = self.cache.get(version, ("chart", code, province), lambda: panel_chart(code, panel) if panel else None)
        return {
            "code": code,
            "panel": panel[:ROWS_SHOWN] if panel is not None else None,
            "panel_total": len(panel or []),
            "pairs": data.pairs,
            "pairs_total": data.pairs_total,
            "links": data.links,
            "chart": chart,
            "provinces": provinces_of(data.panel),
            "province": province,
        }

    def quality(self, run: str = "") -> dict[str, Any]:
        """The latest runs, and one run's suites in words with the rows behind each failure."""
        with open_warehouse(self.warehouse) as con:
            runs = queries.runs(con, limit=20)
            chosen = next((r for r in runs if r["run_id"] == run), None) if run else (runs[0] if runs else None)
            if run and chosen is None:
                raise NotFound(f"No run {run} among the latest 20 runs.")
            quarantined = queries.rejects_of_run(con, chosen["run_id"], "validate") if chosen else []
        suites = suite_results(chosen) if chosen else []
        failing = failing_rows(self.warehouse.parent / "quality", chosen) if chosen else {}
        return {"runs": runs, "run": chosen, "suites": suites, "quarantined": quarantined, "failing": failing}

    # --- kept warm ----------------------------------------------------------------------------

    def warm(self) -> str | None:
        """Before the server listens: the engines, then the pages every visit starts from.

        Returns a line for the user when the stored copies of the heavy views are behind the
        warehouse (indicator pages then read the views: correct, but slower), else None.
        """
        charts.warm_up()  # vl-convert's engine and the CJK font: about a second
        warm_search_terms()  # jieba's dictionary: about a second
        try:
            self.home()
            self.search("", {"province": None, "year": None, "topic": None, "indicator": None}, 20)
            self.indicators()
            with open_warehouse(self.warehouse) as con:
                version = queries.warehouse_version(con)
                behind = queries.source_of(con, "derived_indicator_panel", version) == "v_indicator_panel"
        except (WarehouseBusy, WarehouseMissing, duckdb.Error) as exc:  # a run writes: its pages will say so
            log.info("reading room: not warmed (%s)", exc)
            return None
        if not behind:
            return None
        return (
            "the stored indicator rows are behind this warehouse (an older jiedao made it, or it changed since "
            "the last run): indicator pages compute them, more slowly, until `jiedao run` ends again"
        )


def coverage_charts(by: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The home page's bar charts: reports by province, review year and level."""
    return {
        column: charts.bar_chart(
            values, category="label", value="n", title=COVERAGE_CHARTS[column], sort_by_value=column != "review_year"
        )
        for column, values in by.items()
        if values
    }


def run_search(
    con: duckdb.DuckDBPyConnection, q: str, limit: int, filters: dict[str, Any]
) -> tuple[list | None, str | None]:
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


def warm_search_terms() -> None:
    """Load jieba's dictionary (what turns a query into terms) now rather than on the first search."""
    try:
        from transforms.terms import query_terms
    except ImportError:
        return
    query_terms("预热")
