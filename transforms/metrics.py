"""Metric extraction: every quantity of a report body as a ``Metric`` (rules: METRICS.md).

One pass of precompiled regexes finds candidate quantities (number, multiplier, unit and
glued qualifier words); rules in ``metric_rules`` drop dates, ordinals, codes, names and
thresholds; each survivor gets its value, canonical unit, qualifier, kind, subject
(``subjects``), period (``periods``) and sentence. Offsets refer to the text given, and
``text[char_start:char_end] == mention`` always.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from transforms import metric_rules as R
from transforms.indicators import indicator_for
from transforms.numbers import multiplier_value, parse_arabic, parse_chinese
from transforms.periods import period_before, period_spans
from transforms.records import Metric
from transforms.subjects import (
    clean_postposed,
    clean_prenominal,
    is_modifier_only,
    next_figure_follows,
    prenominal_run,
    starts_with_predicate,
)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRE = _alt(R.QUALIFIER_BEFORE)
_MULT = r"万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米克瓦])|百(?!分)"
_UNIT = _alt(R.UNIT_WORDS)
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
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_UNIT_BLOCKERS = {u: re.compile(f"[{chars}]") for u, chars in R.UNIT_NOT_FOLLOWED_BY.items()}
_COMPARISON = rf"{_alt(R.COMPARISON_WORDS)}|{R.COMPARISON_EXTRA}"
_GROWTH_UP_RE = re.compile(rf"(?:{_COMPARISON})?(?:{_alt(R.GROWTH_UP_WORDS)}){R.GROWTH_GLUE}$")
_GROWTH_DOWN_RE = re.compile(rf"(?:{_COMPARISON})?(?:{_alt(R.GROWTH_DOWN_WORDS)}){R.GROWTH_GLUE}$")
_COMPARED_RE = re.compile(rf"(?:{_COMPARISON})[^，,。；;]{{0,4}}(?:{_alt(R.GROWTH_UP_WORDS + R.GROWTH_DOWN_WORDS)}){R.GROWTH_GLUE}$")
_NOT_POSTPOSED_BEFORE = "的是第每这那各前后了"


@dataclass
class _Found:
    """A quantity that passed the exclusion rules, before subjects and periods."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    kind: str
    num_start: int  # where the digits start (after a qualifier word)
    unit_end: int  # end of number + unit, before a qualifier word after it
    subject: str | None = None
    prenominal: bool = False
    prenominal_end: int = 0
    fixed: bool = False  # subject already known (a table row's name)
    period: str | None = None  # period already known (a table column's year)


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
    found = _find_ranks(text) + _find_percent_words(text) + _find_quantities(text) + _find_table_cells(text)
    found = _drop_overlaps(found)
    found = _drop_group_bounds(text, found)
    found = [f for f in found if not _inside(quotes, f.num_start)]
    _table_growth_columns(text, found)
    _table_periods(text, found)
    _extend_growth_runs(text, found)
    _assign_subjects(text, found)
    _assign_respective_subjects(text, found)
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
            and not any(c in R.CLAUSE_SEP for c in text[g.end:f.start])
            and R.GROUP_HEAD_RE.search(text, max(0, g.start - 3), g.start)
            and (f.qualifier in R.THRESHOLD_PRE_QUALIFIERS and f.num_start > f.start
                 or R.BOUND_BEFORE_RE.search(text, max(0, f.start - 2), f.start))
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
                value = parse_arabic(num) if num[0].isdigit() or num[0] in "０１２３４５６７８９" else parse_chinese(num)
            except ValueError:
                continue
        start, end = m.start(group), m.end(group)
        found.append(_Found(start, end, value, "位", "exact", "rank", start, end))
    return found


