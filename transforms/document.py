"""One input through every transform: bytes -> cleaned text -> document, sections, metrics, keywords.

The flow calls the three stages separately (so each is a task and a failure names its stage);
``process_document`` chains them for tests, benchmarks and ad-hoc use.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from transforms.clean import clean_text
from transforms.decode import decode_bytes
from transforms.dedup import document_id, fingerprint, normalised_for_identity
from transforms.keywords import extract_keywords
from transforms.metadata import extract_metadata
from transforms.metrics import extract_metrics, is_target_wording
from transforms.nlp import Segmentation, segment
from transforms.page import extract_page
from transforms.records import (
    CleanText,
    DocumentMeta,
    Keyword,
    Metric,
    Page,
    Section,
    TransformError,
)
from transforms.sections import innermost_section, parse_sections

MIN_BODY_CHARS = 50  # below this there is no report left to understand, only furniture


@dataclass(frozen=True)
class Prepared:
    """After the clean stage."""

    page: Page
    clean: CleanText


@dataclass(frozen=True)
class Understood:
    """After the understand stage."""

    doc_id: str
    fingerprint: str
    meta: DocumentMeta
    clean: CleanText
    sections: list[Section]
    keywords: list[Keyword]
    # The document's one jieba pass over ``clean.text``: tokens with their offsets (``.tokens``,
    # ``.starts``, ``.ends``), from which sections' topics and keywords were derived; search terms
    # and anything else that needs tokens use it instead of segmenting again.
    segmentation: Segmentation


def prepare(data: bytes, *, is_html: bool, declared_charset: str | None = None) -> Prepared:
    """Decode, take the main text out of the page, clean it."""
    text = decode_bytes(data, declared_charset=declared_charset, is_html=is_html)
    page = extract_page(text, is_html=is_html)
    clean = clean_text(page.body)
    if len(clean.text.strip()) < MIN_BODY_CHARS:
        raise TransformError("clean", f"only {len(clean.text.strip())} characters of body text remain after removing page furniture")
    return Prepared(page=page, clean=clean)


def understand(prepared: Prepared, source_uri: str) -> Understood:
    """Identity, metadata, section tree, keywords; the text is segmented once, and sections (topic
    words) and keywords derive from that one segmentation."""
    text = prepared.clean.text
    normalised = normalised_for_identity(text)
    doc_id = document_id(text, normalised)
    meta = extract_metadata(text, prepared.page, source_uri)
    segmentation = segment(text)
    return Understood(
        doc_id=doc_id,
        fingerprint=f"{fingerprint(text, normalised):016x}",
        meta=meta,
        clean=prepared.clean,
        sections=parse_sections(text, doc_id, meta, segmentation),
        keywords=extract_keywords(text, segmentation=segmentation),
        segmentation=segmentation,
    )


def metric_rows(doc: Understood) -> list[dict]:
    """The document's metrics as ``metrics`` rows, each in its innermost section."""
    rows = []
    for metric in extract_metrics(doc.clean.text):
        section = innermost_section(doc.sections, metric.char_start)
        row = asdict(metric)
        del row["target_cue"]
        rows.append(
            {
                **row,
                "metric_id": f"{doc.doc_id}:{metric.char_start}-{metric.char_end}",
                "doc_id": doc.doc_id,
                "section_id": section.section_id if section else None,
                "is_target": is_target(metric, section),
            }
        )
    return rows


def is_target(metric: Metric, section: Section | None) -> bool:
    """A goal for the plan year: any figure of a plan section, or one worded as a goal elsewhere."""
    if section is not None and section.kind == "plan":
        return True
    if section is not None and section.kind == "review":
        return is_target_wording(metric.sentence, in_review=True)
    return metric.target_cue


def document_row(doc: Understood, *, source_uri: str, raw_path: str | None, run_id: str, loaded_at: object) -> dict:
    return {
        **asdict(doc.meta),
        "doc_id": doc.doc_id,
        "source_uri": source_uri,
        "char_count": len(doc.clean.text),
        "cleaned_text": doc.clean.text,
        "raw_path": raw_path,
        "cleaning_flags": ";".join(doc.clean.flags) or None,
        "fingerprint": doc.fingerprint,
        "run_id": run_id,
        "loaded_at": loaded_at,
    }


def section_rows(doc: Understood) -> list[dict]:
    return [{**asdict(s), "doc_id": doc.doc_id} for s in doc.sections]


def keyword_rows(doc: Understood) -> list[dict]:
    return [{**asdict(k), "doc_id": doc.doc_id} for k in doc.keywords]


def process_document(data: bytes, source_uri: str, *, is_html: bool, declared_charset: str | None = None) -> tuple[Understood, list[dict]]:
    """All stages for one input: the understood document and its metric rows."""
    doc = understand(prepare(data, is_html=is_html, declared_charset=declared_charset), source_uri)
    return doc, metric_rows(doc)
