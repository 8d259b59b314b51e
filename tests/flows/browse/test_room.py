"""What the reading room's pages show (flows/browse/room.py), read from a real warehouse without a browser:
the stored copies of the heavy views are used only while current, kept answers follow the warehouse."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import duckdb
import pytest

from flows.browse import queries
from flows.browse.room import Room, VersionedCache

pytestmark = pytest.mark.slow  # reads the warehouse of a real `jiedao run` on the samples


@pytest.fixture
def data(samples_run, tmp_path):
    result, ran = samples_run
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(ran / "warehouse.duckdb", copy / "warehouse.duckdb")
    return copy


def panel_rows(db, code: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT org_name, year, unit, result_value FROM v_indicator_panel WHERE indicator = ? "
            "ORDER BY province NULLS LAST, city, district, org_name, year, unit",
            [code],
        ).fetchall()
    finally:
        con.close()


def shown(page: dict) -> list[tuple]:
    return [(r["org_name"], r["year"], r["unit"], r["result_value"]) for r in page["panel"]]


def test_after_a_run_the_indicator_page_reads_the_stored_copy_and_shows_the_views_rows(data):
    db = data / "warehouse.duckdb"
    with queries.open_warehouse(db) as con:
        code = con.execute(
            "SELECT indicator FROM v_indicator_panel WHERE result_value IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        version = queries.warehouse_version(con)
        assert queries.source_of(con, "derived_indicator_panel", version) == "derived_indicator_panel"
        assert queries.source_of(con, "derived_plan_vs_result", version) == "derived_plan_vs_result"
    page = Room(data).indicator(code)
    assert shown(page) == panel_rows(db, code) and page["chart"] and "<svg" in page["chart"]


def test_rows_removed_after_the_last_refresh_are_gone_from_the_indicator_page_at_once(data):
    db = data / "warehouse.duckdb"
    room = Room(data)
    con = duckdb.connect(str(db))
    code, doc_id = con.execute(
        "SELECT indicator, doc_id FROM v_indicator_panel WHERE result_value IS NOT NULL AND doc_id IS NOT NULL LIMIT 1"
    ).fetchall()[0]
    con.close()
    before = shown(room.indicator(code))
    con = duckdb.connect(str(db))  # a change no run made: the stored copies are now behind
    con.execute("DELETE FROM metrics WHERE doc_id = ? AND indicator = ?", [doc_id, code])
    con.close()
    after = shown(room.indicator(code))
    assert after == panel_rows(db, code) and after != before


def test_a_province_loaded_later_is_offered_by_the_search_form(data):
    room = Room(data)
    assert "西藏自治区" not in room.search("", {"province": None}, 20)["options"]["provinces"]
    con = duckdb.connect(str(data / "warehouse.duckdb"))
    con.execute(
        "INSERT INTO documents (doc_id, source_uri, province, char_count, cleaned_text, run_id, loaded_at) "
        "VALUES ('later', 'file:///later.txt', '西藏自治区', 2, '报告', 'r2', ?)",
        [datetime.now(UTC)],
    )
    con.close()
    assert "西藏自治区" in room.search("", {"province": None}, 20)["options"]["provinces"]


def test_a_kept_answer_is_computed_once_per_version():
    cache, calls = VersionedCache(size=2), []

    def compute(value: str):
        return lambda: calls.append(value) or value

    assert cache.get("v1", ("a",), compute("a1")) == "a1"
    assert cache.get("v1", ("a",), compute("a2")) == "a1"  # kept
    assert cache.get("v2", ("a",), compute("a3")) == "a3"  # a new version: computed again
    cache.get("v2", ("b",), compute("b"))
    cache.get("v2", ("c",), compute("c"))
    assert cache.get("v2", ("a",), compute("a4")) == "a4"  # beyond size, the oldest went
    assert calls == ["a1", "a3", "b", "c", "a4"]


def test_the_start_says_in_one_line_when_the_stored_rows_are_behind(data):
    assert Room(data).warm() is None  # as the run left it
    con = duckdb.connect(str(data / "warehouse.duckdb"))
    con.execute("DELETE FROM derived_state")  # as a warehouse made by an older jiedao
    con.close()
    note = Room(data).warm()
    assert note and "jiedao run" in note and "\n" not in note
