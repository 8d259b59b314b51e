"""The time span a figure covers (transforms/periods.py)."""

import pytest

from transforms.periods import find_period, period_spans


@pytest.mark.parametrize(
    ("sentence", "figure", "period"),
    [
        ("今年1-9月，实现税收收入3亿元", "3亿元", "1-9月"),
        ("截至10月底，共排查隐患120处", "120处", "截至10月底"),
        ("自5月8日起，组织巡查40次", "40次", "自5月8日起"),
        ("3月以来，新增企业25家", "25家", "3月以来"),
        ("8月至今，调解纠纷16起", "16起", "8月至今"),
        ("全年完成投资8亿元", "8亿元", "全年"),
        ("目前，已建成驿站6个", "6个", "目前"),
        ("今年以来，举办活动30场", "30场", "今年以来"),
        ("自开展专项整治行动以来，拆除违建12处", "12处", "自开展专项整治行动以来"),
        ("2023年，新增绿地2公顷", "2公顷", "2023年"),
    ],
)
def test_find_period_returns_the_span_the_sentence_states(sentence, figure, period):
    assert find_period(sentence, sentence.index(figure)) == period


def test_find_period_is_none_without_a_period_word():
    sentence = "新建公园3个，铺设管网2公里"
    assert find_period(sentence, sentence.index("3个")) is None


def test_later_period_word_covers_only_the_figures_after_it():
    sentence = "截至9月底，处理数据500条，6月以来，隔离12人"
    assert find_period(sentence, sentence.index("500条")) == "截至9月底"
    assert find_period(sentence, sentence.index("12人")) == "6月以来"


def test_a_year_inside_the_sentence_is_not_a_period():
    sentence = "纳入2022年改造计划的小区有4个"
    assert all(text != "2022年" for _, _, text in period_spans(sentence))


def test_a_period_opening_the_sentence_carries_across_semicolons():
    sentence = "1-9月，销售额2亿元，同比增长5%；营业收入3亿元，同比增长6%。"
    assert find_period(sentence, sentence.index("3亿元")) == "1-9月"


def test_a_mid_sentence_period_stops_at_a_new_clause_with_commas():
    sentence = "累计排查3万人；自3月1日起，组织巡查40次；全域排查企业500家，整改隐患30处。"
    assert find_period(sentence, sentence.index("500家")) is None


def test_a_period_reaches_short_list_items_after_semicolons():
    sentence = "累计出动队伍300人次，自开展整治以来，清理垃圾80车；拆除违建12处。"
    assert find_period(sentence, sentence.index("12处")) == "自开展整治以来"


def test_a_topic_label_ends_the_reach_of_a_period():
    sentence = "自开展活动以来，举办活动50次；河道方面：打捞漂浮物200车。"
    assert find_period(sentence, sentence.index("200车")) is None


def test_now_is_a_period_only_when_it_heads_a_clause():
    assert find_period("目前，已建成驿站6个", 8) == "目前"
    assert find_period("目前签约率已达98%", 9) is None
