"""The subject of a figure: the shortest phrase of its sentence naming what is measured.

Two shapes cover almost every figure in a work report:

* postposed, ``[动作]主体 + 数字单位`` (``完成路灯改造312盏`` -> ``路灯改造``): the phrase
  between the clause start (or the previous figure) and the number, minus time, place and
  generic action words;
* prenominal, ``数字单位 + 主体`` (``对15个社区`` -> ``社区``): the noun phrase after the unit,
  up to the next clause, figure, 的 or conjunction.

Which shape applies is read from the text right after the unit (a predicate word, or a
noun). Growth rates and ranks take the subject of the figure they qualify (``metrics``).
Pure string rules from ``subject_rules`` and ``subject_noise``: no segmenter, so a subject costs microseconds.
"""

from __future__ import annotations

import re

from transforms.metric_patterns import ends_in, first_chars, guarded, starts_in
from transforms.metric_rules import PERIOD_RE
from transforms.subject_noise import (
    LEADING_NOISE,
    TRAILING_CHANGE_RE,
    TRAILING_NOISE,
)
from transforms.subject_rules import (
    BENEFICIARY_HEADS,
    FROM_TO_TAIL_RE,
    LIGHT_VERB_NOUN_SUFFIX,
    LIGHT_VERBS,
    LIST_MARKER_PATTERN,
    MODIFIER_ONLY_SUFFIXES,
    PREDICATE_STARTERS,
    PRENOMINAL_STOP_CHARS,
    PRENOMINAL_STOPS,
    PRENOMINAL_TRAILING,
    REATTACH_PREFIXES,
    RESTART_VERBS,
    SUBJECT_RESTART_MARKERS,
)
from transforms.vocab import CJK


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


