"""What each warehouse table and column holds: the data dictionary, one line per column.

The one source of the descriptions: ``warehouse.schema`` applies them as pyarrow field metadata
("description") and as DuckDB comments (``comment_statements``), and ``warehouse/dictionary.py``
renders them into docs/DATA.md. A new column of ``warehouse/schema.py`` needs a line here; a test
fails until it has one.
"""

from __future__ import annotations

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
        "flow_run_id": "Prefect's id of the flow run; null for a run that found nothing to process and was recorded without Prefect.",
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


# the stored copies of the heavy views (warehouse/derived.py)
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
