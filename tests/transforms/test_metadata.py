"""Metadata rules of transforms.metadata on small fictional reports."""

from __future__ import annotations

from datetime import date

from transforms.metadata import extract_metadata, parse_date
from transforms.records import Page


def _meta(text: str, title: str | None = None, **page_meta: str):
    return extract_metadata(text, Page(body=text, title=title, meta=page_meta), "file:///x/report.txt")


# ---------------------------------------------------------------- org name and level


def test_org_comes_from_the_title():
    meta = _meta("今年以来，街道各项工作稳步推进。", title="良渚街道2023年工作总结及2024年工作思路")
    assert (meta.org_name, meta.org_level) == ("良渚街道", "街道")


def test_town_report_gives_level_zhen():
    meta = _meta("今年以来，颛桥镇各项工作稳步推进。", title="颛桥镇2022年工作总结")
    assert (meta.org_name, meta.org_level) == ("颛桥镇", "镇")


def test_district_prefix_in_the_title_is_not_part_of_the_org_name():
    meta = _meta("正文。", title="余杭区良渚街道：2023奋楫争先2024勇毅前行")
    assert meta.org_name == "良渚街道"


def test_org_comes_from_the_publisher_when_the_title_has_none():
    meta = _meta("正文。", title="向群众汇报工作", publisher="古荡街道")
    assert meta.org_name == "古荡街道"


def test_org_comes_from_the_body_when_title_and_meta_are_silent():
    body = "今年以来，翠苑街道深入推进各项工作。翠苑街道完成改造任务。翠苑街道获评先进。"
    assert _meta(body).org_name == "翠苑街道"


def test_unknown_org_name_is_taken_from_the_text_when_it_recurs():
    body = "今年以来，青禾乡紧扣目标任务。青禾乡全年完成投资。青禾乡获评先进乡。"
    meta = _meta(body)
    assert (meta.org_name, meta.org_level) == ("青禾乡", "乡")


def test_masked_name_gives_no_org_name_but_keeps_the_level():
    meta = _meta("今年以来，XX街道各项工作稳步推进。", title="XX街道2023年上半年工作总结")
    assert (meta.org_name, meta.org_level) == (None, "街道")
    meta = _meta("今年以来，**镇各项工作稳步推进。**镇完成任务。")
    assert (meta.org_name, meta.org_level) == (None, "镇")


def test_generic_words_are_not_org_names():
    assert _meta("推进新型城镇化，统筹城乡发展，深化乡镇改革。").org_name is None


# ---------------------------------------------------------------- place


def test_unique_sub_district_name_gives_district_city_province():
    meta = _meta("正文。", title="颛桥镇2022年工作总结")
    assert (meta.province, meta.city, meta.district) == ("上海市", "上海市", "闵行区")


def test_namesake_sub_districts_are_told_apart_by_the_places_the_text_names():
    meta = _meta("蒋村街道在区委领导下，助力西湖区高质量发展。", title="蒋村街道2023年工作总结")
    assert (meta.province, meta.city, meta.district) == ("浙江省", "杭州市", "西湖区")


def test_namesake_sub_districts_without_evidence_give_none():
    meta = _meta("今年以来，各项工作稳步推进。", title="梅林街道2023年工作总结")
    assert (meta.province, meta.city, meta.district) == (None, None, None)


def test_district_named_in_the_text_gives_its_city_and_province():
    meta = _meta("今年以来，在鸠江区委的领导下，XX街道各项工作稳步推进。")
    assert (meta.province, meta.city, meta.district) == ("安徽省", "芜湖市", "鸠江区")


def test_ambiguous_district_name_is_placed_by_a_sibling_district():
    body = "朝阳酿造（新建区）完成搬迁，获评西湖区先进单位，西湖区第四批示范小区。"
    meta = _meta(body)
    assert (meta.province, meta.city, meta.district) == ("江西省", "南昌市", "西湖区")


def test_national_new_area_named_in_the_text_is_the_district():
    meta = _meta("江北新区召开作风建设推进会，新区对街道工作提出要求。")
    assert (meta.province, meta.city, meta.district) == ("江苏省", "南京市", "江北新区")


