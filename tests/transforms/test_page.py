"""Page extraction: body, title and labelled metadata out of fictional HTML and scraped-text pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.decode import decode_bytes
from transforms.page import extract_page, is_furniture_line, parse_meta_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "understand"


def _html_page(name: str):
    return extract_page(decode_bytes((FIXTURES / name).read_bytes(), is_html=True), is_html=True)


# ---------------------------------------------------------------- HTML


def test_html_body_keeps_the_article_and_drops_nav_share_footer_and_scripts():
    page = _html_page("gbk_page.html")
    assert "（一）经济发展稳中有进。全年完成税收收入3.2亿元，同比增长8.5%。" in page.body
    for furniture in ("首页", "分享到", "上一篇", "下一篇", "相关文章", "版权所有", "ICP", "var x", "字号"):
        assert furniture not in page.body


def test_html_title_comes_from_h1_and_is_not_repeated_in_body():
    page = _html_page("gbk_page.html")
    assert page.title == "青石街道2023年工作总结及2024年工作计划"
    assert page.title not in page.body


def test_html_header_line_fields_go_to_meta_not_body():
    page = _html_page("gbk_page.html")
    assert page.meta["published"] == "2024-01-15 09:30"
    assert page.meta["source"] == "青石街道办事处"
    assert "发布时间" not in page.body


def test_html_body_split_across_nested_tags_is_joined_with_paragraph_breaks():
    page = _html_page("nested_body_page.html")
    lines = [line for line in page.body.split("\n") if line]
    assert lines == [
        "一、基础设施",
        "全年完成道路硬化12公里，新建桥梁2座。",
        "二、民生事业",
        "新增养老床位60张，改造校舍4所。",
        "三、2024年工作打算",
        "计划新建文化礼堂3个。",
    ]


def test_html_index_table_goes_to_meta_under_canonical_keys():
    page = _html_page("index_table_page.html")
    assert page.meta["index_no"] == "000000000/2023-00001"
    assert page.meta["publisher"] == "柳岸街道"
    assert page.meta["generated"] == "2023-02-08"
    assert page.meta["category"] == "计划总结"
    assert "索引号" not in page.body and "打印本页" not in page.body


def test_html_title_falls_back_to_the_title_tag_without_site_suffix():
    page = extract_page(
        "<html><head><title>示例街道工作总结_示例区政府</title></head><body><p>正文内容一段。</p></body></html>",
        is_html=True,
    )
    assert page.title == "示例街道工作总结"


# ---------------------------------------------------------------- plain text


SCRAPED = """返回首页 > 您现在的位置: 示例网 > 资讯 > 正文

石桥镇：2023稳中求进2024再启新程

发布日期:2024/1/20 10:11:12 浏览:356

来源时间为:2024-01-18

2023年，石桥镇围绕中心工作，全力推进各项任务。
文章图片
一、主要成效
全年新建道路8公里。
示例日报记者张三

最新资讯动态
  • 某地召开会议01-30
  • 另一条新闻01-29
