"""Rules added so that the extractor generalises beyond the seed reports (one block per rule).

All sentences are invented; each block names the rule in transforms/metric_rules.py or
transforms/metrics.py it covers.
"""

import pytest

from transforms.metrics import extract_metrics


def one(text: str):
    metrics = extract_metrics(text)
    assert len(metrics) == 1, [m.mention for m in metrics]
    return metrics[0]


def by_mention(text: str) -> dict:
    return {m.mention: m for m in extract_metrics(text)}


# --- 百分之… written in words (PERCENT_WORD_RE) ------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "value", "qualifier"),
    [
        ("垃圾分类覆盖率达到百分之百。", "百分之百", 100, "exact"),
        ("完成目标任务的百分之一百零五。", "百分之一百零五", 105, "exact"),
        ("调解成功率保持在百分之九十八以上。", "百分之九十八以上", 98, "over"),
        ("失业率控制在百分之三以内。", "百分之三以内", 3, "under"),
        ("风险消除率达到百分之七十二点一。", "百分之七十二点一", 72.1, "exact"),
    ],
)
def test_percent_in_words(text, mention, value, qualifier):
    m = one(text)
    assert (m.mention, m.value, m.unit, m.qualifier, m.kind) == (mention, pytest.approx(value), "%", qualifier, "ratio")


def test_percent_in_words_as_a_decrease():
    m = one("信访总量同比下降百分之十。")
    assert (m.value, m.kind, m.subject) == (-10, "growth", "信访总量")


# --- ranges: a dash after a unit is not a minus sign (_FIGURE_END_RE, _RANGE_SEP) -----


def test_percent_range_keeps_both_ends_positive_with_one_subject():
    ms = extract_metrics("固定资产投资增长6%-8%，")
    assert [(m.mention, m.value, m.kind, m.subject) for m in ms] == [
        ("6%", 6, "growth", "固定资产投资"),
        ("8%", 8, "growth", "固定资产投资"),
    ]


def test_money_range_upper_end_shares_the_subject():
    ms = extract_metrics("农业总产值达到12亿元至13亿元。")
    assert [m.subject for m in ms] == ["农业总产值", "农业总产值"]


@pytest.mark.parametrize("text", ["税收收入 9.14亿元 -2.1%", "增速为-2.1%。"])
def test_a_real_minus_sign_still_makes_a_negative_figure(text):
    assert extract_metrics(text)[-1].value == pytest.approx(-2.1)


def test_month_ranges_are_still_periods_not_figures():
    assert [m.mention for m in extract_metrics("1-6月，实现税收3.2亿元。")] == ["3.2亿元"]


# --- address characters before a count (ADDRESS_UNITS) --------------------------------


@pytest.mark.parametrize(
    ("text", "mention"),
    [("整治背街小巷23条，", "23条"), ("新建村卫生室2所，", "2所"), ("改造社区活动室5间，", "5间")],
)
def test_counts_after_巷_or_室_are_counted(text, mention):
    assert one(text).mention == mention


@pytest.mark.parametrize("text", ["地址为东风路128号3幢201室。", "位于建设巷12号。"])
def test_addresses_are_still_not_figures(text):
    assert extract_metrics(text) == []


# --- agricultural measure words (UNIT_WORDS 羽 尾 口 眼 匹) ----------------------------


@pytest.mark.parametrize(
    ("text", "mention", "value", "unit"),
    [
        ("家禽出栏26万羽，", "26万羽", 260000, "羽"),
        ("投放鱼苗50万尾，", "50万尾", 500000, "尾"),
        ("新建小型水窖46口，", "46口", 46, "口"),
        ("新打机井12眼，", "12眼", 12, "眼"),
        ("存栏马匹300匹，", "300匹", 300, "匹"),
    ],
)
def test_livestock_and_well_units(text, mention, value, unit):
    m = one(text)
    assert (m.mention, m.value, m.unit, m.kind) == (mention, value, unit, "count")


@pytest.mark.parametrize("text", ["一口气完成了清运。", "群众一口一个好。", "汽车尾气检测。"])
def test_new_units_do_not_catch_set_phrases(text):
    assert extract_metrics(text) == []


# --- thresholds that define a group (以上 + noun, 超/不足 + 的 + noun) --------------------


def test_amount_with_以上_before_a_noun_is_a_threshold():
    ms = extract_metrics("其中10亿元以上项目2个、亿元以上项目9个。")
    assert [(m.mention, m.subject) for m in ms] == [("2个", "10亿元以上项目"), ("9个", "亿元以上项目")]


