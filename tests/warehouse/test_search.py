"""BM25 search over doc_terms: the obviously relevant report comes first, in a stable order."""

import json
from pathlib import Path

import duckdb
import pytest
from fixture_warehouse import build_warehouse

from support import jiedao
from warehouse.search import SearchError, search

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "search"


@pytest.fixture
def data_dir(search_data_dir: Path) -> Path:
    return search_data_dir


@pytest.fixture
def con(search_con):
    return search_con


@pytest.mark.parametrize(
    "query, org",
    [
        ("老旧小区改造", "柳岸街道"),
        ("改造老旧小区", "柳岸街道"),  # other word order: the compound's inner words still match
        ("高标准农田", "青石镇"),
        ("固定资产投资增长", "东湖街道"),
        ("垃圾分类 污水处理", "白沙乡"),
        ("网格化管理", "金桥街道"),
    ],
)
def test_the_report_about_the_query_ranks_first(con, query, org):
    hits = search(con, query)
    assert hits[0].org_name == org
    assert all(hit.score < hits[0].score for hit in hits[1:])


def test_a_hit_carries_its_org_year_and_the_sentence_with_most_query_terms(con):
    hit = search(con, "加装电梯")[0]
    assert (hit.org_name, hit.review_year, hit.district) == ("柳岸街道", 2023, "上城区")
    assert "加装电梯" in hit.snippet
    text = con.execute("SELECT cleaned_text FROM documents WHERE doc_id = ?", [hit.doc_id]).fetchone()[0]
    assert hit.snippet in text


def test_ranking_is_the_same_on_every_call(con):
    first = search(con, "改造")
    assert len(first) >= 2
    assert [search(con, "改造") for _ in range(3)] == [first] * 3


def test_filters_narrow_the_hits(con):
    everywhere = search(con, "改造")
    assert {"柳岸街道", "青石镇"} <= {hit.org_name for hit in everywhere}
    assert {hit.review_year for hit in everywhere} == {2023, 2024}
    in_2023 = search(con, "改造", province="浙江省", year=2023)
    assert in_2023 == [hit for hit in everywhere if hit.review_year == 2023]
    assert search(con, "改造", year=2019) == []
    assert [hit.org_name for hit in search(con, "改造", limit=1)] == [search(con, "改造")[0].org_name]
    # only reports with an 生态环境 section; 改造 is in none of them
    assert search(con, "垃圾分类", topic="生态环境")[0].org_name == "白沙乡"
    assert search(con, "改造", topic="生态环境") == []


def test_indicator_filter_keeps_reports_with_that_indicator(con):
    columns = {r[0] for r in con.execute("DESCRIBE metrics").fetchall()}
    if "indicator" not in columns:
        with pytest.raises(SearchError, match="indicator"):
            search(con, "投资", indicator="fixed_asset_investment")
        pytest.skip("metrics.indicator comes with wt-ind: only the clear error is checked")
    for query, code in [("收入", "fixed_asset_investment"), ("改造", "old_community_renovation")]:
        having = {
            d for (d,) in con.execute("SELECT DISTINCT doc_id FROM metrics WHERE indicator = ?", [code]).fetchall()
        }
        hits = search(con, query, indicator=code)
        assert hits and {hit.doc_id for hit in hits} <= having
        assert len(hits) < len(search(con, query))
    # 青石镇 mentions 改造 (of roads), but no 老旧小区改造 figure
    assert "青石镇" not in {hit.org_name for hit in search(con, "改造", indicator="old_community_renovation")}


def test_no_match_and_stop_word_queries_give_no_hits(con):
    assert search(con, "量子计算机") == []
    assert search(con, "的 了 ，") == []


@pytest.mark.slow  # `jiedao search` subprocesses
def test_cli_prints_ranked_reports_and_says_when_nothing_matches(data_dir):
    found = jiedao("search", "老旧小区改造", "--data-dir", str(data_dir), "--limit", "2")
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert "柳岸街道" in lines[2] and "老旧小区改造" in lines[2]
    as_json = jiedao("search", "老旧小区改造", "--data-dir", str(data_dir), "--format", "json")
    assert json.loads(as_json.stdout)[0]["org_name"] == "柳岸街道"
    nothing = jiedao("search", "量子计算机", "--data-dir", str(data_dir))
    assert nothing.returncode == 1
    assert nothing.stdout == ""
    assert nothing.stderr.strip() == "jiedao: no report matches '量子计算机'"
    only_stop_words = jiedao("search", "的", "--data-dir", str(data_dir))
    assert only_stop_words.returncode == 1 and "stop words" in only_stop_words.stderr


def test_cli_search_without_a_warehouse_is_one_line(tmp_path):
    result = jiedao("search", "老旧小区改造", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "jiedao run" in result.stderr


def test_reports_loaded_without_terms_are_counted_and_a_warehouse_without_the_index_is_one_line(tmp_path):
    from warehouse.search import unindexed_documents

    db = build_warehouse(tmp_path / "warehouse.duckdb", [REPORTS / "liuan_2023.txt", REPORTS / "qingshi_2023.txt"])
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM doc_terms WHERE doc_id IN (SELECT doc_id FROM documents WHERE org_name = '青石镇')")
    assert unindexed_documents(con) == 1
    con.execute("DROP TABLE doc_terms")
    with pytest.raises(SearchError, match="no search index"):
        search(con, "老旧小区改造")
    con.close()
