"""One schema per table, used by the Parquet writer, the validator and the DuckDB loader.

The contract columns come from ``shared/spec/WAREHOUSE.md``; columns after them are ours.
"""

from __future__ import annotations

import pyarrow as pa

from warehouse.descriptions import COLUMN_DESCRIPTIONS, TABLE_DESCRIPTIONS

TS = pa.timestamp("us", tz="UTC")

DOCUMENTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("org_name", pa.string()),
        pa.field("org_level", pa.string()),
        pa.field("province", pa.string()),
        pa.field("city", pa.string()),
        pa.field("district", pa.string()),
        pa.field("review_year", pa.int32()),
        pa.field("plan_year", pa.int32()),
        pa.field("published_date", pa.date32()),
        pa.field("publisher", pa.string()),
        pa.field("index_no", pa.string()),
        pa.field("char_count", pa.int32(), nullable=False),
        pa.field("cleaned_text", pa.string(), nullable=False),
        # ours: provenance and what cleaning noticed
        pa.field("raw_path", pa.string()),
        pa.field("cleaning_flags", pa.string()),  # ';'-joined, e.g. "censor_artifact"
        pa.field("fingerprint", pa.string()),  # 64-bit simhash (hex) of the text, for near-duplicates
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("loaded_at", TS, nullable=False),
    ]
)

SECTIONS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("section_id", pa.string(), nullable=False),
        pa.field("parent_id", pa.string()),
        pa.field("level", pa.int32(), nullable=False),
        pa.field("heading", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("topic", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
    ]
)

METRICS = pa.schema(
    [
        pa.field("metric_id", pa.string(), nullable=False),
        pa.field("indicator", pa.string()),  # headline indicator code (INDICATORS.md), null for most
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("section_id", pa.string()),
        pa.field("mention", pa.string(), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("subject", pa.string()),
        pa.field("period", pa.string()),
        pa.field("is_target", pa.bool_(), nullable=False),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
    ]
)

KEYWORDS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("term", pa.string(), nullable=False),
        pa.field("weight", pa.float64(), nullable=False),
        pa.field("frequency", pa.int32(), nullable=False),
    ]
)

# Search terms per document (transforms/terms.py), for BM25 ranking in SQL (warehouse/search.py).
DOC_TERMS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("term", pa.string(), nullable=False),
        pa.field("tf", pa.int32(), nullable=False),
        pa.field("doc_length", pa.int32(), nullable=False),
    ]
)

REJECTS = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("raw_path", pa.string()),
        pa.field("rejected_at", TS, nullable=False),
    ]
)

PIPELINE_RUNS = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("flow_run_id", pa.string()),
        pa.field("started_at", TS, nullable=False),
        pa.field("finished_at", TS),
        pa.field("status", pa.string(), nullable=False),  # running | completed | failed | aborted
        pa.field("n_sources", pa.int32()),
        pa.field("n_documents", pa.int32()),
        pa.field("n_metrics", pa.int32()),
        pa.field("n_rejects", pa.int32()),
        pa.field("validation_success", pa.bool_()),
        pa.field("data_docs_path", pa.string()),
        # ours: why a run failed, and per-suite results as JSON for `jiedao quality`
        pa.field("message", pa.string()),
        pa.field("validation_json", pa.string()),
        # ours: where every input went (n_sources = inputs named; n_seen = files and pages found)
        pa.field("n_seen", pa.int32()),
        pa.field("n_same_report", pa.int32()),
        pa.field("n_not_report", pa.int32()),
        pa.field("n_unchanged", pa.int32()),
        pa.field("pid", pa.int32()),  # of the process running it, to tell a crashed run from a live one
    ]
)

DOCUMENT_SOURCES = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("raw_path", pa.string()),
        pa.field("relation", pa.string(), nullable=False),  # first | same_text | republished
        pa.field("run_id", pa.string(), nullable=False),  # the run that first saw it
        # ours: the input's bytes (sha256), so an unchanged input is skipped before decoding
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("seen_at", TS, nullable=False),
        pa.field("last_run_id", pa.string()),  # the newest run that saw it (unchanged inputs included)
    ]
)

