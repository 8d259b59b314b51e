"""Topic word lists of transforms.topics."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.topics import (
    OTHER,
    TOPICS,
    _all_words,
    _present_words,
    _word_occurrences,
    classify_topic,
    topic_scores,
    topic_words,
)


def test_vocabulary_is_the_warehouse_one():
    assert TOPICS == ("疫情防控", "经济发展", "城市建设", "生态环境", "民生服务", "社会治理", "党的建设", "其他")
    assert OTHER == "其他"


def test_every_word_list_belongs_to_the_vocabulary_and_is_not_empty():
    words = topic_words()
    assert set(words) == set(TOPICS) - {OTHER}
    assert all(words.values())


def test_heading_words_outweigh_body_words():
    body = "开展养老服务，建设老年食堂，提升居家养老水平，关爱困难群众。"
    assert classify_topic("党建引领服务群众", body) == "党的建设"


def test_body_decides_when_the_heading_is_silent():
    assert classify_topic("2022年工作成效", "完成垃圾分类示范小区创建，河道水质持续改善。") == "生态环境"


def test_no_signal_gives_none():
    assert classify_topic("其他工作", "按时完成。") is None
    assert topic_scores("", "") == {}


# ---------------------------------------------------------------- spans of one document


SPAN_TEXT = "\n".join(
    [
        "一、2023年工作成效",
        "（一）党建引领有力。发展党员12名，开展党史学习教育，基层党组织建设全面加强。",
        "（二）民生服务温暖。新增养老床位60张，建设老年食堂2家，关爱困难群众。",
        "（三）生态环境改善。完成垃圾分类示范小区创建，河道水质持续改善，垃圾分类覆盖率100%。",
        "二、2024年工作思路",
        "推进老旧小区改造，深化网格化管理，守牢安全生产底线，抓好疫情防控常态化工作。",
    ]
)


def test_classify_span_is_classify_topic_of_the_slice():
    from transforms.topics import classify_span

    lines = SPAN_TEXT.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))] + [len(SPAN_TEXT)]
    headings = ["", "党建引领有力", "2023年工作成效", "其他工作", "生态环境改善"]
    spans = [(a, b) for a in starts for b in starts if a < b]
    spans += [(a, b) for a in range(0, len(SPAN_TEXT), 7) for b in range(a + 1, len(SPAN_TEXT) + 1, 11)]  # mid-word too
    for heading in headings:
        for start, end in spans:
            expected = classify_topic(heading, SPAN_TEXT[start:end])
            assert classify_span(heading, SPAN_TEXT, start, end) == expected, (heading, start, end)


# ---------------------------------------------------------------- where the signal words occur

_SIGNAL_WORDS = list(_all_words())
# Signal words, their tails (to start a word inside another) and filler, glued together.
_PIECES = st.sampled_from(_SIGNAL_WORDS + [w[1:] for w in _SIGNAL_WORDS[:40]] + list("的了，。哈\n"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=80).map("".join))
def test_every_occurrence_of_every_signal_word_is_found_once_in_order(text):
    found, offsets, words = _word_occurrences(text)
    every = sorted((at, word) for word in _SIGNAL_WORDS for at in range(len(text)) if text.startswith(word, at))
    assert list(zip(offsets, words)) == every
    assert sorted(found) == [word for word in _SIGNAL_WORDS if word in text] == _present_words(text)
    assert all(found[word] == [at for at, w in every if w == word] for word in found)
