"""Metric extraction: every quantity of a report body as a ``Metric`` (rules: METRICS.md).

One pass of precompiled regexes finds candidate quantities (number, multiplier, unit and
glued qualifier words); rules in ``metric_rules`` drop dates, ordinals, codes, names and
thresholds (``metric_exclusions``); each survivor gets its value, canonical unit (``units``),
qualifier, kind (``metric_kinds``), subject (``metric_subjects``), period (``periods``) and sentence. Flattened tables are read by
``metric_tables``. Offsets refer to the text given, and
``text[char_start:char_end] == mention`` always.
"""

from __future__ import annotations

import bisect
import re

from transforms import metric_rules as R
from transforms import units
from transforms.found import MULT as _MULT
from transforms.found import UNIT as _UNIT
from transforms.found import Found as _Found
from transforms.found import alternation
from transforms.indicators import indicator_for
from transforms.metric_exclusions import (
    chinese_numeral_is_quantity,
    defines_a_group,
    describes_a_noun,
    is_masked,
    looks_like_code,
    not_an_amount_here,
    unit_blocked,
)
from transforms.metric_kinds import extend_growth_runs, kind_and_sign, money_context
from transforms.metric_patterns import ends_in, guarded
from transforms.metric_subjects import assign_respective_subjects, assign_subjects
from transforms.metric_tables import find_table_cells, table_growth_columns, table_periods
from transforms.numbers import multiplier_value, parse_arabic, parse_chinese
from transforms.periods import period_before, period_spans
from transforms.records import Metric
from transforms.types import Qualifier
from transforms.vocab import CJK_RE

_PRE = alternation(R.QUALIFIER_BEFORE)
_POST = alternation(R.QUALIFIER_AFTER)
_NUM = rf"(?P<ar>{R.ARABIC_NUMBER})|(?P<cn>{R.CHINESE_NUMBER})"

QUANTITY_RE = re.compile(
    rf"(?P<pre>{_PRE})?(?P<sign>[-－](?=[0-9０-９]))?(?:{_NUM})(?P<q1>[余多])?"
    # one space between an Arabic number and its unit, as PDF/HTML text often has (增长 6.8 %, 完成 3 个)
    rf"(?:(?<=[0-9０-９]) (?=(?:{_MULT})?(?:{_UNIT})))?"
    rf"(?P<mult>{_MULT})?(?P<q2>[余多])?(?P<unit>{_UNIT})?(?P<post>{_POST})?"
)
_QUANTITIES = guarded(QUANTITY_RE)
_RANGE_TO_START_ENDS = ends_in(R.RANGE_TO_START_RE)
_PERCENT_POST = alternation(w for w in R.QUALIFIER_AFTER if w not in ("多", "内", "上下"))
PERCENT_WORD_RE = re.compile(
    rf"(?P<pre>{_PRE})?百分之(?:(?P<ar>{R.ARABIC_NUMBER})|(?P<cn>[零〇一二两三四五六七八九十百点]+))(?P<post>{_PERCENT_POST})?"
)
# The end of a figure right before a dash: 增长6%-8%, 5万-8万元 (the dash is a range, not a minus).
_FIGURE_END_RE = re.compile(rf"(?:{R.ARABIC_NUMBER})[余多]?(?:{_MULT})?(?:{_UNIT})$")
_RANK_NUM = r"(?P<num>[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})"
RANK_RE = re.compile(
    rf"{R.RANK_CUE}(?P<mention>第{_RANK_NUM}(?P<unit>位|名)?{R.RANK_NOT_FOLLOWED_BY}|(?P<first>首位))"
    rf"|{R.RANK_AWARD_CUE}(?P<award>第(?P<anum>[0-9０-９]{{1,3}}|[一二三四五六七八九十]{{1,3}})[名位])"
)
_RANKS = guarded(RANK_RE)
_GOAL = guarded(R.TARGET_RE)  # (goal words open with look-behinds: tried only where one can start)
_REVIEW_GOAL = guarded(R.REVIEW_TARGET_RE)
_SENTENCE_SPLIT_RE = re.compile(f"[{re.escape(R.SENTENCE_END)}]")


