"""Metadata of every real report genre and date form, on the fictional genre fixtures
(tests/fixtures/genres, expected.jsonl), through the transform as the flow runs it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from transforms.document import prepare, understand
from transforms.metadata import extract_metadata
from transforms.page import extract_page, parse_meta_line
from transforms.records import Page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIELDS = (
    "title",
    "org_name",
    "org_level",
    "province",
    "city",
    "district",
    "review_year",
    "plan_year",
    "published_date",
    "publisher",
)
ROWS = [
    {**json.loads(line), "folder": folder}
    for folder in ("genres", "genres_blind", "genres_blind2")
    for line in (FIXTURES / folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    if line
]


def _understood(row: dict):
    path = FIXTURES / row["folder"] / row["file"]
    return understand(prepare(path.read_bytes(), is_html=path.suffix == ".html"), row["source_uri"])


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_genre_page_gives_its_expected_metadata(row):
    doc = _understood(row)
    got = {field: getattr(doc.meta, field) for field in FIELDS}
    got = {k: v.isoformat() if isinstance(v, date) else v for k, v in got.items()}
    assert got == {field: row[field] for field in FIELDS}
    assert ("compilation" in doc.clean.flags) == ("compilation" in row["flags"])


def test_every_genre_and_date_form_has_a_fixture():
    genres = " ".join(row["genre"] for row in ROWS)
    for shape in (
        "政府工作报告",
        "half-year",
        "work plan",
        "news",
        "conference",
        "template",
        "compilation",
        "traditional",
        "发布时间",
        "来源",
        "索引号",
        "成文日期",
        "under the title",
        "2021/2/27",
    ):
        assert shape in genres, shape


def test_traditional_repost_keeps_its_cleaned_text_and_title_as_published():
    row = next(r for r in ROWS if r["file"] == "trad_repost_town.txt")
    doc = _understood(row)
    assert "觀海衛鎮" in doc.clean.text and "观海卫镇" not in doc.clean.text
    assert doc.meta.org_name == "观海卫镇" and doc.meta.title.startswith("觀海衛鎮")


def _meta(text: str, title: str | None = None, uri: str = "file:///r.txt", **page_meta: str):
    return extract_metadata(text, Page(body=text, title=title, meta=page_meta), uri)


def test_a_simplified_page_naming_a_place_t2s_would_change_keeps_the_name():
    # 乾潭镇 is a real town; OpenCC t2s alone would write it 干潭镇
    text = "2023年，乾潭镇全年完成工业产值。乾潭镇新建公园两处。\n一、2023年工作总结\n二、2024年工作思路"
    assert _meta(text, title="乾潭镇2023年工作总结和2024年工作思路").org_name == "乾潭镇"


def test_the_division_code_of_the_index_number_places_a_namesake_street():
    text = "一、2022年工作总结\n街道完成税收收入增长。\n二、2023年工作思路\n街道将聚焦数字经济。"
    title = "仓前街道2022年工作总结和2023年工作思路"
    assert _meta(text, title=title).district is None  # 余杭区 and 仓山区 both have one
    meta = _meta(text, title=title, index_no="11350104MB0000000X/2023-00001")  # 350104 = 仓山区
    assert (meta.province, meta.city, meta.district) == ("福建省", "福州市", "仓山区")


def test_a_provincial_peoples_congress_host_counts_as_its_province():
    text = "一、2022年工作总结\n街道实现地区生产总值增长。\n二、2023年工作思路\n力争增长6%。"
    title = "观澜街道2022年工作总结和2023年工作思路"  # 深圳市龙华区 and 云南蒙自市 both have one
    assert _meta(text, title=title).district is None
    meta = _meta(text, title=title, uri="http://www.ynrd.gov.cn/a/1.html")
    assert (meta.province, meta.district) == ("云南省", "蒙自市")


def test_a_government_work_report_titled_with_one_year_plans_it_and_reviews_the_year_before():
    meta = _meta(
        "各位代表：现在，我代表镇人民政府向大会报告工作。过去一年，全镇经济平稳增长。", title="青禾乡2023年政府工作报告"
    )
    assert (meta.review_year, meta.plan_year) == (2022, 2023)


def test_the_headings_decide_when_the_title_names_the_reviewed_year():
    text = "一、2023年工作回顾\n全年完成投资。\n二、2024年主要目标任务\n力争增长。"
    meta = _meta(text, title="青禾乡2023年政府工作报告")
    assert (meta.review_year, meta.plan_year) == (2023, 2024)


def test_the_speech_line_dates_an_untitled_government_work_report():
    text = "——2021年1月18日在青禾乡第五届人民代表大会第五次会议上\n各位代表：过去一年，全乡工作稳步推进。新的一年，我们将继续努力。"
    meta = _meta(text, title="政府工作报告")
    assert (meta.review_year, meta.plan_year) == (2020, 2021)


def test_the_congress_line_names_the_org_over_neighbours_named_more_often():
    text = (
        "——2022年1月20日在孝丰镇第十八届人民代表大会第一次会议上\n各位代表：\n"
        "我们与天荒坪镇共建旅游环线，天荒坪镇、天荒坪镇和递铺街道的游客持续增长。"
    )
    meta = _meta(text, title="政府工作报告")
    assert (meta.org_name, meta.district) == ("孝丰镇", "安吉县")


def test_a_masked_congress_line_gives_no_org():
    text = "——2022年1月20日在XX镇第十八届人民代表大会第一次会议上\n各位代表：我代表镇人民政府向大会报告工作。"
    meta = _meta(text, title="政府工作报告")
    assert (meta.org_name, meta.org_level) == (None, "镇")


def test_a_work_plan_reviews_no_year_even_when_its_body_opens_with_the_plan_year():
    meta = _meta("2024年，街道工作的总体要求是稳中求进。一、主要目标\n增长6%。", title="递铺街道2024年工作要点")
    assert (meta.review_year, meta.plan_year) == (None, 2024)


def test_news_saying_the_report_reviewed_a_year_gives_review_and_plan_years():
    text = "会上，镇长代表镇人民政府作政府工作报告。报告回顾了2023年的成绩，提出2024年全镇将力争增长10%。"
    meta = _meta(text, title="青禾乡召开人民代表大会")
    assert (meta.review_year, meta.plan_year) == (2023, 2024)


def test_a_page_of_several_bodies_reports_is_a_compilation_without_org():
    text = (
        "目录\n1. 江宁街道2023年工作总结\n2. 淳化街道2023年工作总结\n江宁街道2023年工作总结\n"
        "2023年，江宁街道完成收入5亿元，各项工作稳步推进，群众满意度持续提升。\n淳化街道2023年工作总结\n"
        "2023年，淳化街道完成开票销售300亿元，新增高新技术企业二十余家。"
    )
    doc = understand(prepare(text.encode(), is_html=False), "file:///c.txt")
    assert "compilation" in doc.clean.flags
    assert (doc.meta.org_name, doc.meta.org_level) == (None, None)


def test_one_bodys_own_work_round_up_is_not_a_compilation():
    doc = _meta("一、2023年工作总结\n街道完成各项任务。", title="良渚街道2023年重点工作汇总")
    assert doc.org_name == "良渚街道"


def test_one_report_naming_another_body_in_a_sentence_is_not_a_compilation():
    text = (
        "良渚街道2023年工作总结\n2023年，良渚街道学习借鉴仓前街道2022年工作总结中的经验做法，"
        "全年完成税收收入32亿元，同比增长5.8%，各项工作稳步推进。"
    )
    doc = understand(prepare(text.encode(), is_html=False), "file:///r.txt")
    assert "compilation" not in doc.clean.flags
    assert doc.meta.org_name == "良渚街道"


@pytest.mark.parametrize(
    ("line", "published", "source"),
    [
        ("2022-02-22  来源：某县人民政府", "2022-02-22", "某县人民政府"),
        ("2024-01-10 17:30 来源：某区融媒体中心 阅读：1205", "2024-01-10 17:30", "某区融媒体中心"),
        ("發佈時間：2022-01-28 10:05　來源：某街道辦事處", "2022-01-28 10:05", "某街道辦事處"),
        ("发布日期: | 2021-02-27 |", "2021-02-27", None),
        ("【发布时间：2024-02-05】【来源：某镇】【字号：大 中 小】", "2024-02-05", "某镇"),
    ],
)
def test_header_lines_give_their_date_and_source(line, published, source):
    fields = parse_meta_line(line)
    assert fields["published"] == published
    assert fields.get("source") == source


def test_a_date_time_alone_under_the_title_is_the_publication_date_but_not_one_deep_in_the_body():
    head = "青禾乡2022年工作总结\n2023-05-06 15:24\n" + "全乡各项工作稳步推进，经济运行总体平稳。\n" * 5
    assert extract_page(head, is_html=False).meta.get("published") == "2023-05-06 15:24"
    deep = "青禾乡2022年工作总结\n" + "全乡各项工作稳步推进，经济运行总体平稳。\n" * 5 + "2023-05-06 15:24\n后续工作。"
    page = extract_page(deep, is_html=False)
    assert "published" not in page.meta and "2023-05-06 15:24" in page.body


def test_a_body_line_opening_with_a_date_is_not_a_header():
    assert parse_meta_line("2023.12.31 全面完成老旧小区改造任务") is None


def test_the_site_name_in_the_html_title_places_a_namesake_and_names_the_org():
    html = (
        "<html><head><title>2022年工作总结和2023年工作思路_杭州市余杭区仓前街道</title></head><body>"
        "<h1>2022年工作总结和2023年工作思路</h1><p>一、2022年工作总结</p>"
        "<p>全年实现税收收入增长8%，新增国家高新技术企业六十余家，各项工作稳步推进。</p>"
        "<p>二、2023年工作思路</p><p>力争税收收入增长8%。</p></body></html>"
    )
    doc = understand(prepare(html.encode(), is_html=True), "file:///p.html")
    assert (doc.meta.org_name, doc.meta.district) == ("仓前街道", "余杭区")


def test_the_site_line_above_a_text_pages_title_places_a_namesake():
    text = (
        "福州市仓山区人民政府网\n仓前街道2022年工作总结和2023年工作思路\n一、2022年工作总结\n"
        "全年实现税收收入增长，新增企业六十余家，各项工作稳步推进。\n二、2023年工作思路\n力争增长8%。"
    )
    doc = understand(prepare(text.encode(), is_html=False), "file:///p.txt")
    assert (doc.meta.city, doc.meta.district) == ("福州市", "仓山区")


def test_a_speech_line_wrapped_before_the_congress_still_names_org_and_years():
    text = (
        "——2024年1月23日在重庆市巴南区木洞镇第二十届\n人民代表大会第八次会议上\n各位代表：\n"
        "现在，我代表镇人民政府向大会作工作报告。过去一年，全镇经济平稳增长。"
    )
    meta = _meta(text, title="政府工作报告")
    assert (meta.org_name, meta.district, meta.review_year, meta.plan_year) == ("木洞镇", "巴南区", 2023, 2024)


def test_a_template_blank_for_the_name_gives_no_org():
    meta = _meta("本人自20__年起任__镇党委副书记、镇长。__镇全年完成各项任务。__镇获评先进。")
    assert (meta.org_name, meta.org_level) == (None, "镇")


def test_a_half_year_summary_titled_banniandu_reviews_and_plans_the_same_year():
    text = "一、上半年主要工作回顾\n完成各项任务。\n二、下半年工作计划\n力争全年目标。"
    meta = _meta(text, title="下沙街道2022年半年度工作总结")
    assert (meta.review_year, meta.plan_year) == (2022, 2022)


def test_bracketed_disclosure_labels_give_index_number_and_dates():
    fields = parse_meta_line("[ 成文日期 ] | 2024-02-22 | [ 发布日期 ] | 2024-02-23 |")
    assert (fields["written"], fields["published"]) == ("2024-02-22", "2024-02-23")


def test_a_compilation_splits_into_one_part_per_report_after_its_table_of_contents():
    from transforms.metadata import compilation_parts

    text = prepare((FIXTURES / "genres" / "compilation_streets.txt").read_bytes(), is_html=False).clean.text
    parts = compilation_parts(text)
    assert [p.org_name for p in parts] == ["江宁街道", "淳化街道", "湖熟街道"]
    assert all(text[p.char_start : p.char_end].strip().startswith("2023年，" + p.org_name) for p in parts)
    assert "湖熟" not in text[parts[1].char_start : parts[1].char_end]


def test_a_single_report_has_no_compilation_parts():
    from transforms.metadata import compilation_parts

    text = prepare((FIXTURES / "genres" / "summary_street_spaced_time.txt").read_bytes(), is_html=False).clean.text
    assert compilation_parts(text) == []


def test_pinyin_glosses_of_a_machine_converted_repost_do_not_hide_the_org():
    text = (
        "2022年，觀海衛(wèi)鎮(zhèn)全年完成規(guī)上工業(yè)總產(chǎn)值增長。\n一、2022年工作總結(jié)\n"
        "二、2023年工作計(jì)劃\n力爭增長7%。"
    )
    meta = _meta(text, title="觀海衛(wèi)鎮(zhèn)2022年工作總結(jié)")
    assert (meta.org_name, meta.district, meta.review_year, meta.plan_year) == ("观海卫镇", "慈溪市", 2022, 2023)


def test_a_stated_division_code_places_a_namesake_street():
    text = "行政区划代码：350104004000\n一、2022年工作总结\n完成各项任务。\n二、2023年工作思路\n力争增长。"
    meta = _meta(text, title="仓前街道2022年工作总结和2023年工作思路")
    assert (meta.city, meta.district) == ("福州市", "仓山区")


def test_a_closing_sentence_about_next_year_is_not_the_reviewed_year():
    text = "过去一年，街道完成收入4.9亿元。\n2024年，长芦街道将以产业焕新为主线，力争增长6%。"
    meta = _meta(text, title="凝心聚力谱新篇")
    assert meta.review_year is None


def test_the_state_at_the_end_of_a_year_reviews_that_year():
    meta = _meta("截至2023年底，十项民生实事已全部完成。", title="八卦洲街道民生实事全部完成")
    assert meta.review_year == 2023


def test_a_three_quarter_summary_with_a_fourth_quarter_plan_plans_the_same_year():
    text = "一、前三季度工作完成情况\n完成产值。\n二、第四季度工作打算\n冲刺全年目标。"
    meta = _meta(text, title="掌起镇2023年前三季度工作总结及第四季度工作打算")
    assert (meta.review_year, meta.plan_year) == (2023, 2023)


def test_a_short_site_name_line_above_the_title_does_not_hide_the_title():
    page = extract_page(
        "六合发布\n凝心聚力谱新篇——长芦街道2023年工作综述\n过去一年，街道各项工作稳步推进，成效明显。", is_html=False
    )
    assert page.title == "凝心聚力谱新篇——长芦街道2023年工作综述"
    assert page.site == "六合发布" and page.body.startswith("过去一年")


def test_news_of_a_deployment_meeting_that_sums_up_the_past_year_reviews_it():
    text = "2月5日，青禾乡召开会议，总结2023年工作，部署2024年重点任务。2024年，全乡将力争增长6%。"
    meta = _meta(text, title="青禾乡召开2024年工作部署会")
    assert (meta.review_year, meta.plan_year) == (2023, 2024)


@pytest.mark.parametrize("title", ["2023年青禾乡人民政府工作报告", "青禾乡2023年政府工作报告", "2023年政府工作报告"])
def test_government_work_report_titles_name_the_plan_year_wherever_the_body_is_named(title):
    meta = _meta("各位代表：现在，我代表乡人民政府向大会报告工作。", title=title)
    assert (meta.review_year, meta.plan_year) == (2022, 2023)


def test_a_report_titled_with_the_reviewed_year_before_the_word_report_is_not_read_as_a_plan_year():
    meta = _meta("一年来，全镇完成投资。", title="雨敞坪镇人民政府2023年工作报告")
    assert meta.review_year == 2023
