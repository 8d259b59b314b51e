from dataclasses import fields

import duckdb

from transforms.records import DocumentMeta, Keyword, Metric, Section
from warehouse.db import ensure_schema
from warehouse.schema import TABLES

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