def is_target_wording(sentence: str, *, in_review: bool = False) -> bool:
    """Does the sentence word its figures as a goal (计划, 力争, 目标, 预计, 将, 拟 ...)?

    ``in_review``: the sentence stands in a section reviewing the past year, where only
    unmistakable goal words count.
    """
    return bool((_REVIEW_GOAL if in_review else _GOAL).search(sentence or ""))


def clean_value(value: float) -> float:
    """The value without binary floating-point noise: 9.8亿 is 980000000, not 980000000.0000001.
    Twelve significant digits keep every figure a report can write."""
    if type(value) is float and value.is_integer() and -1e12 < value < 1e12:
        return value  # a whole number of at most twelve digits has no noise (most figures)
    return float(f"{value:.12g}")


def extract_metrics(text: str) -> list[Metric]:
    """Every metric of ``text``, sorted by ``char_start``; offsets index ``text`` itself."""
    return [Metric(**fields) for fields in metric_fields(text)]


def metric_fields(text: str, *, target_cue: bool = True) -> list[dict]:
    """``extract_metrics`` as dicts of each metric's fields, in field order (``row_of`` of each
    ``Metric``): table rows are built from them without a record in between. Without
    ``target_cue`` that field is left out (the table has no such column)."""
    if not text:
        return []
    quotes = _short_quote_spans(text)
    found = _find_ranks(text) + _find_percent_words(text) + _find_quantities(text) + find_table_cells(text)
    found = _drop_overlaps(found)
    found = _drop_group_bounds(text, found)
    found = [f for f in found if not _inside(quotes, f.num_start)]
    table_growth_columns(text, found)
    table_periods(text, found)
    extend_growth_runs(text, found)
    assign_subjects(text, found)
    assign_respective_subjects(text, found)
    return _to_fields(text, found, target_cue)


# --- candidates --------------------------------------------------------------------


def _short_quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in R.SHORT_QUOTE_PATTERN.finditer(text)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] < offset < spans[i][1]


def _drop_group_bounds(text: str, found: list[_Found]) -> list[_Found]:
    """有8个小区物业费收缴率不足60%: a bound right after "有 + count + noun" in the same clause
    says which things are counted (a threshold), it measures nothing itself."""
    kept: list[_Found] = []
    for f in found:
        g = kept[-1] if kept else None
        if (
            g is not None
            and g.kind == "count"
            and 0 < f.start - g.end <= 20
            and not any(c in R.CLAUSE_SEP for c in text[g.end : f.start])
            and R.GROUP_HEAD_RE.search(text, max(0, g.start - 3), g.start)
            and (
                f.qualifier in R.THRESHOLD_PRE_QUALIFIERS
                and f.num_start > f.start
                or R.BOUND_BEFORE_RE.search(text, max(0, f.start - 2), f.start)
            )
        ):
            continue
        kept.append(f)
    return kept


def _find_ranks(text: str) -> list[_Found]:
    found = []
    for m in _RANKS.finditer(text):
        group = "award" if m.group("award") else "mention"
        if m.group("first"):
            value = 1.0
        else:
            num = m.group("num") or m.group("anum")
            try:
                value = (
                    parse_arabic(num) if num[0].isdigit() or num[0] in "０１２３４５６７８９" else parse_chinese(num)
                )
            except ValueError:
                continue
        start, end = m.start(group), m.end(group)
        found.append(_Found(start, end, value, units.RANK_UNIT, "exact", "rank", start, end))
    return found


