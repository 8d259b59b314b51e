"""A chunk that fails a critical expectation is not loaded: the warehouse keeps its previous good state,
the other chunks are loaded, the run exits non-zero."""

import shutil

import pytest

from flows.cli import SAMPLES_DIR, main
from support import query
from transforms import document
from transforms.records import Metric, row_of

pytestmark = pytest.mark.slow  # the whole flow in-process, twice

BAD_UNIT = "米/秒!!"  # punctuation and no measure word: outside the canonical unit vocabulary


def fields_with_a_bad_unit(text: str, *, target_cue: bool = True) -> list[dict]:
    """``transforms.metrics.metric_fields`` (what ``metric_rows`` starts from) with one metric of a bad unit."""
    rows = [row_of(m) for m in metrics_with_a_bad_unit(text)]
    return rows if target_cue else [{k: v for k, v in row.items() if k != "target_cue"} for row in rows]


def metrics_with_a_bad_unit(text: str) -> list[Metric]:
    start = next(i for i, c in enumerate(text) if c.isdigit())
    return [
        Metric(
            mention=text[start],
            value=1.0,
            unit=BAD_UNIT,
            qualifier="exact",
            kind="count",
            subject=None,
            period=None,
            sentence=text[start],
            char_start=start,
            char_end=start + 1,
        )
    ]


@pytest.fixture
def good_warehouse(samples_run, tmp_path):
    _, first = samples_run
    shutil.copytree(first, tmp_path / "data")
    return tmp_path / "data"


def test_a_critical_failure_exits_non_zero_and_leaves_the_warehouse_as_it_was(good_warehouse, monkeypatch, capsys):
    db = good_warehouse / "warehouse.duckdb"
    before = query(db, "SELECT metric_id, unit FROM metrics ORDER BY metric_id")
    monkeypatch.setattr(document, "metric_fields", fields_with_a_bad_unit)

    # in this process (--workers 1): the patch does not reach a worker process
    code = main(
        [
            "run",
            str(SAMPLES_DIR / "sample_01_plain.txt"),
            "--force",
            "--workers",
            "1",
            "--data-dir",
            str(good_warehouse),
        ]
    )

    err = capsys.readouterr().err
    assert code == 1
    assert "failed critical expectations" in err and "unit" in err
    assert query(db, "SELECT metric_id, unit FROM metrics ORDER BY metric_id") == before
    assert query(db, "SELECT status, validation_success FROM pipeline_runs ORDER BY started_at DESC LIMIT 1") == [
        ("failed", False)
    ]


def test_only_the_failing_chunk_is_left_out(tmp_path, monkeypatch, capsys):
    real = document.metric_fields
    monkeypatch.setattr(
        document,
        "metric_fields",
        lambda text, **options: fields_with_a_bad_unit(text, **options) if "云溪" in text else real(text, **options),
    )
    data = tmp_path / "data"

    code = main(["run", str(SAMPLES_DIR), "--chunk-size", "1", "--workers", "1", "--data-dir", str(data)])

    err = capsys.readouterr().err
    assert code == 1 and "1 chunk failed critical expectations" in err
    db = data / "warehouse.duckdb"
    loaded = query(db, "SELECT count(*) FROM documents")[0][0]
    rejected = query(db, "SELECT source_uri FROM rejects WHERE stage = 'validate'")
    assert loaded == len(list(SAMPLES_DIR.glob("sample_*"))) - 1
    assert [uri.rsplit("/", 1)[1] for (uri,) in rejected] == ["sample_01_plain.txt"]
