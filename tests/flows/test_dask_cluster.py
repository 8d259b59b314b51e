"""`--dask-address` runs the chunk tasks on a Dask cluster (here a LocalCluster of two worker
processes on 127.0.0.1) and loads the same rows as a run in one process."""

import pytest
from short_reports import COLUMNS, many_reports

from support import jiedao, query

pytestmark = pytest.mark.slow


def test_a_run_on_a_dask_cluster_loads_the_same_rows_as_a_local_run(tmp_path):
    from distributed import LocalCluster

    inputs = tmp_path / "in"
    many_reports(inputs, count=30)
    local = jiedao("run", str(inputs), "--workers", "1", "--data-dir", str(tmp_path / "local"))
    assert local.returncode == 0, local.stderr
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        on_cluster = jiedao(
            "run",
            str(inputs),
            "--dask-address",
            cluster.scheduler_address,
            "--chunk-size",
            "10",
            "--data-dir",
            str(tmp_path / "dask"),
        )
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert "chunk 3/3" in on_cluster.stderr
    sql = f"SELECT {COLUMNS} FROM metrics ORDER BY metric_id"
    assert query(tmp_path / "dask" / "warehouse.duckdb", sql) == query(tmp_path / "local" / "warehouse.duckdb", sql)
