"""Identity decisions on tiny inline documents: same text, republished, look-alikes of other orgs."""

from transforms.identity import Identity, IdentityIndex, figures_key, text_signature

BODY = (
    "一、2023年工作回顾。坚持把项目建设作为推动发展的主抓手，建立班子成员联系重点项目制度，协调解决用地、用工、审批等难点问题。"
    "完成固定资产投资{a}亿元，同比增长{b}%；新增市场主体{c}户。坚持规划引领、精细管理，统筹推进背街小巷整治和雨污分流改造，"
    "组织志愿者常态化开展环境巡查，辖区人居环境和群众满意度同步提升。二、2024年工作思路。力争固定资产投资增长{d}%。"
)


def identity(doc_id, org, text, figures=(1.0,)):
    return Identity(doc_id, org, "临平区", 2023, 2024, figures_key((f, "元") for f in figures), text_signature(text))


def test_the_same_report_with_a_credit_line_more_is_republished():
    text = BODY.format(a=12.5, b=8.1, c=230, d=9)
    index = IdentityIndex()
    index.add(identity("d1", "东湖街道", text))
    resolution = index.resolve(identity("d2", "东湖街道", "（通讯员 王芳）" + text))
    assert (resolution.relation, resolution.doc_id) == ("republished", "d1")


def test_a_copy_under_another_name_is_a_new_document_linked_to_the_original():
    text = BODY.format(a=12.5, b=8.1, c=230, d=9)
    index = IdentityIndex()
    index.add(identity("d1", "东湖街道", text))
    resolution = index.resolve(identity("d2", "西岭镇", text.replace("东湖", "西岭")))
    assert resolution.relation == "first"
    assert [(n.other_doc_id, n.same_org) for n in resolution.near] == [("d1", False)]


def test_several_look_alikes_are_linked_most_similar_first_each_with_its_own_similarity():
    from transforms.identity import similarity

    text = BODY.format(a=12.5, b=8.1, c=230, d=9)
    index = IdentityIndex()
    near_copy = identity("d1", "西岭镇", text.replace("东湖", "西岭"))
    farther_copy = identity("d2", "南山街道", text.replace("东湖", "南山").replace("坚持", "始终坚持"), figures=(2.0,))
    for known in (farther_copy, near_copy):
        index.add(known)
    new = identity("d3", "东湖街道", text, figures=(3.0,))
    near = index.resolve(new).near
    assert [n.other_doc_id for n in near] == ["d1", "d2"]
    assert [n.similarity for n in near] == [
        round(similarity(new, near_copy), 4),
        round(similarity(new, farther_copy), 4),
    ]
    assert near[0].similarity > near[1].similarity >= 0.5


def test_the_same_org_with_other_figures_is_another_report():
    index = IdentityIndex()
    index.add(identity("d1", "东湖街道", BODY.format(a=12.5, b=8.1, c=230, d=9), figures=(12.5, 8.1)))
    resolution = index.resolve(identity("d2", "东湖街道", BODY.format(a=13.5, b=7.1, c=240, d=8), figures=(13.5, 7.1)))
    assert resolution.relation == "first"
    assert resolution.near and resolution.near[0].same_org


def test_a_masked_org_is_never_the_same_org():
    text = BODY.format(a=12.5, b=8.1, c=230, d=9)
    index = IdentityIndex()
    index.add(identity("d1", None, text))
    assert index.resolve(identity("d2", None, "（通讯员 王芳）" + text)).relation == "first"


def test_an_unrelated_report_has_no_look_alikes():
    index = IdentityIndex()
    index.add(identity("d1", "东湖街道", BODY.format(a=12.5, b=8.1, c=230, d=9)))
    other = "今年以来，本镇围绕乡村振兴，发展特色种植面积三千亩，建成冷链仓储中心一处，带动农户增收。" * 3
    assert index.resolve(identity("d2", "桃溪镇", other)).near == []


def test_a_removed_document_is_no_longer_found():
    text = BODY.format(a=12.5, b=8.1, c=230, d=9)
    index = IdentityIndex()
    index.add(identity("d1", "东湖街道", text))
    index.remove("d1")
    assert index.resolve(identity("d2", "东湖街道", "（通讯员 王芳）" + text)).relation == "first"


# ---------------------------------------------------------------- stored values: the signature is datasketch's

ODD_TEXTS = (
    "",
    "一",
    "一二三",
    "，。！？",
    "社区社区社区社区社区",
    "ＡＢ１２％ ①② é😀𠀀 a-b_c",
    BODY.format(a=3, b=4, c=5, d=6),
)


def _datasketch_signature(text: str) -> bytes:
    """The signature as first stored: a datasketch MinHash updated with the UTF-8 shingles."""
    import numpy as np
    from datasketch import MinHash

    from transforms.dedup import SHINGLE, normalised_for_identity
    from transforms.identity import NUM_PERM, SCHEME

    chars = normalised_for_identity(text)
    shingles = {chars[i : i + SHINGLE] for i in range(max(1, len(chars) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash.hashvalues.astype(np.uint32).tobytes()


def test_text_signature_is_the_datasketch_minhash_stored_before():
    for text in ODD_TEXTS:
        assert text_signature(text) == _datasketch_signature(text)


def test_text_signatures_of_texts_that_alternate_do_not_mix_up():
    # the normalised text and shingles of the last two texts are kept: a third must not reuse them
    a, b, c = (BODY.format(a=n, b=n + 1, c=n + 2, d=n + 3) for n in (1, 20, 300))
    assert [text_signature(t) for t in (a, b, c, a, c)] == [_datasketch_signature(t) for t in (a, b, c, a, c)]
