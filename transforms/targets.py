"""Is a metric a target for the plan year, or a result of the year under review? (METRICS.md "Targets")

The decision reads, in this order:

0. a period naming the year under review (``2023年``, ``2023年全年`` in a report reviewing 2023, as in
   a plan's table column ``2023年完成``) makes it a result;
1. the metric's sentence, clause by clause: a result cue (``预计全年``, ``已完成``, ``突破…目标``)
   makes its clause and the following ones report the year under review until a goal word
   (``力争``, ``明年`` ...) starts a target; a progress phrase (``已完成85.9%``, ``完成率``) makes
   the whole sentence a progress report. A sentence opening with the review year
   (``2023年，全镇…`` in a report reviewing 2023) starts as a result.
2. where it stands: every figure of a plan section is a target, and so is every figure of a
   paragraph from a sentence that opens a plan without a heading (``明年，…``, ``下一步，…``,
   ``2024年，…确保…`` with 2024 the plan year) to the paragraph's end;
3. else the goal words of its clause or an earlier clause of its sentence (only unmistakable
   ones inside a review section, where 将 and 计划 mostly describe the year's own work).

Pure: text and records in, a boolean out.
"""

from __future__ import annotations

import re

from transforms import metric_rules as R
from transforms.indicators import to_simplified
from transforms.records import DocumentMeta, Metric, Section

_SENTENCE_END = re.compile(f"[{re.escape(R.SENTENCE_END)}]")
_CLAUSE_SEP = re.compile(r"[，,；;：:]")


def is_target(text: str, metric: Metric, section: Section | None, meta: DocumentMeta | None = None) -> bool:
    """True when ``metric`` (found in ``text`` at ``metric.char_start``) states a goal for the plan year."""
    if _names_the_review_year(metric.period, meta):
        return False  # 2023年完成 in a table of a plan, 2023年全年: the year under review, stated again
    start, end = _sentence_span(text, metric.char_start)
    sentence = text[start:end]
    state = _clause_state(sentence, metric.char_start - start, section, meta)
    if state == "result":
        return False
    if section is not None and section.kind == "plan":
        return True
    if _in_opened_plan(text, start, meta):
        return True
    return state == "target"


def _names_the_review_year(period: str | None, meta: DocumentMeta | None) -> bool:
    year = _review_year(meta)
    return bool(period and year and period.startswith(f"{year}年"))


def _sentence_span(text: str, offset: int) -> tuple[int, int]:
    """[start, end) of the sentence holding ``offset``, as the extractor splits sentences."""
    begin = max(text.rfind(c, 0, offset) for c in R.SENTENCE_END) + 1
    m = _SENTENCE_END.search(text, offset)
    return begin, (m.end() if m else len(text))


def _clause_state(sentence: str, at: int, section: Section | None, meta: DocumentMeta | None) -> str | None:
    """ "target", "result" or None for the clause holding offset ``at`` of ``sentence``."""
    if R.PROGRESS_RE.search(to_simplified(sentence)):
        return "result"
    goal_re = R.REVIEW_TARGET_RE if section is not None and section.kind == "review" else R.TARGET_RE
    state = "result" if _opens_with_year(sentence, _review_year(meta)) else None
    pos = 0
    for raw_clause in _CLAUSE_SEP.split(sentence):
        clause_end = pos + len(raw_clause) + 1
        clause = to_simplified(raw_clause)  # the cue words are simplified; reposts may be traditional
        if _has_result_cue(clause):
            state = "result"
        elif goal_re.search(clause) or R.PLAN_OPENER_RE.search(clause):
            state = "target"
        if at < clause_end:
            return state
        pos = clause_end
    return state


def _has_result_cue(clause: str) -> bool:
    return any(not R.RESULT_CUE_GOAL_BEFORE_RE.search(clause, 0, m.start()) for m in R.RESULT_CUE_RE.finditer(clause))


def _review_year(meta: DocumentMeta | None) -> int | None:
    if meta is None or meta.review_year is None or meta.review_year == meta.plan_year:
        return None  # a half-year summary reviews and plans the same year: the year opens neither
    return meta.review_year


def _plan_year(meta: DocumentMeta | None) -> int | None:
    if meta is None or meta.review_year is not None and meta.review_year == meta.plan_year:
        return None
    if meta.plan_year is not None:
        return meta.plan_year
    return meta.review_year + 1 if meta.review_year is not None else None


def _opens_with_year(sentence: str, year: int | None) -> bool:
    """2024年，… / 2024年是… / 2024年全镇将…: the sentence is about that year (not 2024年1月, 2024年度)."""
    if year is None:
        return False
    return re.match(rf"[“‘\s]*{year}年(?![0-9０-９度底末初])", sentence) is not None


def _in_opened_plan(text: str, sentence_start: int, meta: DocumentMeta | None) -> bool:
    """Does a sentence of this paragraph, at or before this one, open a plan without a heading?"""
    para_start = text.rfind("\n", 0, sentence_start) + 1
    plan_year = _plan_year(meta)
    pos = para_start
    while pos <= sentence_start:
        m = _SENTENCE_END.search(text, pos)
        sentence = to_simplified(text[pos : (m.end() if m else len(text))])
        if R.PLAN_OPENER_RE.match(sentence) or _opens_with_year(sentence, plan_year):
            return True
        if m is None or m.end() > sentence_start or text[m.start()] == "\n":
            break
        pos = m.end()
    return False
