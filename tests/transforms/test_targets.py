"""is_target (METRICS.md "Targets"): goals for the plan year are targets; estimates, progress and goals
already reached in the year under review are results, even when goal words stand next to them."""

import pytest

from transforms.metrics import extract_metrics
from transforms.records import DocumentMeta, Metric, Section
from transforms.targets import TargetReader, is_target

META = DocumentMeta(review_year=2023, plan_year=2024)


def section(kind: str, text: str) -> Section:
    return Section(
        section_id="d:s1",
        parent_id=None,
        level=1,
        heading="h",
        kind=kind,
        topic="其他",
        char_start=0,
        char_end=len(text),
    )


def targets(text: str, kind: str | None = "review", meta: DocumentMeta = META) -> dict[str, bool]:
    """mention -> is_target for every metric of ``text`` standing in one section of ``kind``."""
    sec = section(kind, text) if kind else None
    return {m.mention: is_target(text, m, sec, meta) for m in extract_metrics(text)}


def test_every_figure_of_a_plan_section_is_a_target():
    assert targets("完成3个老旧小区改造。", "plan") == {"3个": True}


def test_a_review_sentence_using_jiang_as_object_marker_is_not_a_target():
    assert targets("将辖区原有58个网格细分为412个微网格。") == {"58个": False, "412个": False}


def test_a_review_sentence_with_a_goal_for_next_year_is_a_target():
    assert targets("明年力争完成3个未来社区创建。") == {"3个": True}


def test_outside_any_section_the_goal_words_decide():
    assert targets("街道将新增3个口袋公园。", None) == {"3个": True}
    assert targets("新增3个口袋公园。", None) == {"3个": False}


@pytest.mark.parametrize("kind", ["review", "plan", None])
def test_an_estimate_of_the_year_under_review_is_a_result(kind):
    assert targets("预计全年完成固定资产投资24亿元，同比增长8%。", kind) == {"24亿元": False, "8%": False}


@pytest.mark.parametrize("kind", ["review", None])
def test_progress_against_this_years_plan_is_a_result(kind):
    assert targets("年计划投资3.49亿元，已完成85.9%。", kind) == {"3.49亿元": False, "85.9%": False}
    assert targets("税收完成年度目标的80%。", kind) == {"80%": False}


@pytest.mark.parametrize("kind", ["review", None])
def test_a_goal_already_reached_is_a_result(kind):
    assert targets("财政总收入突破70亿元目标，达到74.23亿元。", kind) == {"突破70亿元": False, "74.23亿元": False}


def test_a_result_then_a_goal_in_one_sentence_are_told_apart():
    found = targets("预计全年完成投资20亿元，明年力争达到25亿元。", "plan")
    assert found == {"20亿元": False, "25亿元": True}


def test_a_goal_to_reach_a_target_is_still_a_target():
    assert targets("确保完成全年目标，新增市场主体300户。", "plan") == {"300户": True}
    assert targets("力争突破10亿元目标。", None) == {"突破10亿元": True}


def test_a_goal_word_after_the_figure_does_not_make_it_a_target():
    assert targets("全年完成投资5亿元，力争明年再上台阶。") == {"5亿元": False}


def test_a_plan_opened_without_a_heading_runs_to_the_paragraph_end():
    text = "全年新增就业120人。\n明年，街道将聚焦项目建设。力争新增市场主体300户，改造老旧小区2个。\n党建引领持续加强，发展党员6名。"
    assert targets(text) == {"120人": False, "300户": True, "2个": True, "6名": False}


def test_next_step_opens_a_plan_mid_paragraph():
    text = "今年建成口袋公园4个。下一步，我们将新建口袋公园3个。"
    assert targets(text) == {"4个": False, "3个": True}


def test_the_plan_year_opens_a_plan_and_the_review_year_a_result():
    text = "2023年，全镇完成投资12亿元。\n2024年，全镇确保完成投资15亿元，引进项目8个。"
    assert targets(text) == {"12亿元": False, "15亿元": True, "8个": True}
    # in a plan section, a sentence about the year under review reports it
    assert targets("2023年，全镇完成投资12亿元。", "plan") == {"12亿元": False}


def test_a_half_year_summary_opens_no_plan_with_its_own_year():
    half = DocumentMeta(review_year=2024, plan_year=2024)
    assert targets("2024年，全镇完成投资6亿元。", "review", half) == {"6亿元": False}


def test_the_plan_year_of_a_report_without_one_is_the_year_after_review():
    meta = DocumentMeta(review_year=2023, plan_year=None)
    assert targets("2024年，确保新增市场主体300户。", "review", meta) == {"300户": True}


def test_jinhou_opens_a_plan_and_an_estimate_within_the_year_is_a_result():
    text = "预计年内完成税收5.2亿元。\n今后，街道将新增市场主体500户。"
    assert targets(text) == {"5.2亿元": False, "500户": True}


def test_a_traditional_character_repost_reads_the_same_cues():
    # (the extractor's units are simplified: the metrics are placed by hand here)
    text = "預計全年完成投資20億元。\n明年，街道將力爭新增市場主體300戶。"
    sec = section("review", text)

    def at(mention: str) -> Metric:
        start = text.index(mention)
        return Metric(
            mention=mention,
            value=0.0,
            unit="",
            qualifier="exact",
            kind="count",
            subject=None,
            period=None,
            sentence="",
            char_start=start,
            char_end=start + len(mention),
        )

    assert not is_target(text, at("20億元"), sec, META)
    assert is_target(text, at("300戶"), sec, META)


def test_a_reader_told_the_figures_in_advance_decides_as_one_asked_figure_by_figure():
    text = (
        "預計全年完成投資20億元，已完成年度計劃的85%。\n"
        "2024年，街道将力争新增市场主体300户，确保完成投资15亿元；完成道路改造5条。\n"
        "今年新建公园3个。下一步，计划新增停车位200个。"
    )
    metrics = extract_metrics(text)
    assert len(metrics) >= 5
    for kind in ("review", "plan", None):
        sec = section(kind, text) if kind else None
        reader = TargetReader(text, META, [m.char_start for m in metrics])
        assert [reader.is_target(m, sec) for m in metrics] == [is_target(text, m, sec, META) for m in metrics]
