"""Metric extraction rules (transforms/metrics.py), one family per block, on fictional text."""

import pytest

from transforms.metrics import extract_metrics, is_target_wording


def one(text: str):
    metrics = extract_metrics(text)
    assert len(metrics) == 1, [m.mention for m in metrics]
    return metrics[0]


def mentions(text: str) -> list[str]:
    return [m.mention for m in extract_metrics(text)]


# --- numbers and multipliers -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("累计接待游客12.5万人次。", "12.5万人次", 125000),
        ("实现税收收入1.5亿元。", "1.5亿元", 1.5e8),
        ("居民人均收入52,300元。", "52,300元", 52300),
        ("新建驿站１２个。", "１２个", 12),
        ("培训居民两千余人次。", "两千余人次", 2000),
        ("协调解决问题百余个。", "百余个", 100),
        ("走访企业十余家。", "十余家", 10),
        ("服务群众3万余人。", "3万余人", 30000),
        ("帮助挽回损失20万余元。", "20万余元", 200000),
        ("举办演出二十场，", "二十场", 20),
        ("走访人数10余万人次。", "10余万人次", 100000),
    ],
)
def test_values_apply_multipliers_once(text, mention, value):
    m = one(text)
    assert (m.mention, m.value) == (mention, pytest.approx(value))


# --- qualifiers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "qualifier"),
    [
        ("挖掘就业岗位近800个。", "近800个", "nearly"),
        ("推出岗位超1500个。", "超1500个", "over"),
        ("签约率超过90%。", "超过90%", "over"),
        ("清理杂物300余处。", "300余处", "over"),
        ("走访企业200多家。", "200多家", "over"),
        ("拆除违建约500平方米。", "约500平方米", "about"),
        ("返乡人员约600余人。", "约600余人", "about"),
        ("粮食产量1.2万吨左右。", "1.2万吨左右", "about"),
        ("满意率98%以上。", "98%以上", "over"),
        ("失业率控制在3%以内。", "3%以内", "under"),
        ("10天内完成清运。", "10天内", "under"),
        ("投资额不足100万元。", "不足100万元", "under"),
        ("引进资金突破10亿元。", "突破10亿元", "over"),
        ("新增托位45个。", "45个", "exact"),
    ],
)
def test_qualifier_words_glue_to_the_mention(text, mention, qualifier):
    m = one(text)
    assert (m.mention, m.qualifier) == (mention, qualifier)


def test_a_count_inside_a_place_keeps_nei_out_of_the_mention():
    m = one("在3个小区内开展试点。")
    assert (m.mention, m.qualifier) == ("3个", "exact")


# --- units -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("拆迁面积4000㎡。", "平方米", 4000),
        ("改造面积2.5万平米。", "平方米", 25000),
        ("铺设管网5.6千米。", "公里", 5.6),
        ("修建村道8.5km。", "公里", 8.5),
        ("辖区面积12.5平方公里。", "平方公里", 12.5),
        ("流转土地320亩。", "亩", 320),
        ("外资到位资金2000万美元。", "美元", 2e7),
        ("社零实现45.3亿，", "元", 4.53e9),
        ("计划总投资额4200万；", "元", 4.2e7),
        ("接待参观300人次。", "人次", 300),
        ("接种疫苗5000剂次。", "剂次", 5000),
        ("比上年提高1.5个百分点。", "个百分点", 1.5),
        ("发电量300万千瓦时。", "千瓦时", 3e6),
    ],
)
def test_units_are_canonical(text, unit, value):
    m = one(text)
    assert (m.unit, m.value) == (unit, pytest.approx(value))


def test_percent_word_reads_as_percent():
    m = one("覆盖率达到百分之九十五。")
    assert (m.mention, m.value, m.unit, m.kind) == ("百分之九十五", 95, "%", "ratio")


# --- kinds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("完成投资3亿元。", "money", 3e8),
        ("签约率达97.5%。", "ratio", 97.5),
        ("财政收入同比增长12.3%。", "growth", 12.3),
        ("工业产值同比下降6.5%。", "growth", -6.5),
        ("增速13.1%。", "growth", 13.1),
        ("税收比上年减少300万元。", "growth", -3e6),
        ("刑事案件发案数下降15起。", "growth", -15),
        ("招商额增长1.8倍。", "growth", 1.8),
        ("新增绿地2.3公顷。", "measure", 2.3),
        ("服务时长5000小时。", "measure", 5000),
        ("新建驿站6个。", "count", 6),
    ],
)
def test_kind_and_sign_follow_unit_and_change_words(text, kind, value):
    m = one(text)
    assert (m.kind, m.value) == (kind, pytest.approx(value))


