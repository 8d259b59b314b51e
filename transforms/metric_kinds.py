"""The kind and sign of a figure: money, ratio, measure, count, or a growth (METRICS.md "Kinds").

The unit decides, except that a change word right before a share or a multiple (增长, 下降, 同比 ...)
makes it a growth, and a decrease word makes any figure a negative growth. Words: ``metric_rules``.
"""

from __future__ import annotations

import re

from transforms import metric_rules as R
from transforms.found import Found as _Found
from transforms.found import alternation
from transforms.found import clause_start as _clause_start
from transforms.metric_patterns import ends_in
from transforms.metric_subjects import connected
from transforms.types import Kind

_COMPARISON = rf"{alternation(R.COMPARISON_WORDS)}|{R.COMPARISON_EXTRA}"
GROWTH_UP_RE = re.compile(rf"(?:{_COMPARISON})?(?:{alternation(R.GROWTH_UP_WORDS)}){R.GROWTH_GLUE}$")
_GROWTH_DOWN_RE = re.compile(rf"(?:{_COMPARISON})?(?:{alternation(R.GROWTH_DOWN_WORDS)}){R.GROWTH_GLUE}$")
_COMPARED_RE = re.compile(
    rf"(?:{_COMPARISON})[^，,。；;]{{0,4}}(?:{alternation(R.GROWTH_UP_WORDS + R.GROWTH_DOWN_WORDS)}){R.GROWTH_GLUE}$"
)

# The characters these three can end with: most figures follow none, and skip the regexes.
_CHANGE_WORD_ENDS = ends_in(GROWTH_UP_RE, _GROWTH_DOWN_RE, _COMPARED_RE)


def money_context(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of money (投资, 收入 ...), so that a bare 万/亿 is 元?"""
    clause_start = _clause_start(text, start)
    return bool(R.MONEY_CONTEXT_RE.search(text, clause_start, start))


def kind_and_sign(text: str, start: int, unit: str, value: float) -> tuple[Kind, float]:
    """The kind of a figure from its unit and the change words right before it."""
    before = text[max(0, start - 13) : start].rstrip(" ")  # 同比增长 6.8 %
    words = before[-1:] in _CHANGE_WORD_ENDS  # False: no change word ends right before (most figures)
    if words and _GROWTH_DOWN_RE.search(before):
        return "growth", -abs(value)  # a decrease is a change whatever the unit (发案数下降15起)
    compared = words and bool(_COMPARED_RE.search(before))
    if unit in R.PERCENT_UNITS or unit in R.CHANGE_UNITS or compared:
        if words and GROWTH_UP_RE.search(before):
            return "growth", value
        if unit in R.CHANGE_UNITS:
            return "growth", value
    return unit_kind(unit), value


def unit_kind(unit: str) -> Kind:
    """The kind a figure's unit gives it when nothing says it is a change: money, ratio, measure or count."""
    if unit in R.CURRENCY_UNITS:
        return "money"
    if unit in R.PERCENT_UNITS:
        return "ratio"
    if unit in R.MEASURE_UNITS:
        return "measure"
    return "count"


def extend_growth_runs(text: str, found: list[_Found]) -> None:
    """增长15%和12%: the second share is a change too, with the same sign."""
    for i in range(1, len(found)):
        a, b = found[i - 1], found[i]
        if a.kind == "growth" and b.unit == a.unit and b.kind == "ratio" and connected(text, a, b):
            b.kind = "growth"
            b.value = -abs(b.value) if a.value < 0 else b.value
