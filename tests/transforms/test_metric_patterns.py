"""The first/last characters read from a rule pattern: a string they reject never matches."""

import re

import pytest

from transforms import metric_kinds as K
from transforms import metric_rules as R
from transforms import subject_rules as SR
from transforms import subjects as S
from transforms.metric_patterns import EVERY, ends_in, first_chars, guarded, last_chars, starts_in

# Fictional report phrases, cut at every offset below: the strings the rules see.
_PHRASES = (
    "截至10月底，全街道累计完成固定资产投资12.5亿元，同比增长8.3%，较上年提高1.2个百分点。",
    "一是新增就业岗位1500个；二是完成老旧小区改造6个(含3个市级示范小区)，惠及居民2300余户。",
    "游客量从2020年的8万人次增长到2024年的26万人次，满意率由年初的86.5%提升至95.1%，位居全区第二。",
    "60周岁以上老年人体检率达91.2%，发案数下降15起，比全市平均水平高出3个百分点。\n",
)
_SAMPLES = sorted({p[i:j] for p in _PHRASES for i in range(len(p)) for j in range(i, min(len(p), i + 16) + 1)})


@pytest.mark.parametrize(
    "pattern", [R.PERIOD_RE, S._LEADING_WORD_RE, S._THRESHOLD_HEAD_RE, S._PAREN_HEAD_RE, S._LEVEL_HEAD_RE]
)
def test_a_string_not_starting_with_a_first_char_never_matches(pattern):
    starts = starts_in(pattern)
    assert starts is not EVERY
    for text in _SAMPLES:
        m = pattern.match(text)
        if m and m.end() > 0:
            assert text[:1] in starts, text


@pytest.mark.parametrize(
    "pattern", [SR.FROM_TO_TAIL_RE, K.GROWTH_UP_RE, K._COMPARED_RE, R.RANGE_BEFORE_RE, R.RANK_CUE_TAIL_RE]
)
def test_a_string_not_ending_with_a_last_char_never_matches_at_its_end(pattern):
    ends = ends_in(pattern)
    assert ends is not EVERY
    for text in _SAMPLES:
        if pattern.search(text):
            assert text[-1:] in ends, text


def test_a_word_list_starts_and_ends_with_its_words_first_and_last_characters():
    pattern = re.compile("增长|下降|同比(?:增长|下降)$")
    assert first_chars(pattern) == frozenset("增下同")
    assert last_chars(re.compile("(?:增长|下降)(?:了|为)?$")) == frozenset("长降了为")


def test_a_pattern_that_can_match_anything_or_nothing_gives_no_bound():
    assert first_chars(re.compile(r"[^，]增长")) is None  # a negated class
    assert first_chars(re.compile(r"(?:同比)?")) is None  # the empty string matches
    assert first_chars(re.compile(r"增长", re.IGNORECASE)) is None
    assert last_chars(re.compile(r"增长")) is None  # not anchored at the end
    assert last_chars(re.compile(r"增长$|下降")) is None  # one alternative is not
    assert last_chars(re.compile(r"[高低]于[^，]{0,8}$")) is None


def test_dollar_before_a_final_newline_still_counts_as_the_end():
    pattern = re.compile(r"(?:增长|下降)$")
    text = "同比增长\n"
    assert pattern.search(text)
    assert text[-1:] in ends_in(pattern)
    assert "同比增长了"[-1:] not in ends_in(pattern)


def test_a_pattern_without_bounds_may_start_and_end_anywhere():
    assert starts_in(re.compile(r"[^，]增长")) is EVERY
    assert ends_in(re.compile(r"增长[^，]{0,3}$")) is EVERY
    assert "x" in EVERY and "" in EVERY


@pytest.mark.parametrize("pattern", [R.TARGET_RE, R.RESULT_CUE_RE, R.PERIOD_RE, re.compile(r"(?:同比)?")])
def test_a_guarded_pattern_finds_what_the_pattern_finds(pattern):
    fast = guarded(pattern)
    for text in _PHRASES + ("力争明年完成目标，已完成年度计划的85%", ""):
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in pattern.finditer(text)
        ]
        found, expected = fast.search(text, 3), pattern.search(text, 3)
        assert (found and found.span()) == (expected and expected.span())