def test_raised_to_a_level_is_a_ratio_not_a_growth():
    assert one("回收利用率提高到38%。").kind == "ratio"


def test_growth_after_an_amount_takes_the_amounts_subject():
    metrics = extract_metrics("实现税收收入8.2亿元，同比增长11.5%。")
    assert [(m.kind, m.subject) for m in metrics] == [("money", "税收收入"), ("growth", "税收收入")]


def test_respective_changes_pair_with_the_amounts_in_order():
    metrics = extract_metrics("接待游客80万人次，实现旅游收入2亿元，分别增长9%和7%。")
    growth = [(m.value, m.subject) for m in metrics if m.kind == "growth"]
    assert growth == [(9, "接待游客"), (7, "旅游收入")]


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("招商引资完成进度80%，位列全区第三。", "第三", 3),
        ("考核排名全市第1位。", "第1位", 1),
        ("满意度测评居全县首位。", "首位", 1),
        ("荣获全市第一名。", "第一名", 1),
    ],
)
def test_ranks_read_in_a_ranking_context(text, mention, value):
    rank = [m for m in extract_metrics(text) if m.kind == "rank"]
    assert [(m.mention, m.value, m.unit) for m in rank] == [(mention, value, "位")]


def test_ordinals_after_a_rank_cue_are_not_ranks():
    assert mentions("荣获第二届文明城市称号，位列第三批试点。") == []


def test_a_rank_without_an_amount_names_what_precedes_the_cue():
    assert one("考核成绩位居全县第二。").subject == "考核成绩"


def test_a_rank_takes_the_subject_of_the_amount_it_ranks():
    metrics = extract_metrics("1-9月实际利用内资3000万元，位列全区第二")
    assert metrics[-1].subject == "实际利用内资"


# --- exclusions ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2023年是关键之年，11月20日上午召开大会。",
        "发布时间：2023-12-25 10:30，浏览次数：1532",
        "一是强化党建；二是优化服务；三要抓好落实。",
        "（一）聚焦主业。1.强化理论武装。2、推进项目。",
        "深入推进“十四五”规划，落实“1+3+N”网格体系，打造“2361”工作法。",
        "紧扣“百名书记联百企”活动，守牢“三服务”底线。",
        "打造15分钟便民生活圈，落实14天的集中隔离。",
        "为60岁以上的老人提供服务，80岁以上老人享受补贴。",
        "推进CY105-A03地块出让，完成A-12地块挂牌，地址为新华路88号5幢，B3栋。",
        "有效应对“3·15”疫情，迎接建党100周年，纪念成立五周年。",
        "完成平台3.0版升级，推出2.0版本。",
        "第二批试点，第十三次党代会，党的二十大精神。",
        "一手抓发展一手抓民生，千方百计保就业，全力以赴不发生一起事故。",
        "培育一批人才，打造一支队伍，形成一张网。",
        "四湾社区、五里村、十二组团的居民。",
        "每万人配备社工名额按标准执行。",
        "产业将进入2-4年稳定增长期。",
        "网址：http://www.example.gov.cn/art/2023/1/12/art_123_4567.html 电话：0551-6543210",
        "二〇二三年十二月，三分之一的居民十分重视。",
        "推行7天无理由退货，制定3年行动计划，实行7×24小时值班。",
        "投资30至50万元，招聘20-30人。",
        "强化一个定位。突出两大探索。夯实三个基础。优化四项服务。",
        "围绕“两个确保”，落实“三个一批”，五个村全部完成整治。",
    ],
)
def test_dates_ordinals_names_codes_and_thresholds_are_not_metrics(text):
    assert mentions(text) == []


@pytest.mark.parametrize(
    ("text", "mention", "value", "qualifier"),
    [
        ("增速为-2.3%。", "-2.3%", -2.3, "exact"),
        ("近万人参与。", "近万人", 10000, "nearly"),
        ("超千户受益。", "超千户", 1000, "over"),
        ("历时3个多月完成改造。", "3个多月", 3, "over"),
        ("考核得分98.5分。", "98.5分", 98.5, "exact"),
    ],
)
def test_signs_round_figures_and_compound_durations(text, mention, value, qualifier):
    m = one(text)
    assert (m.mention, m.value, m.qualifier) == (mention, value, qualifier)


