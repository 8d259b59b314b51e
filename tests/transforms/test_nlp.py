"""transforms.nlp: the one jieba pass over a document, and what its slices are."""

from __future__ import annotations

import marshal

from transforms.nlp import _cache_read_whole, jieba, jieba_module, segment

TEXT = "\n".join(
    [
        "一、2023年工作成效",
        "（一）经济发展稳中有进。全年完成税收收入3.2亿元，同比增长8.5%，新引进企业42家。",
        "  （二）城市建设提档升级。完成老旧小区改造5个，新增停车泊位350个。",
        "推进网格化管理，划分微网格120个。\r\n二、2024年工作思路",
        "聚焦产业升级，力争税收收入增长10%；深化网格治理。",
    ]
)


def test_segment_is_jieba_lcut_with_offsets():
    seg = segment(TEXT)
    assert seg.tokens == jieba().lcut(TEXT)
    assert "".join(seg.tokens) == TEXT
    assert all(TEXT.startswith(token, start) for token, start in zip(seg.tokens, seg.starts))
    assert [TEXT[a:b] for a, b in seg.spans()] == seg.tokens
    assert len(seg) == len(seg.tokens)


def test_jiebas_dictionary_read_in_one_piece_is_the_dictionary_jieba_reads():
    module = jieba_module()
    own, whole = module.Tokenizer(), module.Tokenizer()
    own.initialize()  # builds the cache when it is missing; reads it object by object otherwise
    with _cache_read_whole(module):
        whole.initialize()
    assert module.marshal is marshal  # put back
    assert len(own.FREQ) > 300_000
    assert (whole.FREQ, whole.total) == (own.FREQ, own.total)


def test_segment_keeps_no_hidden_state_between_documents():
    first, again = segment(TEXT), segment(TEXT)
    assert first is not again and first == again  # a new object per call, nothing cached by text


def test_a_segmentation_survives_pickling_between_processes():
    import pickle

    seg = segment(TEXT)
    copy = pickle.loads(pickle.dumps(seg))
    assert copy == seg and copy.tokens == seg.tokens


def test_slices_between_block_boundaries_segment_like_the_whole_text():
    seg = segment(TEXT)
    boundaries = [i for i in range(len(TEXT) + 1) if seg.is_block_boundary(i)]
    assert 0 in boundaries and len(TEXT) in boundaries
    for start in boundaries[::3]:
        for end in boundaries[::5]:
            if start < end:
                inside = [t for t, s in zip(seg.tokens, seg.starts) if start <= s < end]
                assert jieba().lcut(TEXT[start:end]) == inside, (start, end)


def test_offsets_inside_a_run_or_a_crlf_are_no_boundaries():
    seg = segment(TEXT)
    run = TEXT.index("经济发展")
    assert not seg.is_block_boundary(run + 2)
    assert not seg.is_block_boundary(TEXT.index("\r\n") + 1)
    assert seg.is_block_boundary(TEXT.index("\n"))


def test_occurrences_tell_tokens_from_substrings():
    seg = segment(TEXT)
    found, tokens = seg.occurrences("网格")
    assert found == [i for i in range(len(TEXT)) if TEXT.startswith("网格", i)]
    assert set(tokens) <= set(found)
    assert tokens == [s for t, s in zip(seg.tokens, seg.starts) if t == "网格"]


# ---------------------------------------------------------------- lcut: jieba's tokens, jieba-rs's speed

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.nlp import lcut

REPO = Path(__file__).resolve().parents[2]
# Pieces jieba-rs cuts differently from jieba when they sit in one block (hyphens, letters after
# decimals, chained decimals, symbols), the user dictionary's words, rare CJK outside jieba's range,
# and ordinary report text.
PIECES = [
    "1-10月",
    "A-23地块",
    "0579-86235710",
    "4.5A级",
    "4.54.5",
    "PM2.5",
    "5G基站",
    "8.5%",
    "12%",
    "3.25%",
    "C++",
    "R&D",
    "a_b",
    "#3",
    "x.5",
    "5.x",
    "1.2.3",
    "％",
    "１２",
    "老旧小区改造",
    "网格化管理",
    "共同富裕",
    "乡村振兴",
    "𨡖𩨖㷬",
    "䑆䣄",
    "鿌穚",
    "\ufa6e\ufa6e",  # unassigned, inside a CJK block jieba-rs takes whole: not a word character
    "\U0002b739",
    "，",
    "。",
    "、",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "（一）",
    "一是",
    "全年完成税收收入",
    "同比增长",
    "新引进企业",
    "家",
    "亿元",
    "abc",
    "X1",
    "2023年",
]


def test_lcut_is_jiebas_lcut_on_the_fixture_reports():
    from transforms.document import prepare
    from transforms.records import TransformError

    paths = [
        p
        for folder in ("tests/fixtures", "samples")
        for p in sorted((REPO / folder).rglob("*"))
        if p.suffix in (".txt", ".html")
    ]
    texts = []
    for path in paths:
        try:
            texts.append(prepare(path.read_bytes(), is_html=path.suffix == ".html").clean.text)
        except TransformError:  # not a report (fixtures of rejects)
            continue
    assert len(texts) >= 10
    for text in texts:
        assert lcut(text) == jieba().lcut(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_lcut_is_jiebas_lcut_where_jieba_rs_would_cut_otherwise(text):
    assert lcut(text) == jieba().lcut(text)


def test_token_counts_are_the_tokens_counted_in_order_of_first_occurrence():
    import pickle
    from collections import Counter

    seg = segment(TEXT)
    counts = seg.token_counts()
    assert counts == Counter(seg.tokens) and list(counts) == list(dict.fromkeys(seg.tokens))
    copy = pickle.loads(pickle.dumps(seg))  # what a worker receives carries no cached tokens
    assert copy.tokens == seg.tokens and copy.token_counts() == counts