# Trailing words grouped by length, longest first: one slice and set lookup per length.
_TRAILING_BY_SIZE = tuple(
    (size, frozenset(w for w in TRAILING_NOISE if len(w) == size))
    for size in sorted({len(w) for w in TRAILING_NOISE}, reverse=True)
)
_RESTART_VERB_RE = re.compile("|".join(re.escape(w) for w in _longest_first(RESTART_VERBS)))
_LIGHT_VERB_RE = re.compile("|".join(re.escape(w) for w in _longest_first(LIGHT_VERBS)))
# Their first characters: a verb can start only where one stands (one set lookup, not a regex, per position).
_RESTART_VERB_FIRSTS = frozenset(w[0] for w in RESTART_VERBS)
_LIGHT_VERB_FIRSTS = frozenset(w[0] for w in LIGHT_VERBS)
_LIGHT_VERB_SET = frozenset(LIGHT_VERBS)
_LONGEST_NOUN_SUFFIX = max(map(len, LIGHT_VERB_NOUN_SUFFIX))
_TRAILING_WORDS = tuple(TRAILING_NOISE)
_RESTART_MARKER_RE = re.compile("|".join(map(re.escape, SUBJECT_RESTART_MARKERS)))
_TRAILING_LASTS = frozenset(w[-1] for w in TRAILING_NOISE)
# 在建项目, 在职党员: there 在 is part of the word, not a preposition to strip.
_WORD_EXCEPTIONS = {
    "在": "在(?![建职岗校册押线])",
    "成功": "成功(?=创建|举办|打造|引进|申报|召开|承办|获评|创成)",  # 成功创建X; 成功转化, 成功率 stay
    "共计": "共计(?!划)",  # 共计划实施: 共 + 计划
    "计划": "计划(?=实施|完成|开展|新建|举办|打造)",  # 计划实施X: a plan word; 计划投资 stays a noun
    "全市": "全市(?!第)",
    "全县": "全县(?!第)",
    "全省": "全省(?!第)",
}
_LEADING_WORD_RE = re.compile(
    "|".join(
        [LIST_MARKER_PATTERN]
        + [_WORD_EXCEPTIONS.get(w, re.escape(w)) for w in _longest_first(LEADING_NOISE + LIGHT_VERBS)]
    )
)
# A level before the counted noun (3个市级示范小区): the annotated subject leaves it out.
_LEVEL_HEAD_RE = re.compile(rf"^(?:国家级|省级|市级|区级|县级)(?=[{CJK}]{{2}})")
_PREDICATE_SORTED = _longest_first(PREDICATE_STARTERS)
_THRESHOLD_HEAD_RE = re.compile(r"^[0-9０-９]+(?:周岁|岁)(?:及以上|以上|以下)?(?:的)?")
_PAREN_TAIL_RE = re.compile(r"[（(][^（()）]*[)）]$")
_PAREN_HEAD_RE = re.compile(r"^[（(][^（()）]*[)）]")
# A period, an age bound or a parenthesis opening a subject goes first (``_strip_leading``); most
# subjects start with none of the characters these can start with, and skip the three regexes.
_HEAD_PATTERNS = (PERIOD_RE, _THRESHOLD_HEAD_RE, _PAREN_HEAD_RE)
_HEAD_STARTS = starts_in(*_HEAD_PATTERNS)
_LEADING_WORD_STARTS = starts_in(_LEADING_WORD_RE)
_FROM_TO_ENDS = ends_in(FROM_TO_TAIL_RE)
_PAREN_TAIL_ENDS = ends_in(_PAREN_TAIL_RE)
_TRAILING_CHANGE = guarded(TRAILING_CHANGE_RE)  # tried only where a change word can start
_LEAD_STRIP = " \t、，,；;：:。！？!?…—-）)”’》的"
_TAIL_STRIP = " \t、，,；;：:。！？!?…—-（(“‘《"
_PRENOMINAL_STOP_RE = guarded(  # (guarded: its look-behinds would have it tried at every character)
    re.compile(
        r"[，,；;。！？!?\n：:（()）]|、(?=[0-9０-９一二两三四五六七八九十百])|[0-9０-９]|"
        + "|".join(re.escape(w) for w in _longest_first(PRENOMINAL_STOPS))
        + "|"
        + "|".join(PRENOMINAL_STOP_CHARS)
    )
)
# A short parenthesis inside a noun phrase (规上(限上)企业, 来(返)昌人员) belongs to it.
# A figure closing its clause (…12个，) has no noun after it: these stop a noun phrase at once.
_CLAUSE_CLOSERS = frozenset("，,；;。！？!?\n：:)）")
_INNER_PAREN_RE = re.compile(rf"[（(][^（()）]{{1,3}}[)）](?=[{CJK}])")
_QUOTED_ONLY_RE = re.compile(r"^[“\"‘「]([^“”\"‘’「」]+)[”\"’」]$")
_QUOTE_OPENERS = (first_chars(_QUOTED_ONLY_RE) or frozenset()) | {"“"}  # (``_after_last_quote``)
_NEXT_NUMBER_RE = re.compile(r"^(?:共计|共|计|合计|约)?[0-9０-９]")


def _strip_edges(text: str) -> str:
    text = text.lstrip(_LEAD_STRIP).rstrip(_TAIL_STRIP)
    return text


def _is_light_verb_noun(text: str, verb: str) -> bool:
    """完成进度 / 完成率: the light verb is part of the noun, keep it."""
    rest = text[len(verb) :]
    if len(rest) > _LONGEST_NOUN_SUFFIX + 1 or verb not in _LIGHT_VERB_SET:
        return False  # (most words: nothing short enough follows, or no light verb)
    return any(rest.startswith(s) and len(rest) <= len(s) + 1 for s in LIGHT_VERB_NOUN_SUFFIX)


