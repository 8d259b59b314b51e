"""The fork server's warm-up page goes down every path of a real report: if it were rejected or gave no
sections, metrics or keywords, the workers would again pay for those paths' first use themselves."""

from flows.chunk_spec import ChunkSpec, InputRef
from flows.chunks import document_rows
from flows.warm_up import WARM_UP_PAGE, warm_up


def test_the_warm_up_page_is_understood_as_a_report_with_sections_metrics_and_keywords():
    ref = InputRef("warm-up:page", "", "", is_html=True)
    rows = document_rows(WARM_UP_PAGE.encode("utf-8"), ref, None, ChunkSpec("t", 0, (ref,), "", "", 10**6, ""))
    [document] = rows["documents"]
    assert (document["org_name"], document["review_year"], document["plan_year"]) == ("青禾街道", 2024, 2025)
    assert len(rows["sections"]) >= 3 and len(rows["keywords"]) >= 10
    assert {(m["value"], m["unit"]) for m in rows["metrics"]} >= {(1.26e9, "元"), (8.4, "%"), (1240.0, "户")}
    assert any(m["is_target"] for m in rows["metrics"])


def test_warming_up_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    warm_up()
    assert list(tmp_path.iterdir()) == []
