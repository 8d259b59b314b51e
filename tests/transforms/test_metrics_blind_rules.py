"""One focused test per rule added after the blind fixtures (tests/fixtures/reports_blind).

Every sentence here is invented for the test; none is copied from a seed or a fixture report.
"""

import pytest

from transforms.metrics import extract_metrics


def figures(text: str) -> list[tuple]:
    return [(m.mention, m.value, m.unit, m.qualifier, m.kind) for m in extract_metrics(text)]


def subject_of(text: str, mention: str) -> str | None:
    return next(m.subject for m in extract_metrics(text) if m.mention == mention)


# --- units and ranks ---------------------------------------------------------------------------


def test_loans_are_counted_in_the_compound_unit_not_as_volumes():
    assert [(m.mention, m.unit, m.value) for m in extract_metrics("图书馆全年借阅两万余册次。")] == [
        ("两万余册次", "册次", 20000)
    ]
    assert figures("新增图书两千册。") == [("两千册", 2000, "册", "exact", "count")]


def test_a_bare_award_verb_ranks_with_an_explicit_place():
    assert figures("合唱队获市级比赛第三名。") == [("第三名", 3, "位", "exact", "rank")]
    assert figures("合唱队获第二届文明单位称号。") == []  # an edition, not a place


# --- Chinese numerals ---------------------------------------------------------------------------


def test_a_long_chinese_numeral_closing_its_clause_counts_even_before_a_name_prone_unit():
    assert figures("组建巡河队伍二十四支。") == [("二十四支", 24, "支", "exact", "count")]
    assert figures("开办夜校课程十八期，") == [("十八期", 18, "期", "exact", "count")]
    assert figures("完成工程一期。") == []
    assert figures("推进项目三期建设。") == []


def test_a_chinese_numeral_count_may_follow_a_quoted_name():
    assert figures("新建“邻里食堂”六个，") == [("六个", 6, "个", "exact", "count")]


def test_a_part_after_qiZhong_is_a_count():
    ms = figures("建成驿站十个，其中四个位于老旧小区。")
    assert ("四个", 4, "个", "exact", "count") in ms and len(ms) == 2


# --- ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("培育示范项目4至6个。", "4", "6个"),
        ("力争培育示范项目三至五个。", "三", "五个"),
        ("新建口袋公园2到3处。", "2", "3处"),
    ],
)
def test_both_ends_of_a_plain_range_are_figures_the_start_borrowing_the_unit(text, low, high):
    ms = extract_metrics(text)
    assert [m.mention for m in ms] == [low, high]
    assert ms[0].unit == ms[1].unit and ms[0].value < ms[1].value
    assert ms[0].subject == ms[1].subject


@pytest.mark.parametrize(
    "text",
    ["投资30至50万元。", "招聘20-30人。", "用3至5年时间完成改造。", "2021至2023年，全镇发展良好。", "第1至3批试点。"],
)
def test_ranges_with_an_unsaid_multiplier_a_dash_or_a_described_noun_stay_out(text):
    assert figures(text) == []


# --- durations ------------------------------------------------------------------------------------


def test_a_duration_shortened_to_a_new_level_keeps_both_levels():
    ms = extract_metrics("审批时限由5天缩短至3天。")
    assert [(m.mention, m.kind) for m in ms] == [("5天", "measure"), ("3天", "measure")]
    assert [m.subject for m in ms] == ["审批时限", "审批时限"]


# --- subjects -------------------------------------------------------------------------------------


def test_points_change_the_nearest_share_not_an_earlier_count():
    text = "新招录社工42名，其中持证社工占比达到63.5%，较上年提高4.2个百分点。"
    assert subject_of(text, "4.2个百分点") == "持证社工占比"


def test_a_rank_in_a_field_does_not_take_the_field_as_subject():
    text = "垃圾分类准确率达到91%，在全区12个街镇中排名第三。"
    assert subject_of(text, "第三") == "垃圾分类准确率"


def test_a_share_of_a_whole_measures_the_amount_before_it():
    text = "全年教育支出2.4亿元，占财政总支出的31.5%。"
    assert subject_of(text, "31.5%") == "教育支出"
    assert subject_of("工业税收占比为21%。", "21%") == "工业税收占比"


def test_an_age_bound_is_no_figure_sharing_the_noun_after_it():
    text = "为1200余名70岁以上老人发放补贴，全年发放补贴资金36万元。"
    assert subject_of(text, "1200余名").startswith("老人")


@pytest.mark.parametrize(
    ("text", "mention", "subject"),
    [
        ("辖区近两百家商户加入联盟。", "近两百家", "商户"),
        ("为九十六户困难家庭送去年货。", "九十六户", "困难家庭"),
        ("服务队吸纳大学生志愿者85名。", "85名", "大学生志愿者"),
        ("5个社区均已完成改造。", "5个", "社区"),
        ("12个社区或小区参与试点。", "12个", "社区"),
    ],
)
def test_the_noun_after_a_count_stops_where_the_predicate_starts(text, mention, subject):
    assert subject_of(text, mention) == subject


def test_a_count_followed_by_a_gain_verb_takes_the_noun_before_it():
    assert subject_of("带动农户860余户增收。", "860余户") != "增收"


# --- thresholds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [("仍有5个村集体收入低于20万元。", "5个"), ("有6个小区物业费收缴率不足50%。", "6个")],
)
def test_a_bound_after_you_count_noun_picks_the_group_and_is_no_metric(text, kept):
    assert [m.mention for m in extract_metrics(text)] == [kept]


def test_a_bound_of_its_own_stays_a_metric():
    assert figures("全年村集体收入平均不足40万元。") == [("不足40万元", 400000, "元", "under", "money")]


# --- periods --------------------------------------------------------------------------------------


def test_a_year_opening_quoted_speech_is_the_period_of_the_sentence():
    text = "“2023年，全乡实现农业总产值5.2亿元，同比增长6.1%；完成投资1.8亿元，增长9%。”他说。"
    assert {m.mention: m.period for m in extract_metrics(text)} == {
        "5.2亿元": "2023年",
        "6.1%": "2023年",
        "1.8亿元": "2023年",
        "9%": "2023年",
    }


def test_a_named_plan_period_since_is_a_period():
    ms = extract_metrics("“十三五”以来，全乡粮食产量年均增长2.4%。")
    assert [(m.mention, m.period) for m in ms] == [("2.4%", "“十三五”以来")]


def test_the_year_of_a_table_column_is_the_period_of_its_cells():
    text = "主要指标\n序号 指标 单位 2023年完成 同比增长\n1 新增绿地面积 公顷 5.6 8.1%\n2 清运垃圾 万吨 3.2 -1.5%\n"
    ms = extract_metrics(text)
    assert [(m.mention, m.value, m.period) for m in ms] == [
        ("5.6", 5.6, "2023年"),
        ("8.1%", 8.1, "2023年"),
        ("3.2", 32000, "2023年"),
        ("-1.5%", -1.5, "2023年"),
    ]


def test_a_rate_word_before_the_figure_is_no_part_of_the_subject():
    assert subject_of("餐厨垃圾收运量达到每日18吨。", "18吨") == "餐厨垃圾收运量"
