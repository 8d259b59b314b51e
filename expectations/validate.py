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
(``expectations/docs.py``), with the run's summary on top of the index.

Cross-table and row-level rules (references, mention offsets, per-document counts) are computed
in pandas as derived columns of a copy of each frame (``suites.DERIVED_COLUMNS``), which GX then
checks like any column: one validation per suite, no per-row GX calls, and every rule shows in
Data Docs. GX is imported lazily: its import costs seconds.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from expectations import docs
from expectations.suites import GX_TEMPLATE_DIR, SUITE_TABLES, build_suite
from warehouse.schema import TABLES

DATASOURCE = "jiedao_frames"
BATCH_DEFINITION = "whole_frame"
QUARANTINE_COLUMNS = ("mention_not_in_sentence", "mention_not_at_offsets")  # metrics rows failing these are quarantined
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
        self.suites: dict[str, dict] = {}
        self.critical: list[str] = []
        self.warnings: list[str] = []
        self.rejects: list[dict] = []

    def validate(self, frames: dict[str, pd.DataFrame]) -> ValidationResult:
        if self._context is None:
            self._context = open_context(self.quality_dir)
        inputs = {table: _frame_or_empty(frames, table) for table in SUITE_TABLES}
        checked = with_check_columns(inputs)
        run = _run_identifier(self.run_id)
        critical: list[str] = []
        warnings: list[str] = []
        suites: dict[str, dict] = {}
        quarantine = quarantine_mask(checked["metrics"])
        names = report_names(inputs["documents"])
        for table in SUITE_TABLES:
            gx_result = _run_suite(self._context, table, checked[table], run)
            summary, table_critical, table_warnings = summarise_suite(table, gx_result, names)
            summary["quarantined_rows"] = int(quarantine.sum()) if table == "metrics" else 0
            suites[table] = summary
            critical += table_critical
            warnings += table_warnings
        rejects = quarantine_rejects(checked["metrics"], quarantine, inputs["documents"])
        out = dict(inputs)
        out["metrics"] = inputs["metrics"].loc[~quarantine.to_numpy()].reset_index(drop=True)
        self._add(suites, critical, warnings, rejects)
        return ValidationResult(not critical, critical, warnings, suites, out, rejects, self.quality_dir / "index.html")

    def _add(self, suites: dict[str, dict], critical: list[str], warnings: list[str], rejects: list[dict]) -> None:
        for table, counts in suites.items():
            total = self.suites.setdefault(table, dict.fromkeys(counts, 0))
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
        self.critical += critical
        self.warnings += warnings
        self.rejects += rejects

    @property
    def success(self) -> bool | None:
        return None if self._context is None else not self.critical

    def to_json(self) -> str:
        """The run's ``pipeline_runs.validation_json`` (totals over every chunk)."""
        return json.dumps(
            self.suites | {"critical_failures": self.critical, "warnings": self.warnings}, ensure_ascii=False
        )

    def finish(self) -> Path | None:
        """Data Docs for the run, with its totals on top; None when nothing was validated."""
        if self._context is None:
            return None
        index = build_docs(self._context, self.quality_dir, self.run_id)
        docs.put_summary(
            index,
            docs.summary_html(self.run_id, not self.critical, self.suites, self.critical, self.warnings, self.rejects),
        )
        return index


