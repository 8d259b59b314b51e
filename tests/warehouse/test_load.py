import duckdb
import pytest

from warehouse.db import WarehouseError, connect
from warehouse.load import KeyViolation, load_batch
from warehouse.tables import arrow_table


def counts(con):
    return {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        for t in ("documents", "sections", "metrics", "keywords")
    }


def test_loading_the_same_batch_twice_leaves_the_same_rows(tmp_path, batch):
    with connect(tmp_path / "w.duckdb") as con:
        load_batch(con, batch())
        first = counts(con)
        load_batch(con, batch())
        assert counts(con) == first == {"documents": 2, "sections": 2, "metrics": 2, "keywords": 2}


def test_a_document_seen_again_keeps_the_source_where_it_was_first_found(tmp_path, batch):
    with connect(tmp_path / "w.duckdb") as con:
        load_batch(con, batch(("d1",), source_uri="file:///first.txt"))
        load_batch(con, batch(("d1",), source_uri="https://portal.example/second.html"))
        assert con.execute("SELECT source_uri FROM documents").fetchall() == [("file:///first.txt",)]


def test_a_failing_load_leaves_the_warehouse_as_it_was(tmp_path, batch):
    with connect(tmp_path / "w.duckdb") as con:
        load_batch(con, batch(("d1",)))
        broken = batch(("d1", "d2"))
        # two metrics with one id: the loader refuses them, the transaction rolls back
        rows = broken["metrics"].to_pylist()
        rows[1]["metric_id"] = rows[0]["metric_id"]
        broken["metrics"] = arrow_table("metrics", rows)
        with pytest.raises(duckdb.ConstraintException):
            load_batch(con, broken)
        assert counts(con) == {"documents": 1, "sections": 1, "metrics": 1, "keywords": 1}


def test_a_metric_keyed_under_another_document_is_refused_and_nothing_of_the_chunk_is_loaded(tmp_path, batch):
    # metric_id is not indexed by DuckDB (schema.KEYS_NOT_ENFORCED): a key outside its own document
    # could meet that document's rows, so the loader refuses it
    broken = batch(("d1", "d2"))
    rows = broken["metrics"].to_pylist()
    rows[1]["metric_id"] = "d1:40"
    broken["metrics"] = arrow_table("metrics", rows)
    with connect(tmp_path / "w.duckdb") as con:
        with pytest.raises(KeyViolation, match="metrics: 1 not beginning with their doc_id"):
            load_batch(con, broken)
        assert counts(con) == {"documents": 0, "sections": 0, "metrics": 0, "keywords": 0}


def test_a_keyword_given_twice_to_one_document_is_refused(tmp_path, batch):
    broken = batch(("d1",))
    broken["keywords"] = arrow_table("keywords", broken["keywords"].to_pylist() * 2)
    with connect(tmp_path / "w.duckdb") as con, pytest.raises(KeyViolation, match=r"keywords: 1 repeated"):
        load_batch(con, broken)


def test_a_missing_warehouse_is_a_clear_error_when_read_only(tmp_path):
    with (
        pytest.raises(WarehouseError, match="run `jiedao run` first"),
        connect(tmp_path / "none.duckdb", read_only=True),
    ):
        pass
