"""transforms.document.understand: one segmentation per document, from which topics and keywords derive."""

from __future__ import annotations

import pytest

from tests.helpers.support import REPO
from transforms.document import prepare, understand
from transforms.nlp import jieba
from transforms.topics import OTHER, classify_topic

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
