"""The subject of each figure found in a text: carried (growth, rank), prenominal or postposed.

The phrase rules themselves are in ``transforms.subjects``; this module decides, figure by figure,
which candidate applies, using the figures around it (``transforms.metrics`` calls it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms import metric_rules as R
from transforms import subject_noise as SN
from transforms import subject_rules as SR
from transforms.found import Found as _Found
from transforms.found import clause_start as _clause_start
from transforms.found import clause_start_strict as _clause_start_strict
from transforms.subjects import (
    clean_postposed,
    clean_prenominal,
    is_modifier_only,
    next_figure_follows,
    prenominal_run,
    starts_with_predicate,
)
from transforms.vocab import CJK_RE as _CJK_RE


@dataclass
class _Around:
    """The text around a figure that its subject comes from (``_assign_subjects``)."""

    clause_start: int  # the comma-delimited clause's start
    left_start: int  # after the previous figure of the clause, else the clause start
    segment: str  # text[left_start:f.start]
    right_full: str  # the 40 characters after the figure
    right: str  # the same, cut at a next figure in Chinese numerals
    post: str  # the postposed subject candidate (before the figure)
    pre: str  # the prenominal subject candidate (after the figure)


def assign_subjects(text: str, found: list[_Found]) -> None:
    """Give each figure its subject: carried (growth, rank), prenominal or postposed."""
    share_next: list[int] = []
    for i, f in enumerate(found):
        if f.fixed:
            continue
        prev = found[i - 1] if i > 0 else None
        if prev and prev.subject and text[prev.end : f.start] in _RANGE_SEPS:
            f.subject = prev.subject  # 12亿元至13亿元: the upper end of a range measures the same
            continue
        around = _around(text, found, i)
        if f.kind in ("growth", "rank"):
            f.subject = _change_or_rank_subject(text, found, i, around)
            continue
        if next_figure_follows(around.right_full) or around.pre and is_modifier_only(around.pre) and i + 1 < len(found):
            share_next.append(i)
        _assign_own_subject(text, found, i, around)
    for i in reversed(share_next):
        if i + 1 < len(found) and found[i + 1].subject:
            found[i].subject = found[i + 1].subject


def _around(text: str, found: list[_Found], i: int) -> _Around:
    """The clause, segments and subject candidates around figure ``i``."""
    f = found[i]
    prev = found[i - 1] if i > 0 else None
    clause_start = _clause_start(text, f.start)
    left_start = clause_start
    if prev and prev.end > clause_start:
        left_start = max(prev.end, prev.prenominal_end)
    segment = text[left_start : f.start]
    right_full = text[f.end : f.end + 40]
    right = right_full
    nxt = found[i + 1] if i + 1 < len(found) else None
    if nxt and nxt.num_start < f.end + 40 and _CJK_RE.match(text[nxt.num_start]):
        # the noun after a figure stops at a next figure in Chinese numerals (一万余户三万八千人);
        # Arabic digits already stop it
        right = right_full[: nxt.start - f.end]
    post = clean_postposed(segment)
    bare = segment.strip(_PUNCT)
    if post in _LEVEL_CHANGE_VERBS or SR.LINK_ONLY_RE.fullmatch(bare) or SR.FROM_TO_TAIL_RE.fullmatch(bare):
        post = ""  # 86.5%提升至95.1%, ，达到102.3亿元: only a verb before the figure names nothing
    if not post and clause_start > 0 and left_start == clause_start and text[clause_start - 1] in "：:":
        # 新建项目：5个 — the label before the colon names the figure
        post = clean_postposed(text[_clause_start(text, clause_start - 1) : clause_start - 1])
    return _Around(clause_start, left_start, segment, right_full, right, post, clean_prenominal(right))


def _change_or_rank_subject(text: str, found: list[_Found], i: int, around: _Around) -> str | None:
    """A growth rate or rank: what its own clause names before it, else the amount it qualifies."""
    f = found[i]
    prev = found[i - 1] if i > 0 else None
    clause_start, left_start, segment, post = around.clause_start, around.left_start, around.segment, around.post
    context = _CONTEXT_RE.search(text, clause_start, f.start) if f.kind == "rank" else None
    field = (0, 0)
    if context and prev and context.start() <= prev.start < context.end():
        field = context.span()  # nor are they what a carried subject comes from
        # 满意度在全区18个镇街中位列第2名: the counted 镇街 are the field, not the ranked thing
        post = clean_postposed(text[clause_start : context.start()] + text[context.end() : f.start])
        left_start = clause_start
    if post and SN.TRAILING_CHANGE_RE.fullmatch(post) and not (f.unit == "个百分点" and post in _RATE_NOUNS):
        post = ""  # 同比下降4.5% with nothing before: the change words name nothing
        # (but 增速较上年提高2.3个百分点: a change in points is a change of the rate it names)
    if post and f.kind == "rank":
        post = R.RANK_CUE_TAIL_RE.sub("", post)  # 考核成绩位居全县 -> 考核成绩
        if post.endswith("中") and "在" in segment:
            post = post[:-1]  # 在全市乡镇综合考评中名列第7位 -> 乡镇综合考评
    if post in SR.GENERIC_SUBJECTS:
        post = ""  # 总量位居全区第二: the total of the amount before
    if post and left_start == clause_start:
        return post  # 信访积案11件，刑事警情同比下降21.6%: the clause names its own quantity
    return _carried_subject(text, found, i, field) or post or None


def _post_after_prenominal(text: str, found: list[_Found], i: int, around: _Around) -> str:
    """The postposed subject when the figure before took the noun after it (17栋房屋5.8万㎡)."""
    f = found[i]
    prev = found[i - 1] if i > 0 else None
    post = around.post
    if prev and prev.prenominal and prev.prenominal_end == f.start and starts_with_predicate(around.right):
        run = text[prev.end : f.start]
        if len(run) <= 3:
            # 17栋房屋5.8万㎡ / 1193户5992人: the second figure measures what comes before both
            clause_start = around.clause_start
            shared_start = found[i - 2].end if i > 1 and found[i - 2].end > clause_start else clause_start
            post = clean_postposed(text[shared_start : prev.start]) or post
        else:
            # 12名干部走访重点企业40家: the long run is the second figure's own subject
            post = clean_postposed(run) or post
    return post


def _assign_own_subject(text: str, found: list[_Found], i: int, around: _Around) -> None:
    """An amount's subject: the noun after it (prenominal), the phrase before it (postposed), or
    the subject of the figure before it."""
    f = found[i]
    prev = found[i - 1] if i > 0 else None
    pre, right = around.pre, around.right
    post = _post_after_prenominal(text, found, i, around)
    use_pre = bool(pre) and (not starts_with_predicate(right) or not post)
    if use_pre and post and right.startswith("的") and SR.ATTRIBUTE_BEFORE_DE_RE.search(post):
        use_pre = False  # 总投资2.6亿元的XX项目: the figure is the attribute before it
    if use_pre:
        f.subject = pre
        f.prenominal = True
        f.prenominal_end = f.end + prenominal_run(right)[1]
    elif post:
        f.subject = post
        if (
            f.kind == "ratio"
            and SR.SHARE_OF_RE.match(post)
            and prev
            and prev.subject
            and (prev.kind in ("money", "count", "measure") and prev.end > _clause_start_strict(text, f.start))
        ):
            f.subject = prev.subject  # 支出3.86亿元，占总支出的78.4%: the share of the amount before
    elif (
        prev
        and prev.subject
        and prev.end > around.clause_start - 40
        and (f.kind != "ratio" or not text[prev.end : f.start].strip(" 和及与、，,") or prev.kind == "ratio")
    ):
        # (a share after a share with only a change verb between: 由86.5%提升至95.1%)
        between = text[prev.end : f.start].strip(" 和及与、，,")
        f.subject = _last_item(prev.subject) if not between else prev.subject
    else:
        f.subject = _strip_period(around.segment) or None


_CONNECTIVE = " 和及与、，,"
_RELATIVE_UNITS = frozenset({"%"}) | R.CHANGE_UNITS  # a growth in these changes a level, it is no amount
_RATE_NOUNS = ("增速", "增幅", "降幅", "涨幅")
_PUNCT = " 、，,；;：:"
_LEVEL_CHANGE_VERBS = frozenset(SR.LEVEL_CHANGE_VERBS)
_CONTEXT_RE = re.compile(r"在[^，,。；;！？!?\n]{1,20}?[中里内]")
_RANGE_SEP = "-－~～—至到"
_RANGE_SEPS = tuple(_RANGE_SEP)
_RESPECTIVELY_RE = re.compile(r"分别(?:为|是|达|达到)?[^，,。；;]{0,6}$")


def connected(text: str, a: _Found, b: _Found) -> bool:
    """Only a connective (和, 、, 及) between two figures: 增长15%和12%."""
    between = text[a.end : b.start]
    if between in _RANGE_SEPS:
        return True  # 增长6%-8%: the two ends of a range
    return b.start >= a.end and between.strip(_CONNECTIVE) == "" and b.start - a.end <= 3


def assign_respective_subjects(text: str, found: list[_Found]) -> None:
    """收入1.5亿元，游客120万人次，分别增长15%和12%: pair the changes with the amounts in order."""
    i = 0
    while i < len(found):
        f = found[i]
        if f.kind != "growth" or not _RESPECTIVELY_RE.search(text, max(0, f.start - 12), f.start):
            i += 1
            continue
        run = [f]
        while i + len(run) < len(found) and connected(text, run[-1], found[i + len(run)]):
            run.append(found[i + len(run)])
        lo = _clause_start_strict(text, f.start)
        amounts = [g for g in found[:i] if g.start >= lo and g.kind in ("money", "count", "measure") and g.subject]
        if len(run) > 1 and len(amounts) >= len(run):
            for g, amount in zip(run, amounts[-len(run) :]):
                g.subject = amount.subject
        i += len(run)


def _strip_period(segment: str) -> str:
    text = segment.strip(" 、，,；;：:")
    m = R.PERIOD_RE.match(text)
    if m:
        text = text[m.end() :]
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
        is_amount = g.kind in ("money", "count", "measure") or g.kind == "growth" and g.unit not in _RELATIVE_UNITS
        if is_amount:
            return g.subject
        # 参保率98.6%，提高1.2个百分点 / 增长12.3%，高于全区3个百分点: points change the share before
        points_of_share = found[i].unit == "个百分点" and (g.kind == "ratio" or g.kind == "growth" and g.unit == "%")
        if points_of_share and fallback is None and g.kind == "ratio":
            return g.subject  # 新发展党员31名，其中青年党员占比77.4%，提高6.2个百分点: the nearer share, not the count
        if (
            fallback is None
            and g.kind != "rank"
            and (found[i].kind == "rank" or points_of_share or connected(text, g, found[i]))
        ):
            fallback = g.subject
    return fallback
