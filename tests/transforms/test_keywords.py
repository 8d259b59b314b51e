"""jieba TF-IDF keywords of transforms.keywords."""

from __future__ import annotations

from pathlib import Path

from transforms.keywords import extract_keywords, stopwords

TEXT = (
    "街道全面推进老旧小区改造，完成老旧小区改造5个。深化垃圾分类，创建垃圾分类示范小区3个。"
    "推进网格化管理，划分微网格120个，网格化管理覆盖全部社区。建设未来社区，谋划未来社区试点。"
    "开展养老服务，新建老年食堂2家。"
)


def test_domain_terms_of_the_user_dictionary_stay_whole():
    terms = [k.term for k in extract_keywords(TEXT, top_k=10)]
    for term in ("老旧小区改造", "垃圾分类", "网格化管理", "未来社区"):
        assert term in terms


def test_frequency_is_the_number_of_occurrences_in_the_text():
    by_term = {k.term: k for k in extract_keywords(TEXT, top_k=20)}
    assert by_term["垃圾分类"].frequency == 2
    assert by_term["未来社区"].frequency == 2


def test_stop_words_and_figures_are_not_keywords():
    terms = {k.term for k in extract_keywords(TEXT + "2022年，推进，加强，进一步。", top_k=50)}
    assert not terms & stopwords()
    assert "2022" not in terms and "120" not in terms


def test_keywords_are_sorted_by_weight_and_deterministic():
    first = extract_keywords(TEXT, top_k=8)
    assert first == extract_keywords(TEXT, top_k=8)
    weights = [k.weight for k in first]
    assert weights == sorted(weights, reverse=True)
    assert len(first) == 8


def test_empty_text_has_no_keywords():
    assert extract_keywords("") == []
    assert extract_keywords(TEXT, top_k=0) == []


def test_unit_and_approximation_fragments_are_not_keywords():
    terms = {k.term for k in extract_keywords("累计排查50余人次，走访300余人次，服务200余户。" * 3, top_k=50)}
    assert "余人次" not in terms and "余户" not in terms


def test_keywords_are_jiebas_tfidf_with_the_project_stop_words():
    """extract_keywords reuses the document's cached segmentation: same terms and weights as jieba's
    own TF-IDF extractor with the project's stop words added."""
    import jieba.analyse as analyse

    from transforms.keywords import _FIGURE_LIKE
    from transforms.nlp import jieba

    jieba()
    extractor = analyse.TFIDF()
    extractor.stop_words = set(extractor.stop_words) | set(stopwords())
    text = TEXT * 2 + "2022年，推进，加强，进一步。ABC abc 10%"
    tags = extractor.extract_tags(text, topK=40, withWeight=True)
    expected = sorted(
        ((term, round(float(weight), 6), text.count(term)) for term, weight in tags if not _FIGURE_LIKE.match(term)),
        key=lambda row: (-row[1], row[0]),
    )[:20]
    assert [(k.term, k.weight, k.frequency) for k in extract_keywords(text)] == expected


def test_keywords_weigh_with_jiebas_idf_table_and_stop_words():
    import jieba.analyse as analyse

    from transforms.keywords import _tfidf

    assert dict(_tfidf().idf.items()) == analyse.default_tfidf.idf_freq
    assert _tfidf().median_idf == analyse.default_tfidf.median_idf
    assert stopwords() >= analyse.TFIDF.STOP_WORDS


def test_keywords_do_not_load_jiebas_part_of_speech_tables():
    """Every worker process pays for what keywords import: jieba.analyse would add ~95 MB."""
    import subprocess
    import sys

    code = (
        "import sys; from transforms.keywords import extract_keywords; "
        f"assert extract_keywords({TEXT!r}); "
        "print('jieba.posseg' in sys.modules, 'jieba.analyse' in sys.modules)"
    )
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo).stdout
    assert out.split() == ["False", "False"]
