from datetime import UTC, datetime

import duckdb

from warehouse import lake
from warehouse.db import connect
from warehouse.load import load_batch
from warehouse.tables import arrow_table


def load_with_a_loads_row(con, tables, chunk):
    row = {"run_id": "r1", "chunk": chunk, "n_documents": tables["documents"].num_rows, "loaded_at": datetime.now(UTC)}
    load_batch(con, {**tables, "loads": arrow_table("loads", [row])})


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
