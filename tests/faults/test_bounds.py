"""A per-document size cap and time budget: a pathological input becomes a reject with its reason."""

from __future__ import annotations

import threading
import time

import pytest

from transforms.budget import TimeBudgetExceeded, time_budget
from transforms.document import prepare, understand
from transforms.records import TransformError

PARAGRAPH = "柳岸街道2023年全年完成地区生产总值18.35亿元，同比增长6.2%，新增就业岗位1200个。"


def many_paragraphs_page(n: int) -> bytes:
    """A page of ``n`` <p> paragraphs, each with figures (the shape that once hung a run)."""
    body = "".join(f"<p>{PARAGRAPH}第{i}项。</p>" for i in range(n))
    return f"<html><head><title>柳岸街道2023年工作总结</title></head><body>{body}</body></html>".encode()


def test_a_text_over_the_cap_is_rejected_with_its_size():
    data = ("报告正文。" * 300).encode()
    with pytest.raises(TransformError) as error:
        prepare(data, is_html=False, max_doc_chars=1_200)
    assert error.value.reason == "1,500 characters of text, more than the cap of 1,200 (--max-doc-chars)"


def test_bytes_that_cannot_fit_the_cap_in_any_charset_are_refused_undecoded():
    with pytest.raises(TransformError) as error:
        prepare(b"x" * 4_001, is_html=False, max_doc_chars=1_000)
    assert error.value.reason.startswith("4,001 bytes, more than the cap of 1,000 characters")


def test_a_text_within_the_cap_is_prepared():
    assert PARAGRAPH in prepare((PARAGRAPH * 30).encode(), is_html=False, max_doc_chars=10_000).clean.text


def test_a_pathological_page_becomes_a_reject_that_took_too_long():
    page = many_paragraphs_page(100_000)
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded) as error, time_budget(1.0, stage="understand"):
        understand(prepare(page, is_html=True, max_doc_chars=None), "file:///pathological.html")
    assert error.value.reason == "took longer than 1 s"
    assert error.value.stage == "understand"
    assert time.monotonic() - started < 30  # stopped, not run to the end


def test_a_budget_interrupt_is_not_swallowed_by_an_except_exception():
    def stubborn() -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:  # what a careless transform might do  # noqa: SIM105 - the pattern under test
                sum(range(10_000))
            except Exception:
                pass

    with pytest.raises(TimeBudgetExceeded), time_budget(0.2):
        stubborn()


def test_the_budget_works_outside_the_main_thread_too():
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_budget(0.3, stage="clean"):
                while True:
                    sum(range(1000))
        except TimeBudgetExceeded as exc:
            outcome.append(exc.reason)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert outcome == ["took longer than 0.3 s"]


def test_a_document_within_its_budget_is_untouched():
    with time_budget(30):
        prepared = prepare(many_paragraphs_page(50), is_html=True)
    assert prepared.clean.text.count("18.35亿元") == 50


@pytest.mark.slow  # `jiedao run` in a subprocess; the cap itself is pinned above through prepare()
def test_a_run_rejects_an_oversized_input_with_its_reason_and_loads_the_rest(tmp_path):
    from pathlib import Path

    from support import jiedao, query

    sample = Path(__file__).resolve().parents[2] / "samples" / "sample_01_plain.txt"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_bytes(sample.read_bytes())
    (tmp_path / "in" / "huge.txt").write_text(PARAGRAPH * 2_000, "utf-8")  # ~96,000 characters
    result = jiedao("run", str(tmp_path / "in"), "--data-dir", str(tmp_path / "data"), "--max-doc-chars", "20000")
    assert result.returncode == 0, result.stderr
    db = tmp_path / "data" / "warehouse.duckdb"
    ((reason,),) = query(db, "SELECT reason FROM rejects WHERE source_uri LIKE '%huge.txt'")
    assert "more than the cap of 20,000" in reason and reason.endswith("(--max-doc-chars)")
    assert query(db, "SELECT count(*) FROM documents WHERE source_uri LIKE '%report.txt'") == [(1,)]
