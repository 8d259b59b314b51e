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


# ---------------------------------------------------------------- one segmentation per document

import pytest  # noqa: E402

from tests.helpers.support import REPO  # noqa: E402
from transforms.document import prepare, understand  # noqa: E402
from transforms.nlp import jieba  # noqa: E402
from transforms.topics import OTHER, classify_topic  # noqa: E402

FIXTURE_REPORTS = sorted((REPO / "tests" / "fixtures" / "reports").glob("*.txt")) + sorted(
    p for p in (REPO / "samples").iterdir() if p.suffix in (".txt", ".html")
)


def _understood(path):
    return understand(prepare(path.read_bytes(), is_html=path.suffix == ".html"), path.as_uri())


def _topics_segmenting_every_section_alone(doc) -> list[str]:
    """The sections' topics by the rule of transforms.sections, each heading and body segmented on its
    own (what the topics were before one segmentation served the whole document)."""
    text = doc.clean.text
    own = [classify_topic(s.heading, text[s.char_start : s.char_end]) for s in doc.sections]
    inherited: dict[str, str] = {}
    for section, topic in zip(doc.sections, own):
        inherited[section.section_id] = topic or (inherited[section.parent_id] if section.parent_id else OTHER)
    children: dict[str, set[str]] = {}
    for section in doc.sections:
        if section.parent_id:
            children.setdefault(section.parent_id, set()).add(inherited[section.section_id])
    final: dict[str, str] = {}
    for section, topic in zip(doc.sections, own):
        if len(children.get(section.section_id, ())) >= 2 and classify_topic(section.heading) is None:
            final[section.section_id] = OTHER
        else:
            final[section.section_id] = topic or (final[section.parent_id] if section.parent_id else OTHER)
    return [final[s.section_id] for s in doc.sections]


@pytest.mark.parametrize("path", FIXTURE_REPORTS, ids=lambda p: p.name)
def test_understand_segments_the_text_once_and_exposes_its_tokens(path):
    doc = _understood(path)
    assert doc.segmentation.text == doc.clean.text
    assert doc.segmentation.tokens == jieba().lcut(doc.clean.text)


@pytest.mark.parametrize("path", FIXTURE_REPORTS, ids=lambda p: p.name)
def test_section_topics_from_one_segmentation_equal_segmenting_every_section_alone(path):
    doc = _understood(path)
    assert len(doc.sections) >= 2
    assert [s.topic for s in doc.sections] == _topics_segmenting_every_section_alone(doc)


@pytest.mark.parametrize("path", FIXTURE_REPORTS, ids=lambda p: p.name)
def test_keywords_from_one_segmentation_equal_jiebas_tfidf_on_the_text(path):
    import jieba.analyse as analyse

    from transforms.keywords import _FIGURE_LIKE, stopwords

    doc = _understood(path)
    text = doc.clean.text
    extractor = analyse.TFIDF()
    extractor.stop_words = set(extractor.stop_words) | set(stopwords())
    tags = extractor.extract_tags(text, topK=40, withWeight=True)
    expected = sorted(
        ((term, round(float(weight), 6), text.count(term)) for term, weight in tags if not _FIGURE_LIKE.match(term)),
        key=lambda row: (-row[1], row[0]),
    )[:20]
    assert expected
    assert [(k.term, k.weight, k.frequency) for k in doc.keywords] == expected