def _find_percent_words(text: str) -> list[_Found]:
    found = []
    for m in PERCENT_WORD_RE.finditer(text):
        try:
            if m.group("ar"):
                value = parse_arabic(m.group("ar"))
            else:
                whole, _, frac = m.group("cn").partition("点")
                value = parse_chinese(whole) + (float("0." + "".join(str(int(parse_chinese(c))) for c in frac)) if frac else 0.0)
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
    unit_end = m.end("unit") if unit else m.end("q2") if m.group("q2") else m.end("mult") if mult else m.end("q1") if m.group("q1") else num_end
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
    elif _looks_like_code(text, num_start, num_end, latin_unit=bool(unit and unit.isascii())):
        return None
    if ar and _is_masked(text, num_start, num_end):
        return None
    if sign > 0 and R.RANGE_BEFORE_RE.search(text, max(0, num_start - 3), num_start) and (
        mult or not unit or m.group("pre") or not R.RANGE_TO_START_RE.search(text, max(0, num_start - 5), num_start)
    ):
        return None  # the upper end of 30至50万元: a range, not an amount (3至5个 is kept, both ends)
    before = text[num_start - 1] if num_start > 0 and not m.group("pre") and not m.group("sign") else ""
    if before in R.ORDINAL_BEFORE or before in R.RATE_BEFORE:
        return None
    if unit == "份" and R.PRINT_RUN_BEFORE_RE.search(text, max(0, num_start - 4), num_start):
        return None
    if before in R.ADDRESS_BEFORE and (unit or "") in R.ADDRESS_UNITS:
        return None
    if R.THRESHOLD_AFTER_RE.match(text, unit_end) and unit in ("分钟", "天", "小时", "公里", "米"):
        return None
    try:
        base = parse_arabic(ar) if ar else parse_chinese(cn)
    except ValueError:
        return None
    value = sign * base * multiplier_value(mult)
    if m.group("post") in ("以上", "以下") and (
        text.startswith("的", m.end("post")) or _names_a_group(text, m.end("post"))
    ):
        return None  # 50万元以上的村, 10亿元以上项目2个: a threshold that defines a group
    if (
        R.QUALIFIER_BEFORE.get(m.group("pre") or "") in R.THRESHOLD_PRE_QUALIFIERS
        and text.startswith("的", unit_end)
        and _CJK_RE.match(text[unit_end + 1:unit_end + 2] or " ")
    ):
        return None  # 超50万元的村达到6个: a floor that defines a group
    if cn and not _chinese_numeral_is_quantity(text, m, cn, base, unit, q_inside, unit_end):
        return None
    if not unit:
        if not mult or q_inside == "多" and not ar:
            return None
        unit = "元" if _money_context(text, m.start()) else ""
    canonical = R.UNIT_CANONICAL.get(unit, unit)
    if canonical == "年" and (value >= 1000 or (cn and len(cn) >= 3 and not mult)):
        return None  # a year (2021年, 二〇二一年), not an amount of time
    end, post_q = _post_qualifier(text, m, canonical, unit_end)
    if canonical in R.DURATION_UNITS and _describes_a_noun(text, end):
        return None
    start = m.end("sign") if range_upper else m.start()
    if unit == "个多月":
        q_inside = "多"
    qualifier = R.QUALIFIER_BEFORE.get(m.group("pre") or "") or R.QUALIFIER_INSIDE.get(q_inside or "") or post_q or "exact"
    kind, value = _kind_and_sign(text, start, canonical, value)
    return _Found(start, end, value, canonical, qualifier, kind, num_start, unit_end)


def _names_a_group(text: str, end: int) -> bool:
    """10亿元以上项目: a noun right after 以上/以下 (not a predicate) is the group it bounds."""
    nxt = text[end:end + 1]
    return bool(nxt) and bool(_CJK_RE.match(nxt)) and not starts_with_predicate(text[end:end + 6])


def _describes_a_noun(text: str, end: int) -> bool:
    """24小时值班 / 3年行动计划 / 14天的隔离: a duration used as an attribute of what follows."""
    nxt = text[end:end + 1]
    return bool(nxt) and (nxt == "的" or bool(_CJK_RE.match(nxt)) and not starts_with_predicate(text[end:end + 6]))


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


def _post_qualifier(text: str, m: re.Match, unit: str, unit_end: int) -> tuple[int, str | None]:
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


_LAST_SEP_RE = re.compile(f"[{re.escape(R.CLAUSE_SEP)}][^{re.escape(R.CLAUSE_SEP)}]*$")
_LAST_END_RE = re.compile(f"[{re.escape(R.CLAUSE_END)}][^{re.escape(R.CLAUSE_END)}]*$")


def _last_mark_end(pattern: re.Pattern, text: str, offset: int, reach: int) -> int:
    """Just after the last mark of ``pattern`` before offset, looking back ``reach`` chars."""
    lo = max(0, offset - reach)
    m = pattern.search(text, lo, offset)
    return m.start() + 1 if m else lo


def _clause_start(text: str, offset: int) -> int:
    """Start of the comma-delimited clause around offset (looking back 80 chars at most)."""
    return _last_mark_end(_LAST_SEP_RE, text, offset, 80)


