"""A re-run with nothing new is settled without starting Prefect, and recorded as a flow run records it."""

import shutil

import duckdb
import pytest

from flows import unchanged_run
from flows.inputs import list_inputs
from flows.unchanged_run import settled_unchanged
from support import REPO, jiedao, query
from warehouse.lock import acquire_run_lock

SAMPLES = REPO / "samples"
# A report none of the samples is like (written for this test).
NEW_REPORT = """青松街道2025年工作总结及2026年工作思路

一、2025年工作回顾
（一）经济运行稳中有进。全年完成财政总收入4.26亿元，同比增长6.8%；新引进企业37家，新增就业岗位1200个。
（二）民生保障持续加强。改造老旧小区9个，惠及居民2860户；新建社区食堂3处，服务老年人1.5万人次。
二、2026年工作思路
力争财政总收入增长5%，完成老旧小区改造6个，新增养老床位120张。
"""


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


@pytest.mark.slow
def test_a_run_with_a_new_input_lists_its_inputs_once(loaded, tmp_path, monkeypatch, capsys):
    from flows import cli, listing_steps

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text(NEW_REPORT, "utf-8")
    (extra / "scan.pdf").write_bytes(b"%PDF-1.7 fictional")
    listed = []

    def counted(*args, **kwargs):
        listed.append(args[0])
        return list_inputs(*args, **kwargs)

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(unchanged_run, "list_inputs", counted)
    monkeypatch.setattr(listing_steps, "list_inputs", counted)
    assert cli.main(["run", str(SAMPLES), str(extra), "--data-dir", str(loaded), "--workers", "1"]) == 0
    assert "1 loaded" in capsys.readouterr().out
    assert len(listed) == 1  # by the check for new inputs; the flow took that listing
    [*_, (run_id, flow_run_id, status, _, unchanged, documents)] = runs(loaded)
    assert flow_run_id is not None and (status, documents) == ("completed", 1) and unchanged > 0
    # the listing's reject is this run's, not the check's
    assert query(loaded / "warehouse.duckdb", "SELECT run_id FROM rejects WHERE source_uri LIKE '%scan.pdf'") == [
        (run_id,)
    ]


def test_a_kept_listing_is_taken_once_and_only_for_its_sources_and_data_dir(tmp_path):
    from flows import prelisted
    from flows.inputs import Listing

    listing = Listing(rejects=[{"run_id": "check", "source_uri": "file:///x.pdf"}])
    prelisted.keep(["/reports"], tmp_path, listing)
    assert prelisted.take(["/other"], tmp_path, "run") is None
    prelisted.keep(["/reports"], tmp_path, listing)
    assert prelisted.take(["/reports"], tmp_path / "elsewhere", "run") is None
    prelisted.keep(["/reports"], tmp_path, listing)
    taken = prelisted.take(["/reports"], tmp_path / ".", "run")
    assert taken is not None and taken.rejects == [{"run_id": "run", "source_uri": "file:///x.pdf"}]
    assert prelisted.take(["/reports"], tmp_path, "run") is None
