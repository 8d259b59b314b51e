"""The time span a figure covers, as the sentence states it (``1-11月``, ``截至11月底``, ``全年``).

A period word holds for every figure after it in the same sentence until the next one
(``截至10月底,受理诉求48217条,7月以来,上门回访26人``: 48217 -> 截至10月底, 26 -> 7月以来).
Across a ``；`` it carries when it opens the sentence (``1-10月，销售额…；营业收入…``) or into
short list items (``清理垃圾287车；清除杂草7000平方米``), not into a new clause with its own
commas after a period word stated mid-sentence, nor past a topic label (``河长制方面：``).
"""

from __future__ import annotations

import bisect
import re

from transforms.metric_patterns import guarded
from transforms.metric_rules import PERIOD_RE, SENTENCE_YEAR_RE

_PERIODS = guarded(PERIOD_RE)  # the same matches, tried only where a period word can start
_TOPIC_LABEL_RE = re.compile(r"方面[：:]")
_MAX_REACH = 500  # chars looked at around a figure for clause marks (bounds run-on "sentences")


def period_spans(sentence: str) -> list[tuple[int, int, str]]:
    """Every period expression of a sentence as (start, end, text), in order."""
    spans = [(m.start(), m.end(), m.group(0)) for m in _PERIODS.finditer(sentence) if m.group(0)]
    year = SENTENCE_YEAR_RE.match(sentence)
    if year and not any(s <= year.start() < e for s, e, _ in spans):
        text = year.group(0).strip().lstrip("“‘")  # “2024年，… (a quoted speech): the year, not the mark
        start = sentence.index(text)
        spans.append((start, start + len(text), text))
        spans.sort()
    return spans


def period_before(spans: list[tuple[int, int, str]], offset: int, sentence: str | None = None) -> str | None:
    """The last period expression that ends at or before ``offset`` (sentence-relative).

    With ``sentence``, a period of an earlier ``；`` clause does not reach a figure whose own
    clause has commas (a new topic)."""
    if not spans:
        return None  # (most sentences state no period)
    k = bisect.bisect_right(spans, offset, key=lambda span: span[1])
    if k == 0:
        return None
    found_start, found_end, found = spans[k - 1]
    if sentence is not None:
        lo = max(found_end, offset - _MAX_REACH)
        clause_start = max(sentence.rfind("；", lo, offset), sentence.rfind(";", lo, offset)) + 1
        if clause_start > found_end:
            if _TOPIC_LABEL_RE.search(sentence, max(found_end, offset - _MAX_REACH), offset):
                return None
            head = sentence[:found_start] if found_start <= 12 else "…"
            opens_sentence = head.strip().lstrip("“‘").removeprefix("今年") == ""
            hi = offset + _MAX_REACH
            ends = [i for i in (sentence.find("；", offset, hi), sentence.find(";", offset, hi)) if i >= 0]
            clause = sentence[clause_start : min(ends) if ends else len(sentence)]
            if not opens_sentence and ("，" in clause or "," in clause):
                return None
    return found


def find_period(sentence: str, offset: int) -> str | None:
    """The period that covers a figure starting at ``offset`` in ``sentence``, or None."""
    return period_before(period_spans(sentence), offset, sentence)