def test_floor_with_超_and_的_is_a_threshold():
    assert [m.mention for m in extract_metrics("其中超50万元的村达到6个。")] == ["6个"]


def test_以上_closing_a_target_is_still_a_qualifier():
    m = one("新增城镇就业2500人以上，")
    assert (m.mention, m.qualifier) == ("2500人以上", "over")


# --- floors and ceilings written 不少于 / 不低于 / 不超过 (QUALIFIER_BEFORE) ----------------


@pytest.mark.parametrize(
    ("text", "mention", "qualifier"),
    [
        ("新增规上企业不少于8家。", "不少于8家", "over"),
        ("调解成功率不低于98%。", "不低于98%", "over"),
        ("城镇登记失业率不超过3.5%。", "不超过3.5%", "under"),
    ],
)
def test_floor_and_ceiling_words(text, mention, qualifier):
    m = one(text)
    assert (m.mention, m.qualifier) == (mention, qualifier)


# --- change amounts against a named earlier period (COMPARISON_EXTRA, 净增, 减产) --------


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("高新技术企业总数达到63家，较上年净增15家。", "15家", 15),
        ("规上工业企业达到56家，比2023年增加8家。", "8家", 8),
        ("粮食总产量3.2万吨，比上年减产2.5%。", "2.5%", -2.5),
    ],
)
def test_changes_against_an_earlier_period_are_growth(text, mention, value):
    m = by_mention(text)[mention]
    assert (m.kind, m.value) == ("growth", value)


def test_new_without_comparison_stays_a_count():
    assert one("净增科技型中小企业42家。").kind == "count"


# --- flattened tables: a share in a growth column (_table_growth_columns) --------------


TABLE = "指标 完成值 同比增长\n固定资产投资 45.6亿元 8.2%\n税收收入 9.14亿元 -2.1%\n"


def test_shares_in_a_table_growth_column_are_growth():
    ms = extract_metrics(TABLE)
    assert [(m.mention, m.kind, m.subject) for m in ms] == [
        ("45.6亿元", "money", "固定资产投资"),
        ("8.2%", "growth", "固定资产投资"),
        ("9.14亿元", "money", "税收收入"),
        ("-2.1%", "growth", "税收收入"),
    ]


def test_shares_in_a_table_level_column_stay_ratios():
    ms = extract_metrics("指标 完成值 完成率\n固定资产投资 45.6亿元 82.5%\n")
    assert ms[-1].kind == "ratio"


def test_prose_with_spaces_is_not_a_table():
    ms = extract_metrics("对 3个 社区 进行 整治 增长\n排查 覆盖率 达 95% 以上\n")
    assert all(m.kind != "growth" for m in ms)


# --- subjects of changes and ranks ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "subject"),
    [
        # the clause names its own quantity: not the amount of the clause before
        ("化解信访积案11件，刑事警情同比下降21.6%。", "21.6%", "刑事警情"),
        ("生猪出栏突破4万头，农村居民人均可支配收入增长7%以上。", "7%以上", "农村居民人均可支配收入"),
        # percentage points change the share before them
        ("医保参保率达98.6%，较去年同期提高1.2个百分点。", "1.2个百分点", "医保参保率"),
        ("满意率较一季度提升4.5个百分点。", "4.5个百分点", "满意率"),
        ("同比增长12.3%，高于全区平均水平3个百分点。", "3个百分点", None),
        # a change in points of a rate named in its own clause
        ("增长7.6%，增速较上年提高2.3个百分点。", "2.3个百分点", "增速"),
        ("增长6.2%，增速高于全县平均水平0.8个百分点。", "0.8个百分点", "增速"),
        # a rank whose field is counted (在全区18个镇街中): the ranked thing is before it
        ("群众安全感满意度在全区18个镇街中位列第2名。", "第2名", "群众安全感满意度"),
        # 总量 alone names nothing: the amount before is ranked
        ("完成税收收入15.38亿元，同比增长9.4%，总量位居全区第二。", "第二", "税收收入"),
        ("农民人均可支配收入16850元，同比增长7.3%，增速位居全县第一。", "第一", "增速"),
    ],
)
def test_subjects_of_changes_and_ranks(text, mention, subject):
    m = by_mention(text)[mention]
    if subject is None:  # carried from the growth rate before
        assert m.subject == by_mention(text)["12.3%"].subject
    else:
        assert m.subject == subject


