"""plan_vs_result on the two-year sample pair (海盐县青禾镇 2023 → 2024) and a same-named town of another
county (龙游县青禾镇) whose 2024 figures must not pair: a real `jiedao run` on the three sample reports."""

import pytest

from flows.cli import SAMPLES_DIR
from support import jiedao, query

pytestmark = pytest.mark.slow  # a real `jiedao run` on three samples in a subprocess

PAIR = ("sample_05_town_2023.txt", "sample_06_town_2024.txt")
OTHER = "sample_07_other_town_2024.txt"
YI = 1e8


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    data = tmp_path_factory.mktemp("pvr") / "data"
    result = jiedao("run", *(str(SAMPLES_DIR / name) for name in (*PAIR, OTHER)), "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    return data / "warehouse.duckdb"


def test_the_three_samples_are_two_towns_of_one_name_in_two_counties(warehouse):
    rows = query(
        warehouse, "SELECT org_name, district, review_year, plan_year FROM documents ORDER BY district, review_year"
    )
    assert rows == [
        ("青禾镇", "海盐县", 2023, 2024),
        ("青禾镇", "海盐县", 2024, 2025),
        ("青禾镇", "龙游县", 2024, None),
    ]


def test_every_target_is_paired_with_next_years_result_and_judged(warehouse):
    rows = query(
        warehouse,
        """
        SELECT district, indicator, plan_year, target_value, target_qualifier, unit, result_value, result_qualifier, met
        FROM plan_vs_result ORDER BY plan_year, indicator, unit = '%'""",
    )
    assert rows == [
        # 力争达到25亿元 → 预计全年完成26.3亿元 (the 1-11月 figure of 24.1亿元 is no whole-year result)
        ("海盐县", "fixed_asset_investment", 2024, 25 * YI, "exact", "元", 26.3 * YI, "exact", True),
        # 同比增长10% → 同比增长15.4%
        ("海盐县", "fixed_asset_investment", 2024, 10.0, "exact", "%", 15.4, "exact", True),
        # 力争突破3亿元 → 2.8亿元: not met (龙游县青禾镇's 3.5亿元 would have met it)
        ("海盐县", "general_budget_revenue", 2024, 3 * YI, "over", "元", 2.8 * YI, "exact", False),
        # 改造老旧小区3个: the 2024 report states no renovation: listed without a result
        ("海盐县", "old_community_renovation", 2024, 3.0, "exact", "个", None, None, None),
        # 控制在3%以内 (under, and lower is better) → 2.6%
        ("海盐县", "unemployment_rate", 2024, 3.0, "under", "%", 2.6, "exact", True),
        # the 2024 report's own targets for 2025: no 2025 report yet
        ("海盐县", "above_scale_enterprises_new", 2025, 6.0, "exact", "家", None, None, None),
        ("海盐县", "fixed_asset_investment", 2025, 28 * YI, "exact", "元", None, None, None),
        ("海盐县", "general_budget_revenue", 2025, 8.0, "exact", "%", None, None, None),
    ]


def test_a_pair_links_the_target_and_result_metrics_and_sentences(warehouse):
    rows = query(
        warehouse,
        """
        SELECT t.mention, r.mention, p.target_sentence LIKE '%力争突破3亿元%', p.result_sentence LIKE '%2.8亿元%'
        FROM plan_vs_result p JOIN metrics t ON t.metric_id = p.target_metric_id
        JOIN metrics r ON r.metric_id = p.result_metric_id
        WHERE p.indicator = 'general_budget_revenue' AND p.plan_year = 2024""",
    )
    assert rows == [("突破3亿元", "2.8亿元", True, True)]


def test_the_other_countys_town_sets_no_target_and_lends_no_result(warehouse):
    other = query(warehouse, "SELECT doc_id FROM documents WHERE district = '龙游县'")[0][0]
    assert query(
        warehouse,
        f"""SELECT count(*) FROM plan_vs_result p JOIN metrics m
                                ON m.metric_id IN (p.target_metric_id, p.result_metric_id) WHERE m.doc_id = '{other}'""",
    ) == [(0,)]


def test_the_panel_has_the_years_result_growth_and_target(warehouse):
    rows = query(
        warehouse,
        """
        SELECT district, year, unit, result_value, growth, target_value, growth_target FROM v_indicator_panel
        WHERE indicator = 'fixed_asset_investment' ORDER BY district, year, unit NULLS LAST""",
    )
    assert rows == [
        ("海盐县", 2023, "元", 22.8 * YI, 9.6, None, None),
        ("海盐县", 2024, "元", 26.3 * YI, 15.4, 25 * YI, 10.0),
        ("海盐县", 2025, "元", None, None, 28 * YI, None),
        ("龙游县", 2024, "元", 9.6 * YI, 4.8, None, None),
    ]


def test_v_metrics_writes_values_for_people(warehouse):
    rows = query(
        warehouse,
        """SELECT mention, value_text, org_name, district, review_year, section_kind, topic
                              FROM v_metrics WHERE mention IN ('26.3亿元', '3%以内', '830人') ORDER BY mention""",
    )
    assert [(r[0], r[1]) for r in rows] == [("26.3亿元", "26.3亿元"), ("3%以内", "3%"), ("830人", "830人")]
    assert {(r[2], r[3]) for r in rows} == {("青禾镇", "海盐县")}
    assert [r[5] for r in rows] == ["review", "plan", "review"]


def test_every_view_and_view_column_has_a_comment(warehouse):
    views = query(
        warehouse,
        """SELECT view_name, comment FROM duckdb_views()
                               WHERE view_name IN ('plan_vs_result', 'v_metrics', 'v_indicator_panel')""",
    )
    assert len(views) == 3 and all(comment for _, comment in views)
    assert (
        query(
            warehouse,
            """SELECT table_name, column_name FROM duckdb_columns()
                              WHERE table_name IN ('plan_vs_result', 'v_metrics', 'v_indicator_panel')
                                AND (comment IS NULL OR comment = '')""",
        )
        == []
    )