def _kind_and_sign(text: str, start: int, unit: str, value: float) -> tuple[str, float]:
    """The kind of a figure from its unit and the change words right before it."""
    before = text[max(0, start - 13):start].rstrip(" ")  # 同比增长 6.8 %
    if _GROWTH_DOWN_RE.search(before):
        return "growth", -abs(value)  # a decrease is a change whatever the unit (发案数下降15起)
    compared = bool(_COMPARED_RE.search(before))
    if unit in R.PERCENT_UNITS or unit in ("个百分点", "倍") or compared:
        if _GROWTH_UP_RE.search(before):
            return "growth", value
        if unit in ("个百分点", "倍"):
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


# --- subjects ----------------------------------------------------------------------


def _assign_subjects(text: str, found: list[_Found]) -> None:
    """Give each figure its subject: carried (growth, rank), prenominal or postposed."""
    share_next: list[int] = []
    for i, f in enumerate(found):
        if f.fixed:
            continue
        prev = found[i - 1] if i > 0 else None
        clause_start = _clause_start(text, f.start)
        left_start = clause_start
        if prev and prev.end > clause_start:
            left_start = max(prev.end, prev.prenominal_end)
        segment = text[left_start:f.start]
        right_full = text[f.end:f.end + 40]
        right = right_full
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt and nxt.num_start < f.end + 40 and _CJK_RE.match(text[nxt.num_start]):
            # the noun after a figure stops at a next figure in Chinese numerals (一万余户三万八千人);
            # Arabic digits already stop it
            right = right_full[: nxt.start - f.end]
        post = clean_postposed(segment)
        bare = segment.strip(_PUNCT)
        if post in _LEVEL_CHANGE_VERBS or R.LINK_ONLY_RE.fullmatch(bare) or R.FROM_TO_TAIL_RE.fullmatch(bare):
            post = ""  # 86.5%提升至95.1%, ，达到102.3亿元: only a verb before the figure names nothing
        if prev and prev.subject and text[prev.end:f.start] in _RANGE_SEPS:
            f.subject = prev.subject  # 12亿元至13亿元: the upper end of a range measures the same
            continue
        if not post and clause_start > 0 and left_start == clause_start and text[clause_start - 1] in "：:":
            # 新建项目：5个 — the label before the colon names the figure
            post = clean_postposed(text[_clause_start(text, clause_start - 1):clause_start - 1])
        pre = clean_prenominal(right)
        if f.kind in ("growth", "rank"):
            context = _CONTEXT_RE.search(text, clause_start, f.start) if f.kind == "rank" else None
            field = (0, 0)
            if context and prev and context.start() <= prev.start < context.end():
                field = context.span()  # nor are they what a carried subject comes from
                # 满意度在全区18个镇街中位列第2名: the counted 镇街 are the field, not the ranked thing
                post = clean_postposed(text[clause_start:context.start()] + text[context.end():f.start])
                left_start = clause_start
            if post and R.TRAILING_CHANGE_RE.fullmatch(post) and not (f.unit == "个百分点" and post in _RATE_NOUNS):
                post = ""  # 同比下降4.5% with nothing before: the change words name nothing
                # (but 增速较上年提高2.3个百分点: a change in points is a change of the rate it names)
            if post and f.kind == "rank":
                post = R.RANK_CUE_TAIL_RE.sub("", post)  # 考核成绩位居全县 -> 考核成绩
                if post.endswith("中") and "在" in segment:
                    post = post[:-1]  # 在全市乡镇综合考评中名列第7位 -> 乡镇综合考评
            if post in R.GENERIC_SUBJECTS:
                post = ""  # 总量位居全区第二: the total of the amount before
            if post and left_start == clause_start:
                f.subject = post  # 信访积案11件，刑事警情同比下降21.6%: the clause names its own quantity
            else:
                f.subject = _carried_subject(text, found, i, field) or post or None
            continue
        if next_figure_follows(right_full) or pre and is_modifier_only(pre) and i + 1 < len(found):
            share_next.append(i)
        if prev and prev.prenominal and prev.prenominal_end == f.start and starts_with_predicate(right):
            run = text[prev.end:f.start]
            if len(run) <= 3:
                # 17栋房屋5.8万㎡ / 1193户5992人: the second figure measures what comes before both
                shared_start = found[i - 2].end if i > 1 and found[i - 2].end > clause_start else clause_start
                post = clean_postposed(text[shared_start:prev.start]) or post
            else:
                # 12名干部走访重点企业40家: the long run is the second figure's own subject
                post = clean_postposed(run) or post
        use_pre = bool(pre) and (not starts_with_predicate(right) or not post)
        if use_pre and post and right.startswith("的") and R.ATTRIBUTE_BEFORE_DE_RE.search(post):
            use_pre = False  # 总投资2.6亿元的XX项目: the figure is the attribute before it
        if use_pre:
            f.subject = pre
            f.prenominal = True
            f.prenominal_end = f.end + prenominal_run(right)[1]
        elif post:
            f.subject = post
            if f.kind == "ratio" and R.SHARE_OF_RE.match(post) and prev and prev.subject and (
                prev.kind in ("money", "count", "measure") and prev.end > _clause_start_strict(text, f.start)
            ):
                f.subject = prev.subject  # 支出3.86亿元，占总支出的78.4%: the share of the amount before
        elif prev and prev.subject and prev.end > clause_start - 40 and (
            f.kind != "ratio" or not text[prev.end:f.start].strip(" 和及与、，,") or prev.kind == "ratio"
        ):
            # (a share after a share with only a change verb between: 由86.5%提升至95.1%)
            between = text[prev.end:f.start].strip(" 和及与、，,")
            f.subject = _last_item(prev.subject) if not between else prev.subject
        else:
            f.subject = _strip_period(segment) or None
    for i in reversed(share_next):
        if i + 1 < len(found) and found[i + 1].subject:
            found[i].subject = found[i + 1].subject


