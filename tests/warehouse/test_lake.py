from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pytest

from warehouse import lake
from warehouse.db import connect
from warehouse.load import load_batch
from warehouse.tables import arrow_table


def load_with_a_loads_row(con, tables, chunk, run_id="r1"):
    row = {
        "run_id": run_id,
        "chunk": chunk,
        "n_documents": tables["documents"].num_rows,
        "loaded_at": datetime.now(UTC),
    }
    documents = tables["documents"]
    index = documents.schema.get_field_index("run_id")
    runs = pa.array([run_id] * documents.num_rows, pa.string())
    documents = documents.set_column(index, documents.schema.field(index), runs)
    load_batch(con, {**tables, "documents": documents, "loads": arrow_table("loads", [row])})


def warehouse_rows(con, table):
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def lake_rows(lake_dir, table):
    return (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet('{lake_dir / table}/**/*.parquet', hive_partitioning = true)")
        .fetchone()[0]
    )


def test_the_lake_shows_the_warehouse_partitioned_by_review_year(tmp_path, batch):
    with connect(tmp_path / "w.duckdb") as con:
        load_with_a_loads_row(con, batch(), 1)
        lake.publish(con, tmp_path / "lake")
        assert lake.is_current(con, tmp_path / "lake")
    assert lake_rows(tmp_path / "lake", "metrics") == 2
    assert [p.name for p in (tmp_path / "lake" / "metrics").iterdir()] == [
        "review_year=__HIVE_DEFAULT_PARTITION__"
    ]  # no review year


def test_a_lake_behind_the_warehouse_is_noticed_and_republished(tmp_path, batch):
    with connect(tmp_path / "w.duckdb") as con:
        load_with_a_loads_row(con, batch(("d1",)), 1)
        lake.publish(con, tmp_path / "lake")
        load_with_a_loads_row(con, batch(("d2", "d3")), 2)  # committed, then killed before publishing
        assert not lake.is_current(con, tmp_path / "lake")
        lake.publish(con, tmp_path / "lake")
        assert lake.is_current(con, tmp_path / "lake")
    assert lake_rows(tmp_path / "lake", "documents") == 3


def test_reloading_a_document_leaves_one_version_in_the_lake(tmp_path, batch):
    with connect(tmp_path / "w.duckdb") as con:
        load_with_a_loads_row(con, batch(), 1)
        load_with_a_loads_row(con, batch(("d1",)), 2)
        lake.publish(con, tmp_path / "lake")
    assert lake_rows(tmp_path / "lake", "metrics") == 2


def test_staging_keeps_a_chunk_until_it_is_removed(tmp_path, batch):
    folder = lake.write_staging(lake.staging_dir(tmp_path, "r9") / "chunk-00001", batch())
    assert lake.read_staging(folder)["documents"].num_rows == 2
    lake.remove_staging(tmp_path, ["r9"])
    assert not folder.exists()


def test_a_run_that_only_added_documents_appends_them_and_the_lake_still_equals_the_warehouse(tmp_path, batch):
    lake_dir = tmp_path / "lake"
    with connect(tmp_path / "w.duckdb") as con:
        load_with_a_loads_row(con, batch(("d1",)), 1, "r1")
        assert lake.publish_run(con, lake_dir, "r1") == "rewritten"  # a new lake
        load_with_a_loads_row(con, batch(("d2", "d3")), 1, "r2")
        assert lake.publish_run(con, lake_dir, "r2") == "appended"
        assert lake.is_current(con, lake_dir)
        for table in ("documents", "metrics", "sections", "keywords"):
            assert lake_rows(lake_dir, table) == warehouse_rows(con, table) == 3, table
    assert [p.name[:3] for p in (lake_dir / "metrics").rglob("*.parquet") if not p.name.startswith("data_")] == ["r2_"]


def test_a_run_that_replaced_a_document_rewrites_the_lake_with_one_version_of_it(tmp_path, batch):
    lake_dir = tmp_path / "lake"
    with connect(tmp_path / "w.duckdb") as con:
        load_with_a_loads_row(con, batch(("d1", "d2")), 1, "r1")
        lake.publish_run(con, lake_dir, "r1")
        load_with_a_loads_row(con, batch(("d2", "d3")), 1, "r2")  # d2 again: --force, or its text changed
        assert lake.publish_run(con, lake_dir, "r2") == "rewritten"
        assert lake_rows(lake_dir, "metrics") == warehouse_rows(con, "metrics") == 3


def test_an_append_that_fails_leaves_the_lake_behind_and_the_next_publish_rewrites_it(tmp_path, batch, monkeypatch):
    lake_dir = tmp_path / "lake"
    with connect(tmp_path / "w.duckdb") as con:
        load_with_a_loads_row(con, batch(("d1",)), 1, "r1")
        lake.publish_run(con, lake_dir, "r1")
        load_with_a_loads_row(con, batch(("d2",)), 1, "r2")
        appended = lake._append_table

        def append_then_fail(con, lake_dir, name, run_id):  # e.g. the disk fills up after the first table
            appended(con, lake_dir, name, run_id)
            raise duckdb.IOException("No space left on device")

        monkeypatch.setattr(lake, "_append_table", append_then_fail)
        with pytest.raises(duckdb.IOException):
            lake.publish_run(con, lake_dir, "r2")
        assert not lake.is_current(con, lake_dir)
        monkeypatch.undo()
        assert lake.publish_run(con, lake_dir, "r2") == "rewritten"  # never appended twice
        assert lake_rows(lake_dir, "documents") == 2


def test_a_table_with_too_many_files_is_compacted_by_a_rewrite(tmp_path, batch, monkeypatch):
    monkeypatch.setattr(lake, "MAX_FILES_PER_TABLE", 2)
    lake_dir = tmp_path / "lake"
    done = []
    with connect(tmp_path / "w.duckdb") as con:
        for run in ("r1", "r2", "r3"):
            load_with_a_loads_row(con, batch((f"d-{run}",)), 1, run)
            done.append(lake.publish_run(con, lake_dir, run))
    assert done == ["rewritten", "appended", "rewritten"]
    assert [p.name for p in (lake_dir / "metrics").rglob("*.parquet")] == ["data_0.parquet"]
