"""A report's cleaned text as HTML: every metric marked where it stands, every section anchored."""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup

KIND_NAMES = {"count": "计数", "money": "金额", "ratio": "比率", "growth": "增长", "rank": "名次", "measure": "度量"}
QUALIFIER_NAMES = {"exact": "", "over": "超过", "nearly": "近", "about": "约", "under": "不足"}


def value_text(metric: dict[str, Any]) -> str:
    """``18.35亿元`` style reading of a metric's value and unit, with its qualifier."""
    value = metric.get("value")
    if value is None:
        return ""
    unit = metric.get("unit") or ""
    number = float(value)
    if unit in ("元", "美元") and abs(number) >= 1e8:
        shown, unit = number / 1e8, "亿" + unit
    elif unit in ("元", "美元") and abs(number) >= 1e4:
        shown, unit = number / 1e4, "万" + unit
    else:
        shown = number
    digits = f"{shown:,.4f}".rstrip("0").rstrip(".")
    return f"{QUALIFIER_NAMES.get(metric.get('qualifier') or '', '')}{digits}{unit}"


def amount(value: float | None, unit: str | None) -> str:
    """A value with its unit for people: money in 亿/万 (26.3亿元), other values as number + unit."""
    if value is None:
        return "—"
    return value_text({"value": value, "unit": unit or "", "qualifier": "exact"})


def metric_tip(metric: dict[str, Any]) -> list[tuple[str, str]]:
    """The hover card of a metric: (label, value) lines."""
    lines = [
        ("value", value_text(metric)),
        ("unit", metric.get("unit") or "—"),
        ("kind", f"{metric.get('kind')} {KIND_NAMES.get(metric.get('kind') or '', '')}".strip()),
        ("subject", metric.get("subject") or "—"),
        ("indicator", metric.get("indicator") or "—"),
        ("target", "yes (目标)" if metric.get("is_target") else "no (result)"),
    ]
    if metric.get("period"):
        lines.append(("period", metric["period"]))
    return lines


def highlighted_text(text: str, metrics: list[dict[str, Any]], sections: list[dict[str, Any]]) -> Markup:
    """The cleaned text, escaped, with ``<mark class="metric">`` around each metric and an anchor per section.

    Metrics whose span overlaps one already marked, or does not hold its mention, are left unmarked
    (the metrics table below the text lists every one).
    """
    anchors: dict[int, list[str]] = {}
    for section in sections:
        start = section.get("char_start")
        if isinstance(start, int) and 0 <= start <= len(text):
            anchors.setdefault(start, []).append(str(section["section_id"]))
    marks: list[dict[str, Any]] = []
    end_of_last = -1
    for metric in sorted(metrics, key=lambda m: (m["char_start"], -m["char_end"])):
        start, end = metric["char_start"], metric["char_end"]
        if start < end_of_last or not (0 <= start < end <= len(text)) or text[start:end] != metric["mention"]:
            continue
        marks.append(metric)
        end_of_last = end
    out: list[str] = []
    cursor = 0
    cuts = sorted(set(anchors) | {m["char_start"] for m in marks} | {m["char_end"] for m in marks} | {len(text)})
    starts = {m["char_start"]: m for m in marks}
    open_mark: dict[str, Any] | None = None
    for cut in cuts:
        out.append(escape(text[cursor:cut]))
        cursor = cut
        if open_mark is not None and cut == open_mark["char_end"]:
            out.append(_tip(open_mark) + "</mark>")
            open_mark = None
        for section_id in anchors.get(cut, []):
            out.append(f'<span class="anchor" id="s-{escape(section_id)}"></span>')
        if cut in starts and open_mark is None:
            open_mark = starts[cut]
            target = " target" if open_mark.get("is_target") else ""
            title = "; ".join(f"{k}: {v}" for k, v in metric_tip(open_mark))
            out.append(
                f'<mark class="metric{target}" id="m-{escape(str(open_mark["metric_id"]))}" tabindex="0" '
                f'data-value="{escape(value_text(open_mark))}" data-kind="{escape(str(open_mark.get("kind")))}" '
                f'aria-label="{escape(title)}">'
            )
    return Markup("".join(out))


def _tip(metric: dict[str, Any]) -> str:
    rows = "".join(
        f'<span class="k">{escape(k)}</span><span class="v">{escape(v)}</span>' for k, v in metric_tip(metric)
    )
    return f'<span class="tip" role="tooltip">{rows}</span>'