def test_no_place_evidence_gives_none():
    meta = _meta("今年以来，街道各项工作稳步推进。")
    assert (meta.province, meta.city, meta.district) == (None, None, None)


# ---------------------------------------------------------------- years


def test_years_from_a_summary_and_plan_title():
    meta = _meta("正文。", title="某街道2021年工作总结及2022年工作思路")
    assert (meta.review_year, meta.plan_year) == (2021, 2022)


def test_two_consecutive_bare_years_in_the_title():
    meta = _meta("正文。", title="某街道：2022砥砺前行2023奋楫争先")
    assert (meta.review_year, meta.plan_year) == (2022, 2023)


def test_years_from_top_level_headings():
    text = "今年以来，工作稳步推进。\n一、2020年工作完成情况\n正文。\n二、2021年工作计划\n正文。"
    meta = _meta(text)
    assert (meta.review_year, meta.plan_year) == (2020, 2021)


def test_years_from_body_cues_when_headings_have_none():
    text = "书记报告了2020年重点工作开展情况。\n书记表示，2021年，街道将坚持稳中求进。"
    assert (_meta(text).review_year, _meta(text).plan_year) == (2020, 2021)


def test_report_without_a_plan_part_has_no_plan_year():
    meta = _meta("一、主要成效\n正文。", title="某镇2022年工作总结")
    assert (meta.review_year, meta.plan_year) == (2022, None)


def test_half_year_report_with_a_plan_for_the_second_half_plans_the_same_year():
    meta = _meta("正文。", title="某街道2023年上半年工作总结和下半年工作计划")
    assert (meta.review_year, meta.plan_year) == (2023, 2023)


def test_half_year_report_without_a_plan_part_has_no_plan_year():
    meta = _meta("一、主要成效\n正文。", title="某街道2023年上半年工作总结")
    assert (meta.review_year, meta.plan_year) == (2023, None)


def test_notice_wrapping_a_report_takes_the_report_years_and_org():
    meta = _meta(
        "各村（社区）：现将有关材料印发给你们。", title="关于印发《颛桥镇2022年工作总结和2023年工作计划》的通知"
    )
    assert (meta.org_name, meta.review_year, meta.plan_year) == ("颛桥镇", 2022, 2023)


# ---------------------------------------------------------------- page fields


def test_published_date_prefers_the_publication_over_the_source_time():
    meta = _meta("正文。", published="2024/2/3 20:24:31", source_time="2024-01-23")
    assert meta.published_date == date(2024, 2, 3)


def test_published_date_falls_back_to_the_generation_date():
    assert _meta("正文。", generated="2021-01-28").published_date == date(2021, 1, 28)


def test_signature_date_at_the_end_is_the_published_date():
    assert _meta("正文。\n某街道办事处\n2023年1月12日").published_date == date(2023, 1, 12)


def test_no_date_gives_none():
    assert _meta("正文。").published_date is None


def test_publisher_and_index_number_come_from_page_meta():
    meta = _meta("正文。", publisher="某街道", source="某区政府网", index_no="000/2021-1")
    assert (meta.publisher, meta.index_no) == ("某街道", "000/2021-1")
    assert _meta("正文。", source="某公众号").publisher == "某公众号"


def test_parse_date_reads_the_usual_forms():
    assert parse_date("2023-01-12 17:22") == date(2023, 1, 12)
    assert parse_date("2021年1月8日") == date(2021, 1, 8)
    assert parse_date("2021.01.28") == date(2021, 1, 28)
    assert parse_date("2023-02-30") is None
    assert parse_date(None) is None


def test_mouxx_masked_name_gives_no_org_name():
    meta = _meta("今年以来，某某镇各项工作稳步推进。某某镇完成任务。某某镇获评先进。")
    assert (meta.org_name, meta.org_level) == (None, "镇")


def test_words_ending_in_xiang_are_not_township_names():
    assert _meta("建设新时代美丽乡村，留住乡愁，弘扬乡贤文化。", title="建设新时代美丽乡村").org_name is None


def test_years_written_in_chinese_numerals():
    meta = _meta("正文。", title="某镇二〇二二年工作总结和二〇二三年工作计划")
    assert (meta.review_year, meta.plan_year) == (2022, 2023)


