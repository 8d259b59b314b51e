"""Validate the pipeline's pandas frames with GX before they are loaded into DuckDB.

``validate_tables(frames, quality_dir=..., run_id=...)`` runs one GX validation per table suite
(``expectations/suites.py``) on the frames, quarantines the metric rows that fail a row-level rule,
builds Data Docs into ``quality_dir`` and returns a :class:`ValidationResult`. The caller loads
``result.frames`` only when ``result.success``; ``result.rejects`` become ``rejects`` rows.

Where GX lives at run time: never in the repo. ``expectations/gx/`` is a template (config, custom
Data Docs assets, reviewable suite JSON); each run copies its ``great_expectations.yml`` and
``plugins/`` into ``quality_dir/gx/`` and opens a file context there, so every data directory has
its own stores and validation history (the newest ``KEEP_RUNS`` runs), a clean checkout stays
clean, and two data directories can run at the same time (two runs on one data directory at once
are not supported: they share that context). The suites are written into that context from code on every run. Data Docs
are built into ``quality_dir`` itself (``quality_dir/index.html``), made to render offline
(``expectations/docs.py``), with the run's summary on top of the index. A run validates chunk by chunk;
its totals count every chunk, its pages show the failures (``docs.results_worth_a_page``).

Cross-table and row-level rules (references, mention offsets, per-document counts) are computed
in pandas as derived columns of a copy of each frame (``suites.DERIVED_COLUMNS``,
``expectations/derived.py``), which GX then checks like any column: one validation per suite, no
per-row GX calls, and every rule shows in Data Docs. GX is imported lazily: its import costs seconds.

``validation_json`` (pipeline_runs) is ``ValidationResult.to_json()``::

    {"<suite>": {"evaluated": n, "successful": n, "failed_critical": n, "failed_warning": n,
                 "quarantined_rows": n},            # one entry per suite
     "critical_failures": ["metrics.unit in canonical vocabulary: 3 of 120 rows (e.g. 'km')", ...],
     "warnings": ["metrics.mention at its offsets in cleaned_text: 1 of 120 rows (quarantined)", ...]}
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from expectations import docs
from expectations.derived import frame_or_empty, quarantine_mask, quarantine_rejects, report_names, with_check_columns
from expectations.gx_import import great_expectations
from expectations.suites import GX_TEMPLATE_DIR, SUITE_TABLES, build_suite

DATASOURCE = "jiedao_frames"
BATCH_DEFINITION = "whole_frame"
_EXAMPLES = 3  # unexpected values quoted per failure line
KEEP_RUNS = 100  # validation history kept in Data Docs per data dir; older runs are pruned


@dataclass
class ValidationResult:
    success: bool  # False iff a critical expectation failed -> the load must not happen
    critical_failures: list[str]
    warnings: list[str]
    suites: dict[str, dict]
    frames: dict[str, pd.DataFrame]  # input frames minus quarantined rows
    rejects: list[dict]  # {"source_uri", "stage": "quarantine", "reason", "raw_path"}: metric rows, not inputs
    docs_index: Path  # quality_dir/index.html
    stored: list[docs.StoredResult] = field(default_factory=list)  # this chunk's results in GX's store

    def to_json(self) -> str:
        """The ``pipeline_runs.validation_json`` document (shape in the module docstring)."""
        return json.dumps(
            self.suites | {"critical_failures": self.critical_failures, "warnings": self.warnings},
            ensure_ascii=False,
        )


def validate_tables(frames: dict[str, pd.DataFrame], *, quality_dir: Path, run_id: str) -> ValidationResult:
    """Validate the four document tables of one batch; build Data Docs into ``quality_dir``."""
    validation = RunValidation(quality_dir, run_id)
    result = validation.validate(frames)
    index = validation.finish()  # None only when nothing was validated; validate() above did
    if index is not None:
        result.docs_index = index
    return result


class RunValidation:
    """One run's validations: the GX context is opened once, on the first chunk; Data Docs once, at the end.

    ``validate`` checks one chunk's frames and returns its result (``docs_index`` not yet built);
    ``finish`` renders Data Docs with the run's totals over every chunk on top of the index.
    """

    def __init__(self, quality_dir: Path, run_id: str) -> None:
        self.quality_dir, self.run_id = Path(quality_dir), run_id
        self._context: Any = None
        self._definitions: dict[str, Any] = {}
        self.validated = False  # a chunk was validated (here, or in a worker and added)
        self.suites: dict[str, dict] = {}
        self.critical: list[str] = []
        self.warnings: list[str] = []
        self.rejects: list[dict] = []
        self.stored: list[docs.StoredResult] = []

    @property
    def prepared(self) -> bool:
        return bool(self._definitions)

    def prepare(self) -> None:
        """Open the GX context and this run's suites: written on the run's first chunk, read after.

        Processes sharing ``quality_dir`` must call this one at a time (it writes GX's config and
        stores); once prepared, their validations may run side by side (each stores a new file).
        """
        if self._context is None:
            self._context = open_context(self.quality_dir)
        if not self._definitions:
            self._definitions = run_definitions(self._context, self.quality_dir, self.run_id)

    def validate(self, frames: dict[str, pd.DataFrame]) -> ValidationResult:
        self.prepare()
        inputs = {table: frame_or_empty(frames, table) for table in SUITE_TABLES}
        checked = with_check_columns(inputs)
        run = _run_identifier(self.run_id)
        critical: list[str] = []
        warnings: list[str] = []
        suites: dict[str, dict] = {}
        stored: list[docs.StoredResult] = []
        quarantine = quarantine_mask(checked["metrics"])
        names = report_names(inputs["documents"])
        for table in SUITE_TABLES:
            gx_result = _run_suite(self._definitions[table], table, checked[table], run)
            summary, table_critical, table_warnings = summarise_suite(table, gx_result, names)
            summary["quarantined_rows"] = int(quarantine.sum()) if table == "metrics" else 0
            suites[table] = summary
            stored.append(docs.stored_result(table, run, gx_result))
            critical += table_critical
            warnings += table_warnings
        rejects = quarantine_rejects(checked["metrics"], quarantine, inputs["documents"])
        out = dict(inputs)
        out["metrics"] = inputs["metrics"].loc[~quarantine.to_numpy()].reset_index(drop=True)
        self.add(suites, critical, warnings, rejects, stored)
        index = self.quality_dir / "index.html"
        return ValidationResult(not critical, critical, warnings, suites, out, rejects, index, stored)

    def add(
        self,
        suites: dict[str, dict],
        critical: list[str],
        warnings: list[str],
        rejects: list[dict],
        stored: list[docs.StoredResult],
    ) -> None:
        """Count one chunk's results (validated here, or by a worker) in the run's totals."""
        self.validated = True
        self.stored += stored
        for table, counts in suites.items():
            total = self.suites.setdefault(table, dict.fromkeys(counts, 0))
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
        self.critical += critical
        self.warnings += warnings
        self.rejects += rejects

    def __getstate__(self) -> dict:  # sent to a worker without its GX context, which cannot be pickled
        return self.__dict__ | {"_context": None, "_definitions": {}}

    def take_totals(self, other: RunValidation) -> None:
        """The totals of ``other`` (the run's, gathered in the main process) instead of this one's."""
        self.validated, self.suites = other.validated, other.suites
        self.critical, self.warnings, self.rejects = other.critical, other.warnings, other.rejects
        self.stored = other.stored

    @property
    def success(self) -> bool | None:
        return not self.critical if self.validated else None

    def to_json(self) -> str:
        """The run's ``pipeline_runs.validation_json`` (totals over every chunk)."""
        return json.dumps(
            self.suites | {"critical_failures": self.critical, "warnings": self.warnings}, ensure_ascii=False
        )

    def finish(self) -> Path | None:
        """Data Docs for the run, with its totals on top; None when nothing was validated."""
        if not self.validated:
            return None
        index = self.build_pages(self.stored)
        self.put_totals(index)
        return index

    def build_pages(self, stored: list[docs.StoredResult]) -> Path:
        """Data Docs' pages for these results (the run's), returning the index; the totals go on later."""
        if self._context is None:
            self._context = open_context(self.quality_dir)
        return docs.build_docs(self._context, self.quality_dir, self.run_id, stored, keep=KEEP_RUNS)

    def put_totals(self, index: Path) -> None:
        """The run's totals over every chunk on top of the Data Docs' index (no GX: any process)."""
        docs.put_summary(
            index,
            docs.summary_html(self.run_id, not self.critical, self.suites, self.critical, self.warnings, self.rejects),
        )


# --- GX ----------------------------------------------------------------------------------------


def open_context(quality_dir: Path):  # a GX FileDataContext
    """A GX file context in ``quality_dir/gx``, (re)initialised from the repo's template."""
    gx = great_expectations()

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    root = quality_dir / "gx"
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GX_TEMPLATE_DIR / "great_expectations.yml", root / "great_expectations.yml")
    shutil.copytree(GX_TEMPLATE_DIR / "plugins", root / "plugins", dirs_exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(quality_dir))
    datasource = context.data_sources.add_or_update_pandas(DATASOURCE)
    for table in SUITE_TABLES:
        datasource.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(BATCH_DEFINITION)
    return context


