"""render_quality: what `jiedao quality` prints from pipeline_runs rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from expectations.report import render_quality

SUITES = {
    "documents": {"evaluated": 13, "successful": 13, "failed_critical": 0, "failed_warning": 0, "quarantined_rows": 0},
    "metrics": {"evaluated": 18, "successful": 16, "failed_critical": 1, "failed_warning": 1, "quarantined_rows": 2},
}


def a_run(run_id: str, success: bool | None, **extra) -> dict:
    validation = SUITES | {
        "critical_failures": ["metrics.unit in canonical vocabulary: 3 of 120 rows (e.g. 'km')"],
        "warnings": ["metrics.mention at its offsets in cleaned_text: 2 of 120 rows (quarantined)"],
    }
    row = {
        "run_id": run_id,
        "started_at": datetime(2024, 3, 1, 8, 30, tzinfo=UTC),
        "status": "failed",
        "n_documents": 5,
        "n_metrics": 120,
        "n_rejects": 2,
        "validation_success": success,
        "data_docs_path": "/data/quality/index.html",
        "validation_json": json.dumps(validation),
        "message": None,
    }
    return row | extra


def test_last_run_shows_each_suite_and_the_failures():
    text = render_quality([a_run("r2", False), a_run("r1", True)], history=False)
    assert "run r2" in text and "r1" not in text
    assert "validation: FAILED" in text
    assert "metrics    16/18 expectations passed, 1 critical, 1 warning, 2 rows quarantined" in text
    assert "  - metrics.unit in canonical vocabulary: 3 of 120 rows (e.g. 'km')" in text
    assert "Data Docs: /data/quality/index.html" in text


def test_history_prints_one_line_per_run_newest_first():
    lines = render_quality([a_run("r2", False), a_run("r1", True, status="completed")], history=True).splitlines()
    assert len(lines) == 2
    assert (
        lines[0].startswith("r2  2024-03-01 08:30:00 UTC  failed")
        and "critical 1  warnings 1  quarantined 2" in lines[0]
    )
    assert "passed" in lines[1] and "completed" in lines[1]


def test_runs_without_validation_or_with_broken_json_print_quietly():
    text = render_quality([a_run("r3", None, validation_json="{not json", message="crawl failed")], history=False)
    assert "validation: not validated" in text
    assert "no validation recorded for this run: crawl failed" in text
    assert "Traceback" not in text
    history = render_quality([a_run("r3", None, validation_json=None, n_metrics=None)], history=True)
    assert "metrics -" in history and "critical 0" in history


def test_no_runs_at_all():
    assert render_quality([], history=False) == "no runs recorded yet"
    assert render_quality([], history=True) == "no runs recorded yet"
