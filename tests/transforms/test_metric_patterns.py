"""The first/last characters read from a rule pattern: a string they reject never matches."""

import re

import pytest

from transforms import metric_kinds as K
from transforms import metric_rules as R
from transforms import subject_rules as SR
from transforms import subjects as S
from transforms.metric_patterns import can_end, can_start, first_chars, last_chars

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
    chars = first_chars(pattern)
    assert chars is not None
    for text in _SAMPLES:
        m = pattern.match(text)
        if m and m.end() > 0:
            assert can_start(chars, text), text


@pytest.mark.parametrize(
    "pattern", [SR.FROM_TO_TAIL_RE, K.GROWTH_UP_RE, K._COMPARED_RE, R.RANGE_BEFORE_RE, R.RANK_CUE_TAIL_RE]
)
def test_a_string_not_ending_with_a_last_char_never_matches_at_its_end(pattern):
    chars = last_chars(pattern)
    assert chars is not None
    for text in _SAMPLES:
        if pattern.search(text):
            assert can_end(chars, text), text


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
    assert can_end(last_chars(pattern), text)
    assert not can_end(last_chars(pattern), "同比增长了")
