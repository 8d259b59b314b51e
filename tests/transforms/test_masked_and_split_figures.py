"""Template pages mask figures (XX亿元, X.X%, ***万元): no metric; a real figure beside one still is.
A figure whose unit a PDF wrapped onto the next line is one metric (METRICS.md "Targets" part)."""

import pytest

from transforms.clean import clean_text
from transforms.metrics import extract_metrics


def figures(raw: str) -> list[tuple[str, float, str]]:
    text = clean_text(raw).text
    return [(m.mention, m.value, m.unit) for m in extract_metrics(text)]


@pytest.mark.parametrize(
    "masked",
    [
        "完成地区生产总值XX亿元",
        "同比增长X.X%",
        "实现税收***万元",
        "新增市场主体□□户",
        "完成投资1X.X亿元",
        "增长2.X个百分点",
        "引进项目XX个",
        "实现营收＊＊万元",
    ],
)
def test_a_masked_figure_is_no_metric(masked):
    assert figures(masked + "。") == []


def test_a_real_figure_beside_masked_ones_is_still_a_metric():
    assert figures("全镇完成地区生产总值XX亿元，同比增长X.X%，新增就业120人，税收***万元。") == [("120人", 120, "人")]


def test_a_number_split_from_its_unit_by_a_line_break_is_one_metric():
    text = clean_text("全镇流转土地7860\n亩，同比增长3%。\n完成投资5.6\n亿元。").text
    assert text == "全镇流转土地7860亩，同比增长3%。\n完成投资5.6亿元。"
    assert [(m.mention, m.value, m.unit, m.subject) for m in extract_metrics(text)][0] == (
        "7860亩",
        7860,
        "亩",
        "流转土地",
    )


@pytest.mark.parametrize(
    "lines",
    [
        "户籍人口12000\n人口普查工作有序开展。",
        "发布日期：2024-01-12\n人大代表视察。",
        "新增企业120\n个体工商户新增30户。",
        "指标 单位 2023\n亩",
        "全年完成。\n亩产提高。",
    ],
)
def test_lines_that_only_look_split_are_not_joined(lines):
    assert clean_text(lines).text.count("\n") == lines.count("\n")


FRAGMENTED = "\n".join(
    [
        "XX",
        "镇",
        "2024",
        "年工作总结",
        "各位代表：",
        "现在，我代表",
        "XX",
        "镇人民政府报告工作，请",
        "予审",
        "议。",
        "一、2024年工作回顾",
        "（一）特色农业",
        "截至目前，茶叶种植面积达",
        "7860",
        "亩，增长",
        "10.2%",
        "，新建高标准农田",
        "1500",
        "亩；地区生产总值",
        "XX",
        "亿",
        "元。",
    ]
)


def test_a_text_broken_into_fragments_by_a_pdf_extraction_reads_as_written():
    cleaned = clean_text(FRAGMENTED)
    assert "fragments_joined" in cleaned.flags
    assert cleaned.text.splitlines() == [
        "XX镇2024年工作总结",
        "各位代表：",
        "现在，我代表XX镇人民政府报告工作，请予审议。",
        "一、2024年工作回顾",
        "（一）特色农业",
        "截至目前，茶叶种植面积达7860亩，增长10.2%，新建高标准农田1500亩；地区生产总值XX亿元。",
    ]
    assert [(m.mention, m.subject) for m in extract_metrics(cleaned.text)] == [
        ("7860亩", "茶叶种植面积"),
        ("10.2%", "茶叶种植面积"),
        ("1500亩", "新建高标准农田"),
    ]


def test_a_report_with_a_few_short_lines_is_not_treated_as_fragments():
    text = "一、经济发展\n全年完成投资5亿元。\n二、民生\n新增就业120人。\n三、党建\n发展党员6名。\n梅岭镇人民政府\n2024年1月5日"
    assert "fragments_joined" not in clean_text(text).flags
    assert clean_text(text).text == text
