"""Subject phrases (transforms/subjects.py), on fictional fragments."""

import pytest

from transforms.subjects import (
    clean_postposed,
    clean_prenominal,
    is_modifier_only,
    next_figure_follows,
    starts_with_predicate,
)


@pytest.mark.parametrize(
    ("segment", "subject"),
    [
        ("完成路灯更换", "路灯更换"),
        ("累计发放慰问金", "慰问金"),
        ("街道实现税收收入", "税收收入"),
        ("其中达成签约意向", "达成签约意向"),
        ("绿化面积达", "绿化面积"),
        ("对乱停乱放、占道经营等违规行为现场整治", "违规行为现场整治"),
        ("发放宣传册（折页）", "宣传册"),
        ("共召开“邻里议事会”", "邻里议事会"),
        ("开展“两进三帮”文明劝导", "文明劝导"),
        ("已登记", "已登记"),
        ("累计投资", "累计投资"),
        ("为辖区居民提供就业岗位", "就业岗位"),
        ("工业增加值同比下降", "工业增加值"),
        ("走访认亲辖区重点企业", "重点企业"),
        ("服务时长达", "服务时长"),
        ("“双报到”党员和志愿者参与率分别为", "“双报到”党员和志愿者参与率"),
        ("今年以来组织开展“迎新春”、“送温暖”慰问活动", "慰问活动"),
    ],
)
def test_clean_postposed_keeps_what_is_measured(segment, subject):
    assert clean_postposed(segment) == subject


@pytest.mark.parametrize(
    ("following", "subject"),
    [
        ("企业复产复工，", "企业复产复工"),
        ("社区开展巡查，", "社区"),
        ("老旧小区的改造工作，", "老旧小区"),
        ("规上(限上)企业完成备案", "规上(限上)企业完成备案"),
        ("志愿者、网格员力量累计巡查", "志愿者、网格员"),
        ("“智慧驿站”，", "智慧驿站"),
        ("的房屋征收工作", "房屋征收"),
        ("（含重复走访）、个体户20家", "个体户"),
    ],
)
def test_clean_prenominal_reads_the_noun_phrase_after_the_unit(following, subject):
    assert clean_prenominal(following) == subject


@pytest.mark.parametrize(
    ("following", "expected"), [("，", True), ("实现全覆盖", True), ("排查隐患", True), ("社区", False), ("", True)]
)
def test_starts_with_predicate_tells_a_predicate_from_a_noun(following, expected):
    assert starts_with_predicate(following) is expected


def test_next_figure_follows_sees_a_figure_sharing_the_noun():
    assert next_figure_follows("共4000㎡的房屋")
    assert not next_figure_follows("房屋")


def test_is_modifier_only_flags_a_bare_level():
    assert is_modifier_only("省级")
    assert not is_modifier_only("示范小区")


@pytest.mark.parametrize("ending", ["", "\n"])
def test_a_closing_parenthesis_leaves_the_subject_even_before_a_line_end(ending):
    # (the tail rules read the end of the text as a regex's $ does: before a final newline too)
    assert clean_postposed("完成道路改造（含人行道）" + ending) == "道路改造"
