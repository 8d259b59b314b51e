"""Search terms: what a report is indexed under, and that a query is cut the same way."""

from types import SimpleNamespace

from transforms.records import CleanText
from transforms.terms import query_terms, term_counts, term_rows


def doc(text: str, doc_id: str = "d1"):
    return SimpleNamespace(doc_id=doc_id, clean=CleanText(text))


def test_a_compound_is_indexed_with_the_words_inside_it():
    counts = term_counts("完成老旧小区改造7个。")
    assert {"老旧小区改造", "老旧小区", "小区", "改造"} <= set(counts)


def test_either_word_order_of_a_query_shares_terms_with_the_report():
    indexed = set(term_counts("今年完成老旧小区改造7个。"))
    assert {"老旧小区", "改造"} <= indexed & set(query_terms("改造老旧小区"))


def test_stop_words_punctuation_and_bare_figures_are_not_terms():
    counts = term_counts("我们的财政收入增长了12.6%，达到2023年的水平。")
    assert not {"的", "了", "，", "。", "12.6%", "2023"} & set(counts)
    assert "财政收入" in counts


def test_latin_terms_are_lower_case_in_reports_and_queries():
    assert "gdp" in term_counts("全镇GDP增长") and "gdp" in query_terms("GDP")


def test_rows_count_each_term_once_with_its_frequency_and_the_document_length():
    rows = term_rows(doc("垃圾分类覆盖全镇。垃圾分类示范村3个。"))
    by_term = {r["term"]: r for r in rows}
    assert len(by_term) == len(rows)
    assert by_term["垃圾分类"]["tf"] == 2
    assert {r["doc_length"] for r in rows} == {sum(r["tf"] for r in rows)}
    assert {r["doc_id"] for r in rows} == {"d1"}


def test_a_query_of_only_stop_words_has_no_terms():
    assert not query_terms("的 了 。")
