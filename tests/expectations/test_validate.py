"""validate_tables: the gate before the load, quarantine of bad rows, Data Docs on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from expectations.suites import DERIVED_COLUMNS, GX_TEMPLATE_DIR
from expectations.validate import validate_tables, with_check_columns


def run(frames, tmp_path: Path, run_id: str = "run-1"):
    return validate_tables(frames, quality_dir=tmp_path / "quality", run_id=run_id)


def test_good_frames_pass_with_nothing_to_report(rows, to_frames, tmp_path):
    result = run(to_frames(rows), tmp_path)
    assert result.success
    assert result.critical_failures == [] and result.warnings == [] and result.rejects == []
    assert {name: len(frame) for name, frame in result.frames.items()} == {
        "documents": 1,
        "sections": 4,
        "metrics": 8,
        "keywords": 3,
    }
    assert result.suites["metrics"]["evaluated"] == result.suites["metrics"]["successful"] > 10
    assert result.docs_index == tmp_path / "quality" / "index.html"


def test_unit_outside_the_vocabulary_stops_the_load(rows, to_frames, tmp_path):
    rows["metrics"][2]["unit"] = "km"
    result = run(to_frames(rows), tmp_path)
    assert not result.success
    assert result.critical_failures == ["metrics.unit in canonical vocabulary: 1 of 8 rows (e.g. 'km')"]
    assert result.suites["metrics"]["failed_critical"] == 1


def test_multiplier_left_in_the_unit_is_critical(rows, to_frames, tmp_path):
    rows["metrics"][0]["unit"] = "亿元"
    result = run(to_frames(rows), tmp_path)
    assert any(line.startswith("metrics.unit in canonical vocabulary") for line in result.critical_failures)


def test_duplicate_metric_id_stops_the_load(rows, to_frames, tmp_path):
    rows["metrics"][1]["metric_id"] = rows["metrics"][0]["metric_id"]
    result = run(to_frames(rows), tmp_path)
    assert not result.success
    assert any(line.startswith("metrics.metric_id unique: 2 of 8 rows") for line in result.critical_failures)


def test_duplicate_keyword_of_a_document_stops_the_load(rows, to_frames, tmp_path):
    rows["keywords"].append(dict(rows["keywords"][0], weight=0.1))
    result = run(to_frames(rows), tmp_path)
    assert any(line.startswith("keywords.(doc_id, term) unique") for line in result.critical_failures)


def test_metric_whose_document_is_missing_stops_the_load(rows, to_frames, tmp_path):
    rows["metrics"][3]["doc_id"] = "doc-nowhere"
    result = run(to_frames(rows), tmp_path)
    assert not result.success
    assert "metrics.doc_id exists in documents: 1 of 8 rows (e.g. 'doc-nowhere')" in result.critical_failures


def test_metric_in_an_unknown_section_stops_the_load_but_no_section_is_fine(rows, to_frames, tmp_path):
    rows["metrics"][0]["section_id"] = None
    rows["metrics"][1]["section_id"] = "s9"
    result = run(to_frames(rows), tmp_path)
    assert result.critical_failures == ["metrics.section_id exists in sections: 1 of 8 rows (e.g. 's9')"]


def test_kind_outside_its_set_stops_the_load(rows, to_frames, tmp_path):
    rows["metrics"][2]["kind"] = "amount"
    rows["sections"][0]["topic"] = "经济"
    result = run(to_frames(rows), tmp_path)
    assert "metrics.kind in metric kinds: 1 of 8 rows (e.g. 'amount')" in result.critical_failures
    assert "sections.topic in topic vocabulary: 1 of 4 rows (e.g. '经济')" in result.critical_failures


def test_mention_not_at_its_offsets_is_quarantined_and_the_rest_loads(rows, to_frames, tmp_path):
    rows["metrics"][4]["char_start"] += 1
    result = run(to_frames(rows), tmp_path)
    assert result.success
    assert len(result.frames["metrics"]) == 7
    assert "m4" not in set(result.frames["metrics"]["metric_id"])
    assert [r["stage"] for r in result.rejects] == ["quarantine"]
    assert result.rejects[0]["source_uri"] == "file:///data/in/linjiang.txt"
    assert result.rejects[0]["reason"].startswith("metric m4 quarantined: cleaned_text[")
    assert any(
        w.startswith("metrics.mention at its offsets in cleaned_text: 1 of 8 rows") and w.endswith("(quarantined)")
        for w in result.warnings
    )
    assert result.suites["metrics"]["quarantined_rows"] == 1


def test_mention_missing_from_its_sentence_is_quarantined(rows, to_frames, tmp_path):
    rows["metrics"][5]["sentence"] = "新建养老服务站若干。"
    result = run(to_frames(rows), tmp_path)
    assert result.success
    assert len(result.rejects) == 1 and "'2处' not in its sentence" in result.rejects[0]["reason"]


def test_implausible_values_warn_without_stopping_the_load(rows, to_frames, tmp_path):
    rows["metrics"][1].update(kind="ratio", value=5000.0)
    rows["documents"][0]["plan_year"] = 2026
    for metric in rows["metrics"]:
        metric["subject"] = None
    result = run(to_frames(rows), tmp_path)
    assert result.success and result.critical_failures == []
    labels = {w.split(":")[0] for w in result.warnings}
    assert labels == {
        "metrics.value of a ratio within [0, 1000]",
        "documents.plan_year = review_year + 1 (or = review_year) when both are set",
        "metrics.subject present in at least 50% of metrics",
    }


def test_review_year_in_the_future_warns(rows, to_frames, tmp_path):
    rows["documents"][0].update(review_year=2999, plan_year=3000)
    result = run(to_frames(rows), tmp_path)
    assert [w.split(":")[0] for w in result.warnings] == ["documents.review_year within [2000, this year]"]


def test_a_missing_table_is_validated_as_empty(rows, to_frames, tmp_path):
    frames = to_frames(rows)
    del frames["keywords"]
    result = run(frames, tmp_path)
    assert result.success and len(result.frames["keywords"]) == 0
    # the example names the report by its file, not by its doc_id hash
    assert result.warnings == ["documents.keywords per document within [1, 200]: 1 of 1 rows (e.g. 'linjiang.txt: 0')"]


def test_an_empty_batch_passes(tmp_path):
    result = validate_tables({}, quality_dir=tmp_path / "quality", run_id="run-empty")
    assert result.success and result.warnings == [] and result.rejects == []
    assert all(len(frame) == 0 for frame in result.frames.values())
    assert result.docs_index.exists()


def test_every_declared_derived_column_is_derived(rows, to_frames):
    checked = with_check_columns(to_frames(rows))
    for table, columns in DERIVED_COLUMNS.items():
        assert set(columns) <= set(checked[table].columns)


def test_data_docs_index_and_pages_use_only_local_assets(rows, to_frames, tmp_path):
    rows["metrics"][2]["unit"] = "km"
    run(to_frames(rows), tmp_path)
    site = tmp_path / "quality"
    pages = [p for p in site.rglob("*.html") if "gx" not in p.relative_to(site).parts]
    assert (site / "index.html") in pages and len(pages) >= 9  # index, 4 suites, 4 validations
    remote = re.compile(r"<(?:link|script|img)\b[^>]*\b(?:href|src)=[\"'](?:https?:)?//", re.I | re.S)
    for page in pages:
        assert not remote.search(page.read_text(encoding="utf-8")), page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "jiedao run run-1" in index and "metrics.unit in canonical vocabulary" in index


def test_runs_keep_history_in_the_data_dir_and_never_write_into_the_repo(rows, to_frames, tmp_path):
    before = sorted(p.relative_to(GX_TEMPLATE_DIR) for p in GX_TEMPLATE_DIR.rglob("*"))
    run(to_frames(rows), tmp_path, "run-a")
    run(to_frames(rows), tmp_path, "run-b")
    assert sorted(p.relative_to(GX_TEMPLATE_DIR) for p in GX_TEMPLATE_DIR.rglob("*")) == before
    validations = tmp_path / "quality" / "validations" / "metrics"
    assert {p.name for p in validations.iterdir()} == {"run-a", "run-b"}
    assert (tmp_path / "quality" / "gx" / "great_expectations.yml").exists()


def test_old_runs_are_pruned_from_data_docs(rows, to_frames, tmp_path, monkeypatch):
    import expectations.validate as validate

    monkeypatch.setattr(validate, "KEEP_RUNS", 2)
    for run_id in ("run-a", "run-b", "run-c"):
        run(to_frames(rows), tmp_path, run_id)
    site = tmp_path / "quality"
    assert {p.name for p in (site / "validations" / "metrics").iterdir()} == {"run-b", "run-c"}
    assert {p.name for p in (site / "gx" / "uncommitted" / "validations" / "metrics").iterdir()} == {"run-b", "run-c"}
    assert "run-a" not in (site / "index.html").read_text(encoding="utf-8")


def test_result_json_has_suites_and_failure_lines(rows, to_frames, tmp_path):
    import json

    rows["metrics"][2]["unit"] = "km"
    data = json.loads(run(to_frames(rows), tmp_path).to_json())
    assert set(data) == {"documents", "sections", "metrics", "keywords", "critical_failures", "warnings"}
    assert data["metrics"]["failed_critical"] == 1
    assert data["critical_failures"] == ["metrics.unit in canonical vocabulary: 1 of 8 rows (e.g. 'km')"]


@pytest.mark.parametrize("table", ["documents", "sections", "metrics", "keywords"])
def test_a_missing_contract_column_stops_the_load(rows, to_frames, tmp_path, table):
    frames = to_frames(rows)
    column = "doc_id"
    frames[table] = frames[table].rename(columns={column: "docid"})
    result = run(frames, tmp_path)
    assert not result.success
    assert any(
        line.startswith(f"{table}.columns as in warehouse/schema.py: missing columns doc_id")
        for line in result.critical_failures
    )


def test_a_half_year_report_planning_its_own_year_does_not_warn(rows, to_frames, tmp_path):
    rows["documents"][0].update(review_year=2023, plan_year=2023)
    result = run(to_frames(rows), tmp_path)
    assert not [w for w in result.warnings if "plan_year" in w]


def test_an_indicator_outside_the_vocabulary_stops_the_load_but_null_and_known_codes_pass(rows, to_frames, tmp_path):
    rows["metrics"][0]["indicator"] = "fixed_asset_investment"
    rows["metrics"][2]["indicator"] = "market_entities"
    result = run(to_frames(rows), tmp_path)
    assert result.critical_failures == [
        "metrics.indicator null or a headline indicator code: 1 of 8 rows (e.g. 'market_entities')"
    ]


def test_workers_of_one_run_validate_side_by_side_after_the_first_wrote_the_suites(rows, to_frames, tmp_path):
    from expectations.validate import RunValidation

    quality = tmp_path / "quality"
    first, second = RunValidation(quality, "run-1"), RunValidation(quality, "run-1")  # two workers' views
    first.prepare()
    second.prepare()  # reads the suites the first wrote, rewrites nothing
    for validation in (first, second, first):  # GX refuses a definition whose suite was rewritten since
        assert validation.validate(to_frames(rows)).success


def test_a_new_run_writes_the_suites_of_its_code(rows, to_frames, tmp_path, monkeypatch):
    from expectations import validate

    quality = tmp_path / "quality"
    assert run(to_frames(rows), tmp_path, run_id="run-1").success
    stricter = validate.build_suite

    def metrics_without_units(table):  # a new version of the code whose metric suite rejects every unit
        suite = stricter(table)
        if table == "metrics":
            import great_expectations as gx

            suite.add_expectation(
                gx.expectations.ExpectColumnValuesToBeNull(column="unit", meta={"severity": "critical"})
            )
        return suite

    monkeypatch.setattr(validate, "build_suite", metrics_without_units)
    assert run(to_frames(rows), tmp_path, run_id="run-1-again").success is False
    assert (quality / "gx" / "suites_written_by_run").read_text() == "run-1-again"


def test_a_run_of_many_chunks_renders_pages_only_for_failures_and_one_per_passing_suite(rows, to_frames, tmp_path):
    from expectations.validate import RunValidation

    quality = tmp_path / "quality"
    validation = RunValidation(quality, "run-1")
    warning = to_frames(rows)
    warning["metrics"].loc[1, ["kind", "value"]] = ["ratio", 5000.0]  # a ratio over 1000 %: a warning
    for frames in (to_frames(rows), warning, to_frames(rows), warning, warning, warning, to_frames(rows)):
        validation.validate(frames)
    validation.finish()
    pages = {table: list((quality / "validations" / table).rglob("*.html")) for table in ("documents", "metrics")}
    assert len(pages["documents"]) == 1  # passed in every chunk: its first chunk shows what was checked
    assert len(pages["metrics"]) == 3  # the warning's first three chunks; the summary counts all seven
    assert all("Passed with warnings" in p.read_text(encoding="utf-8") for p in pages["metrics"])
    stored = list((quality / "gx" / "uncommitted" / "validations" / "metrics").rglob("*.json"))
    assert len(stored) == 3  # the store keeps what the pages show, not every chunk's result
    assert validation.suites["metrics"]["failed_warning"] == 4