def _find_percent_words(text: str) -> list[_Found]:
    found: list[_Found] = []
    if "百分之" not in text:
        return found  # (most reports: no scan)
    for m in PERCENT_WORD_RE.finditer(text):
        try:
            if m.group("ar"):
                value = parse_arabic(m.group("ar"))
            else:
                whole, _, frac = m.group("cn").partition("点")
                value = parse_chinese(whole) + (
                    float("0." + "".join(str(int(parse_chinese(c))) for c in frac)) if frac else 0.0
                )
        except (ValueError, KeyError):
            continue
        post = m.group("post")
        qualifier = R.QUALIFIER_BEFORE.get(m.group("pre") or "") or R.QUALIFIER_AFTER.get(post or "") or "exact"
        num_start = m.start() + len(m.group("pre") or "")
        unit_end = m.start("post") if post else m.end()
        kind, value = kind_and_sign(text, m.start(), "%", value)
        found.append(_Found(m.start(), m.end(), value, "%", qualifier, kind, num_start, unit_end))
    return found


def _find_quantities(text: str) -> list[_Found]:
    found = []
    for m in _QUANTITIES.finditer(text):
        f = _quantity(text, m)
        if f is not None:
            found.append(f)
            start = (
                f.start == f.num_start
                and text[f.start - 1 : f.start] in _RANGE_TO_START_ENDS
                and R.RANGE_TO_START_RE.search(text, max(0, f.start - 5), f.start)
            )
            if start:
                found.append(_range_start(text, start, f))
    return found


def _range_start(text: str, m: re.Match, upper: _Found) -> _Found:
    """3至5个: the bare start of a range, with the unit of its upper end."""
    num = m.group("num")
    value = parse_arabic(num) if num[0] in "0123456789０１２３４５６７８９" else parse_chinese(num)
    start, end = m.start("num"), m.end("num")
    kind, value = kind_and_sign(text, start, upper.unit, value)
    return _Found(start, end, value, upper.unit, "exact", kind, start, end)


def _quantity(text: str, m: re.Match) -> _Found | None:
    """One regex match -> a candidate, or None when a rule says it is not a metric."""
    pre, dash, ar, cn, q1, mult, q2, unit, post = m.group("pre", "sign", "ar", "cn", "q1", "mult", "q2", "unit", "post")
    num_start, num_end = m.span("ar" if ar else "cn")
    q_inside = q1 or q2
    unit_end = _unit_end(m, unit, q2, mult, q1, num_end)
    if unit and unit_blocked(text, unit, unit_end):
        unit, unit_end = None, (m.start("unit"))
    signed = _sign(text, m) if dash else (1.0, False)
    if signed is None:
        return None
    sign, range_upper = signed
    if not dash and looks_like_code(text, num_start, num_end, latin_unit=bool(unit and unit[0].isascii())):
        return None
    if ar and is_masked(text, num_start, num_end):
        return None
    if not_an_amount_here(text, m, sign, num_start, unit, unit_end):
        return None
    try:
        base = parse_arabic(ar) if ar else parse_chinese(cn)
    except ValueError:
        return None
    value = sign * base * multiplier_value(mult)
    if (pre or post) and defines_a_group(text, m, unit_end):  # (a bound needs a word before or after)
        return None
    if cn and not chinese_numeral_is_quantity(text, m, cn, base, unit, q_inside, unit_end):
        return None
    if not unit:
        if not mult or q_inside == "多" and not ar:
            return None
        unit = units.BARE_MONEY_UNIT if money_context(text, m.start()) else ""
    canonical = R.UNIT_CANONICAL.get(unit, unit)
    if canonical == "年" and (value >= 1000 or (cn and len(cn) >= 3 and not mult)):
        return None  # a year (2021年, 二〇二一年), not an amount of time
    end, post_q = _post_qualifier(text, m, canonical, unit_end) if post else (unit_end, None)
    if canonical in R.DURATION_UNITS and describes_a_noun(text, end):
        return None
    start = m.end("sign") if range_upper else m.start()
    if unit in R.OVER_UNITS:
        q_inside = "多"  # 3个多月
    qualifier = R.QUALIFIER_BEFORE.get(pre or "") or R.QUALIFIER_INSIDE.get(q_inside or "") or post_q or "exact"
    kind, value = kind_and_sign(text, start, canonical, value)
    return _Found(start, end, value, canonical, qualifier, kind, num_start, unit_end)


