"""Headline indicator codes (INDICATORS.md) from subject and kind, vocabulary in transforms/data/indicators.tsv."""

import re
from pathlib import Path

import pytest

from support import SHARED, fixture_report_scores
from transforms.indicators import (
    VOCABULARY,
    indicator_codes,
    indicator_for,
    indicators,
    to_simplified,
    to_simplified_many,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "indicators"
KINDS = {"count", "money", "ratio", "growth", "rank", "measure"}


@pytest.mark.parametrize(
    ("subject", "kind", "code"),
    [
        ("全社会固定资产投资", "money", "fixed_asset_investment"),
        ("固投", "money", "fixed_asset_investment"),
        ("固定资产投资完成额", "growth", "fixed_asset_investment"),  # growth: the code of the quantity that grew
        ("ＧＤＰ", "growth", "gdp"),  # full-width letters as written on some pages
        ("社零", "money", "retail_sales"),
        ("限上社会消费品零售总额", "money", "retail_sales_above_quota"),  # not retail_sales: a part
        ("工业固定资产投资", "money", "industrial_investment"),  # the longest term wins
        ("地方财政收入", "money", "general_budget_revenue"),
        ("财政收入", "money", "fiscal_revenue_total"),
        ("城镇常住居民人均可支配收入", "money", "urban_income"),
        ("利用外资实际到位资金", "money", "foreign_investment_used"),
        ("拆除各类违章搭建面积", "measure", "demolition_illegal"),
        ("城镇登记失业率", "ratio", "unemployment_rate"),
        ("外贸进出口总额", "growth", "foreign_trade"),
        ("新增经营主体", "count", "new_market_entities"),
        ("固定資產投資", "money", "fixed_asset_investment"),  # a traditional-character repost
        ("公共財政預算收入", "growth", "general_budget_revenue"),  # 经营主体: the official name since 2023
        ("工业生产总值", "money", "industrial_output"),  # not gdp
        ("村级集体经济总收入", "money", "collective_income"),  # never exports (出口 is inside 进出口)
        ("PM2.5平均浓度", "measure", "pm25"),
    ],
)
def test_a_subject_naming_an_indicator_gets_its_code(subject, kind, code):
    assert indicator_for(subject, kind) == code


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("固定资产投资", "count"),  # a kind the indicator cannot have
        ("固定资产投资", "rank"),  # a rank
        ("工业投资占固定资产投资的比重", "ratio"),  # a share
        ("完成年度目标", "ratio"),  # a target's completion rate
        ("重点项目投资", "money"),  # one project's, or a set of projects'
        ("村均集体经济收入", "money"),  # per village
        ("单位地区生产总值能耗", "growth"),  # another quantity altogether
        ("出口交货值", "money"),  # industrial output sold abroad, not exports
        ("排查居民", "count"),
        ("", "count"),
        (None, "money"),
    ],
)
def test_a_narrower_or_different_quantity_gets_no_code(subject, kind):
    assert indicator_for(subject, kind) is None


def test_every_vocabulary_line_has_a_reason_and_every_indicator_its_kinds():
    for number, line in enumerate(VOCABULARY.read_text("utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            _code, _entry, value, reason = line.split("\t")
            assert value.strip() and reason.strip(), number
    for ind in indicators().values():
        assert ind.name and ind.terms and ind.kinds <= KINDS and ind.kinds, ind.code


@pytest.mark.skipif(not (SHARED / "spec" / "INDICATORS.md").is_file(), reason="../shared/spec not present")
def test_every_code_of_the_contract_is_in_the_vocabulary():
    spec = (SHARED / "spec" / "INDICATORS.md").read_text("utf-8")
    contract = set(re.findall(r"^\| `([a-z0-9_]+)` \|", spec, re.MULTILINE))
    assert contract and contract <= set(indicator_codes())


def test_unseen_style_reports_reach_the_indicator_and_target_bars():
    scores = fixture_report_scores(FIXTURES)
    brief = {k: v for k, v in scores.items() if k not in ("per_doc", "misses", "spurious")}
    assert scores["indicator_f1"] >= 0.90, brief
    assert scores["is_target_acc"] >= 0.98, brief
    assert scores["f1"] >= 0.95, brief


def test_many_texts_converted_at_once_read_as_each_converted_alone():
    texts = [
        "預計全年完成投資20億元，",
        "明年，街道將力爭新增市場主體300戶。\n",  # a sentence closing its paragraph
        "固定資產投資\n同比增長",  # a newline inside: converted on its own
        "GDP 2.5%",  # nothing to convert
        "",
        "预计全年完成投资20亿元",  # already simplified
        "預計全年完成投資20億元，",  # twice
    ]
    assert to_simplified_many(texts) == {text: to_simplified(text) for text in texts}
    assert to_simplified_many(texts)["明年，街道將力爭新增市場主體300戶。\n"] == "明年，街道将力争新增市场主体300户。\n"
