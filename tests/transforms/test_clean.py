"""Cleaning rules of transforms.clean.clean_text, and the promise that figures never move."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.clean import clean_text


def test_spaces_around_punctuation_in_cjk_text_go_and_marks_become_full_width():
    assert clean_text("文章 , 内容 。").text == "文章，内容。"


def test_half_width_marks_between_cjk_become_full_width():
    assert clean_text("问题?答案!要点:一是;二是,三是").text == "问题？答案！要点：一是；二是，三是"


def test_half_width_parentheses_around_cjk_become_full_width():
    assert clean_text("(一)经济发展(含园区)").text == "（一）经济发展（含园区）"


def test_latin_parentheses_stay():
    assert clean_text("f(x) = 1").text == "f(x) = 1"


def test_figures_with_inner_marks_are_untouched():
    text = "收入18.35亿元，1-11月，3·5疫情，2024/2/3发布，A-23地块，1+N+X模式，共1,234人，10:30开会"
    assert clean_text(text).text == text


def test_full_width_digits_letters_and_percent_become_ascii():
    assert clean_text("增长１２．５％，ＡＢ类").text == "增长12.5%，AB类"


def test_runs_of_spaces_and_blank_lines_collapse():
    assert clean_text("第一段   内容\n\n\n\n第二段\u3000\u3000内容 ").text == "第一段 内容\n第二段 内容"


def test_image_placeholder_lines_are_dropped_and_flagged():
    cleaned = clean_text("第一段。\n文章图片\n第二段。")
    assert cleaned.text == "第一段。\n第二段。"
    assert "image_placeholder_removed" in cleaned.flags


def test_censor_artifact_is_cut_out_and_flagged():
    cleaned = clean_text("对低保户敏感词,请谨慎使用。,提供帮扶救助")
    assert cleaned.text == "对低保户，提供帮扶救助"
    assert cleaned.flags == ("censor_artifact",)


def test_censor_artifact_between_figures_keeps_them_apart():
    assert clean_text("共3敏感词，请谨慎使用5人").text == "共3 5人"


def test_clean_text_without_findings_has_no_flags():
    assert clean_text("正文。").flags == ()


_ALPHABET = st.sampled_from(
    list("街道社区年月日万亿元个人，。；：、（）“”,.;:!?()-/·+ \n\t文章图片敏感词请谨慎使用ＡＢ１２３０")
    + list("0123456789")
)
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_every_digit_run_survives_in_order(body):
    expected = re.findall(r"[0-9]+", body.translate(_FULL_DIGITS))
    assert re.findall(r"[0-9]+", clean_text(body).text) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_cleaning_is_idempotent(body):
    once = clean_text(body).text
    assert clean_text(once).text == once


def test_spaced_comma_after_a_percent_sign_becomes_full_width():
    assert clean_text("覆盖率已达96.3% , 推进整治").text == "覆盖率已达96.3%，推进整治"


def test_a_paragraph_hard_wrapped_at_a_fixed_width_is_joined_and_its_split_figure_restored():
    from transforms.clean import clean_text

    body = (
        "一、2023年工作总结\n"
        "2023年，石桥镇全年完成一般公共预算收入\n"
        "3.2亿元，同比增长7.5%；新增就业岗位15\n"
        "00个，完成老旧小区改造4个，惠及居民2300\n"
        "户。\n"
        "二、2024年工作计划\n"
    )
    cleaned = clean_text(body)
    assert "新增就业岗位1500个" in cleaned.text and "惠及居民2300户。" in cleaned.text
    assert (
        cleaned.text.splitlines()[0] == "一、2023年工作总结" and cleaned.text.splitlines()[-1] == "二、2024年工作计划"
    )
    assert "hard_wraps_joined" in cleaned.flags


def test_short_unpunctuated_headings_are_not_joined_to_their_paragraph():
    from transforms.clean import clean_text

    body = "疫情防控成效显著\n全年开展核酸检测12万人次，完成疫苗接种3.6万剂次。\n经济质效稳步提升\n新引进企业56家。"
    assert clean_text(body).text == body


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("街道社区，。：“”…—·abc 123ＡＢ％①é𠀀\u3000")), max_size=40), max_size=6
    )
)
def test_line_widths_count_wide_and_full_width_characters_twice(lines):
    import unicodedata

    from transforms.clean import _display_widths

    expected = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in lines]
    assert _display_widths(lines) == expected