@pytest.mark.parametrize(
    ("text", "mention", "subject"),
    [
        # an attribute before "figure + 的 + name"
        ("总投资2.6亿元的电池配件项目已开工。", "2.6亿元", "总投资"),
        ("总建筑面积约18万平方米的商务综合体主体封顶。", "约18万平方米", "总建筑面积"),
        # from one level to another: both shares are of the same thing
        ("满意率由年初的86.5%提升至95.1%。", "86.5%", "满意率"),
        ("满意率由年初的86.5%提升至95.1%。", "95.1%", "满意率"),
        # a figure in Chinese numerals right after another does not become its noun
        ("总人口一万余户三万八千人。", "一万余户", "总人口"),
        ("总人口一万余户三万八千人。", "三万八千人", "总人口"),
        # 在建 is one word; 到 starts a predicate after a counted noun
        ("推动7个在建项目加快建设。", "7个", "在建项目"),
        ("选派12名年轻干部到信访一线岗位锻炼。", "12名", "年轻干部"),
        # 受理 is a generic verb: the subject restarts after it
        ("12345热线受理群众诉求8462件。", "8462件", "群众诉求"),
        # a quoted name before a one- or two-character head stays in the subject
        ("开展“我为群众办实事”项目130项。", "130项", "“我为群众办实事”项目"),
        ("开展“一站三员”防汛应急演练3场。", "3场", "防汛应急演练"),
    ],
)
def test_subjects_of_amounts(text, mention, subject):
    assert by_mention(text)[mention].subject == subject


# --- flattened tables with bare numbers (_find_table_cells) -----------------------------

UNIT_TABLE = (
    "序号 指标名称 单位 1-6月完成 同比增长（%）\n"
    "1 地区生产总值 亿元 23.5 7.1\n"
    "2 固定资产投资 万元 73500 -1.5\n"
    "3 新增市场主体 户 386 15.2\n"
)


def test_table_numbers_take_the_unit_column_and_the_row_name():
    ms = extract_metrics(UNIT_TABLE)
    assert [(m.mention, m.value, m.unit, m.kind, m.subject) for m in ms] == [
        ("23.5", pytest.approx(2.35e9), "元", "money", "地区生产总值"),
        ("7.1", 7.1, "%", "growth", "地区生产总值"),
        ("73500", pytest.approx(7.35e8), "元", "money", "固定资产投资"),
        ("-1.5", -1.5, "%", "growth", "固定资产投资"),
        ("386", 386, "户", "count", "新增市场主体"),
        ("15.2", 15.2, "%", "growth", "新增市场主体"),
    ]


def test_table_row_numbers_are_not_figures():
    assert all(m.mention not in ("1", "2", "3") for m in extract_metrics(UNIT_TABLE))


def test_table_unit_in_the_header_and_year_columns():
    ms = extract_metrics("指标 2023年 2024年（亿元） 排名\n税收收入 15.4 16.6 2\n")
    assert [(m.mention, m.unit, m.kind) for m in ms] == [("16.6", "元", "money"), ("2", "位", "rank")]


def test_table_offsets_point_at_the_cells():
    text = "前言。\n" + UNIT_TABLE
    for m in extract_metrics(text):
        assert text[m.char_start : m.char_end] == m.mention


def test_numbers_in_prose_lines_with_spaces_are_not_table_cells():
    assert extract_metrics("完成 指标 计划 任务\n全年 完成 3 良好\n") == []


# --- tiers are not ranks (RANK_NOT_FOLLOWED_BY) ------------------------------------------


@pytest.mark.parametrize("text", ["综合考核位列全区第一方阵。", "考核位居全市第一梯队。", "考核评为全县第一等次。"])
def test_tiers_are_not_ranks(text):
    assert extract_metrics(text) == []


# --- subjects: linking verbs, milestones, growth verbs, plan words, context phrases ------


@pytest.mark.parametrize(
    ("text", "mention", "subject"),
    [
        ("规上工业产值首次突破百亿元大关，达到102.3亿元。", "102.3亿元", "规上工业产值"),
        ("规上工业产值首次突破百亿元大关，达到102.3亿元。", "突破百亿元", "规上工业产值"),
        ("农民专业合作社发展到28家。", "28家", "农民专业合作社"),
        ("全年共计划实施民生实事项目十件。", "十件", "民生实事项目"),
        ("成功创建国家级卫生镇1个。", "1个", "国家级卫生镇"),
        ("在全市乡镇综合考评中名列第7位。", "第7位", "乡镇综合考评"),
        ("为1.2万名60周岁以上老年人办理了意外伤害保险。", "1.2万名", "老年人"),
    ],
)
def test_subjects_in_other_report_wordings(text, mention, subject):
    assert by_mention(text)[mention].subject == subject


