from dataclasses import fields

import duckdb

from transforms.records import DocumentMeta, Keyword, Metric, Section
from warehouse.db import connect, ensure_schema
from warehouse.schema import TABLES, column_sql

CONTRACT_COLUMNS = {
    "documents": "doc_id source_uri title org_name org_level province city district review_year plan_year "
    "published_date publisher index_no char_count cleaned_text",
    "sections": "doc_id section_id parent_id level heading kind topic char_start char_end",
    "metrics": "metric_id indicator doc_id section_id mention value unit qualifier kind subject period is_target sentence "
    "char_start char_end",
    "keywords": "doc_id term weight frequency",
    "rejects": "run_id source_uri stage reason raw_path",
    "pipeline_runs": "run_id flow_run_id started_at finished_at status n_sources n_documents n_metrics n_rejects "
    "validation_success data_docs_path",
}


def test_every_contract_column_is_in_the_schema():
    for table, columns in CONTRACT_COLUMNS.items():
        assert set(columns.split()) <= set(TABLES[table].names), table


def test_record_fields_are_columns_of_their_table():
    assert {f.name for f in fields(DocumentMeta)} <= set(TABLES["documents"].names)
    assert {f.name for f in fields(Section)} <= set(TABLES["sections"].names)
    assert {f.name for f in fields(Metric)} - {"target_cue"} <= set(TABLES["metrics"].names)
    assert {f.name for f in fields(Keyword)} <= set(TABLES["keywords"].names)


def test_duckdb_tables_have_the_schema_columns_in_order():
    con = duckdb.connect()
    ensure_schema(con)
    for table, schema in TABLES.items():
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert cols == schema.names


def test_a_warehouse_whose_metrics_declared_a_key_keeps_its_rows_and_loses_the_index(tmp_path):
    # warehouses made before the loader checked metric_id had DuckDB index it: every load held that
    # index in memory, growing with the corpus
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    columns = ", ".join(column_sql(f) for f in TABLES["metrics"])
    old.execute(f"CREATE TABLE metrics ({columns}, PRIMARY KEY (metric_id))")
    old.execute(
        "INSERT INTO metrics (metric_id, doc_id, mention, value, unit, qualifier, kind, subject, is_target, "
        "sentence, char_start, char_end) VALUES ('d1:0-2', 'd1', '3个', 3, '个', 'exact', 'count', '小区', "
        "false, '完成3个。', 0, 2)"
    )
    old.close()
    with connect(path) as con:
        declared = con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        assert ("metrics",) not in declared and ("documents",) in declared
        assert con.execute("SELECT metric_id, value FROM metrics").fetchall() == [("d1:0-2", 3.0)]
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'metrics' AND column_name = 'metric_id'"
        ).fetchall()
        assert comment[0][0]
