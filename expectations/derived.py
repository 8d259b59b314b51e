"""Derived check columns and the quarantine of metric rows (``expectations.validate``).

Cross-table and row-level rules (references, mention offsets, per-document counts) are computed in
pandas as columns of a copy of each frame (``suites.DERIVED_COLUMNS``), which GX then checks like any
column. Metric rows failing ``QUARANTINE_COLUMNS`` are quarantined, not loaded.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.schema import TABLES

QUARANTINE_COLUMNS = ("mention_not_in_sentence", "mention_not_at_offsets")  # metrics rows failing these are quarantined


def report_names(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the last part of its source_uri (seed_003.txt, t20230110_1001.html)."""
    if not _has_columns(documents, "doc_id", "source_uri"):
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


def frame_or_empty(frames: dict[str, pd.DataFrame], table: str) -> pd.DataFrame:
    frame = frames.get(table)
    return empty_frame(table) if frame is None else frame.reset_index(drop=True)


def _dangling(values: pd.Series, known: pd.Series) -> pd.Series:
    """The values that are set but not among ``known``; null elsewhere."""
    # pyarrow's is_in, not pandas' isin: on Arrow strings that makes a scalar of every known value, ~0.2 s of
    # a 500-report chunk's validation over its five reference checks (now ~15 ms)
    listed = pa.array(values, pa.large_string(), from_pandas=True)
    member = pc.is_in(listed, value_set=pa.array(known.dropna(), pa.large_string(), from_pandas=True))
    return values.where(values.notna() & ~member.to_numpy(zero_copy_only=False))


def with_check_columns(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Copies of the frames with the derived columns the suites check (``suites.DERIVED_COLUMNS``).

    A derived column whose inputs are missing is left out: the table's column check already
    fails critically, and the expectation on the derived column reports it could not run.
    """
    documents, sections = frames["documents"].copy(), frames["sections"].copy()
    metrics, keywords = frames["metrics"].copy(), frames["keywords"].copy()
    doc_ids = documents["doc_id"] if "doc_id" in documents else pd.Series([], dtype="object")
    section_ids = sections["section_id"] if "section_id" in sections else pd.Series([], dtype="object")

    if _has_columns(documents, "cleaned_text"):
        documents["cleaned_text_length"] = documents["cleaned_text"].str.len()
    if _has_columns(documents, "plan_year", "review_year"):
        documents["plan_year_minus_review_year"] = documents["plan_year"] - documents["review_year"]
    for column, table in (("n_sections", sections), ("n_metrics", metrics), ("n_keywords", keywords)):
        if _has_columns(documents, "doc_id") and _has_columns(table, "doc_id"):
            documents[column] = documents["doc_id"].map(table["doc_id"].value_counts()).fillna(0).astype("int64")

    for frame in (sections, metrics, keywords):
        if _has_columns(frame, "doc_id"):
            frame["doc_id_not_in_documents"] = _dangling(frame["doc_id"], doc_ids)
    names = report_names(documents)
    for frame in (documents, sections, metrics, keywords):
        if _has_columns(frame, "doc_id"):  # the report's file name, to name failing rows (not checked itself)
            frame["report"] = frame["doc_id"].map(lambda doc_id: names.get(doc_id, doc_id))
    if _has_columns(sections, "parent_id"):
        sections["parent_id_not_in_sections"] = _dangling(sections["parent_id"], section_ids)
    if _has_columns(metrics, "section_id"):
        metrics["section_id_not_in_sections"] = _dangling(metrics["section_id"], section_ids)
    if _has_columns(metrics, "mention", "sentence"):
        metrics["mention_not_in_sentence"] = _mentions_not_in_sentence(metrics)
    if _has_columns(metrics, "mention", "doc_id", "char_start", "char_end") and _has_columns(
        documents, "doc_id", "cleaned_text"
    ):
        metrics["mention_not_at_offsets"] = _mentions_not_at_offsets(metrics, documents)
    if _has_columns(metrics, "subject"):
        subject = metrics["subject"]
        metrics["subject_present"] = (subject.notna() & (subject.fillna("").str.strip() != "")).astype(bool)
    return {"documents": documents, "sections": sections, "metrics": metrics, "keywords": keywords}


def _has_columns(frame: pd.DataFrame, *columns: str) -> bool:
    return all(column in frame.columns for column in columns)


def _mentions_not_in_sentence(metrics: pd.DataFrame) -> pd.Series:
    problems = [
        None if isinstance(m, str) and isinstance(s, str) and m and m in s else f"'{m}' not in its sentence"
        for m, s in zip(metrics["mention"].tolist(), metrics["sentence"].tolist(), strict=True)
    ]
    return pd.Series(problems, index=metrics.index, dtype="object")


def _mentions_not_at_offsets(metrics: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    # Each text is materialised as one Python str once: looking it up in an Arrow-backed Series per
    # metric copied the whole text every time (metrics x length: minutes on one long page).
    texts: dict[str, Any] = {}
    for doc_id, text in zip(documents["doc_id"].tolist(), documents["cleaned_text"].tolist(), strict=True):
        texts.setdefault(doc_id, text)  # the first row of a doc_id, as drop_duplicates kept
    problems = []
    # .tolist(): iterating an Arrow-backed Series goes through pandas one value at a time (~4 µs each)
    columns = (metrics[name].tolist() for name in ("mention", "doc_id", "char_start", "char_end"))
    for mention, doc_id, start, end in zip(*columns, strict=True):
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
    by_doc = (
        documents.drop_duplicates("doc_id").set_index("doc_id") if _has_columns(documents, "doc_id") else pd.DataFrame()
    )
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
