"""Properties of extract_metrics on arbitrary text (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.metrics import extract_metrics

# Characters that drive the rules: digits (ASCII, full-width), Chinese numerals and
# multipliers, units, qualifiers, punctuation, quotes and brackets.
_RULE_CHARS = (
    "0123456789０１２３４５６７８９.,-/:·%％"
    "零〇一二两三四五六七八九十百千万亿余多约近超逾第每"
    "个人户家处次名元米亩天年月日号栋幢平方公里㎡率增长下降同比位列全区"
    "，。；、：（）()“”《》 \n"
)
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_TEXT = st.one_of(
    st.text(alphabet=_RULE_CHARS, max_size=200),
    st.text(alphabet=st.one_of(_CJK, st.sampled_from(_RULE_CHARS)), max_size=200),
    st.text(max_size=200),
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_extract_metrics_never_raises_and_mentions_match_offsets(text):
    metrics = extract_metrics(text)
    for m in metrics:
        assert text[m.char_start : m.char_end] == m.mention
        assert m.mention
        assert m.qualifier in {"exact", "over", "nearly", "about", "under"}
        assert m.kind in {"count", "money", "ratio", "growth", "rank", "measure"}
        assert m.subject is None or m.subject in text  # copied from the text
        assert m.mention in m.sentence
    starts = [m.char_start for m in metrics]
    assert starts == sorted(starts)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(["个", "人次", "平方米", "户", "家", "%"]))
def test_a_plain_figure_is_found_with_its_value_and_offsets(number, unit):
    text = f"街道新建驿站{number}{unit}，其他工作。"
    metrics = extract_metrics(text)
    assert [(m.mention, m.value) for m in metrics] == [(f"{number}{unit}", float(number))]
    assert text[metrics[0].char_start : metrics[0].char_end] == metrics[0].mention