def test_a_group_threshold_with_de_is_not_a_metric_but_the_count_is():
    assert mentions("其中50万元以上的村有8个。") == ["8个"]


# --- pairs and lists -------------------------------------------------------------


def test_two_shares_in_one_phrase_are_two_metrics():
    metrics = extract_metrics("两项工作的完成率分别为99.1%和97.6%；")
    assert [(m.mention, m.kind) for m in metrics] == [("99.1%", "ratio"), ("97.6%", "ratio")]
    assert metrics[1].subject.endswith("完成率")


def test_glued_counts_are_two_metrics_sharing_the_subject_before_them():
    metrics = extract_metrics("新增市场主体1193户5992人。")
    assert [(m.mention, m.subject) for m in metrics] == [("1193户", "新增市场主体"), ("5992人", "新增市场主体")]


def test_prenominal_and_postposed_counts_get_their_nouns():
    metrics = extract_metrics("对12个社区30个开放式小区实施封闭管理，发放宣传单2000张。")
    assert [(m.mention, m.subject) for m in metrics] == [
        ("12个", "社区"),
        ("30个", "开放式小区"),
        ("2000张", "宣传单"),
    ]


def test_a_level_before_a_list_shares_the_next_noun():
    metrics = extract_metrics("完成2个省级、5个市级美丽庭院示范点创建。")
    assert [m.subject for m in metrics] == ["美丽庭院示范点创建"] * 2


def test_postposed_chinese_count_closing_a_clause_is_a_metric():
    m = one("全年在建重点项目三个（甲项目、乙项目、丙项目）。")
    assert (m.mention, m.value, m.subject) == ("三个", 3, "在建重点项目")


# --- records ---------------------------------------------------------------------


def test_metric_carries_sentence_period_and_offsets():
    text = "街道概况。今年1-10月，街道实现税收收入2.4亿元，同比增长8%。下一段。"
    metrics = extract_metrics(text)
    assert [m.mention for m in metrics] == ["2.4亿元", "8%"]
    for m in metrics:
        assert text[m.char_start : m.char_end] == m.mention
        assert m.sentence == "今年1-10月，街道实现税收收入2.4亿元，同比增长8%。"
        assert m.period == "1-10月"


def test_metrics_come_sorted_by_offset():
    starts = [m.char_start for m in extract_metrics("新建公园3个，位列全区第二，改造管网5公里。")]
    assert starts == sorted(starts)


def test_extract_metrics_of_empty_text_is_empty():
    assert extract_metrics("") == []


def test_spaced_punctuation_of_reposted_news_still_yields_figures():
    metrics = extract_metrics("召开宣讲会9场 , 挖掘就业岗位近2600个 , 推进工作;")
    assert [(m.mention, m.subject) for m in metrics] == [("9场", "宣讲会"), ("近2600个", "就业岗位")]


# --- goal wording ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2024年计划完成投资10亿元。", True),
        ("力争新增就业岗位500个。", True),
        ("街道将新建驿站3个。", True),
        ("拟改造小区5个。", True),
        ("预计全年税收增长5%。", True),
        ("已将27个隐患全部销号清零。", False),
        ("挖掘就业岗位将近3000个。", False),
        ("完成投资3亿元。", False),
        ("较计划提前15天完成。", False),
    ],
)
def test_is_target_wording_reads_goal_words(sentence, expected):
    assert is_target_wording(sentence) is expected


def test_target_cue_is_set_from_the_sentence():
    assert one("力争完成投资10亿元。").target_cue
    assert not one("完成投资10亿元。").target_cue


def test_a_label_before_a_colon_names_the_figure_after_it():
    assert [m.subject for m in extract_metrics("新建项目：5个；")] == ["新建项目"]


def test_a_list_of_counts_shares_the_noun_before_it():
    metrics = extract_metrics("帮扶困难群众235户、682人，发放救助资金168.5万元。")
    assert [(m.mention, m.subject) for m in metrics] == [
        ("235户", "困难群众"),
        ("682人", "困难群众"),
        ("168.5万元", "救助资金"),
    ]
