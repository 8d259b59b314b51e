"""Topic word lists of transforms.topics."""
from __future__ import annotations

from transforms.topics import OTHER, TOPICS, classify_topic, topic_scores, topic_words


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
