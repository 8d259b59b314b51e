"""Outline parsing of transforms.sections on small fictional reports."""

from __future__ import annotations

from transforms.records import DocumentMeta
from transforms.sections import innermost_section, parse_sections

META = DocumentMeta(review_year=2023, plan_year=2024)

REPORT = "\n".join(
    [
        "今年以来，街道各项工作稳步推进。",
        "一、2023年工作成效",
        "（一）疫情防控扎实有效。全年开展核酸检测12次，疫苗接种率达95%。",
        "1.招商引资成果丰硕。新引进企业42家，完成固定资产投资5.6亿元。",
        "2.营商环境持续优化。走访企业300余家次。",
        "（二）基层党建全面加强。发展党员12名，化解矛盾纠纷86件。",
        "二、2024年工作思路",
        "一是抓好老旧小区改造，完成3个小区改造。",
        "二是推进垃圾分类，提升生态环境质量。",
    ]
)


def _sections(text: str = REPORT, meta: DocumentMeta = META):
    return parse_sections(text, "d_test", meta)


def test_numbered_outline_becomes_a_tree_with_levels_by_marker_family():
    got = [(s.level, s.heading) for s in _sections()]
    assert got == [
        (1, "2023年工作成效"),
        (2, "疫情防控扎实有效"),
        (3, "招商引资成果丰硕"),
        (3, "营商环境持续优化"),
        (2, "基层党建全面加强"),
        (1, "2024年工作思路"),
        (2, "抓好老旧小区改造"),
        (2, "推进垃圾分类"),
    ]


def test_section_ids_follow_document_order_and_parents_point_up():
    sections = _sections()
    assert [s.section_id for s in sections] == [f"d_test:s{n}" for n in range(8)]
    by_id = {s.section_id: s for s in sections}
    assert sections[0].parent_id is None
    assert by_id[sections[2].parent_id].heading == "疫情防控扎实有效"
    assert by_id[sections[6].parent_id].heading == "2024年工作思路"


def test_spans_run_from_the_heading_to_the_next_heading_of_the_same_or_higher_level():
    sections = _sections()
    first, plan = sections[0], sections[5]
    assert REPORT[first.char_start :].startswith("一、2023年工作成效")
    assert first.char_end == plan.char_start
    assert plan.char_end == len(REPORT)
    assert REPORT[sections[2].char_start : sections[2].char_end].startswith("1.招商引资")
    assert sections[2].char_end == sections[3].char_start


def test_kind_from_heading_cues_and_years_and_children_inherit_it():
    kinds = [s.kind for s in _sections()]
    assert kinds == ["review"] * 5 + ["plan"] * 3


def test_topic_from_heading_words_with_body_as_fallback():
    topics = {s.heading: s.topic for s in _sections()}
    assert topics["疫情防控扎实有效"] == "疫情防控"
    assert topics["招商引资成果丰硕"] == "经济发展"
    assert topics["基层党建全面加强"] == "党的建设"
    assert topics["抓好老旧小区改造"] == "城市建设"
    assert topics["推进垃圾分类"] == "生态环境"


def test_child_without_topic_words_inherits_the_parent_topic():
    text = "一、疫情防控\n1.成绩显著。全年如期完成各项任务。"
    child = _sections(text)[1]
    assert child.topic == "疫情防控"


def test_decimal_numbers_at_line_start_are_not_headings():
    text = "一、主要成效\n1.5万人次参与活动。\n2.开展志愿服务。活动120场。"
    assert [s.heading for s in _sections(text)] == ["主要成效", "开展志愿服务"]


def test_unnumbered_short_lead_lines_are_headings():
    text = "街道召开汇报会。\n疫情防控成效显著\n对15个社区进行了封闭管理，推进1800多家商户复工。\n经济质效稳步提升\n推荐45家企业申报专精特新企业。"
    sections = _sections(text, DocumentMeta(review_year=2020, plan_year=2021))
    assert [(s.level, s.heading, s.topic) for s in sections] == [
        (1, "疫情防控成效显著", "疫情防控"),
        (1, "经济质效稳步提升", "经济发展"),
    ]


