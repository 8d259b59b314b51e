"""The glue: a metric is a target in a plan section, or where a review sentence words it as a goal."""
from transforms.document import is_target
from transforms.records import Metric, Section


def metric(sentence: str, target_cue: bool = False) -> Metric:
    return Metric(mention="3个", value=3, unit="个", qualifier="exact", kind="count", subject=None, period=None,
                  sentence=sentence, char_start=0, char_end=2, target_cue=target_cue)


def section(kind: str) -> Section:
    return Section(section_id="d:s1", parent_id=None, level=1, heading="h", kind=kind, topic="其他", char_start=0, char_end=9)


def test_every_figure_of_a_plan_section_is_a_target():
    assert is_target(metric("完成3个老旧小区改造。"), section("plan"))


def test_a_review_sentence_using_jiang_as_object_marker_is_not_a_target():
    assert not is_target(metric("将辖区原有58个网格细分为412个微网格。", target_cue=True), section("review"))


def test_a_review_sentence_with_a_goal_for_next_year_is_a_target():
    assert is_target(metric("明年力争完成3个未来社区创建。", target_cue=True), section("review"))


def test_outside_any_section_the_extractors_goal_wording_decides():
    assert is_target(metric("街道将新增3个口袋公园。", target_cue=True), None)
    assert not is_target(metric("新增3个口袋公园。"), None)