def _run_identifier(run_id: str):
    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=run_id, run_time=datetime.now(UTC))


# Columns that name a failing row in the stored results and Data Docs: the report (its file name,
# ``report``, derived by with_check_columns) and what in it failed.
ROW_NAMES = {
    "documents": ["doc_id", "report"],
    "sections": ["doc_id", "report", "heading"],
    "metrics": ["doc_id", "report", "metric_id", "mention", "sentence"],
    "keywords": ["doc_id", "report", "term"],
}


def run_definitions(context: Any, quality_dir: Path, run_id: str) -> dict[str, Any]:
    """Every suite's validation definition for the run: written into the context by the run's first
    caller (the suites come from code, so a new version's are in force from its first run), then read.

    Written once, not per chunk: GX refuses to run a definition whose suite was rewritten since it was
    loaded, which another worker's rewrite would cause.
    """
    marker = Path(quality_dir) / "gx" / "suites_written_by_run"
    if marker.exists() and marker.read_text(encoding="utf-8") == run_id:
        return {table: context.validation_definitions.get(table) for table in SUITE_TABLES}
    definitions = {table: suite_definition(context, table) for table in SUITE_TABLES}
    marker.write_text(run_id, encoding="utf-8")
    return definitions


def suite_definition(context: Any, table: str) -> Any:
    """The table's suite and its validation definition, (re)written into the context."""
    gx = great_expectations()

    suite = context.suites.add_or_update(build_suite(table))
    batch_definition = context.data_sources.get(DATASOURCE).get_asset(table).get_batch_definition(BATCH_DEFINITION)
    return context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=table, data=batch_definition, suite=suite)
    )