def test_government_host_in_the_url_places_a_namesake_sub_district():
    text = "今年以来，梅林街道各项工作稳步推进。"
    page = Page(body=text, title="梅林街道2023年工作总结")
    meta = extract_metadata(text, page, "https://www.sz.gov.cn/art/2024/1/1/1.html")
    assert (meta.province, meta.city, meta.district) == ("广东省", "深圳市", "福田区")


def test_function_words_before_an_unknown_name_are_not_part_of_it():
    meta = _meta("正文。", title="关于青禾乡2023年工作总结的报告")
    assert meta.org_name == "青禾乡"


def test_a_phrase_ending_in_zhen_in_the_title_is_not_taken_for_a_town():
    meta = _meta("今年以来，各项工作稳步推进。", title="奋力建设幸福小镇")
    assert meta.org_name is None


def test_place_mentions_are_the_longest_names_left_to_right():
    """The place scan finds what one regex alternation of all names, longest first, finds."""
    import re
    from collections import Counter

    from transforms.meta_divisions import place_mentions as _place_mentions
    from transforms.meta_divisions import place_names as _place_names

    names, _sizes = _place_names()
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    text = (
        "杭州市钱塘区白杨街道，钱塘区、钱塘、杭州、浙江省浙江，南京市江北新区大厂街道，江北新区新区。"
        "温州鹿城区蒲鞋市街道，芜湖市鸠江区四褐山街道；杭州杭州市杭州市钱塘区钱塘区区"
    )
    for sample in (text, text[1:], text[:-1], "", "杭", "杭州"):
        assert _place_mentions(sample) == Counter(m.group(0) for m in pattern.finditer(sample))


def test_a_district_named_as_the_governing_authority_outweighs_a_namesake_street():
    from transforms.metadata import extract_metadata
    from transforms.records import Page

    # 云溪街道 also exists in 岳阳市云溪区; the report says whose district committee leads it
    text = "2023年，云溪街道在临平区委、区政府的坚强领导下，各项工作取得新成效。\n一、2023年工作总结\n完成3个老旧小区改造。"
    meta = extract_metadata(text, Page(body=text, title="云溪街道2023年工作总结及2024年工作思路"), "file:///r.txt")
    assert (meta.province, meta.city, meta.district) == ("浙江省", "杭州市", "临平区")


def test_the_news_header_line_gives_publisher_and_date_without_its_counters():
    from datetime import date

    from transforms.metadata import extract_metadata
    from transforms.records import Page

    text = "湖滨街道召开年度工作报告会，总结2023年工作。"
    page = Page(
        body=text, title="湖滨街道交出2023年民生答卷", meta={"source": "示例融媒体中心 2023-12-28 09:15 阅读 1203"}
    )
    meta = extract_metadata(text, page, "file:///n.html")
    assert meta.publisher == "示例融媒体中心"
    assert meta.published_date == date(2023, 12, 28)


def test_years_from_a_conference_news_lead():
    from transforms.metadata import extract_metadata
    from transforms.records import Page

    text = "12月20日，东湖街道召开年度工作会议，总结2023年工作，部署2024年重点任务。"
    meta = extract_metadata(text, Page(body=text, title="东湖街道交出年度民生答卷"), "file:///n.html")
    assert (meta.review_year, meta.plan_year) == (2023, 2024)


def test_pages_read_one_after_another_keep_their_own_metadata():
    # the lookup view of the last pages is kept: alternating pages must not borrow each other's
    from transforms.metadata import is_compilation_page

    pages = [
        Page(body="", title="良渚街道2023年工作总结", meta={}),
        Page(body="", title="颛桥镇2022年工作总结", meta={"publisher": "颛桥镇人民政府"}),
        Page(body="", title="江宁区各街道2023年工作总结汇编", meta={}),
    ]
    text = "今年以来，各项工作稳步推进。"
    for page in (*pages, pages[0], pages[2], pages[1]):
        expected = {"良渚街道2023年工作总结": "良渚街道", "颛桥镇2022年工作总结": "颛桥镇"}.get(page.title)
        assert extract_metadata(text, page, "file:///x").org_name == expected
        assert is_compilation_page(text, page) == ("汇编" in page.title)