def _strip_leading(text: str) -> tuple[str, str]:
    """Drop time, place, actor and generic-action words from the start; returns (rest, last word dropped)."""
    dropped = ""
    changed = True
    while changed and text:
        changed = False
        if text[0] in _HEAD_STARTS:
            for pattern in _HEAD_PATTERNS:
                m = pattern.match(text)
                if m and m.end() > 0:
                    text, dropped, changed = text[m.end() :], "", True
                    break
            if changed:
                continue
        stripped = text.lstrip(_LEAD_STRIP)
        if stripped != text:
            text, changed = stripped, True
            continue
        m = _LEADING_WORD_RE.match(text) if text[0] in _LEADING_WORD_STARTS else None
        if m and not _is_light_verb_noun(text, m.group(0)):
            word = m.group(0)
            text, dropped, changed = text[len(word) :], word, True
    return text, dropped


def _strip_trailing(text: str) -> tuple[str, bool]:
    """Drop 达/为/共计… and a final parenthesis; also says whether a list-closing 等 went."""
    had_etc = False
    changed = True
    while changed and text:
        changed = False
        stripped = text.rstrip(_TAIL_STRIP)
        if stripped != text:
            text, changed = stripped, True
            continue
        tail = _PAREN_TAIL_RE.search(text) if text[-1] in _PAREN_TAIL_ENDS else None
        if tail and tail.start() > 0:
            text, changed = text[: tail.start()], True
            continue
        from_to = FROM_TO_TAIL_RE.search(text) if text[-1] in _FROM_TO_ENDS else None
        if from_to and from_to.start() > 0:
            text, changed = text[: from_to.start()], True  # 游客量从2020年的 -> 游客量
            continue
        change = _TRAILING_CHANGE.search(text)
        if change and change.start() > 0:
            text, changed = text[: change.start()], True
            continue
        if text[-1] not in _TRAILING_LASTS or not text.endswith(_TRAILING_WORDS):
            break  # (the usual case: one C call instead of a slice and lookup per length)
        for size, words in _TRAILING_BY_SIZE:
            if len(text) > size and text[-size:] in words:
                had_etc = had_etc or text[-size:] == "等"
                text, changed = text[:-size], True
                break
    return text, had_etc


def _after_restart_verb(text: str, beneficiary: bool = False) -> str:
    """``商铺通过三轮招商自营已实现出租率`` -> ``出租率``: restart after a generic verb."""
    best = -1
    pattern, firsts = (_LIGHT_VERB_RE, _LIGHT_VERB_FIRSTS) if beneficiary else (_RESTART_VERB_RE, _RESTART_VERB_FIRSTS)
    for i in range(1, len(text) - 2):
        if text[i] not in firsts:
            continue  # (no verb starts here: one set lookup, not a regex)
        m = pattern.match(text, i)
        if m and len(text) - m.end() >= 2 and not _is_light_verb_noun(text[i:], m.group(0)):
            best = max(best, m.end())
    return text[best:] if best > 0 else text


def _after_restart_marker(text: str) -> str:
    """``对…等乱停乱放现象集中清理`` -> ``乱停乱放现象集中清理``; ``走访认亲辖区重点企业`` -> ``重点企业``."""
    if not _RESTART_MARKER_RE.search(text, 1):
        return text  # no marker after the first character (most subjects)
    for marker in SUBJECT_RESTART_MARKERS:
        i = text.rfind(marker)
        if i > 0:
            rest, _ = _strip_leading(text[i + len(marker) :])
            if len(rest) >= 2:
                return text[i + len(marker) :]
    return text


def _after_last_quote(text: str, after_verb: bool) -> str:
    """``开展“一站三员”防汛应急演练`` -> ``防汛应急演练``; a subject that is only a quote loses the marks.

    A quote opening the clause (``“两委”成员和业委会平均参会率``) names the thing and stays,
    unless it starts a list of quoted names."""
    if text[:1] not in _QUOTE_OPENERS:
        return text  # both rules need a quote opening the subject (most have none)
    quoted = _QUOTED_ONLY_RE.match(text)
    if quoted:
        return quoted.group(1)
    first = text.find("“")
    last = text.rfind("”")
    # a head of one or two characters (“我为群众办实事”项目) needs the quote to name anything
    if first == 0 and last > first and len(text) - last - 1 >= 3 and (after_verb or text.count("“") >= 2):
        # “送岗进校园”、“稳岗促就业”招聘会: a list of names, then the head noun
        return text[last + 1 :]
    return text


