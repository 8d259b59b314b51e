"""One schema per table, used by the Parquet writer, the validator and the DuckDB loader.

The contract columns come from ``shared/spec/WAREHOUSE.md``; columns after them are ours.
"""

from __future__ import annotations

import pyarrow as pa

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
    "doc_terms": ("doc_id", "term"),  # unique by construction (transforms/terms.py); see KEYS_NOT_ENFORCED
    "pipeline_runs": ("run_id",),
    "document_sources": ("doc_id", "source_uri"),
    "near_duplicates": ("doc_id", "other_doc_id"),
    "document_signatures": ("doc_id",),
}

# Keys that are not declared as constraints in DuckDB: doc_terms has ~400 rows per document, and its
# index made loading it 6x slower and deleting a document's rows 14x slower (2,000 reports, 840k rows).
KEYS_NOT_ENFORCED = ("doc_terms",)

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


def create_table_sql(name: str) -> str:
    """DuckDB DDL for one table, derived from its pyarrow schema."""
    cols = [column_sql(f) for f in TABLES[name]]
    if name in PRIMARY_KEYS and name not in KEYS_NOT_ENFORCED:
        cols.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[name])})")
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  " + ",\n  ".join(cols) + "\n)"


# --- data dictionary: what each table and column holds ------------------------------------------
# The one source of the descriptions: applied below as pyarrow field metadata ("description"), as
# DuckDB comments by the DDL (``comment_statements``), and rendered into docs/DATA.md
# (``warehouse/dictionary.py``). A new column needs a line here; a test fails until it has one.

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per distinct report: who reported, where, for which years, and its cleaned text.",
    "sections": "The numbered outline of each report (一、/（一）/1. ...): one row per heading, with its span, kind and topic.",
    "metrics": "One row per metric mention (a figure with its unit) in a report's cleaned text, as defined in METRICS.md.",
    "keywords": "The jieba TF-IDF keywords of each report.",
    "doc_terms": "Search terms of each report (jieba tokens and the dictionary words inside them, without stop words, "
    "punctuation or bare figures) with their counts: what `jiedao search` ranks with BM25.",
    "rejects": "Inputs, documents and rows that could not be processed or loaded, and why.",
    "pipeline_runs": "One row per pipeline run: counts, outcome and data-quality result.",
    "document_sources": "Every place a document was found: one row per input file or URL whose text became the document.",
    "near_duplicates": "Pairs of distinct documents whose texts are nearly the same (e.g. a report copied from one street to another).",
    "document_signatures": "Internal: what identity decisions need about a loaded document (figures key, MinHash signature).",
    "loads": "One row per committed load of a chunk of documents, so a lake behind the warehouse is noticed.",
    "not_reports": "Crawled pages that are not reports (listings, notices, news): with document_sources and rejects, "
    "every input has a fate.",
}