def report_names(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the last part of its source_uri (seed_003.txt, t20230110_1001.html)."""
    if not _has(documents, "doc_id", "source_uri"):
        return {}
    return {
        doc_id: str(uri).rstrip("/").rsplit("/", 1)[-1] or str(uri)
        for doc_id, uri in zip(documents["doc_id"], documents["source_uri"])
        if isinstance(doc_id, str) and isinstance(uri, str)
    }


# --- frames and derived columns -------------------------------------------------------------


def empty_frame(table: str) -> pd.DataFrame:
    """A frame with the table's columns and no rows, typed as the pipeline builds them."""
    return pa.Table.from_pylist([], schema=TABLES[table]).to_pandas()


def _frame_or_empty(frames: dict[str, pd.DataFrame], table: str) -> pd.DataFrame:
    frame = frames.get(table)
    return empty_frame(table) if frame is None else frame.reset_index(drop=True)


def _dangling(values: pd.Series, known: pd.Series) -> pd.Series:
    """The values that are set but not among ``known``; null elsewhere."""
    return values.where(values.notna() & ~values.isin(set(known.dropna())))


def with_check_columns(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Copies of the frames with the derived columns the suites check (``suites.DERIVED_COLUMNS``).

    A derived column whose inputs are missing is left out: the table's column check already
    fails critically, and the expectation on the derived column reports it could not run.
    """
    documents, sections = frames["documents"].copy(), frames["sections"].copy()
    metrics, keywords = frames["metrics"].copy(), frames["keywords"].copy()
    doc_ids = documents["doc_id"] if "doc_id" in documents else pd.Series([], dtype="object")
    section_ids = sections["section_id"] if "section_id" in sections else pd.Series([], dtype="object")

    if _has(documents, "cleaned_text"):
        documents["cleaned_text_length"] = documents["cleaned_text"].str.len()
    if _has(documents, "plan_year", "review_year"):
        documents["plan_year_minus_review_year"] = documents["plan_year"] - documents["review_year"]
    for column, table in (("n_sections", sections), ("n_metrics", metrics), ("n_keywords", keywords)):
        if _has(documents, "doc_id") and _has(table, "doc_id"):
            documents[column] = documents["doc_id"].map(table["doc_id"].value_counts()).fillna(0).astype("int64")

    for frame in (sections, metrics, keywords):
        if _has(frame, "doc_id"):
            frame["doc_id_not_in_documents"] = _dangling(frame["doc_id"], doc_ids)
    names = report_names(documents)
    for frame in (documents, sections, metrics, keywords):
        if _has(frame, "doc_id"):  # the report's file name, to name failing rows (not checked itself)
            frame["report"] = frame["doc_id"].map(lambda doc_id: names.get(doc_id, doc_id))
    if _has(sections, "parent_id"):
        sections["parent_id_not_in_sections"] = _dangling(sections["parent_id"], section_ids)
    if _has(metrics, "section_id"):
        metrics["section_id_not_in_sections"] = _dangling(metrics["section_id"], section_ids)
    if _has(metrics, "mention", "sentence"):
        metrics["mention_not_in_sentence"] = _mentions_not_in_sentence(metrics)
    if _has(metrics, "mention", "doc_id", "char_start", "char_end") and _has(documents, "doc_id", "cleaned_text"):
        metrics["mention_not_at_offsets"] = _mentions_not_at_offsets(metrics, documents)
    if _has(metrics, "subject"):
        subject = metrics["subject"]
        metrics["subject_present"] = (subject.notna() & (subject.fillna("").str.strip() != "")).astype(bool)
    return {"documents": documents, "sections": sections, "metrics": metrics, "keywords": keywords}


def _has(frame: pd.DataFrame, *columns: str) -> bool:
    return all(column in frame.columns for column in columns)


def _mentions_not_in_sentence(metrics: pd.DataFrame) -> pd.Series:
    problems = [
        None if isinstance(m, str) and isinstance(s, str) and m and m in s else f"'{m}' not in its sentence"
        for m, s in zip(metrics["mention"], metrics["sentence"], strict=True)
    ]
    return pd.Series(problems, index=metrics.index, dtype="object")


def _mentions_not_at_offsets(metrics: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    # Each text is materialised as one Python str once: looking it up in an Arrow-backed Series per
    # metric copied the whole text every time (metrics x length: minutes on one long page).
    texts: dict[str, Any] = {}
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["cleaned_text"].tolist(), strict=True):
        texts.setdefault(doc_id, text)  # the first row of a doc_id, as drop_duplicates kept
    problems = []
    for mention, doc_id, start, end in zip(
        metrics["mention"], metrics["doc_id"], metrics["char_start"], metrics["char_end"], strict=True
    ):
        text = texts.get(doc_id) if isinstance(doc_id, str) else None
        problems.append(_offset_problem(mention, text, start, end))
    return pd.Series(problems, index=metrics.index, dtype="object")


def _offset_problem(mention: Any, text: Any, start: Any, end: Any) -> str | None:
    """None when ``text[start:end] == mention``, else what is wrong, for a person to read."""
    if not isinstance(text, str):
        return "its document is missing"
    if pd.isna(start) or pd.isna(end) or not 0 <= int(start) <= int(end) <= len(text):
        return f"offsets {start}-{end} outside cleaned_text ({len(text)} chars)"
    found = text[int(start) : int(end)]
    return None if found == mention else f"cleaned_text[{int(start)}:{int(end)}] is '{found[:40]}', not '{mention}'"


def quarantine_mask(metrics: pd.DataFrame) -> pd.Series:
    """True for the metric rows a row-level rule flags."""
    present = [column for column in QUARANTINE_COLUMNS if column in metrics.columns]
    if not present:
        return pd.Series(False, index=metrics.index)
    return metrics[present].notna().any(axis=1)


def quarantine_rejects(metrics: pd.DataFrame, mask: pd.Series, documents: pd.DataFrame) -> list[dict]:
    """One reject per quarantined metric row, traced to its document's source."""
    by_doc = documents.drop_duplicates("doc_id").set_index("doc_id") if _has(documents, "doc_id") else pd.DataFrame()
    rejects = []
    for _, row in metrics.loc[mask.to_numpy()].iterrows():
        known = row["doc_id"] in by_doc.index and "source_uri" in by_doc
        problems = "; ".join(str(row[c]) for c in QUARANTINE_COLUMNS if c in row and pd.notna(row[c]))
        raw_path = by_doc.at[row["doc_id"], "raw_path"] if known and "raw_path" in by_doc else None
        rejects.append(
            {
                "source_uri": str(by_doc.at[row["doc_id"], "source_uri"]) if known else f"doc_id:{row['doc_id']}",
                "stage": "quarantine",
                "reason": f"metric {row['metric_id']} quarantined: {problems}",
                "raw_path": raw_path if isinstance(raw_path, str) else None,
            }
        )
    return rejects


# --- GX ----------------------------------------------------------------------------------------


def open_context(quality_dir: Path):  # a GX FileDataContext
    """A GX file context in ``quality_dir/gx``, (re)initialised from the repo's template."""
    import great_expectations as gx

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


def _run_suite(context, table: str, frame: pd.DataFrame, run) -> Any:
    """One GX validation of one frame against its table's suite; the result is stored for Data Docs."""
    import great_expectations as gx

    suite = context.suites.add_or_update(build_suite(table))
    batch_definition = context.data_sources.get(DATASOURCE).get_asset(table).get_batch_definition(BATCH_DEFINITION)
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=table, data=batch_definition, suite=suite)
    )
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