_CONNECTIVE = " 和及与、，,"
_RATE_NOUNS = ("增速", "增幅", "降幅", "涨幅")
_PUNCT = " 、，,；;：:"
_LEVEL_CHANGE_VERBS = frozenset(R.LEVEL_CHANGE_VERBS)
_CONTEXT_RE = re.compile(r"在[^，,。；;！？!?\n]{1,20}?[中里内]")
_RANGE_SEP = "-－~～—至到"
_RANGE_SEPS = tuple(_RANGE_SEP)
_RESPECTIVELY_RE = re.compile(r"分别(?:为|是|达|达到)?[^，,。；;]{0,6}$")


def _connected(text: str, a: _Found, b: _Found) -> bool:
    """Only a connective (和, 、, 及) between two figures: 增长15%和12%."""
    between = text[a.end:b.start]
    if between in _RANGE_SEPS:
        return True  # 增长6%-8%: the two ends of a range
    return b.start >= a.end and between.strip(_CONNECTIVE) == "" and b.start - a.end <= 3


_TABLE_MAX_CELL = 25  # longer "cells" are prose with spaces, not a flattened table row


def _table_cells(line: str) -> list[str] | None:
    cells = line.split(" ")
    if len(cells) < 3 or any(not c or len(c) > _TABLE_MAX_CELL for c in cells):
        return None
    return cells


def _is_header(cells: list[str]) -> bool:
    """A table header: no cell is a figure, and some cell is a column word (指标, 单位, 同比增长 ...)."""
    return not any(_FIGURE_CELL_RE.fullmatch(c) and not _YEAR_CELL_RE.fullmatch(c) for c in cells) and any(
        R.TABLE_HEADER_WORD_RE.search(c) for c in cells
    )


def _table_header(text: str, line_start: int, n_cells: int) -> list[str] | None:
    """The nearest line above with as many cells and no figure: the header of a flattened table."""
    end = line_start - 1
    for _ in range(40):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        cells = _table_cells(text[start:end])
        if cells is None or len(cells) != n_cells:
            return None
        if _is_header(cells):
            return cells
        end = start - 1
    return None


_YEAR_CELL_RE = re.compile(r"(?:19|20)[0-9]{2}年")  # a column label (指标 单位 2023年 2024年), not a figure
_FIGURE_CELL_RE = re.compile(rf"[-－]?[0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?(?:{_MULT})?(?:{_UNIT})?")
_BARE_NUMBER_CELL_RE = re.compile(r"(?P<sign>[-－])?(?P<num>[0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?)")
_UNIT_CELL_RE = re.compile(rf"(?P<mult>{_MULT})?(?P<unit>{_UNIT})")
_HEADER_UNIT_RE = re.compile(rf"[（(](?P<mult>{_MULT})?(?P<unit>{_UNIT})[)）]")