返回顶部"""


def test_scraped_text_loses_breadcrumb_counter_placeholder_reporter_and_sidebar():
    page = extract_page(SCRAPED, is_html=False)
    assert page.body.split("\n") == [
        "2023年，石桥镇围绕中心工作，全力推进各项任务。",
        "一、主要成效",
        "全年新建道路8公里。",
    ]


def test_scraped_text_title_is_the_first_title_like_line():
    page = extract_page(SCRAPED, is_html=False)
    assert page.title == "石桥镇：2023稳中求进2024再启新程"


def test_scraped_text_header_fields_go_to_meta():
    page = extract_page(SCRAPED, is_html=False)
    assert page.meta == {"published": "2024/1/20 10:11:12", "views": "356", "source_time": "2024-01-18"}


def test_disclosure_block_with_space_separated_labels_is_parsed():
    text = "索引号 000111/2021-12\n组配分类 计划总结 发布机构 河口镇\n生成日期 2021-02-01 公开方式 主动公开\n\n河口镇2020年工作总结\n\n一、工作成效\n正文。"
    page = extract_page(text, is_html=False)
    assert page.meta == {
        "index_no": "000111/2021-12",
        "category": "计划总结",
        "publisher": "河口镇",
        "generated": "2021-02-01",
        "disclosure": "主动公开",
    }
    assert page.title == "河口镇2020年工作总结"
    assert page.body == "一、工作成效\n正文。"


def test_repost_attribution_and_recommended_list_are_removed():
    text = (
        "某街道向群众汇报\n"
        "_本文原始标题:某街道向群众汇报\n"
        + "街道召开汇报会，通报全年工作情况。\n" * 5
        + "【某街道向群众汇报】来源:某某公众号\n推荐阅读\n- 其他新闻一\n- 其他新闻二"
    )
    page = extract_page(text, is_html=False)
    assert page.meta["source"] == "某某公众号"
    assert "推荐阅读" not in page.body and "其他新闻" not in page.body and "原始标题" not in page.body
    assert page.body.count("街道召开汇报会") == 5


def test_page_controls_at_the_end_are_removed():
    page = extract_page("正文第一段。\n\n【返回顶部】【打印本稿】【关闭本页】", is_html=False)
    assert page.body == "正文第一段。"


def test_a_bare_body_has_no_title_and_no_meta():
    page = extract_page("今年以来，街道各项工作取得明显成效。\n一、工作情况\n正文。", is_html=False)
    assert page.title is None
    assert page.meta == {}
    assert page.body.startswith("今年以来")


def test_body_sentence_starting_with_a_weak_label_word_is_kept():
    assert parse_meta_line("来源于群众的意见建议共86条，已全部办结。") is None
    assert parse_meta_line("时间紧任务重，街道干部全员下沉。") is None


def test_meta_line_parses_several_fields():
    assert parse_meta_line("发布日期:2021-06-08 09:15 信息来源:某街道") == {
        "published": "2021-06-08 09:15",
        "source": "某街道",
    }


def test_furniture_lines_are_recognised_and_headings_are_not():
    assert is_furniture_line("当前位置：首页 > 政务公开")
    assert is_furniture_line("示例日报记者李四")
    assert is_furniture_line("上一篇：某某通知")
    assert not is_furniture_line("加强记者站建设")
    assert not is_furniture_line("一、2023年工作成效")


HTML5_PAGE = """<html><head><title>石门镇2023年工作总结和2024年工作计划-示例县人民政府门户网站</title></head><body>
<div class="logo"><h1>示例县人民政府门户网站</h1></div>
<article><header><h1>石门镇2023年工作总结和2024年工作计划</h1>
<p>发布时间：2024-01-10 来源：石门镇 浏览次数：35</p></header>
<div class="article-body"><p>2023年，石门镇坚持稳中求进。</p><p>一、2023年工作成效</p><p>全镇实现财政收入1.2亿元。</p></div>
</article></body></html>"""


def test_html5_article_header_gives_title_and_meta_and_the_logo_h1_is_not_the_title():
    page = extract_page(HTML5_PAGE, is_html=True)
    assert page.title == "石门镇2023年工作总结和2024年工作计划"
    assert page.meta == {"published": "2024-01-10", "source": "石门镇", "views": "35"}
    assert [line for line in page.body.split("\n") if line] == [
        "2023年，石门镇坚持稳中求进。",
        "一、2023年工作成效",
        "全镇实现财政收入1.2亿元。",
    ]


def test_empty_html_gives_an_empty_page():
    assert extract_page("", is_html=True).body == ""


def test_label_and_value_on_separate_lines_are_paired():
    page = extract_page("索引号\n000222/2022-5\n来源：\n某镇\n某镇2021年工作总结\n一、成效\n正文。", is_html=False)
    assert page.meta == {"index_no": "000222/2022-5", "source": "某镇"}
    assert page.body == "一、成效\n正文。"


def test_a_body_line_that_is_only_a_weak_label_word_keeps_the_next_line():
    page = extract_page("一、时间安排\n时间\n全年分三个阶段推进。", is_html=False)
    assert "全年分三个阶段推进。" in page.body


def test_a_site_name_above_the_title_is_neither_title_nor_body():
    page = extract_page("示例资讯网\n\n云溪镇2023年工作总结\n\n2023年，云溪镇扎实推进各项工作。", is_html=False)
    assert page.title == "云溪镇2023年工作总结"
    assert page.body == "2023年，云溪镇扎实推进各项工作。"


SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
FURNITURE_WORDS = (
    "浏览",
    "推荐阅读",
    "返回顶部",
    "打印本稿",
    "文章图片",
    "本文原始标题",
    "索引号",
    "发布日期",
    "来源时间",
    "最新资讯",
    "您现在的位置",
    "日报记者",
)


def test_seed_pages_lose_all_their_furniture():
    if not SEEDS.exists():
        pytest.skip("shared seeds not available")
    for path in sorted(SEEDS.glob("seed_*.txt")):
        body = extract_page(decode_bytes(path.read_bytes()), is_html=False).body
        assert [w for w in FURNITURE_WORDS if w in body] == [], path.name


def test_a_related_information_list_after_the_body_is_dropped():
    from transforms.page import extract_page

    html = (
        "<html><body><div class='content'><p>一、2023年工作总结</p>"
        "<p>全年完成道路改造12公里，新增绿地3.5万平方米，惠及居民2100户，群众满意度明显提升。</p></div>"
        "<div class='xgxx'><h4>相关信息</h4><ul><li><a href='#'>某街道2022年工作总结</a><span>2023-01-16</span></li>"
        "</ul></div></body></html>"
    )
    body = extract_page(html, is_html=True).body
    assert "相关信息" not in body and "2023-01-16" not in body and "12公里" in body


def test_a_portal_header_with_glued_spans_splits_into_its_fields():
    from transforms.page import parse_meta_line

    fields = parse_meta_line("发布时间：2024-01-18 10:23来源：东关街道浏览次数：1,024字号：大 中 小")
    assert fields == {"published": "2024-01-18 10:23", "source": "东关街道", "views": "1,024", "font_size": "大 中 小"}


def test_wechat_repost_furniture_is_dropped_with_its_tag_counts():
    from transforms.page import extract_page

    text = (
        "重磅！东湖街道年度成绩单来了\n原创 东湖发布 东湖发布 2024-01-05 18:00 发表于浙江\n收录于合集\n#工作总结 3个\n"
        "2023年，东湖街道全年实现税收收入5.6亿元，同比增长8.2%。\n新增托位200个，完成加装电梯45台。\n"
        "阅读原文\n分享收藏点赞在看"
    )
    body = extract_page(text, is_html=False).body
    assert "3个" not in body and "发表于" not in body and "阅读原文" not in body
    assert "5.6亿元" in body and "45台" in body


def test_a_table_layout_page_takes_its_report_title_from_a_bold_cell_not_the_site_name():
    from transforms.page import extract_page

    html = (
        "<html><head><title>西塘镇人民政府</title></head><body><table><tr><td><b>西塘镇2022年工作总结暨2023年工作思路</b>"
        "</td></tr><tr><td>时间：2023-02-10 来源：镇党政办 点击：356</td></tr><tr><td>一、2022年工作回顾<br>"
        "全镇粮食总产量2.8万吨，新建高标准农田3200亩，规上工业产值达到15.6亿元。</td></tr></table></body></html>"
    )
    page = extract_page(html, is_html=True)
    assert page.title == "西塘镇2022年工作总结暨2023年工作思路"
    assert page.meta["views"] == "356" and page.meta["source"] == "镇党政办"


def test_a_line_is_furniture_exactly_when_one_furniture_rule_finds_something_in_it():
    # the rules anchored at the line's start are tried in one alternation: the same answer as each rule
    from transforms.page_lines import _furniture_rules, is_furniture_line

    drop, tail = _furniture_rules()
    lines = [
        "返回顶部",
        "首页 > 新闻中心 > 通知公告",
        "当前位置：首页",
        "【打印本页】【关闭窗口】",
        "字号：大 中 小",
        "分享到：",
        "上一篇：关于开展工作的通知",
        "责任编辑：张三",
        "版权所有 某街道办事处",
        "推荐阅读",
        "第 2 页 共 5 页",
        "— 3 —",
        "（记者 李四）",
        "记者 王五 通讯员 赵六",
        "#街道动态 12个",
        "Copyright 2024",
        "一、2023年工作回顾",
        "全年完成固定资产投资12.5亿元，同比增长8%。",
        "首页",
        "街道首页 > 工作动态",
        "",
        "相关链接：",
        "最新资讯动态",
        "扫一扫在手机上查看",
        "原创 某街道 2024-01-02 10:00",
    ]
    for line in lines:
        expected = len(line) <= 120 and any(rule.search(line) for rule in (*drop, *tail))
        assert is_furniture_line(line) == expected, line
