"""drop_duplicates on tiny inline documents: exact copies, near-copies, and look-alikes that are not copies."""
from flows.adapters.base import SourceDocument
from flows.pipeline import drop_duplicates
from transforms.document import prepare, understand

BODY = "\n".join(f"第{i}项工作：完成道路改造{i * 3}公里，新增绿地{i * 7}平方米，惠及居民{i * 11}户。" for i in range(1, 12))


def doc(text: str, name: str):
    source = SourceDocument(source_uri=f"file:///{name}", data=text.encode(), is_html=False)
    return source, understand(prepare(source.data, is_html=False), source.source_uri)


def test_an_exact_copy_in_the_batch_is_kept_once_even_when_already_loaded():
    a, b = doc(BODY, "a.txt"), doc(BODY, "b.txt")
    known = {a[1].doc_id: a[1].fingerprint}
    kept, dropped = drop_duplicates([a, b], known, {})
    assert [s.source_uri for s, _ in kept] == ["file:///a.txt"] and dropped == 1


def test_a_near_copy_of_a_loaded_report_is_dropped():
    loaded = doc(BODY, "loaded.txt")[1]
    repost = doc(BODY + "\n图为街道邻里中心一角。", "repost.txt")  # a photo caption the repost kept
    kept, dropped = drop_duplicates([repost], {loaded.doc_id: loaded.fingerprint}, {loaded.doc_id: loaded.clean.text})
    assert kept == [] and dropped == 1


def test_reports_sharing_some_paragraphs_are_both_kept():
    half = BODY.splitlines()[:6]
    a = doc("\n".join(half + ["东湖街道今年还完成了邻里中心建设和背街小巷整治，群众满意度明显提升。"] * 3), "a.txt")
    b = doc("\n".join(half + ["西岭镇全年发展特色农业，新建大棚一百余个，带动农户增收致富。"] * 3), "b.txt")
    kept, dropped = drop_duplicates([a, b], {}, {})
    assert len(kept) == 2 and dropped == 0
