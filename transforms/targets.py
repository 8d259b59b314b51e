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

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from transforms import metric_rules as R
from transforms.indicators import to_simplified, to_simplified_many
from transforms.metric_patterns import guarded
from transforms.records import DocumentMeta, Metric, Section

_SENTENCE_END = re.compile(f"[{re.escape(R.SENTENCE_END)}]")
_CLAUSE_SEP = re.compile(r"[，,；;：:]")
# The cue patterns open with look-behinds or groups, so the regex engine tries them at every
# character; these try them only where a cue word can start.
_PROGRESS = guarded(R.PROGRESS_RE)
_GOAL = guarded(R.TARGET_RE)
_REVIEW_GOAL = guarded(R.REVIEW_TARGET_RE)
_RESULT_CUES = guarded(R.RESULT_CUE_RE)


def is_target(text: str, metric: Metric, section: Section | None, meta: DocumentMeta | None = None) -> bool:
    """True when ``metric`` (found in ``text`` at ``metric.char_start``) states a goal for the plan year."""
    return TargetReader(text, meta).is_target(metric, section)


class TargetReader:
    """``is_target`` for the metrics of one document: each sentence's clauses and each paragraph's
    plan openers are read once, however many figures stand in them (a report has ~100 figures in
    ~40 sentences). Holds nothing beyond the one document.

    ``offsets``: where the figures to be asked about start, if known; the sentences holding them
    are then put into simplified characters in one OpenCC call, not one per clause."""

    def __init__(self, text: str, meta: DocumentMeta | None = None, offsets: Iterable[int] = ()) -> None:
        self.text = text
        self.meta = meta
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text)]  # sentence bounds, as the extractor's
        self._clauses: dict[tuple[int, bool], tuple[list[int], list[str | None]]] = {}
        self._opened: dict[int, bool] = {}  # sentence index -> a plan was opened in its paragraph by then
        self._simplified = to_simplified_many(self._pieces(offsets))

    def _pieces(self, offsets: Iterable[int]) -> Iterator[str]:
        """The sentences holding ``offsets`` and their clauses, as ``_clause_states`` reads them."""
        for k in sorted({bisect.bisect_right(self._ends, offset) for offset in offsets}):
            sentence = self._sentence(k)[1]
            yield sentence
            yield from _CLAUSE_SEP.split(sentence)

    def _simple(self, text: str) -> str:
        simple = self._simplified.get(text)
        return to_simplified(text) if simple is None else simple

    def is_target(self, metric: Metric, section: Section | None) -> bool:
        """True when ``metric`` states a goal for the plan year (the rules of ``is_target``)."""
        return self.is_target_at(metric.char_start, metric.period, section)

    def is_target_at(self, char_start: int, period: str | None, section: Section | None) -> bool:
        """``is_target`` of the metric starting at ``char_start`` with this ``period``."""
        if period and _names_the_review_year(period, self.meta):
            return False  # 2023年完成 in a table of a plan, 2023年全年: the year under review, stated again
        k = bisect.bisect_right(self._ends, char_start)
        start = self._ends[k - 1] if k > 0 else 0
        state = self._clause_state(k, char_start - start, section)
        if state == "result":
            return False
        if section is not None and section.kind == "plan":
            return True
        if self._in_opened_plan(k):
            return True
        return state == "target"

    def _sentence(self, k: int) -> tuple[int, str]:
        ends, text = self._ends, self.text
        start = ends[k - 1] if k > 0 else 0
        return start, text[start : ends[k] if k < len(ends) else len(text)]

    def _clause_state(self, k: int, at: int, section: Section | None) -> str | None:
        """ "target", "result" or None for the clause of sentence ``k`` holding offset ``at`` of it."""
        in_review = section is not None and section.kind == "review"
        key = (k, in_review)
        if key not in self._clauses:
            sentence = self._sentence(k)[1]
            self._clauses[key] = _clause_states(sentence, in_review, _review_year(self.meta), self._simple)
        clause_ends, states = self._clauses[key]
        i = bisect.bisect_right(clause_ends, at)
        return states[i] if i < len(states) else states[-1]

    def _in_opened_plan(self, k: int) -> bool:
        """Does a sentence of sentence ``k``'s paragraph, at or before it, open a plan without a heading?"""
        opened, text = self._opened, self.text
        walked = []
        j = k
        while True:
            if j in opened:
                result = opened[j]
                break
            walked.append(j)
            start, sentence = self._sentence(j)
            if _opens_plan(self._simple(sentence), _plan_year(self.meta)):
                result = True
                break
            if start == 0 or text[start - 1] == "\n":
                result = False  # the paragraph's first sentence
                break
            j -= 1
        for j in walked:
            opened[j] = result
        return result


def _clause_states(
    sentence: str, in_review: bool, review_year: int | None, simplify: Callable[[str], str] = to_simplified
) -> tuple[list[int], list[str | None]]:
    """The ends of the sentence's clauses (after their separator) and the state ("target", "result" or
    None) of each: a result cue holds until a goal word and vice versa; progress makes all a result."""
    if _PROGRESS.search(simplify(sentence)):
        return [], ["result"]
    goal = _REVIEW_GOAL if in_review else _GOAL
    state = "result" if _opens_with_year(sentence, review_year) else None
    clause_ends, states = [], []
    pos = 0
    for raw_clause in _CLAUSE_SEP.split(sentence):
        clause_end = pos + len(raw_clause) + 1
        clause = simplify(raw_clause)  # the cue words are simplified; reposts may be traditional
        if _has_result_cue(clause):
            state = "result"
        elif goal.search(clause) or R.PLAN_OPENER_RE.search(clause):
            state = "target"
        clause_ends.append(clause_end)  # offsets before clause_end are the clause's
        states.append(state)
        pos = clause_end
    return clause_ends, states


def _opens_plan(sentence: str, plan_year: int | None) -> bool:
    """``sentence`` (simplified) opens a plan: 明年，… / 下一步，… / the plan year opening it."""
    return bool(R.PLAN_OPENER_RE.match(sentence)) or _opens_with_year(sentence, plan_year)


def _names_the_review_year(period: str | None, meta: DocumentMeta | None) -> bool:
    year = _review_year(meta)
    return bool(period and year and period.startswith(f"{year}年"))


def _has_result_cue(clause: str) -> bool:
    """A result cue not itself the object of a goal word (确保完成全年目标 is a goal)."""
    m = _RESULT_CUES.search(clause)
    while m is not None:
        if not R.RESULT_CUE_GOAL_BEFORE_RE.search(clause, 0, m.start()):
            return True
        m = _RESULT_CUES.search(clause, m.end())
    return False


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
    return _year_opener(year).match(sentence) is not None


@lru_cache(maxsize=64)  # a report names one or two years; a worker sees a few dozen
def _year_opener(year: int) -> re.Pattern[str]:
    return re.compile(rf"[“‘\s]*{year}年(?![0-9０-９度底末初])")
