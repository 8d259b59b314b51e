"""A re-run with nothing new is settled without starting Prefect, and recorded as a flow run records it."""

import shutil

import duckdb
import pytest

from flows import unchanged_run
from flows.unchanged_run import settled_unchanged
from support import REPO, jiedao, query
from warehouse.lock import acquire_run_lock

SAMPLES = REPO / "samples"


@pytest.fixture
def loaded(samples_run, tmp_path):
    """A copy of the data dir a real `jiedao run` of the bundled samples left."""
    _, first = samples_run
    data = tmp_path / "data"
    shutil.copytree(first, data)
    return data


def runs(data) -> list[tuple]:
    return query(
        data / "warehouse.duckdb",
        "SELECT run_id, flow_run_id, status, n_seen, n_unchanged, n_documents FROM pipeline_runs ORDER BY started_at",
    )


@pytest.mark.slow
def test_a_rerun_with_nothing_new_is_recorded_without_a_flow_run(loaded):
    [(_, first_flow_run, _, n_seen, _, _)] = runs(loaded)
    result = jiedao("run", "--data-dir", str(loaded))
    assert result.returncode == 0, result.stderr
    assert "plan       0 to process" in result.stderr
    [_, (run_id, flow_run_id, status, seen, unchanged, documents)] = runs(loaded)
    assert first_flow_run is not None and flow_run_id is None
    assert (status, seen, documents) == ("completed", n_seen, 0)
    assert f"= {unchanged} unchanged" in result.stdout and unchanged > 0
    # every unchanged input was seen by this run, and the lake holds the run
    assert query(
        loaded / "warehouse.duckdb",
        f"SELECT count(DISTINCT source_uri) FROM document_sources WHERE last_run_id = '{run_id}'",
    ) == [(unchanged,)]
    lake_runs = duckdb.sql(
        f"SELECT run_id FROM read_parquet('{loaded / 'lake' / 'pipeline_runs'}/**/*.parquet')"
    ).fetchall()
    assert (run_id,) in lake_runs


@pytest.mark.slow
def test_a_new_input_leaves_the_run_to_the_flow_and_writes_nothing(loaded, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text((SAMPLES / "sample_05_town_2023.txt").read_text("utf-8") + "\n新增一段。", "utf-8")
    before = runs(loaded)
    assert settled_unchanged([str(SAMPLES), str(extra)], loaded, lock_timeout=5) is None
    assert runs(loaded) == before
    acquire_run_lock(loaded, "next", timeout=0.1).release()  # the lock was let go for the flow


@pytest.mark.slow
def test_a_held_data_dir_is_reported_as_locked(loaded):
    held = acquire_run_lock(loaded, "other-run", timeout=1)
    try:
        summary = settled_unchanged([str(SAMPLES)], loaded, lock_timeout=0.2)
    finally:
        held.release()
    assert summary is not None and summary.status == "locked"
    assert "other-run" in summary.message


@pytest.mark.parametrize(
    ("sources", "force", "api_url", "has_warehouse", "expected"),
    [
        (["/reports"], False, None, True, True),
        (["/reports", "https://example.org/col/"], False, None, True, False),  # a crawl learns by fetching
        (["/reports"], True, None, True, False),  # --force processes everything
        (["/reports"], False, "http://127.0.0.1:4200/api", True, False),  # the user's server shows every run
        (["/reports"], False, None, False, False),  # a first run
    ],
)
def test_the_shortcut_is_taken_only_where_no_flow_run_is_lost(
    tmp_path, monkeypatch, sources, force, api_url, has_warehouse, expected
):
    if api_url:
        monkeypatch.setenv("PREFECT_API_URL", api_url)
    else:
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
    if has_warehouse:
        (tmp_path / "warehouse.duckdb").write_bytes(b"")
    assert unchanged_run.applies(sources, tmp_path, force) is expected


@pytest.mark.slow
def test_a_rerun_with_nothing_new_starts_no_server_and_no_workers(loaded, monkeypatch, capsys):
    from flows import cli, fork_server, prefect_server

    def refuse() -> None:
        raise AssertionError("started for a run with nothing to process")

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(fork_server, "start_warming", refuse)
    monkeypatch.setattr(prefect_server, "start_early", refuse)
    assert cli.main(["run", str(SAMPLES), "--data-dir", str(loaded), "--workers", "2"]) == 0
    assert "completed" in capsys.readouterr().out
