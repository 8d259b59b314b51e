"""Metric extraction: every quantity of a report body as a ``Metric`` (rules: METRICS.md).

One pass of precompiled regexes finds candidate quantities (number, multiplier, unit and
glued qualifier words); rules in ``metric_rules`` drop dates, ordinals, codes, names and
thresholds; each survivor gets its value, canonical unit (``units``), qualifier, kind, subject
(``metric_subjects``), period (``periods``) and sentence. Flattened tables are read by
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
from transforms.found import clause_start as _clause_start
from transforms.indicators import indicator_for
from transforms.metric_subjects import assign_respective_subjects, assign_subjects, connected
from transforms.metric_tables import find_table_cells, table_growth_columns, table_periods
from transforms.numbers import multiplier_value, parse_arabic, parse_chinese
from transforms.periods import period_before, period_spans
from transforms.records import Metric
from transforms.subjects import starts_with_predicate
from transforms.types import Kind, Qualifier
from transforms.vocab import CJK_RE


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRE = _alt(R.QUALIFIER_BEFORE)
_POST = _alt(R.QUALIFIER_AFTER)
_NUM = rf"(?P<ar>{R.ARABIC_NUMBER})|(?P<cn>{R.CHINESE_NUMBER})"

QUANTITY_RE = re.compile(
    rf"(?P<pre>{_PRE})?(?P<sign>[-－](?=[0-9０-９]))?(?:{_NUM})(?P<q1>[余多])?"
    # one space between an Arabic number and its unit, as PDF/HTML text often has (增长 6.8 %, 完成 3 个)
    rf"(?:(?<=[0-9０-９]) (?=(?:{_MULT})?(?:{_UNIT})))?"
    rf"(?P<mult>{_MULT})?(?P<q2>[余多])?(?P<unit>{_UNIT})?(?P<post>{_POST})?"
)
_PERCENT_POST = _alt(w for w in R.QUALIFIER_AFTER if w not in ("多", "内", "上下"))
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
_SENTENCE_SPLIT_RE = re.compile(f"[{re.escape(R.SENTENCE_END)}]")
_CJK_RE = CJK_RE
_UNIT_BLOCKERS = {u: re.compile(f"[{chars}]") for u, chars in R.UNIT_NOT_FOLLOWED_BY.items()}
_COMPARISON = rf"{_alt(R.COMPARISON_WORDS)}|{R.COMPARISON_EXTRA}"
_GROWTH_UP_RE = re.compile(rf"(?:{_COMPARISON})?(?:{_alt(R.GROWTH_UP_WORDS)}){R.GROWTH_GLUE}$")
_GROWTH_DOWN_RE = re.compile(rf"(?:{_COMPARISON})?(?:{_alt(R.GROWTH_DOWN_WORDS)}){R.GROWTH_GLUE}$")
_COMPARED_RE = re.compile(
    rf"(?:{_COMPARISON})[^，,。；;]{{0,4}}(?:{_alt(R.GROWTH_UP_WORDS + R.GROWTH_DOWN_WORDS)}){R.GROWTH_GLUE}$"
)
_NOT_POSTPOSED_BEFORE = "的是第每这那各前后了"


def is_target_wording(sentence: str, *, in_review: bool = False) -> bool:
    """Does the sentence word its figures as a goal (计划, 力争, 目标, 预计, 将, 拟 ...)?

    ``in_review``: the sentence stands in a section reviewing the past year, where only
    unmistakable goal words count.
    """
    return bool((R.REVIEW_TARGET_RE if in_review else R.TARGET_RE).search(sentence or ""))


def clean_value(value: float) -> float:
    """The value without binary floating-point noise: 9.8亿 is 980000000, not 980000000.0000001.
    Twelve significant digits keep every figure a report can write."""
    return float(f"{value:.12g}")


def extract_metrics(text: str) -> list[Metric]:
    """Every metric of ``text``, sorted by ``char_start``; offsets index ``text`` itself."""
    if not text:
        return []
    quotes = _short_quote_spans(text)
    found = _find_ranks(text) + _find_percent_words(text) + _find_quantities(text) + find_table_cells(text)
    found = _drop_overlaps(found)
    found = _drop_group_bounds(text, found)
    found = [f for f in found if not _inside(quotes, f.num_start)]
    table_growth_columns(text, found)
    table_periods(text, found)
    _extend_growth_runs(text, found)
    assign_subjects(text, found)
    assign_respective_subjects(text, found)
    return _to_metrics(text, found)


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
    for m in RANK_RE.finditer(text):
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
    found = []
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
        kind, value = _kind_and_sign(text, m.start(), "%", value)
        found.append(_Found(m.start(), m.end(), value, "%", qualifier, kind, num_start, unit_end))
    return found


def _find_quantities(text: str) -> list[_Found]:
    found = []
    for m in QUANTITY_RE.finditer(text):
        f = _quantity(text, m)
        if f is not None:
            found.append(f)
            start = f.start == f.num_start and R.RANGE_TO_START_RE.search(text, max(0, f.start - 5), f.start)
            if start:
                found.append(_range_start(text, start, f))
    return found


def _range_start(text: str, m: re.Match, upper: _Found) -> _Found:
    """3至5个: the bare start of a range, with the unit of its upper end."""
    num = m.group("num")
    value = parse_arabic(num) if num[0] in "0123456789０１２３４５６７８９" else parse_chinese(num)
    start, end = m.start("num"), m.end("num")
    kind, value = _kind_and_sign(text, start, upper.unit, value)
    return _Found(start, end, value, upper.unit, "exact", kind, start, end)


def _quantity(text: str, m: re.Match) -> _Found | None:
    """One regex match -> a candidate, or None when a rule says it is not a metric."""
    ar, cn = m.group("ar"), m.group("cn")
    num_start, num_end = m.start("ar" if ar else "cn"), m.end("ar" if ar else "cn")
    unit, mult = m.group("unit"), m.group("mult")
    q_inside = m.group("q1") or m.group("q2")
    unit_end = (
        m.end("unit")
        if unit
        else m.end("q2")
        if m.group("q2")
        else m.end("mult")
        if mult
        else m.end("q1")
        if m.group("q1")
        else num_end
    )
    if unit and _unit_blocked(text, unit, unit_end):
        unit, unit_end = None, (m.start("unit"))
    sign = -1.0 if m.group("sign") else 1.0
    range_upper = sign < 0 and bool(_FIGURE_END_RE.search(text, max(0, m.start("sign") - 16), m.start("sign")))
    if range_upper:
        sign = 1.0  # 6%-8%: the upper end of a range, not a negative figure
    elif sign < 0:
        prev = text[m.start("sign") - 1] if m.start("sign") > 0 else ""
        if prev.isalnum() and not _CJK_RE.match(prev) or prev in "-－/·.":
            return None  # 1-10月, A-23: a range or code, not a minus sign
    elif _looks_like_code(text, num_start, num_end, latin_unit=bool(unit and unit[0].isascii())):
        return None
    if ar and _is_masked(text, num_start, num_end):
        return None
    if _not_an_amount_here(text, m, sign, num_start, unit, unit_end):
        return None
    try:
        base = parse_arabic(ar) if ar else parse_chinese(cn)
    except ValueError:
        return None
    value = sign * base * multiplier_value(mult)
    if _defines_a_group(text, m, unit_end):
        return None
    if cn and not _chinese_numeral_is_quantity(text, m, cn, base, unit, q_inside, unit_end):
        return None
    if not unit:
        if not mult or q_inside == "多" and not ar:
            return None
        unit = units.BARE_MONEY_UNIT if _money_context(text, m.start()) else ""
    canonical = R.UNIT_CANONICAL.get(unit, unit)
    if canonical == "年" and (value >= 1000 or (cn and len(cn) >= 3 and not mult)):
        return None  # a year (2021年, 二〇二一年), not an amount of time
    end, post_q = _post_qualifier(text, m, canonical, unit_end)
    if canonical in R.DURATION_UNITS and _describes_a_noun(text, end):
        return None
    start = m.end("sign") if range_upper else m.start()
    if unit in R.OVER_UNITS:
        q_inside = "多"  # 3个多月
    qualifier = (
        R.QUALIFIER_BEFORE.get(m.group("pre") or "") or R.QUALIFIER_INSIDE.get(q_inside or "") or post_q or "exact"
    )
    kind, value = _kind_and_sign(text, start, canonical, value)
    return _Found(start, end, value, canonical, qualifier, kind, num_start, unit_end)


def _not_an_amount_here(text: str, m: re.Match, sign: float, num_start: int, unit: str | None, unit_end: int) -> bool:
    """The number is the end of a range, an ordinal, a rate's denominator, a print run, part of an
    address or a radius: no amount, whatever its unit."""
    mult = m.group("mult")
    if (
        sign > 0
        and R.RANGE_BEFORE_RE.search(text, max(0, num_start - 3), num_start)
        and (
            mult or not unit or m.group("pre") or not R.RANGE_TO_START_RE.search(text, max(0, num_start - 5), num_start)
        )
    ):
        return True  # the upper end of 30至50万元: a range, not an amount (3至5个 is kept, both ends)
    before = text[num_start - 1] if num_start > 0 and not m.group("pre") and not m.group("sign") else ""
    if before in R.ORDINAL_BEFORE or before in R.RATE_BEFORE:
        return True
    if unit == "份" and R.PRINT_RUN_BEFORE_RE.search(text, max(0, num_start - 4), num_start):
        return True
    if before in R.ADDRESS_BEFORE and (unit or "") in R.ADDRESS_UNITS:
        return True
    return bool(R.THRESHOLD_AFTER_RE.match(text, unit_end) and unit in R.RADIUS_UNITS)


def _defines_a_group(text: str, m: re.Match, unit_end: int) -> bool:
    """A threshold or floor that says which things are meant, not how many: 50万元以上的村,
    10亿元以上项目2个, 超50万元的村达到6个."""
    if m.group("post") in ("以上", "以下") and (
        text.startswith("的", m.end("post")) or _names_a_group(text, m.end("post"))
    ):
        return True  # 50万元以上的村, 10亿元以上项目2个: a threshold that defines a group
    return bool(
        R.QUALIFIER_BEFORE.get(m.group("pre") or "") in R.THRESHOLD_PRE_QUALIFIERS
        and text.startswith("的", unit_end)
        and _CJK_RE.match(text[unit_end + 1 : unit_end + 2] or " ")
    )  # 超50万元的村达到6个: a floor that defines a group


def _names_a_group(text: str, end: int) -> bool:
    """10亿元以上项目: a noun right after 以上/以下 (not a predicate) is the group it bounds."""
    nxt = text[end : end + 1]
    return bool(nxt) and bool(_CJK_RE.match(nxt)) and not starts_with_predicate(text[end : end + 6])


def _describes_a_noun(text: str, end: int) -> bool:
    """24小时值班 / 3年行动计划 / 14天的隔离: a duration used as an attribute of what follows."""
    nxt = text[end : end + 1]
    return bool(nxt) and (nxt == "的" or bool(_CJK_RE.match(nxt)) and not starts_with_predicate(text[end : end + 6]))


def _unit_blocked(text: str, unit: str, unit_end: int) -> bool:
    blocker = _UNIT_BLOCKERS.get(unit)
    return bool(blocker and unit_end < len(text) and blocker.match(text[unit_end]))


def _is_masked(text: str, num_start: int, num_end: int) -> bool:
    """1X.X亿元, 5**万元, X5%: digits with a mask character glued on are a masked figure."""
    before = text[num_start - 1] if num_start > 0 else ""
    after = text[num_end] if num_end < len(text) else ""
    if after in ".．" and num_end + 1 < len(text):
        after = text[num_end + 1]
    return bool(before and before in R.MASK_CHARS or after and after in R.MASK_CHARS)


def _looks_like_code(text: str, num_start: int, num_end: int, latin_unit: bool = False) -> bool:
    """CY203-B07, 3·5, 2024/2/3, 17:22, 3.0.1, 3-5年: digits touching code characters."""
    prev = text[num_start - 1] if num_start > 0 else ""
    if prev and (prev.isascii() and prev.isalnum() or prev in R.CODE_CHARS_BEFORE or prev in "０１２３４５６７８９"):
        return True
    if R.CODE_CHARS_AFTER_RE.match(text, num_end) and not (latin_unit and text[num_end].isalpha()):
        return True
    return bool(R.RANGE_AFTER_RE.match(text, num_end))


def _chinese_numeral_is_quantity(text, m, cn, base, unit, q_inside, unit_end) -> bool:
    """Chinese numerals are mostly names and set phrases (一是, 三服务, 五周年, 两委);
    count them only with strong evidence: 百余个, 两千人, 二十个, or a postposed count
    closing its clause (在建项目四个,)."""
    if m.group("pre") and cn in ("百", "千", "万") and unit:
        return True  # 近千人, 超万户: a round figure with its qualifier
    if not unit:
        return bool(m.group("mult")) and bool(q_inside)
    if len(cn) > 1 and all(c in "零〇一二两三四五六七八九" for c in cn):
        return False  # 三四个 (3 or 4), 二〇二一
    name_prone = unit in R.CHINESE_NUMERAL_NAME_UNITS
    if q_inside:
        return True
    if unit == "倍" and _GROWTH_UP_RE.search(text, max(0, m.start() - 12), m.start()):
        return True  # 外贸出口增长一倍: a multiple after a change word
    if len(cn) >= 2 and any(c in cn for c in "百千万亿") and not name_prone:
        return True
    if len(cn) >= 2 and base >= 11 and not name_prone:
        return True
    start = m.start()
    prev = text[start - 1] if start > 0 else ""
    nxt = text[unit_end] if unit_end < len(text) else ""
    if cn == "一" or name_prone and len(cn) < 2:
        return False  # 三期, 五组: a short numeral before a name-prone unit is a name
    if text.endswith(R.PARTITIVE_BEFORE, max(0, start - 4), start):
        return True  # 其中三个由…改造: a part of the figure before it
    return (
        (bool(_CJK_RE.match(prev)) or prev in R.QUOTE_CLOSERS)  # 新建“志愿驿站”九个
        and prev not in _NOT_POSTPOSED_BEFORE
        and (nxt == "" or nxt in "，,。；;、（()）\n！？!?")
    )


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


def _money_context(text: str, start: int) -> bool:
    clause_start = _clause_start(text, start)
    return bool(R.MONEY_CONTEXT_RE.search(text, clause_start, start))


def _kind_and_sign(text: str, start: int, unit: str, value: float) -> tuple[Kind, float]:
    """The kind of a figure from its unit and the change words right before it."""
    before = text[max(0, start - 13) : start].rstrip(" ")  # 同比增长 6.8 %
    if _GROWTH_DOWN_RE.search(before):
        return "growth", -abs(value)  # a decrease is a change whatever the unit (发案数下降15起)
    compared = bool(_COMPARED_RE.search(before))
    if unit in R.PERCENT_UNITS or unit in R.CHANGE_UNITS or compared:
        if _GROWTH_UP_RE.search(before):
            return "growth", value
        if unit in R.CHANGE_UNITS:
            return "growth", value
    if unit in R.CURRENCY_UNITS:
        return "money", value
    if unit in R.PERCENT_UNITS:
        return "ratio", value
    if unit in R.MEASURE_UNITS:
        return "measure", value
    return "count", value


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


def _extend_growth_runs(text: str, found: list[_Found]) -> None:
    """增长15%和12%: the second share is a change too, with the same sign."""
    for i in range(1, len(found)):
        a, b = found[i - 1], found[i]
        if a.kind == "growth" and b.unit == a.unit and b.kind == "ratio" and connected(text, a, b):
            b.kind = "growth"
            b.value = -abs(b.value) if a.value < 0 else b.value


# --- records -----------------------------------------------------------------------


def _sentence_bounds(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_SPLIT_RE.finditer(text)]


def _to_metrics(text: str, found: list[_Found]) -> list[Metric]:
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
            cache[s_start] = (sentence, period_spans(raw), is_target_wording(sentence), raw)
        sentence, spans, target, raw = cache[s_start]
        metrics.append(
            Metric(
                mention=text[f.start : f.end],
                value=clean_value(f.value),
                unit=f.unit,
                qualifier=f.qualifier,
                kind=f.kind,
                subject=f.subject or None,
                period=f.period or period_before(spans, f.start - s_start, raw),
                sentence=sentence or text[f.start : f.end],
                char_start=f.start,
                char_end=f.end,
                target_cue=target,
                indicator=indicator_for(f.subject or None, f.kind),
            )
        )
    return metrics