def clean_postposed(segment: str) -> str:
    """The subject inside the text between the clause start (or previous figure) and a number."""
    # Both strips repeat until nothing changes, so a text they left as it was needs no second pass.
    text, had_etc = _strip_trailing(_strip_edges(segment))
    trailed = text
    text = _after_restart_marker(text)
    beneficiary = text.startswith(BENEFICIARY_HEADS)
    text, dropped = _strip_leading(text)
    restarted = _after_restart_verb(text, beneficiary)
    if restarted != text:
        text, dropped2 = _strip_leading(restarted)
        dropped = dropped2 or dropped
    text, etc2 = _strip_trailing(text) if text != trailed else (text, False)
    if (had_etc or etc2) and "、" in text:
        text = text.split("、")[0]  # 走访慰问独居老人、残疾人家庭等共计87户: the action and first item
    text = _after_last_quote(_strip_edges(text), after_verb=bool(dropped))
    if 0 < len(text) <= 2 and dropped in REATTACH_PREFIXES and dropped + text in segment:
        text = dropped + text  # 已登记, 累计投资, 组织干部: nothing else names the figure
    return text


def prenominal_run(following: str) -> tuple[int, int]:
    """Where the noun phrase after a unit starts and stops, as offsets into ``following``."""
    if following[:1] in _CLAUSE_CLOSERS:
        return 0, 0
    start = 0
    head = _PAREN_HEAD_RE.match(following)
    if head:
        start = head.end()
    if following.startswith("的", start):
        start += 1
    threshold = _THRESHOLD_HEAD_RE.match(following[start:])
    if threshold:
        start += threshold.end()  # 1.2万名60周岁以上老年人: the age bounds the group, the noun follows
    has_paren = "(" in following or "（" in following
    inner = [(m.start(), m.end()) for m in _INNER_PAREN_RE.finditer(following, start)] if has_paren else []
    for stop in _PRENOMINAL_STOP_RE.finditer(following, start):
        if not any(s <= stop.start() < e for s, e in inner):
            return start, stop.start()
    return start, len(following)


def clean_prenominal(following: str) -> str:
    """The noun phrase right after a unit (``社区38个…`` -> ``社区``)."""
    start, stop = prenominal_run(following)
    if start == stop:
        return ""
    text = following[start:stop]
    text = _LEVEL_HEAD_RE.sub("", text)
    for _ in range(2):
        if not text.endswith(PRENOMINAL_TRAILING):
            break
        for word in PRENOMINAL_TRAILING:
            if text.endswith(word) and len(text) > len(word) + 1:
                text = text[: -len(word)]
    text = _strip_edges(text)
    quoted = _QUOTED_ONLY_RE.match(text)
    return quoted.group(1) if quoted else text


def starts_with_predicate(following: str) -> bool:
    """Does the text after a unit start a predicate (verb, adverb, preposition) rather than a noun?"""
    text = following.lstrip()
    head = _PAREN_HEAD_RE.match(text)
    if head:
        text = text[head.end() :]
    if not text or text[0] in "，,；;。！？!?\n：:、)）”’":
        return True
    return text.startswith(_PREDICATE_SORTED)


def next_figure_follows(following: str) -> bool:
    """``35户共4870㎡的房屋``: another figure follows at once and shares the noun after it."""
    # (6800余名65岁以上老年人: an age bounds the group, it is no figure sharing the noun)
    return bool(_NEXT_NUMBER_RE.match(following)) and not _THRESHOLD_HEAD_RE.match(following)


def is_modifier_only(subject: str) -> bool:
    """``省级`` in ``4个省级、3个市级示范小区``: a level, not the counted noun."""
    return len(subject) <= 3 and subject.endswith(MODIFIER_ONLY_SUFFIXES)
