"""The data dictionary: every table, view and column is described, and docs/DATA.md says the same."""

from pathlib import Path

import duckdb
import pytest
from fixture_warehouse import build_warehouse

from warehouse.db import connect
from warehouse.dictionary import DATA_MD, catalog, generate, undocumented, vocabularies
from warehouse.schema import TABLES, description

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "search"


def test_data_md_is_up_to_date():
    assert DATA_MD.read_text("utf-8") == generate(), "docs/DATA.md is stale: run `python -m warehouse.dictionary`"


def test_every_table_view_and_column_has_a_comment(tmp_path):
    with connect(tmp_path / "warehouse.duckdb") as con:
        relations = catalog(con)
    assert {r.name for r in relations} >= set(TABLES) | {"metrics_enriched"}
    assert undocumented(relations) == []


def test_comments_are_the_schema_descriptions_and_survive_loading(tmp_path):
    db = build_warehouse(tmp_path / "warehouse.duckdb", [REPORTS / "liuan_2023.txt"])
    with connect(db) as con:  # opened again for writing: the comments are kept, not duplicated or lost
        comments = {
            (t, c): text
            for t, c, text in con.execute(
                "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main'"
            ).fetchall()
        }
    for name, schema in TABLES.items():
        for field in schema:
            assert comments[(name, field.name)] == description(field)


@pytest.mark.parametrize("name", list(vocabularies()))
def test_every_vocabulary_value_has_a_meaning(name):
    values, meanings = vocabularies()[name]
    assert set(meanings) == set(values)
    assert all(meanings[v] for v in values)


def test_the_documented_offset_convention_holds_in_sql(tmp_path):
    db = build_warehouse(tmp_path / "warehouse.duckdb", sorted(REPORTS.glob("*.txt")))
    con = duckdb.connect(str(db), read_only=True)
    try:
        mismatched, total = con.execute(
            "SELECT count(*) FILTER (WHERE substr(d.cleaned_text, m.char_start + 1, m.char_end - m.char_start) <> m.mention), "
            "count(*) FROM metrics m JOIN documents d USING (doc_id)"
        ).fetchone()
    finally:
        con.close()
    assert total > 0 and mismatched == 0
    assert "0-based and end-exclusive" in DATA_MD.read_text("utf-8")
