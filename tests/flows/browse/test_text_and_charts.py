"""A report's text as HTML, and charts in a CJK font: no browser needed."""

from __future__ import annotations

import re

import pytest

from flows.browse import charts
from flows.browse.text import highlighted_text, value_text

TEXT = "全年完成固定资产投资3.2亿元，同比增长12.5%。<b>新建</b>公园3个。"


def metric(mention: str, start: int, **fields) -> dict:
    return {
        "metric_id": f"m{start}",
        "mention": mention,
        "char_start": start,
        "char_end": start + len(mention),
        "value": 1.0,
        "unit": "",
        "kind": "count",
        "qualifier": "exact",
        "is_target": False,
        **fields,
    }


def test_every_metric_is_marked_at_its_offsets_and_the_text_is_escaped():
    metrics = [
        metric("3.2亿元", TEXT.index("3.2亿元"), value=3.2e8, unit="元", kind="money", subject="固定资产投资"),
        metric("12.5%", TEXT.index("12.5%"), value=12.5, unit="%", kind="growth"),
        metric("3个", TEXT.index("3个"), value=3, unit="个", is_target=True),
    ]
    html = str(highlighted_text(TEXT, metrics, []))
    marks = re.findall(r'<mark class="metric( target)?" id="m-m\d+"[^>]*>([^<]*)<span class="tip"', html)
    assert [m[1] for m in marks] == ["3.2亿元", "12.5%", "3个"] and marks[2][0] == " target"
    assert "&lt;b&gt;新建&lt;/b&gt;" in html and "<b>" not in html
    assert (
        re.sub(r"<[^>]+>", "", re.sub(r'<span class="tip".*?</span></mark>', "", html))
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        == TEXT
    )


def test_a_metric_overlapping_another_or_off_its_offsets_is_left_unmarked():
    start = TEXT.index("3.2亿元")
    html = str(highlighted_text(TEXT, [metric("3.2亿元", start), metric("亿元", start + 3), metric("9个", 0)], []))
    assert html.count("<mark") == 1


def test_sections_get_anchors_the_outline_links_to():
    html = str(highlighted_text(TEXT, [], [{"section_id": "d1:s2", "char_start": TEXT.index("<b>")}]))
    assert '<span class="anchor" id="s-d1:s2"></span>&lt;b&gt;' in html


def test_values_read_as_people_write_them():
    assert value_text({"value": 3.2e8, "unit": "元", "qualifier": "exact"}) == "3.2亿元"
    assert value_text({"value": 56000.0, "unit": "元", "qualifier": "over"}) == "超过5.6万元"
    assert value_text({"value": 12.5, "unit": "%", "qualifier": "exact"}) == "12.5%"


@pytest.mark.skipif(charts.cjk_font() is None, reason="no CJK font on this machine (fonts-noto-cjk)")
def test_a_chart_names_an_installed_cjk_font_for_its_chinese_labels():
    family, path = charts.cjk_font()
    assert path.exists()
    svg = charts.bar_chart([{"p": "浙江省", "n": 3}, {"p": "湖南省", "n": 1}], category="p", value="n", title="报告数")
    labels = re.findall(r'<text[^>]*font-family="([^"]*)"[^>]*>([^<]*)</text>', svg)
    chinese = [f for f, text in labels if re.search(r"[\u4e00-\u9fff]", text)]
    assert chinese and set(chinese) == {family}
    assert svg.startswith("<svg")
