"""`jiedao run` end to end: real Prefect flow, real GX, real DuckDB file, real Parquet."""

import json
import os
import shutil

import pytest

from support import jiedao, query


@pytest.mark.slow
def test_run_on_bundled_samples_completes_with_a_short_summary(samples_run):
    result, data = samples_run
    assert result.returncode == 0, result.stderr
    assert "completed" in result.stdout
    assert "validation passed" in result.stdout
    assert str(data / "warehouse.duckdb") in result.stdout


@pytest.mark.slow
def test_a_normal_run_prints_no_tracebacks_or_shutdown_noise(samples_run):
    result, _ = samples_run
    noise = ("Traceback", "CancelledError", "ERROR", "Exception", "telemetry", "sqlalchemy")
    assert not [n for n in noise if n in result.stdout + result.stderr], result.stderr


@pytest.mark.slow
def test_samples_land_in_the_warehouse_with_metrics_sections_and_keywords(samples_run):
    _, data = samples_run
    db = data / "warehouse.duckdb"
    assert query(db, "SELECT count(*) FROM documents") == [(7,)]
    ((n_metrics,),) = query(db, "SELECT count(*) FROM metrics")
    assert n_metrics >= 40
    assert query(db, "SELECT count(DISTINCT doc_id) FROM sections") == [(7,)]
    assert query(db, "SELECT count(DISTINCT doc_id) FROM keywords") == [(7,)]
    # every metric's mention sits at its offsets in the cleaned text
    assert query(
        db,
        """SELECT count(*) FROM metrics m JOIN documents d USING (doc_id)
                        WHERE substr(d.cleaned_text, m.char_start + 1, m.char_end - m.char_start) <> m.mention""",
    ) == [(0,)]


@pytest.mark.slow
def test_the_gbk_sample_is_decoded_and_its_figures_extracted(samples_run):
    _, data = samples_run
    rows = query(
        data / "warehouse.duckdb",
        """SELECT m.value, m.unit FROM metrics m JOIN documents d USING (doc_id)
                                              WHERE d.source_uri LIKE '%sample_03_gbk.html' AND m.mention = '23公里'""",
    )
    assert rows == [(23.0, "公里")]


@pytest.mark.slow
def test_outputs_are_lake_raw_bytes_and_data_docs(samples_run):
    _, data = samples_run
    assert {p.name for p in (data / "lake").iterdir()} >= {
        "documents",
        "sections",
        "metrics",
        "keywords",
        "pipeline_runs",
    }
    import duckdb

    lake_metrics = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet('{data}/lake/metrics/**/*.parquet', hive_partitioning = true)")
        .fetchall()
    )
    assert lake_metrics == query(data / "warehouse.duckdb", "SELECT count(*) FROM metrics")
    assert all(p.name.startswith("review_year=") for p in (data / "lake" / "metrics").iterdir())
    assert len(list((data / "raw").glob("*.html"))) + len(list((data / "raw").glob("*.txt"))) == 7
    assert (data / "quality" / "index.html").is_file()


def test_the_data_docs_index_opens_on_the_runs_totals(samples_run):
    # the pages are built by a worker while the last chunk loads, the totals put on them afterwards
    _, data = samples_run
    [(run_id, validation_json)] = query(data / "warehouse.duckdb", "SELECT run_id, validation_json FROM pipeline_runs")
    page = (data / "quality" / "index.html").read_text(encoding="utf-8")
    metrics = json.loads(validation_json)["metrics"]
    assert f"jiedao run {run_id}</strong>" in page
    assert f"<tr><td>metrics</td><td>{metrics['evaluated']}</td><td>{metrics['successful']}</td>" in page
    assert page.index("jiedao-run-summary") < page.index("Expectation Suites")


@pytest.mark.slow
def test_running_the_same_inputs_again_adds_no_rows(samples_run, tmp_path):
    _, first = samples_run
    data = tmp_path / "data"
    shutil.copytree(first, data)
    tables = ("documents", "sections", "metrics", "keywords")
    before = {t: query(data / "warehouse.duckdb", f"SELECT count(*) FROM {t}") for t in tables}
    result = jiedao("run", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert {t: query(data / "warehouse.duckdb", f"SELECT count(*) FROM {t}") for t in tables} == before
    assert query(
        data / "warehouse.duckdb", "SELECT count(*), count(*) FILTER (status = 'completed') FROM pipeline_runs"
    ) == [(2, 2)]


@pytest.mark.slow
def test_broken_inputs_are_quarantined_with_reasons_and_the_run_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(jiedao_samples() / "sample_01_plain.txt", inputs)
    (inputs / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (inputs / "empty.html").write_text("<html><body><div>返回顶部</div></body></html>", "utf-8")
    data = tmp_path / "data"
    result = jiedao("run", str(inputs), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    db = data / "warehouse.duckdb"
    assert query(db, "SELECT count(*) FROM documents") == [(1,)]
    rejects = query(db, "SELECT source_uri, stage, reason, raw_path FROM rejects ORDER BY source_uri")
    assert [(r[0].rsplit("/", 1)[1], r[1]) for r in rejects] == [("empty.html", "clean"), ("garbage.txt", "decode")]
    assert all(r[2] and r[3] for r in rejects)
    from pathlib import Path

    assert Path(rejects[1][3]).read_bytes() == (inputs / "garbage.txt").read_bytes()


def test_an_unwritable_data_dir_fails_with_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = jiedao("run", "--data-dir", str(blocker / "data"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "cannot write to data dir" in result.stderr


def test_a_missing_source_fails_with_one_line(tmp_path):
    result = jiedao("run", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"jiedao: no such file or folder: {tmp_path / 'nope'}"


def jiedao_samples():
    from flows.cli import SAMPLES_DIR

    return SAMPLES_DIR


@pytest.mark.slow
def test_a_warehouse_locked_by_another_process_is_a_one_line_error(tmp_path):
    import duckdb

    data = tmp_path / "data"
    data.mkdir()
    writer = duckdb.connect(str(data / "warehouse.duckdb"))  # this test process holds the write lock
    try:
        result = jiedao("run", "--data-dir", str(data), "--lock-timeout", "1")
    finally:
        writer.close()
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and f"in use by process {os.getpid()}" in result.stderr