def _find_table_cells(text: str) -> list[_Found]:
    """Bare numbers in the rows of a flattened table (指标名称 单位 完成值 同比增长 / 地区生产总值 亿元
    23.5 7.1): the unit comes from the row's 单位 cell or the column header's (亿元)/(%), the
    subject is the row's name, a growth column makes a change. Numbers written with their unit
    are found by the sentence rules like any other."""
    found: list[_Found] = []
    if " " not in text:
        return found
    header: list[str] | None = None
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        cells = _table_cells(line)
        if cells is None:
            header = None
            continue
        if _is_header(cells):
            header = cells
            continue
        if header is None or len(header) != len(cells):
            continue
        found.extend(_table_row(header, cells, line_start))
    return found


def _table_row(header: list[str], cells: list[str], line_start: int) -> list[_Found]:
    unit_col = next((k for k, h in enumerate(header) if h == "单位" or h.startswith("计量单位")), None)
    skip = {k for k, h in enumerate(header) if R.TABLE_SKIP_HEADER_RE.match(h)}
    name_col = next((k for k, h in enumerate(header) if R.TABLE_NAME_HEADER_RE.search(h) and k != unit_col), None)
    if name_col is None or _BARE_NUMBER_CELL_RE.fullmatch(cells[name_col]):
        name_col = next(
            (k for k, c in enumerate(cells) if k not in skip and k != unit_col and not _FIGURE_CELL_RE.fullmatch(c)), None
        )
    if name_col is None:
        return []
    out = []
    offset = line_start
    # 指标 单位 2024年完成 同比增长: the year of a column header is the period of its cells; a
    # single year in the header covers the whole row (the change column compares that year)
    years = [_column_year(header, k) for k in range(len(header))]
    for k, cell in enumerate(cells):
        start, offset = offset, offset + len(cell) + 1
        m = _BARE_NUMBER_CELL_RE.fullmatch(cell)
        if not m or k in skip or k == unit_col or k == name_col:
            continue
        head = header[k]
        growth = bool(R.TABLE_GROWTH_HEADER_RE.search(head) or R.TABLE_DECLINE_HEADER_RE.search(head))
        in_head = _HEADER_UNIT_RE.search(head)
        in_row = _UNIT_CELL_RE.fullmatch(cells[unit_col]) if unit_col is not None else None
        if R.TABLE_RANK_HEADER_RE.search(head):
            mult, unit, kind = None, "位", "rank"
        elif in_head:
            mult, unit, kind = in_head.group("mult"), in_head.group("unit"), None
        elif growth:
            mult, unit, kind = None, "%", None  # a growth column without a unit is in percent
        elif in_row:
            mult, unit, kind = in_row.group("mult"), in_row.group("unit"), None
        else:
            continue
        unit = R.UNIT_CANONICAL.get(unit, unit)
        value = parse_arabic(m.group("num")) * multiplier_value(mult) * (-1.0 if m.group("sign") else 1.0)
        if kind is None:
            if growth:
                kind = "growth"
                value = -abs(value) if R.TABLE_DECLINE_HEADER_RE.search(head) else value
            else:
                kind = (
                    "money" if unit in R.CURRENCY_UNITS else "ratio" if unit in R.PERCENT_UNITS
                    else "measure" if unit in R.MEASURE_UNITS else "count"
                )
        out.append(_Found(start, start + len(cell), value, unit, "exact", kind, start, start + len(cell),
                          subject=cells[name_col], fixed=True,
                          period=years[k]))
    return out


def _column_year(header: list[str], col: int) -> str | None:
    """The year of a column's header (2024年完成), else the one year of the header, if only one."""
    own = _YEAR_CELL_RE.search(header[col])
    if own:
        return own.group(0)
    years = [y.group(0) for y in map(_YEAR_CELL_RE.search, header) if y]
    return years[0] if len(years) == 1 else None


def _table_column(text: str, start: int) -> tuple[list[str], int] | None:
    """(header cells, column index) of the flattened table cell at ``start``; None outside a table."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    cells = _table_cells(text[line_start : line_end if line_end >= 0 else len(text)])
    if cells is None:
        return None
    header = _table_header(text, line_start, len(cells))
    col = text.count(" ", line_start, start)
    return (header, col) if header is not None and col < len(header) else None


def _table_periods(text: str, found: list[_Found]) -> None:
    """A figure written with its unit in a flattened table row (同比增长 -8.3%) takes its column's year."""
    for f in found:
        if f.fixed or f.period:
            continue
        column = _table_column(text, f.start)
        if column is not None:
            f.period = _column_year(*column)


