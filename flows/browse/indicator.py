"""The indicator page's content: the panel of one indicator, its plan-versus-result pairs, its chart.

Rows come from the stored copies of the views (``warehouse/derived.py``) when a run has refreshed
them since the last load, else from the views themselves (right, but about half a second each on
10,000 reports); :mod:`flows.browse.queries` picks which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from flows.browse import charts, queries

ROWS_SHOWN = 500  # rows of a table on one page; more are counted and filtered, not sent
CHART_SERIES = 10  # organisations drawn in a panel chart (those with the most years of results)


@dataclass(frozen=True)
class IndicatorData:
    """What the page shows of one indicator (None: the warehouse has no such view yet)."""

    panel: list[dict[str, Any]] | None
    pairs: list[dict[str, Any]] | None  # the first ROWS_SHOWN, stated results first
    pairs_total: int
    links: dict[str, str] = field(default_factory=dict)  # metric_id -> doc_id of the pairs shown


def indicator_data(con: duckdb.DuckDBPyConnection, code: str, version: str | None) -> IndicatorData:
    """One indicator's panel rows, its first pairs and their count, and the reports of those pairs."""
    panel = queries.indicator_panel(con, code, version)
    pairs, total = queries.plan_vs_result(con, code, version, limit=ROWS_SHOWN)
    return IndicatorData(panel, pairs, total, pair_links(con, pairs or []))


def pair_links(con: duckdb.DuckDBPyConnection, pairs: list[dict[str, Any]]) -> dict[str, str]:
    """metric_id -> doc_id of the pairs' targets and results (stored with the pairs, else looked up)."""
    links = {
        p[metric]: p[doc]
        for p in pairs
        for metric, doc in (("target_metric_id", "target_doc_id"), ("result_metric_id", "result_doc_id"))
        if p.get(metric) and p.get(doc)
    }
    missing = [p.get(k) for p in pairs for k in ("target_metric_id", "result_metric_id") if p.get(k) not in links]
    return links | queries.metric_docs(con, [m for m in missing if m])


def provinces_of(panel: list[dict[str, Any]] | None) -> list[str]:
    """The provinces of the panel's organisations, sorted (the page's filter)."""
    return sorted({r["province"] for r in panel or [] if r.get("province")})


def panel_chart(code: str, panel: list[dict[str, Any]]) -> str | None:
    """The indicator's results per organisation and year, for its most common unit."""
    values = chart_rows(panel)
    if not values:
        return None
    unit = values[0].get("unit") or ""
    years: dict[str, int] = {}
    for row in values:
        years[org_label(row)] = years.get(org_label(row), 0) + 1
    placed = {org_label(r) for r in values if r.get("district") or r.get("city") or r.get("province")}
    # organisations with a known place first: a bare name (城关镇) may stand for several namesakes
    drawn = set(sorted(years, key=lambda org: (org not in placed, -years[org], org))[:CHART_SERIES])
    values = [r for r in values if org_label(r) in drawn]
    scale, shown_unit = money_scale(unit, max(abs(r["result_value"]) for r in values))
    data = [{"org": org_label(r), "year": str(r["year"]), "value": r["result_value"] / scale} for r in values]
    more = f"，{len(drawn)}/{len(years)}个单位" if len(years) > len(drawn) else ""
    return charts.line_chart(
        data, x="year", y="value", series="org", title=f"{code}（{shown_unit or '无单位'}{more}）", y_title=shown_unit
    )


def chart_rows(panel: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The panel rows with a result in the indicator's most common unit (what one chart can draw)."""
    units: dict[str, int] = {}
    for row in panel:
        if row.get("result_value") is not None:
            units[row.get("unit") or ""] = units.get(row.get("unit") or "", 0) + 1
    if not units:
        return []
    unit = max(units, key=units.__getitem__)
    return [r for r in panel if (r.get("unit") or "") == unit and r.get("result_value") is not None]


def money_scale(unit: str, largest: float) -> tuple[float, str]:
    """(divisor, unit shown): 26.3 亿元 reads better than 2,630,000,000 元."""
    if unit in ("元", "美元") and largest >= 1e8:
        return 1e8, "亿" + unit
    if unit in ("元", "美元") and largest >= 1e4:
        return 1e4, "万" + unit
    return 1.0, unit


def org_label(row: dict[str, Any]) -> str:
    """An organisation as the chart names it: its place (district, else city, else province) and name.

    Namesakes (城关镇 exists in hundreds of counties) stay apart as long as one level of place is known.
    """
    place = row.get("district") or row.get("city") or row.get("province")
    return " ".join(str(p) for p in (place, row.get("org_name")) if p) or "?"
