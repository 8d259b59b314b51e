"""`--workers N` transforms chunks in worker processes and changes nothing in the output."""

import pytest
from short_reports import COLUMNS, many_reports

from support import jiedao, query


@pytest.mark.slow
def test_two_workers_give_the_same_rows_as_one(tmp_path):
    inputs = tmp_path / "in"
    many_reports(inputs, count=50)  # a few are too short and rejected
    one, two = tmp_path / "one", tmp_path / "two"

    first = jiedao("run", str(inputs), "--workers", "1", "--data-dir", str(one))
    second = jiedao("run", str(inputs), "--workers", "2", "--chunk-size", "10", "--data-dir", str(two))

    assert first.returncode == 0 and second.returncode == 0, second.stderr
    sql = f"SELECT {COLUMNS} FROM metrics ORDER BY metric_id"
    assert query(two / "warehouse.duckdb", sql) == query(one / "warehouse.duckdb", sql)
    assert query(two / "warehouse.duckdb", "SELECT count(*) FROM documents") == query(
        one / "warehouse.duckdb", "SELECT count(*) FROM documents"
    )
    assert "Traceback" not in second.stderr
    assert "chunk 5/5" in second.stderr + second.stdout


@pytest.mark.slow  # a `jiedao run` subprocess: the check comes after the flow's imports
def test_workers_must_be_positive(tmp_path):
    result = jiedao("run", "--workers", "0", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and result.stderr.strip() == "jiedao: --workers must be at least 1"