def build_docs(context, quality_dir: Path, run_id: str) -> Path:
    """Render this run's validation pages, the suites and the index; make them render offline."""
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    store = context.validation_results_store
    prune_old_runs(store, quality_dir, KEEP_RUNS)
    keys = [key for key in store.list_keys() if getattr(key.run_id, "run_name", None) == run_id]
    suites = [ExpectationSuiteIdentifier(name=table) for table in SUITE_TABLES]
    context.build_data_docs(resource_identifiers=[*suites, *keys])
    docs.make_site_offline(quality_dir)
    return quality_dir / "index.html"


def prune_old_runs(store, quality_dir: Path, keep: int) -> list[str]:
    """Drop the stored results and pages of all but the ``keep`` newest runs; returns the runs dropped."""
    keys = store.list_keys()
    started: dict[str, datetime] = {}
    for key in keys:
        name, when = getattr(key.run_id, "run_name", None), getattr(key.run_id, "run_time", None)
        if name and when and (name not in started or when < started[name]):
            started[name] = when
    dropped = sorted(started, key=started.__getitem__)[:-keep] if len(started) > keep else []
    for key in keys:
        if getattr(key.run_id, "run_name", None) in dropped:
            store.remove_key(key)
    for name in dropped:  # the folders GX leaves behind (layout set in expectations/gx/great_expectations.yml)
        for table in SUITE_TABLES:
            shutil.rmtree(quality_dir / "validations" / table / name, ignore_errors=True)
            shutil.rmtree(quality_dir / "gx" / "uncommitted" / "validations" / table / name, ignore_errors=True)
    return dropped