def _table_growth_columns(text: str, found: list[_Found]) -> None:
    """指标 完成值 同比增长 / 税收收入 9.14亿元 -2.1%: a share in a flattened table's growth
    column is a change (the cleaner leaves one space between cells)."""
    for f in found:
        if f.kind != "ratio":
            continue
        column = _table_column(text, f.start)
        if column is None:
            continue
        header, col = column
        if R.TABLE_DECLINE_HEADER_RE.search(header[col]):
            f.kind, f.value = "growth", -abs(f.value)
        elif R.TABLE_GROWTH_HEADER_RE.search(header[col]):
            f.kind = "growth"


def _extend_growth_runs(text: str, found: list[_Found]) -> None:
    """增长15%和12%: the second share is a change too, with the same sign."""
    for i in range(1, len(found)):
        a, b = found[i - 1], found[i]
        if a.kind == "growth" and b.unit == a.unit and b.kind == "ratio" and _connected(text, a, b):
            b.kind = "growth"
            b.value = -abs(b.value) if a.value < 0 else b.value


def _assign_respective_subjects(text: str, found: list[_Found]) -> None:
    """收入1.5亿元，游客120万人次，分别增长15%和12%: pair the changes with the amounts in order."""
    i = 0
    while i < len(found):
        f = found[i]
        if f.kind != "growth" or not _RESPECTIVELY_RE.search(text, max(0, f.start - 12), f.start):
            i += 1
            continue
        run = [f]
        while i + len(run) < len(found) and _connected(text, run[-1], found[i + len(run)]):
            run.append(found[i + len(run)])
        lo = _clause_start_strict(text, f.start)
        amounts = [g for g in found[:i] if g.start >= lo and g.kind in ("money", "count", "measure") and g.subject]
        if len(run) > 1 and len(amounts) >= len(run):
            for g, amount in zip(run, amounts[-len(run):]):
                g.subject = amount.subject
        i += len(run)


def _strip_period(segment: str) -> str:
    text = segment.strip(" 、，,；;：:")
    m = R.PERIOD_RE.match(text)
    if m:
        text = text[m.end():]
    return text.strip(" 、，,；;：:")


def _last_item(subject: str) -> str:
    """分别为A和B: the second figure measures the last item of the shared subject."""
    parts = re.split(r"[和及与、]", subject)
    return parts[-1] if parts and len(parts[-1]) >= 2 else subject


def _carried_subject(text: str, found: list[_Found], i: int, skip: tuple[int, int] = (0, 0)) -> str | None:
    """A growth rate or rank measures the nearest earlier amount of the same clause; a rank
    with no amount before it ranks the nearest share (满意度达99%，位居全县第二).
    Figures inside ``skip`` (the field of a ranking, 在全区16个街镇中) are passed over."""
    clause_lo = _clause_start_strict(text, found[i].start)
    fallback = None
    for j in range(i - 1, -1, -1):
        g = found[j]
        if g.end <= clause_lo:
            break
        if not g.subject or skip[0] <= g.start < skip[1]:
            continue
        is_amount = g.kind in ("money", "count", "measure") or g.kind == "growth" and g.unit not in ("%", "个百分点", "倍")
        if is_amount:
            return g.subject
        # 参保率98.6%，提高1.2个百分点 / 增长12.3%，高于全区3个百分点: points change the share before
        points_of_share = found[i].unit == "个百分点" and (g.kind == "ratio" or g.kind == "growth" and g.unit == "%")
        if points_of_share and fallback is None and g.kind == "ratio":
            return g.subject  # 新发展党员31名，其中青年党员占比77.4%，提高6.2个百分点: the nearer share, not the count
        if fallback is None and g.kind != "rank" and (found[i].kind == "rank" or points_of_share or _connected(text, g, found[i])):
            fallback = g.subject
    return fallback


def _clause_start_strict(text: str, offset: int) -> int:
    """Start of the ；/。-delimited clause around offset (looking back 300 chars at most)."""
    return _last_mark_end(_LAST_END_RE, text, offset, 300)


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
                mention=text[f.start:f.end],
                value=clean_value(f.value),
                unit=f.unit,
                qualifier=f.qualifier,
                kind=f.kind,
                subject=f.subject or None,
                period=f.period or period_before(spans, f.start - s_start, raw),
                sentence=sentence or text[f.start:f.end],
                char_start=f.start,
                char_end=f.end,
                target_cue=target,
                indicator=indicator_for(f.subject or None, f.kind),
            )
        )
    return metrics