def _unit_end(m: re.Match, unit: str | None, q2: str | None, mult: str | None, q1: str | None, num_end: int) -> int:
    """Where the figure ends: after its unit, else its qualifier, multiplier or number (the groups,
    as read from ``m``)."""
    if unit:
        return m.end("unit")
    if q2:
        return m.end("q2")
    if mult:
        return m.end("mult")
    return m.end("q1") if q1 else num_end


def _sign(text: str, m: re.Match) -> tuple[float, bool] | None:
    """The figure's sign, and whether its dash is a range's (6%-8%: the upper end, not a negative
    figure); None when the dash makes it a range or code (1-10月, A-23), not a figure."""
    if not m.group("sign"):
        return 1.0, False
    if _FIGURE_END_RE.search(text, max(0, m.start("sign") - 16), m.start("sign")):
        return 1.0, True
    prev = text[m.start("sign") - 1] if m.start("sign") > 0 else ""
    if prev.isalnum() and not CJK_RE.match(prev) or prev in "-－/·.":
        return None
    return -1.0, False


def _post_qualifier(text: str, m: re.Match, unit: str, unit_end: int) -> tuple[int, Qualifier | None]:
    """A qualifier word after the unit (100人以上, 20天内), if it may count here."""
    post = m.group("post")
    if not post or m.start("post") != unit_end:
        return unit_end, None
    if post in ("内", "以内", "多") and unit not in R.UNDER_AFTER_UNITS:
        return unit_end, None
    after = text[m.end("post")] if m.end("post") < len(text) else ""
    if post in R.QUALIFIER_AFTER_NEEDS_END and after and after not in "，,。；;！？!?\n":
        return unit_end, None
    return m.end("post"), R.QUALIFIER_AFTER[post]


def _drop_overlaps(found: list[_Found]) -> list[_Found]:
    """Keep the first-found of overlapping candidates (ranks, then 百分之, then the rest)."""
    kept: list[_Found] = []
    starts: list[int] = []  # sorted starts of kept spans, and their ends alongside
    ends: list[int] = []
    for f in found:
        k = bisect.bisect_left(starts, f.end)
        # spans are disjoint, so only the kept span starting right before f.end can overlap
        if k > 0 and ends[k - 1] > f.start:
            continue
        starts.insert(k, f.start)
        ends.insert(k, f.end)
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


# --- records -----------------------------------------------------------------------


def _sentence_bounds(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_SPLIT_RE.finditer(text)]


def _to_fields(text: str, found: list[_Found], with_target_cue: bool) -> list[dict]:
    ends = _sentence_bounds(text)
    metrics = []
    cache: dict[int, tuple[str, list, bool, str]] = {}
    for f in found:
        k = bisect.bisect_right(ends, f.start)
        s_start = ends[k - 1] if k > 0 else 0
        s_end = ends[k] if k < len(ends) else len(text)
        if s_start not in cache:
            raw = text[s_start:s_end]
            sentence = raw.strip()
            cache[s_start] = (sentence, period_spans(raw), with_target_cue and is_target_wording(sentence), raw)
        sentence, spans, target, raw = cache[s_start]
        fields = {  # the fields of Metric, in its order
            "mention": text[f.start : f.end],
            "value": clean_value(f.value),
            "unit": f.unit,
            "qualifier": f.qualifier,
            "kind": f.kind,
            "subject": f.subject or None,
            "period": f.period or period_before(spans, f.start - s_start, raw),
            "sentence": sentence or text[f.start : f.end],
            "char_start": f.start,
            "char_end": f.end,
            "target_cue": target,
            "indicator": indicator_for(f.subject or None, f.kind),
        }
        if not with_target_cue:
            del fields["target_cue"]
        metrics.append(fields)
    return metrics