def test_a_short_line_at_the_end_is_not_a_lead_heading():
    assert _sections("一、工作成效\n正文一句。\n此致敬礼")[-1].heading == "工作成效"


def test_top_level_section_without_cues_follows_the_previous_one():
    text = "一、特色工作，亮点满满\n正文。\n二、五个聚焦，行稳致远\n正文。\n三、五点打算，笃行不怠\n正文。"
    assert [s.kind for s in _sections(text)] == ["review", "review", "plan"]


def test_text_without_outline_has_no_sections():
    assert _sections("今年以来，街道各项工作稳步推进，取得明显成效。") == []


def test_innermost_section_is_the_deepest_one_containing_the_offset():
    sections = _sections()
    offset = REPORT.index("新引进企业42家")
    assert innermost_section(sections, offset).heading == "招商引资成果丰硕"
    assert innermost_section(sections, REPORT.index("化解矛盾")).heading == "基层党建全面加强"
    assert innermost_section(sections, 0) is None


def test_last_lead_section_stops_after_its_paragraph():
    text = "开场。\n经济质效稳步提升\n推荐45家企业申报专精特新企业。\n书记表示，明年将坚持稳中求进。\n会上进行了测评。"
    last = _sections(text)[-1]
    assert text[last.char_start : last.char_end] == "经济质效稳步提升\n推荐45家企业申报专精特新企业。"


def test_report_title_repeated_under_a_wrapping_notice_is_not_a_heading():
    text = (
        "各村委会：\n现将材料印发给你们，请认真贯彻落实。\n"
        "石塘乡2022年工作总结和2023年工作计划\n2022年，石塘乡各项工作取得新成效。\n"
        "一、2022年工作总结\n正文。\n二、2023年工作计划\n正文。"
    )
    meta = DocumentMeta(
        title="关于印发《石塘乡2022年工作总结和2023年工作计划》的通知", review_year=2022, plan_year=2023
    )
    sections = parse_sections(text, "d_test", meta)
    assert [(s.level, s.heading, s.kind) for s in sections] == [
        (1, "2022年工作总结", "review"),
        (1, "2023年工作计划", "plan"),
    ]


def test_topics_are_classify_topic_of_heading_and_body_else_inherited():
    """Sections count topic words from one jieba pass over the document: same topics as classifying
    each section's heading and body text on its own."""
    from transforms.topics import OTHER, classify_topic

    sections = _sections()
    by_id = {s.section_id: s for s in sections}
    child_topics = {s.section_id: {c.topic for c in sections if c.parent_id == s.section_id} for s in sections}
    for section in sections:
        own = classify_topic(section.heading, REPORT[section.char_start : section.char_end])
        inherited = by_id[section.parent_id].topic if section.parent_id else OTHER
        umbrella = len(child_topics[section.section_id]) >= 2 and classify_topic(section.heading) is None
        assert section.topic == (OTHER if umbrella else (own or inherited))


def test_a_part_heading_spanning_several_topics_is_other():
    from transforms.records import DocumentMeta
    from transforms.sections import parse_sections

    text = (
        "一、2023年工作总结\n"
        "（一）经济发展稳中有进。全年新引进企业56家，固定资产投资增长9%，招商引资成效明显。\n"
        "（二）疫情防控扎实有效。开展核酸检测12万人次，疫苗接种率达95%。\n"
        "（三）党的建设全面加强。开展党员教育培训20场，基层党组织建设规范化。\n"
    )
    sections = parse_sections(text, "d", DocumentMeta(review_year=2023, plan_year=2024))
    top = [s for s in sections if s.parent_id is None]
    assert [s.topic for s in top] == ["其他"]
    assert {s.topic for s in sections if s.parent_id} == {"经济发展", "疫情防控", "党的建设"}
