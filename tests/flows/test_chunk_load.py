"""Loading a chunk: one that runs out of DuckDB's memory is rolled back and loaded once with more room."""

import pytest

from flows import chunk_load
from flows.cli import SAMPLES_DIR, main
from support import query

pytestmark = pytest.mark.slow  # the whole flow in-process


def test_a_chunk_load_that_runs_out_of_memory_is_loaded_once_with_more_room(tmp_path, monkeypatch):
    real = chunk_load.load_batch
    squeezed: list[bool] = []

    def load_squeezed_once(con, tables):
        if not squeezed:
            squeezed.append(True)
            con.execute("SET threads = 1")
            con.execute("SET memory_limit = '1MB'")  # or this runs out already: DuckDB holds more than that
        return real(con, tables)

    monkeypatch.setattr(chunk_load, "load_batch", load_squeezed_once)
    data = tmp_path / "data"

    assert main(["run", str(SAMPLES_DIR), "--workers", "1", "--data-dir", str(data)]) == 0
    assert squeezed
    warehouse = data / "warehouse.duckdb"
    n_samples = len(list(SAMPLES_DIR.glob("sample_*")))
    assert query(warehouse, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(n_samples, n_samples)]
    assert query(warehouse, "SELECT count(*) - count(DISTINCT metric_id) FROM metrics") == [(0,)]