NEAR_DUPLICATES = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("other_doc_id", pa.string(), nullable=False),
        pa.field("similarity", pa.float64(), nullable=False),
        pa.field("same_org", pa.bool_(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# Crawled pages that are not reports (listings, notices): the third fate of an input, with
# document_sources and rejects.
NOT_REPORTS = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("seen_at", TS, nullable=False),
    ]
)

# Ours, internal: what identity decisions need about a loaded document (transforms/identity.py).
DOCUMENT_SIGNATURES = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("figures_key", pa.string(), nullable=False),
        pa.field("signature", pa.binary(), nullable=False),
    ]
)

# Ours: one row per committed load (a chunk), in the same transaction; the lake records the count
# it was published at, so a lake behind the warehouse (a run killed after a commit) is noticed.
LOADS = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("chunk", pa.int32(), nullable=False),
        pa.field("n_documents", pa.int32(), nullable=False),
        pa.field("loaded_at", TS, nullable=False),
    ]
)

# Tables keyed by document: a re-run replaces a document's rows instead of adding to them.
TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "sections": SECTIONS,
    "metrics": METRICS,
    "keywords": KEYWORDS,
    "doc_terms": DOC_TERMS,
    "rejects": REJECTS,
    "pipeline_runs": PIPELINE_RUNS,
    "document_sources": DOCUMENT_SOURCES,
    "near_duplicates": NEAR_DUPLICATES,
    "document_signatures": DOCUMENT_SIGNATURES,
    "not_reports": NOT_REPORTS,
    "loads": LOADS,
}
# Tables whose rows belong to one document: loading a document replaces all of them.
DOCUMENT_TABLES = ("documents", "sections", "metrics", "keywords", "doc_terms", "document_signatures")
# Tables the lake holds: the document tables but the search index and signatures, and the run-level tables.
LAKE_TABLES = (
    "documents",
    "sections",
    "metrics",
    "keywords",
    "document_sources",
    "near_duplicates",
    "rejects",
    "not_reports",
    "pipeline_runs",
)
PRIMARY_KEYS = {
    "documents": ("doc_id",),
    "sections": ("section_id",),
    "metrics": ("metric_id",),
    "keywords": ("doc_id", "term"),
    "doc_terms": ("doc_id", "term"),
    "pipeline_runs": ("run_id",),
    "document_sources": ("doc_id", "source_uri"),
    "near_duplicates": ("doc_id", "other_doc_id"),
    "document_signatures": ("doc_id",),
}

# Keys of the tables with many rows per document, checked by the loader (warehouse/load.py:
# check_keys) instead of being declared to DuckDB. An inserted row is checked against DuckDB's index of
# the whole table, which is loaded for it and cannot be spilled: at 20,000 reports those indexes held
# 140 MB of every chunk's load (280 MB at 80,000, growing with the corpus until a load would no longer
# fit DuckDB's memory cap) and slowed it by ~0.3 s. The loader checks that a chunk's keys are unique and
# belong to their own document; the documents key, and the deletion of a reloaded document's rows,
# keep them unique across the warehouse.
KEYS_NOT_ENFORCED = {
    "sections": "~15 rows per report; section_id is '<doc_id>:s<n>'",
    "metrics": "~90 rows per report; metric_id is '<doc_id>:<start>-<end>'",
    "keywords": "20 rows per report; the key holds doc_id",
    "doc_terms": "~400 rows per report: its index made loading it 6x slower and deleting a report's rows 14x slower",
}

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.binary(): "BLOB",
    TS: "TIMESTAMPTZ",
}


def column_sql(f: pa.Field, *, nullable: bool = False) -> str:
    """``name TYPE [NOT NULL]`` of one column."""
    return f"{f.name} {_DUCKDB_TYPES[f.type]}{'' if f.nullable or nullable else ' NOT NULL'}"


def create_table_sql(name: str, *, as_name: str | None = None) -> str:
    """DuckDB DDL for one table (created as ``as_name`` if given), derived from its pyarrow schema."""
    cols = [column_sql(f) for f in TABLES[name]]
    if name in PRIMARY_KEYS and name not in KEYS_NOT_ENFORCED:
        cols.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[name])})")
    return f"CREATE TABLE IF NOT EXISTS {as_name or name} (\n  " + ",\n  ".join(cols) + "\n)"