def _run_suite(definition: Any, table: str, frame: pd.DataFrame, run: Any) -> Any:
    """One GX validation of one frame against its table's suite; the result is stored for Data Docs."""
    result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 10}
    if "doc_id" in frame.columns:
        # failing rows name their report and what in it failed (Data Docs, the reading room's quality page)
        result_format["unexpected_index_column_names"] = [c for c in ROW_NAMES[table] if c in frame.columns]
    return definition.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters={"this_year": datetime.now(UTC).year},
        result_format=result_format,
        run_id=run,
    )


def summarise_suite(
    table: str, gx_result: Any, names: dict[str, str] | None = None
) -> tuple[dict, list[str], list[str]]:
    """Counts per suite and one readable line per failed expectation, split by severity.

    ``names``: doc_id -> the input's file name, so that examples say which report (not its hash).
    """
    critical: list[str] = []
    warnings: list[str] = []
    successful = 0
    for result in gx_result.results:
        if result.success:
            successful += 1
            continue
        meta = result.expectation_config.meta or {}
        details = dict(result.result or {})
        details["column"] = result.expectation_config.kwargs.get("column")
        line = describe_failure(table, meta, details, _exception_message(result.exception_info), names)
        (critical if meta.get("severity") == "critical" else warnings).append(line)
    summary = {
        "evaluated": len(gx_result.results),
        "successful": successful,
        "failed_critical": len(critical),
        "failed_warning": len(warnings),
    }
    return summary, critical, warnings


def _exception_message(info: Any) -> str | None:
    """GX nests exception info per metric in some results; find the first message."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "error").splitlines()[0]
    for value in info.values():
        message = _exception_message(value)
        if message:
            return message
    return None


def describe_failure(
    table: str, meta: dict, result: dict, exception: str | None, names: dict[str, str] | None = None
) -> str:
    """``"metrics.unit in canonical vocabulary: 3 of 120 rows (e.g. 'km', '万元')"``."""
    head = f"{table}.{meta.get('label', 'expectation')}"
    if exception:
        return f"{head}: could not be evaluated ({exception})"
    tail = " (quarantined)" if meta.get("quarantine") else ""
    if result.get("unexpected_count") is not None and result.get("element_count") is not None:
        # documents' lines say which report; other tables' failing rows are listed in Data Docs
        quoted = (
            _unexpected_examples(result, names or {}) if table == "documents" else result.get("partial_unexpected_list")
        )
        examples = _examples(list(quoted or []))
        return f"{head}: {result['unexpected_count']} of {result['element_count']} rows{examples}{tail}"
    mismatched = (result.get("details") or {}).get("mismatched") or {}
    if mismatched.get("missing"):
        return f"{head}: missing columns {', '.join(map(str, mismatched['missing']))}"
    return f"{head}: observed {result.get('observed_value')!r}"


def _unexpected_examples(result: dict, names: dict[str, str]) -> list:
    """The unexpected values, as ``<report>: value`` when GX returned the rows' doc_id too."""
    column = result.get("column")
    indexed = result.get("partial_unexpected_index_list") or []
    if column and column != "doc_id" and indexed and all(isinstance(i, dict) and "doc_id" in i for i in indexed):
        return [f"{names.get(i['doc_id'], i['doc_id'])}: {i.get(column)}" for i in indexed]
    return list(result.get("partial_unexpected_list") or [])


def _examples(values: list) -> str:
    distinct: list[str] = []
    for value in values:
        text = str(value)
        text = text if len(text) <= 40 else text[:39] + "…"
        if text not in distinct:
            distinct.append(text)
    if not distinct:
        return ""
    return " (e.g. " + ", ".join(f"'{v}'" for v in distinct[:_EXAMPLES]) + ")"
