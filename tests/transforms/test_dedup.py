"""Document ids and near-duplicate fingerprints: the same report from two places is one document."""

from __future__ import annotations

import re

from transforms.clean import clean_text
from transforms.dedup import (
    SAME_REPORT_JACCARD,
    document_id,
    fingerprint,
    hamming_distance,
    is_near_duplicate,
    is_same_report,
    text_similarity,
)
from transforms.page import extract_page

REPORT = "\n".join(
    [
        "一、2023年工作成效",
        "（一）经济发展稳中有进。全年完成税收收入3.2亿元，同比增长8.5%，新引进企业42家。",
        "（二）城市建设提档升级。完成老旧小区改造5个，新增停车泊位350个，改造道路4.5公里。",
        "（三）民生服务持续加强。新增养老床位60张，开展志愿服务活动120场，惠及居民1.2万人次。",
        "（四）社会治理精细高效。化解矛盾纠纷86件，排查整改安全隐患230处，实现重大事故零发生。",
        "二、2024年工作思路",
        "聚焦产业升级，力争税收收入增长10%；推进城市更新，完成3个老旧小区改造；深化网格治理。",
    ]
)
OTHER_REPORT = "\n".join(
    [
        "一、2022年主要工作",
        "全镇粮食播种面积稳定在5.6万亩，新建高标准农田3000亩，完成农村公路提升12公里。",
        "村级集体经济收入全部超过50万元，培育家庭农场28家，引进农业项目6个，总投资2.1亿元。",
        "二、2023年工作打算",
        "围绕乡村振兴，抓好粮食生产，推进美丽乡村建设，力争村级集体经济收入增长15%。",
    ]
)


def _as_portal_page(text: str) -> str:
    return (
        "首页 > 政务公开 > 计划总结\n示例街道工作总结\n发布日期:2024-01-05 浏览:88\n"
        + text
        + "\n示例日报记者王五\n推荐阅读\n- 另一条新闻"
    )


def _as_repost_page(text: str) -> str:
    spaced = re.sub(r"([，。；])", r" \1 ", text)
    return "示例街道工作总结\n文章图片\n" + spaced + "\n【返回顶部】【打印本稿】"


def test_document_id_has_the_documented_shape():
    assert re.fullmatch(r"d_[0-9a-f]{16}", document_id(REPORT))


def test_document_id_ignores_whitespace_and_punctuation_width():
    respaced = REPORT.replace("，", " , ").replace("\n", "\n\n")
    assert document_id(respaced) == document_id(REPORT)


def test_different_reports_get_different_ids():
    assert document_id(REPORT) != document_id(OTHER_REPORT)


def test_same_report_with_different_furniture_gets_the_same_id():
    bodies = [
        clean_text(extract_page(page, is_html=False).body).text
        for page in (_as_portal_page(REPORT), _as_repost_page(REPORT))
    ]
    assert document_id(bodies[0]) == document_id(bodies[1]) == document_id(REPORT)


def test_same_report_with_a_leftover_line_is_a_near_duplicate():
    with_leftover = REPORT + "\n编者按：本文有删节。"
    assert document_id(with_leftover) != document_id(REPORT)
    assert is_near_duplicate(fingerprint(REPORT), fingerprint(with_leftover))


def test_different_reports_are_not_near_duplicates():
    assert not is_near_duplicate(fingerprint(REPORT), fingerprint(OTHER_REPORT))


def test_fingerprint_is_a_stable_64_bit_integer():
    value = fingerprint(REPORT)
    assert 0 <= value < 2**64
    assert value == fingerprint(REPORT)
    assert fingerprint("") == 0


def test_hamming_distance_counts_differing_bits():
    assert hamming_distance(0b1011, 0b0001) == 2


# ---------------------------------------------------------------- the fast paths equal the definitions


def _reference_normalised(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "PZSC")


def _reference_fingerprint(text: str) -> int:
    """The simhash as defined: +count / -count per bit of every shingle's 64-bit hash."""
    from collections import Counter

    from transforms.dedup import SHINGLE, _hash64

    chars = _reference_normalised(text)
    if not chars:
        return 0
    if len(chars) < SHINGLE:
        shingles = Counter([chars])
    else:
        shingles = Counter(chars[i : i + SHINGLE] for i in range(len(chars) - SHINGLE + 1))
    totals = [0] * 64
    for shingle, count in shingles.items():
        value = _hash64(shingle)
        for bit in range(64):
            totals[bit] += count if value >> bit & 1 else -count
    return sum(1 << bit for bit, total in enumerate(totals) if total > 0)


ODD_TEXTS = (
    "",
    "一",
    "一二三",
    "一二三四",
    "  \t\u3000，。！？ ",
    "ＡＢ１２％ ①② \u200b\ufeff\x00 é😀𠀀 a-b_c",
    "社区社区社区社区社区",  # repeated shingles: counts above 1
)


def test_normalised_text_is_the_per_character_definition():
    from transforms.dedup import normalised_for_identity

    for text in (REPORT, OTHER_REPORT, _as_repost_page(REPORT), *ODD_TEXTS):
        assert normalised_for_identity(text) == _reference_normalised(text)


def test_fingerprint_is_the_per_bit_simhash_of_its_definition():
    for text in (REPORT, OTHER_REPORT, REPORT + "\n编者按：本文有删节。", _as_portal_page(REPORT), *ODD_TEXTS):
        assert fingerprint(text) == _reference_fingerprint(text)


def test_document_id_and_fingerprint_do_not_mix_up_texts():
    # document_id and fingerprint share the normalised text of the last few documents.
    ids = [document_id(t) for t in (REPORT, OTHER_REPORT, REPORT)]
    assert ids[0] == ids[2] != ids[1]
    assert fingerprint(OTHER_REPORT) == _reference_fingerprint(OTHER_REPORT)


PARAGRAPHS = [
    f"第{i}项工作：完成道路改造{i * 3}公里，新增绿地{i * 7}平方米，惠及居民{i * 11}户。" for i in range(1, 12)
]


def test_reports_sharing_only_some_paragraphs_are_not_the_same_report():
    a = "\n".join(PARAGRAPHS[:6] + ["东湖街道今年还完成了邻里中心建设和背街小巷整治。"] * 3)
    b = "\n".join(PARAGRAPHS[:6] + ["西岭镇全年发展特色农业，新建大棚一百余个，带动农户增收。"] * 3)
    assert text_similarity(a, b) < SAME_REPORT_JACCARD
    assert not is_same_report(a, fingerprint(a), b, fingerprint(b))


def test_the_same_report_with_a_leftover_furniture_line_is_the_same_report():
    a = "\n".join(PARAGRAPHS)
    b = a + "\n责任编辑：王某"
    assert is_same_report(a, fingerprint(a), b, fingerprint(b))
