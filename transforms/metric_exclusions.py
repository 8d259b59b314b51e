"""Numbers that are no amount where they stand (METRICS.md "Exclusions").

Range ends, ordinals, rates' denominators, print runs, addresses, radii, thresholds defining a group,
masked figures, codes, units that start a longer word, and Chinese numerals that are names (三服务,
两委). Patterns: ``metric_rules``.
"""

from __future__ import annotations

import re

from transforms import metric_rules as R
from transforms.metric_kinds import GROWTH_UP_RE
from transforms.metric_patterns import ends_in, starts_in
from transforms.subjects import starts_with_predicate
from transforms.vocab import CJK_RE

# unit -> the characters after which it is no unit (the table's classes, as sets: one lookup)
_UNIT_BLOCKERS = {u: starts_in(re.compile(f"[{chars}]")) for u, chars in R.UNIT_NOT_FOLLOWED_BY.items()}
_NOT_POSTPOSED_BEFORE = "的是第每这那各前后了"
# Where these can start or end: most figures touch none, and skip the regexes.
_RANGE_BEFORE_ENDS = ends_in(R.RANGE_BEFORE_RE)
_CODE_AFTER_STARTS = starts_in(R.CODE_CHARS_AFTER_RE)
_RANGE_AFTER_STARTS = starts_in(R.RANGE_AFTER_RE)


def not_an_amount_here(text: str, m: re.Match, sign: float, num_start: int, unit: str | None, unit_end: int) -> bool:
    """The number is the end of a range, an ordinal, a rate's denominator, a print run, part of an
    address or a radius: no amount, whatever its unit."""
    mult = m.group("mult")
    if (
        sign > 0
        and text[num_start - 1 : num_start] in _RANGE_BEFORE_ENDS
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
    return unit in R.RADIUS_UNITS and bool(R.THRESHOLD_AFTER_RE.match(text, unit_end))


def defines_a_group(text: str, m: re.Match, unit_end: int) -> bool:
    """A threshold or floor that says which things are meant, not how many: 50万元以上的村,
    10亿元以上项目2个, 超50万元的村达到6个."""
    if m.group("post") in ("以上", "以下") and (
        text.startswith("的", m.end("post")) or _names_a_group(text, m.end("post"))
    ):
        return True  # 50万元以上的村, 10亿元以上项目2个: a threshold that defines a group
    return bool(
        R.QUALIFIER_BEFORE.get(m.group("pre") or "") in R.THRESHOLD_PRE_QUALIFIERS
        and text.startswith("的", unit_end)
        and CJK_RE.match(text[unit_end + 1 : unit_end + 2] or " ")
    )  # 超50万元的村达到6个: a floor that defines a group


def _names_a_group(text: str, end: int) -> bool:
    """10亿元以上项目: a noun right after 以上/以下 (not a predicate) is the group it bounds."""
    nxt = text[end : end + 1]
    return bool(nxt) and bool(CJK_RE.match(nxt)) and not starts_with_predicate(text[end : end + 6])


def describes_a_noun(text: str, end: int) -> bool:
    """24小时值班 / 3年行动计划 / 14天的隔离: a duration used as an attribute of what follows."""
    nxt = text[end : end + 1]
    return bool(nxt) and (nxt == "的" or bool(CJK_RE.match(nxt)) and not starts_with_predicate(text[end : end + 6]))


def unit_blocked(text: str, unit: str, unit_end: int) -> bool:
    """年 in 年代, 处 in 处理: the unit word starts a longer word here."""
    blocker = _UNIT_BLOCKERS.get(unit)
    return blocker is not None and unit_end < len(text) and text[unit_end] in blocker


def is_masked(text: str, num_start: int, num_end: int) -> bool:
    """1X.X亿元, 5**万元, X5%: digits with a mask character glued on are a masked figure."""
    before = text[num_start - 1] if num_start > 0 else ""
    after = text[num_end] if num_end < len(text) else ""
    if after in ".．" and num_end + 1 < len(text):
        after = text[num_end + 1]
    return bool(before and before in R.MASK_CHARS or after and after in R.MASK_CHARS)


def looks_like_code(text: str, num_start: int, num_end: int, latin_unit: bool = False) -> bool:
    """CY203-B07, 3·5, 2024/2/3, 17:22, 3.0.1, 3-5年: digits touching code characters."""
    prev = text[num_start - 1] if num_start > 0 else ""
    if prev and (prev.isascii() and prev.isalnum() or prev in R.CODE_CHARS_BEFORE or prev in "０１２３４５６７８９"):
        return True
    if (
        text[num_end : num_end + 1] in _CODE_AFTER_STARTS
        and R.CODE_CHARS_AFTER_RE.match(text, num_end)
        and not (latin_unit and text[num_end].isalpha())
    ):
        return True
    return text[num_end : num_end + 1] in _RANGE_AFTER_STARTS and bool(R.RANGE_AFTER_RE.match(text, num_end))


def chinese_numeral_is_quantity(text, m, cn, base, unit, q_inside, unit_end) -> bool:
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
    if unit == "倍" and GROWTH_UP_RE.search(text, max(0, m.start() - 12), m.start()):
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
        (bool(CJK_RE.match(prev)) or prev in R.QUOTE_CLOSERS)  # 新建“志愿驿站”九个
        and prev not in _NOT_POSTPOSED_BEFORE
        and (nxt == "" or nxt in "，,。；;、（()）\n！？!?")
    )
