"""A run killed (SIGKILL) at any point loses nothing: the warehouse holds the earlier state plus whole
chunks, never part of one; the next run marks the killed run aborted, removes its staging, completes
the work and brings the lake back in line; no process of the killed run is left."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from processes import descendants, survivors
from short_reports import many_reports

from support import JIEDAO, jiedao, lake_count, query

pytestmark = pytest.mark.slow

POINTS = [("after-ingest", 1), ("validate", 1), ("after-commit", 1), ("publish", 1), ("validate", 2)]


@pytest.fixture(scope="module")
def loaded_once(tmp_path_factory):
    """A data dir after one good run of the samples, and a second folder of new reports."""
    data = tmp_path_factory.mktemp("kill") / "data"
    first = jiedao("run", "--data-dir", str(data))
    assert first.returncode == 0, first.stderr
    inputs = tmp_path_factory.mktemp("kill_inputs") / "in"
    many_reports(inputs, count=24)
    return data, inputs


def killed_at(point: str, workers: int, data: Path, inputs: Path, marker: Path) -> list[bytes]:
    env = {**os.environ, "JIEDAO_FAILPOINT": f"{point}:{marker}", "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        [str(JIEDAO), "run", str(inputs), "--chunk-size", "8", "--workers", str(workers), "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert process.poll() is None, f"the run ended before reaching {point}"
        assert time.monotonic() < deadline, f"the run never reached {point}"
        time.sleep(0.2)
    children = descendants(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return survivors(children)


@pytest.mark.parametrize(("point", "workers"), POINTS)
def test_a_run_killed_at_any_point_loses_nothing(point, workers, loaded_once, tmp_path):
    template, inputs = loaded_once
    data = tmp_path / "data"
    shutil.copytree(template, data)
    db = data / "warehouse.duckdb"
    before = query(db, "SELECT count(*) FROM documents")[0][0]

    left_behind = killed_at(point, workers, data, inputs, tmp_path / "reached")

    assert left_behind == [], "processes of the killed run outlived it"
    [(killed_run, status)] = query(db, "SELECT run_id, status FROM pipeline_runs ORDER BY started_at DESC LIMIT 1")
    # the lake is published from the warehouse after the run is recorded: killed there, the run completed
    assert status == ("completed" if point == "publish" else "running")
    loaded = query(db, f"SELECT count(*) FROM documents WHERE run_id = '{killed_run}'")[0][0]
    committed = query(db, f"SELECT coalesce(sum(n_documents), 0) FROM loads WHERE run_id = '{killed_run}'")[0][0]
    assert loaded == committed  # whole chunks only
    assert query(db, "SELECT count(*) FROM documents")[0][0] == before + loaded

    again = jiedao("run", str(inputs), "--chunk-size", "8", "--data-dir", str(data))

    assert again.returncode == 0, again.stderr
    assert query(db, f"SELECT status FROM pipeline_runs WHERE run_id = '{killed_run}'") == [
        ("completed" if point == "publish" else "aborted",)
    ]
    assert query(db, "SELECT count(*) FROM pipeline_runs WHERE status = 'running'") == [(0,)]
    assert not any((data / "lake" / "_staging").glob("*"))
    for table in ("documents", "metrics", "document_sources"):
        assert lake_count(data, table) == query(db, f"SELECT count(*) FROM {table}")[0][0], table
    rejected = query(db, "SELECT count(DISTINCT source_uri) FROM rejects WHERE source_uri LIKE '%report_%'")[0][0]
    from_inputs = query(db, "SELECT count(*) FROM document_sources WHERE source_uri LIKE '%report_%'")[0][0]
    assert from_inputs + rejected == 24
