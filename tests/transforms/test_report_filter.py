"""Which fetched pages are work reports (transforms/report_filter.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.report_filter import looks_like_listing, looks_like_report

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

# A short fictional report: opening, two numbered parts with sub-sections and figures.
REPORT_BODY = """2023年，青柳镇坚持稳中求进，统筹发展和安全，全年目标任务顺利完成，现将有关情况报告如下。
一、2023年工作回顾
（一）经济运行稳中有进。全年完成地区生产总值52.6亿元，同比增长6.1%；完成固定资产投资14.3亿元，新引进项目18个，其中亿元以上项目3个，规模以上工业增加值增长7.4%。
（二）乡村振兴扎实推进。新建高标准农田1.2万亩，粮食总产量稳定在3.1万吨；村级集体经济收入全部超过50万元，农村人居环境整治实现行政村全覆盖。
（三）民生保障持续改善。新增城镇就业860人，发放各类救助资金620万元，新建村级养老服务站4个，改造农村危房37户，群众满意度稳步提升。
二、2024年工作思路
（一）力争地区生产总值增长6.5%，完成固定资产投资15亿元，新引进亿元以上项目4个。
（二）完成农村公路提档升级20公里，新建农贸市场1个，持续提升群众获得感和幸福感，确保各项目标任务全面完成。"""

NOTICE_BODY = """各村（社区）、镇属各单位：
为做好今年汛期安全防范工作，切实保障人民群众生命财产安全，经镇党委、政府研究，现将有关事项通知如下。
一、提高思想认识。各单位要充分认识防汛工作的重要性和紧迫性，克服麻痹思想和侥幸心理，把防汛工作摆上重要议事日程，主要负责同志要亲自研究部署、亲自督促落实。
二、落实防汛责任。严格落实行政首长负责制，逐级明确责任人，确保每一处水库、山塘、地质灾害隐患点都有人盯守、有人巡查，发现险情第一时间处置并报告。
三、做好物资准备。各村要储备编织袋、救生衣、应急照明等防汛物资，组建不少于15人的应急抢险队伍，汛期实行24小时值班和领导带班制度。
2024年5月6日"""

LISTING_BODY = (
    "\n".join(f"青柳镇第{n}期工作简报 2023-0{n}-1{n}" for n in range(1, 9))
    + "\n"
    + "\n".join(f"关于开展第{n}轮安全检查的通知 2023-0{n}-2{n}" for n in range(1, 9))
)


def test_titled_report_with_numbered_sections_is_a_report():
    assert looks_like_report("青柳镇2023年工作总结和2024年工作思路_某某县人民政府", REPORT_BODY)


def test_report_published_as_a_circular_is_a_report():
    assert looks_like_report("关于印发《青柳镇2024年工作要点》的通知", REPORT_BODY)


def test_notice_with_numbered_sections_but_no_report_title_is_not_a_report():
    assert not looks_like_report("关于做好2024年汛期安全防范工作的通知", NOTICE_BODY)


def test_news_of_a_summary_meeting_is_not_a_report():
    assert not looks_like_report("青柳镇召开2023年工作总结暨2024年工作部署会", REPORT_BODY)


def test_statutory_information_disclosure_report_is_not_a_work_report():
    assert not looks_like_report("青柳镇人民政府2023年政府信息公开工作年度报告", REPORT_BODY)


def test_request_for_summaries_is_not_a_report():
    assert not looks_like_report("关于报送2023年工作总结的通知", NOTICE_BODY)


def test_column_listing_named_after_a_report_genre_is_not_a_report():
    assert looks_like_listing(LISTING_BODY)
    assert not looks_like_report("工作总结_青柳镇", LISTING_BODY)


def test_short_page_with_a_report_title_is_not_a_report():
    assert not looks_like_report("青柳镇2023年工作总结", "青柳镇2023年工作总结全文见附件。\n一、附件1\n二、附件2")


def test_untitled_page_whose_opening_announces_a_report_is_a_report():
    assert looks_like_report(None, REPORT_BODY)


def test_generic_site_title_with_the_report_heading_in_the_body():
    assert looks_like_report("某某县人民政府门户网站", "青柳镇2023年工作总结\n" + REPORT_BODY.split("\n", 1)[1])


def test_year_only_in_the_title_is_enough():
    body = REPORT_BODY.replace("2023年", "今年").replace("2024年", "明年")
    assert looks_like_report("青柳镇2023年上半年工作总结", body)
    assert not looks_like_report("青柳镇上半年工作总结", body)


def test_long_report_without_numbered_sections_is_a_report():
    body = (
        REPORT_BODY.replace("一、", "")
        .replace("二、", "")
        .replace("（一）", "")
        .replace("（二）", "")
        .replace("（三）", "")
    )
    assert not looks_like_report("青柳镇2023年工作总结", body)
    assert looks_like_report("青柳镇2023年工作总结", body * 6)  # past LONG_REPORT_CHARS


def test_every_seed_report_is_recognised():
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    from transforms.decode import decode_bytes
    from transforms.page import extract_page

    for path in sorted(SEEDS.glob("seed_*.txt")):
        page = extract_page(decode_bytes(path.read_bytes()), is_html=False)
        assert looks_like_report(page.title, page.body), path.name


def test_duty_roster_notice_is_not_a_report():
    assert not looks_like_report("关于2024年春节期间值班工作安排的通知", NOTICE_BODY)
