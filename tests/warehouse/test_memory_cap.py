"""The warehouse's memory cap: a statement that needs more gets it once, and nothing optional fails a run."""

from pathlib import Path

import duckdb
import pytest

from warehouse import db, derived
from warehouse.db import connect, with_headroom
from warehouse.load import load_batch

BIG_LIST = "SELECT len(list(i)) FROM range(3000000) t(i)"  # a list aggregate cannot spill to disk


def test_a_statement_that_runs_out_of_memory_under_the_cap_runs_again_with_more_room(monkeypatch):
    monkeypatch.setattr(db, "MEMORY_LIMIT", "8MB")
    monkeypatch.setattr(db, "ROOMY_MEMORY_LIMIT", "1GB")
    con = duckdb.connect(config={"memory_limit": "8MB", "threads": "1"})
    with pytest.raises(duckdb.OutOfMemoryException):
        con.execute(BIG_LIST).fetchall()
    assert with_headroom(con, lambda: con.execute(BIG_LIST).fetchall()) == [(3_000_000,)]
    capped = duckdb.connect(config={"memory_limit": "8MB"}).execute("SELECT current_setting('memory_limit')")
    assert con.execute("SELECT current_setting('memory_limit')").fetchall() == capped.fetchall()  # back under the cap


def test_the_room_given_doubles_until_the_statement_fits_instead_of_jumping_to_the_most(monkeypatch):
    monkeypatch.setattr(db, "MEMORY_LIMIT", "8MB")
    monkeypatch.setattr(db, "ROOMY_MEMORY_LIMIT", "4GB")
    con = duckdb.connect(config={"memory_limit": "8MB", "threads": "1"})
    tried: list[str] = []

    def big_list() -> list:
        tried.append(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        return con.execute(BIG_LIST).fetchall()

    assert with_headroom(con, big_list) == [(3_000_000,)]
    assert 2 < len(tried) < len(db.headroom_steps("8MB", "4GB"))  # it fit before the most was given


def test_headroom_steps_double_from_the_cap_to_the_most():
    assert db.headroom_steps("512MB", "4GB") == ["512MB", "1024MB", "2048MB", "4GB"]
    assert db.headroom_steps("4GB", "4GB") == ["4GB"]


def test_a_view_dropped_by_hand_comes_back_on_the_next_connect(tmp_path: Path):
    with connect(tmp_path / "w.duckdb") as con:
        con.execute("DROP VIEW plan_vs_result")
    with connect(tmp_path / "w.duckdb") as con:
        views = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert "plan_vs_result" in views


def test_stored_views_that_cannot_be_refreshed_give_a_reason_instead_of_failing(tmp_path: Path):
    with connect(tmp_path / "w.duckdb") as con:
        con.execute("DROP VIEW v_indicator_panel")
        reason = derived.refresh_or_explain(con)
        refreshed = con.execute("SELECT count(*) FROM derived_state").fetchall()[0][0]
    assert reason is not None and "v_indicator_panel" in reason
    assert refreshed == 0


def test_a_load_that_runs_out_of_memory_is_rolled_back_and_loaded_once_with_more_room(monkeypatch, tmp_path, batch):
    monkeypatch.setattr(db, "MEMORY_LIMIT", "1MB")
    monkeypatch.setattr(db, "ROOMY_MEMORY_LIMIT", "1GB")
    tables = batch(tuple(f"d{i}" for i in range(3000)))
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        con.execute("SET threads = 1")
        with pytest.raises(duckdb.OutOfMemoryException):
            load_batch(con, tables)  # rolled back
        with_headroom(con, lambda: load_batch(con, tables))
    reader = duckdb.connect(str(path), read_only=True)
    assert reader.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchall() == [(3000, 3000)]


def test_a_statement_whose_result_outgrew_the_cap_keeps_the_room_it_was_given(monkeypatch):
    monkeypatch.setattr(db, "MEMORY_LIMIT", "8MB")
    monkeypatch.setattr(db, "ROOMY_MEMORY_LIMIT", "1GB")
    con = duckdb.connect(config={"memory_limit": "8MB", "threads": "1", "temp_directory": ""})  # nowhere to spill
    with_headroom(
        con, lambda: con.execute("CREATE TABLE t AS SELECT repeat('x', 100) || i AS s FROM range(500000) t(i)")
    )
    assert con.execute("SELECT count(*) FROM t").fetchall() == [(500_000,)]
    with pytest.raises(duckdb.OutOfMemoryException):
        con.execute("SET memory_limit = '8MB'")  # what with_headroom tried, and let be