# --- data dictionary: what each table and column holds ------------------------------------------
# The descriptions live in warehouse/descriptions.py; applied below as pyarrow field metadata
# ("description"), as DuckDB comments by the DDL (``comment_statements``), and rendered into
# docs/DATA.md (``warehouse/dictionary.py``).


def described(name: str, schema: pa.Schema) -> pa.Schema:
    """``schema`` with each field's description (``COLUMN_DESCRIPTIONS``) as field metadata and the
    table's as schema metadata. A column without a description gets none (a test reports it)."""
    columns = COLUMN_DESCRIPTIONS.get(name, {})
    fields = [
        f.with_metadata({**(f.metadata or {}), b"description": columns[f.name].encode()}) if f.name in columns else f
        for f in schema
    ]
    table = TABLE_DESCRIPTIONS.get(name)
    return pa.schema(fields, metadata={b"description": table.encode()} if table else None)


TABLES.update({name: described(name, schema) for name, schema in TABLES.items()})


def description(field: pa.Field) -> str | None:
    """The description of a field (from its metadata), or None."""
    raw = (field.metadata or {}).get(b"description")
    return raw.decode() if raw else None


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def comment_statements(name: str) -> list[str]:
    """``COMMENT ON TABLE`` and ``COMMENT ON COLUMN`` statements of one table, from its schema."""
    schema = TABLES[name]
    statements = []
    table = (schema.metadata or {}).get(b"description")
    if table:
        statements.append(f"COMMENT ON TABLE {name} IS {sql_string(table.decode())}")
    for f in schema:
        text = description(f)
        if text:
            statements.append(f"COMMENT ON COLUMN {name}.{f.name} IS {sql_string(text)}")
    return statements


# --- stored copies of the heavy views (warehouse/derived.py), refreshed when a run ends ------------
# Kept apart from the tables above: nothing loads them, warehouse.derived.refresh fills them from
# the views (same columns, in the same order), and readers use them only while derived_state says
# they are current.

DERIVED_INDICATOR_PANEL = pa.schema(
    [
        pa.field("org_name", pa.string()),
        pa.field("district", pa.string()),
        pa.field("province", pa.string()),
        pa.field("city", pa.string()),
        pa.field("year", pa.int32()),
        pa.field("indicator", pa.string()),
        pa.field("unit", pa.string()),
        pa.field("result_value", pa.float64()),
        pa.field("growth", pa.float64()),
        pa.field("target_value", pa.float64()),
        pa.field("growth_target", pa.float64()),
        pa.field("doc_id", pa.string()),
    ]
)
DERIVED_PLAN_VS_RESULT = pa.schema(
    [
        pa.field("org_name", pa.string()),
        pa.field("district", pa.string()),
        pa.field("indicator", pa.string()),
        pa.field("plan_year", pa.int32()),
        pa.field("target_value", pa.float64()),
        pa.field("target_qualifier", pa.string()),
        pa.field("unit", pa.string()),
        pa.field("result_value", pa.float64()),
        pa.field("result_qualifier", pa.string()),
        pa.field("met", pa.bool_()),
        pa.field("target_metric_id", pa.string()),
        pa.field("result_metric_id", pa.string()),
        pa.field("target_sentence", pa.string()),
        pa.field("result_sentence", pa.string()),
        pa.field("target_doc_id", pa.string()),
        pa.field("result_doc_id", pa.string()),
    ]
)
DERIVED_STATE = pa.schema(
    [
        pa.field("name", pa.string(), nullable=False),
        pa.field("version", pa.string(), nullable=False),
        pa.field("n_rows", pa.int64(), nullable=False),
        pa.field("refreshed_at", TS, nullable=False),
        pa.field("seconds", pa.float64(), nullable=False),
    ]
)
DERIVED_TABLES = {
    "derived_indicator_panel": DERIVED_INDICATOR_PANEL,
    "derived_plan_vs_result": DERIVED_PLAN_VS_RESULT,
    "derived_state": DERIVED_STATE,
}
TABLES.update({name: described(name, schema) for name, schema in DERIVED_TABLES.items()})