@pytest.mark.parametrize(
    ("text", "mention", "subject"),
    [
        ("新增园区入驻企业168家，成功孵化35家。", "35家", "成功孵化"),  # 成功 stays before a non-light verb
        ("调解成功率98.4%。", "98.4%", "调解成功率"),
        ("计划总投资额4200万。", "4200万", "计划总投资额"),  # 计划 stays before a noun
    ],
)
def test_new_leading_words_leave_nouns_alone(text, mention, subject):
    assert by_mention(text)[mention].subject == subject


# --- a notice's colophon (PRINT_RUN_BEFORE_RE) --------------------------------------------


@pytest.mark.parametrize("text", ["锦湖街道党政办公室 2025年1月20日印发（共印30份）", "印数：50份"])
def test_print_run_of_a_notice_is_not_a_figure(text):
    assert extract_metrics(text) == []


def test_copies_handed_out_are_still_counted():
    assert one("发放宣传资料1200份。").mention == "1200份"


# --- one space between number and unit (QUANTITY_RE) -------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "value", "unit", "kind"),
    [
        ("社会消费品零售总额同比增长 6.8 %。", "6.8 %", 6.8, "%", "growth"),
        ("完成 3 个项目。", "3 个", 3, "个", "count"),
        ("实现税收 2.5 亿元。", "2.5 亿元", 2.5e8, "元", "money"),
    ],
)
def test_a_space_before_the_unit(text, mention, value, unit, kind):
    m = one(text)
    assert (m.mention, m.value, m.unit, m.kind) == (mention, pytest.approx(value), unit, kind)


def test_a_space_does_not_join_a_row_number_to_a_name():
    assert extract_metrics("序号 1 地区生产总值") == []


# --- more rank verbs, from/to levels, multiples in Chinese numerals -----------------------


def test_跃居_closes_the_subject_of_a_rank():
    ms = extract_metrics("税收收入跃居全市第一，达到8.8亿元。")
    assert [(m.kind, m.subject) for m in ms] == [("rank", "税收收入"), ("money", "税收收入")]


def test_from_and_to_levels_share_the_subject():
    ms = extract_metrics("年接待游客量从2020年的8万人次增长到2024年的26万人次。")
    assert [m.subject for m in ms] == ["年接待游客量", "年接待游客量"]


def test_a_multiple_in_chinese_numerals_after_a_change_word():
    m = one("外贸出口增长一倍。")
    assert (m.value, m.unit, m.kind) == (1, "倍", "growth")


def test_一倍_without_a_change_word_is_not_a_figure():
    assert extract_metrics("这一倍数关系") == []


# --- a bare 万 before 余 (CHINESE_NUMBER) ---------------------------------------------------


def test_万余_is_ten_thousand_and_more():
    m = one("组织群众万余人次参与义务劳动。")
    assert (m.mention, m.value, m.unit, m.qualifier) == ("万余人次", 10000, "人次", "over")


@pytest.mark.parametrize(("text", "value"), [("服务群众3万余人。", 30000), ("培训十万余人。", 100000)])
def test_万余_after_a_number_is_still_its_multiplier(text, value):
    assert one(text).value == value


def test_a_list_marker_opening_the_clause_is_not_part_of_the_subject():
    from transforms.metrics import extract_metrics

    (metric,) = extract_metrics("二是力争新增油茶种植2000亩。")
    assert metric.subject == "新增油茶种植"


def test_multiplied_values_carry_no_floating_point_noise():
    from transforms.metrics import extract_metrics

    values = [m.value for m in extract_metrics("实现旅游综合收入9.8亿元，税收0.7万元，投资3.001亿元。")]
    assert values == [980000000.0, 7000.0, 300100000.0]


def test_a_bound_after_the_counted_noun_is_not_part_of_its_subject():
    from transforms.metrics import extract_metrics

    (metric,) = [m for m in extract_metrics("目前仍有5个村集体经营性收入低于20万元。") if m.unit == "个"]
    assert "低于" not in metric.subject and metric.subject.startswith("村")