COLUMN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "Stable id of the report derived from its cleaned text: the same report found in two places gets the same id.",
        "source_uri": "Where the report was first found: file:///... or https://...",
        "title": "The report's title; null when none can be found.",
        "org_name": "The reporting body (白杨街道, 颛桥镇) in simplified characters; null when masked or unknown.",
        "org_level": "Level of the reporting body: 街道, 镇 or 乡; null when unknown.",
        "province": "Province, full official name in simplified characters (浙江省); null when not determinable.",
        "city": "City (prefecture level), full official name (杭州市); null when not determinable.",
        "district": "District or county, full official name (钱塘区); null when not determinable.",
        "review_year": "The year whose work the report reviews (a 2023年政府工作报告 reviews 2022).",
        "plan_year": "The year its plan or targets cover; null when the report has no plan part.",
        "published_date": "Publication date stated on the page; null when absent.",
        "publisher": "发布机构 / 信息来源 / 来源 as stated on the page.",
        "index_no": "索引号 of a government information-disclosure page.",
        "char_count": "Length of cleaned_text in characters.",
        "cleaned_text": "The cleaned body text; every char_start/char_end of the warehouse refers to it.",
        "raw_path": "Where the input's bytes were kept under the data dir's raw/ folder.",
        "cleaning_flags": "What cleaning noticed, ';'-joined (e.g. censor_artifact); null when nothing.",
        "fingerprint": "64-bit simhash of the text (16 hex digits), for finding near-duplicates.",
        "run_id": "The run that loaded this version of the report (→ pipeline_runs).",
        "loaded_at": "When this version was loaded (UTC).",
    },
    "sections": {
        "doc_id": "The report (→ documents).",
        "section_id": "Unique id of the section in the warehouse.",
        "parent_id": "The enclosing section; null at the top level.",
        "level": "Depth in the outline: 1 for 一、, 2 for （一）, 3 for 1. or 一是, ...",
        "heading": "Heading text without its number.",
        "kind": "review (work done), plan (work to come) or other (preamble, closing).",
        "topic": "Topic of the section, from the topic vocabulary; metrics inherit it.",
        "char_start": "Start of the section in documents.cleaned_text (0-based character offset).",
        "char_end": "End of the section in documents.cleaned_text (exclusive character offset).",
    },
    "metrics": {
        "metric_id": "Stable id: the same report and mention position give the same id (doc_id:start-end).",
        "indicator": "Headline indicator code (INDICATORS.md; vocabulary in transforms/data/indicators.tsv), e.g. fixed_asset_investment; null for most metrics.",
        "doc_id": "The report (→ documents).",
        "section_id": "Innermost section containing the mention (→ sections); null outside the outline.",
        "mention": "The quantity exactly as written: number, multiplier, unit and a glued qualifier (7400余万元).",
        "value": "The number with every multiplier applied (7400余万元 → 74000000); a decrease as a change is negative.",
        "unit": "Canonical unit (元 for money, % for percent, measure words as written); '' for a bare number.",
        "qualifier": "exact, over (余/超过/以上), nearly (近), about (约/左右) or under (不足/以下).",
        "kind": "count, money, ratio, growth, rank or measure (see the vocabulary).",
        "subject": "The shortest phrase of the sentence naming what is measured; for a growth rate, the quantity that grew.",
        "period": "The time span the figure covers when the sentence states it (1-11月, 全年); null otherwise.",
        "is_target": "True when the figure is a goal for the plan year rather than a result.",
        "sentence": "The sentence the mention was found in.",
        "char_start": "Start of mention in documents.cleaned_text (0-based character offset).",
        "char_end": "End of mention in documents.cleaned_text (exclusive character offset).",
    },
    "keywords": {
        "doc_id": "The report (→ documents).",
        "term": "The keyword.",
        "weight": "Its TF-IDF weight in this report.",
        "frequency": "Occurrences of the keyword in the cleaned text.",
    },
    "doc_terms": {
        "doc_id": "The report (→ documents).",
        "term": "A search term, in lower case.",
        "tf": "How often the term occurs in the report (its term frequency).",
        "doc_length": "Number of terms of the report (sum of its tf): the document length of BM25.",
    },
    "rejects": {
        "run_id": "The run that rejected it (→ pipeline_runs).",
        "source_uri": "The input: file:///... or https://...",
        "stage": "Where it failed: fetch, decode, clean, extract, validate, ...",
        "reason": "Why, in a sentence a person understands.",
        "raw_path": "Where the raw bytes were kept, so nothing is lost.",
        "rejected_at": "When it was rejected (UTC).",
    },
    "pipeline_runs": {
        "run_id": "Id of the run (UTC start time and a random suffix).",
        "flow_run_id": "Prefect's id of the flow run.",
        "started_at": "When the run started (UTC).",
        "finished_at": "When the run ended (UTC); null while running.",
        "status": "running, completed, failed or aborted.",
        "n_sources": "Sources given to the run (files, folders, URLs).",
        "n_documents": "Documents loaded by the run.",
        "n_metrics": "Metric rows loaded by the run.",
        "n_rejects": "Reject rows written by the run.",
        "validation_success": "Whether the batch passed the critical data-quality expectations.",
        "data_docs_path": "Path of the Great Expectations Data Docs of the run.",
        "message": "Why the run failed; null when it completed.",
        "validation_json": "Per-suite data-quality results as JSON (read by `jiedao quality`).",
        "n_seen": "Files and pages the run found (a folder counts each file in it).",
        "n_same_report": "Inputs that were a report already loaded (same text or republished).",
        "n_not_report": "Inputs that were no report (crawled pages that are not reports).",
        "n_unchanged": "Inputs skipped because their bytes had not changed since an earlier run.",
        "pid": "Process id of the run, to tell a crashed run from a live one.",
    },
    "document_sources": {
        "doc_id": "The document this input's text became (→ documents).",
        "source_uri": "A file or URL the document's text came from.",
        "raw_path": "The raw bytes as received, under the data dir's raw/ folder.",
        "relation": "first (documents.source_uri), same_text (identical cleaned text) or republished (same report with other page furniture).",
        "run_id": "The run that first saw this input (→ pipeline_runs).",
        "content_hash": "SHA-256 of the input's bytes, so an unchanged input is skipped before decoding.",
        "seen_at": "When the input was first seen (UTC).",
        "last_run_id": "The newest run that saw this input, unchanged inputs included.",
    },
    "near_duplicates": {
        "doc_id": "One document of the pair (→ documents); doc_id < other_doc_id.",
        "other_doc_id": "The other document of the pair (→ documents).",
        "similarity": "How much of the text the two share, 0-1 (Jaccard of the cleaned texts' 4-character shingles, "
        "estimated by MinHash).",
        "same_org": "Whether both documents name the same organisation.",
        "run_id": "The run that linked the pair (→ pipeline_runs).",
    },
    "document_signatures": {
        "doc_id": "The document (→ documents).",
        "figures_key": "Digest of the multiset of the document's (value, unit) figures: equal only when every figure is, "
        "to tell a republished report from a different one.",
        "signature": "MinHash signature (64 uint32) of the cleaned text's shingles, for finding near-duplicates.",
    },
    "not_reports": {
        "run_id": "The run that found the page (→ pipeline_runs).",
        "source_uri": "The page's URL.",
        "reason": "Why it is not a report.",
        "seen_at": "When it was seen (UTC).",
    },
    "loads": {
        "run_id": "The run (→ pipeline_runs).",
        "chunk": "Number of the chunk within the run.",
        "n_documents": "Documents committed by this load.",
        "loaded_at": "When the load was committed (UTC).",
    },
}


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
TABLE_DESCRIPTIONS.update(
    {
        "derived_indicator_panel": "v_indicator_panel stored as a table when a run ends, ordered by indicator: what "
        "the reading room reads while derived_state says it is current. Query the view for the live answer.",
        "derived_plan_vs_result": "plan_vs_result stored as a table when a run ends, with the reports of each target "
        "and result: what the reading room reads while derived_state says it is current. Query the view for the live "
        "answer.",
        "derived_state": "When each derived_ table was last filled, and at which version of the warehouse: a copy "
        "is current while its version is the warehouse's (warehouse/derived.py).",
    }
)
COLUMN_DESCRIPTIONS.update(
    {
        "derived_indicator_panel": {
            "org_name": "The reporting body.",
            "district": "Its district or county.",
            "province": "Its province.",
            "city": "Its city.",
            "year": "The year the figures are for: review_year of a result, plan_year of a target.",
            "indicator": "Headline indicator code (INDICATORS.md).",
            "unit": "Canonical unit of result_value and target_value; null on a row that has only growth figures.",
            "result_value": "The year's whole-year result, in unit; null if not stated.",
            "growth": "The year's growth of the indicator in percent, when stated.",
            "target_value": "The target set for that year, in unit (from the previous year's plan).",
            "growth_target": "The growth target in percent set for that year, when stated.",
            "doc_id": "The report giving the result (or the growth, when only that is stated); null on a target-only "
            "row.",
        },
        "derived_plan_vs_result": {
            "org_name": "The reporting body that set the target.",
            "district": "Its district; a result must come from the same org_name and district.",
            "indicator": "Headline indicator code (INDICATORS.md).",
            "plan_year": "The year the target is set for (documents.plan_year of the target's report).",
            "target_value": "The target's value, in unit.",
            "target_qualifier": "The target's qualifier: under makes it a ceiling.",
            "unit": "Canonical unit of target and result (they must agree).",
            "result_value": "The whole-year result reported for plan_year, null if no report states one.",
            "result_qualifier": "The result's qualifier, null without a result.",
            "met": "Result reaches the target (plan_vs_result.met); null without a result.",
            "target_metric_id": "metrics.metric_id of the target.",
            "result_metric_id": "metrics.metric_id of the result, null without one.",
            "target_sentence": "The sentence stating the target.",
            "result_sentence": "The sentence stating the result, null without one.",
            "target_doc_id": "The report stating the target (→ documents).",
            "result_doc_id": "The report stating the result (→ documents), null without one.",
        },
        "derived_state": {
            "name": "The derived_ table.",
            "version": "The warehouse's version when it was filled: loads, documents and metrics counted, and the "
            "newest documents.loaded_at (warehouse.derived.warehouse_version).",
            "n_rows": "Rows it was filled with.",
            "refreshed_at": "When it was filled (UTC).",
            "seconds": "How long filling it took.",
        },
    }
)
DERIVED_TABLES = {
    "derived_indicator_panel": DERIVED_INDICATOR_PANEL,
    "derived_plan_vs_result": DERIVED_PLAN_VS_RESULT,
    "derived_state": DERIVED_STATE,
}
TABLES.update({name: described(name, schema) for name, schema in DERIVED_TABLES.items()})
