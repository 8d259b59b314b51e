"""The shared vocabularies (transforms/vocab.py): one definition each, used by every reader."""

from __future__ import annotations

import pytest

from expectations import checks
from transforms import topics, vocab
from transforms.clean import clean_text
from transforms.records import DocumentMeta
from transforms.sections import parse_sections


@pytest.mark.parametrize("char", ["街", "㙟", "﨑"])
def test_hanzi_of_every_block_reports_use_are_cjk(char):
    assert vocab.CJK_RE.fullmatch(char)


@pytest.mark.parametrize("char", ["䷀", "a", "１", "，", "ア"])
def test_hexagrams_latin_and_punctuation_are_not_cjk(char):
    assert not vocab.CJK_RE.fullmatch(char)


def test_the_suites_and_the_classifier_share_one_topic_vocabulary():
    assert checks.TOPICS is vocab.TOPICS is topics.TOPICS
    assert set(topics.topic_words()) <= set(vocab.TOPICS)


def test_every_cue_word_is_read_somewhere_on_one_side():
    for side in ("review", "plan"):
        assert vocab.cue_words(side, "heading") and vocab.cue_words(side, "title")
    review = set(vocab.cue_words("review", "heading")) | set(vocab.cue_words("review", "title"))
    plan = set(vocab.cue_words("plan", "heading")) | set(vocab.cue_words("plan", "title"))
    assert review.isdisjoint(plan)


def test_a_heading_cue_from_the_table_gives_the_section_its_kind():
    text = "一、主要亮点\n全年新建口袋公园3个，改造背街小巷12条。\n二、下步安排\n新建养老服务站2个，完成雨污分流改造。"
    kinds = [s.kind for s in parse_sections(text, "d", DocumentMeta())]
    assert kinds == ["review", "plan"]


def test_a_circled_item_after_a_wrapped_line_starts_its_own_line():
    wrapped = "街道今年围绕老旧小区改造开展了大量工作取得"  # 22 hanzi: a wrap width of 44 columns
    lines = [wrapped, "成效，完成加装电梯。", wrapped, "实效，群众满意。", wrapped, "①旧改全面完成。"]
    cleaned = clean_text("\n".join(lines)).text.split("\n")
    assert cleaned[0] == wrapped + "成效，完成加装电梯。"  # a wrapped line is joined ...
    assert cleaned[-1] == "①旧改全面完成。"  # ... a numbered item is not
