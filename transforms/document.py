"""One input through every transform: bytes -> cleaned text -> document, sections, metrics, keywords.

The flow calls the three stages separately (so each is a task and a failure names its stage);
``process_document`` chains them for tests, benchmarks and ad-hoc use.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from transforms import keywords, nlp
from transforms.budget import DEFAULT_MAX_DOC_CHARS, byte_size_refusal, size_refusal
from transforms.clean import clean_text
from transforms.decode import decode_text
from transforms.dedup import document_id, fingerprint, normalised_for_identity
from transforms.keywords import extract_keywords
from transforms.metadata import compilation_parts, extract_metadata, is_compilation_page
from transforms.metrics import metric_fields
from transforms.nlp import Segmentation, segment
from transforms.page import extract_page
from transforms.records import CleanText, DocumentMeta, Keyword, Page, Section, TransformError, row_of
from transforms.sections import innermost_section, parse_sections
from transforms.targets import TargetReader

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


def warm() -> None:
    """Load what the transforms read on their first document (jieba's and jieba-rs's dictionaries, jieba's
    IDF table), e.g. once in the process the chunk workers are forked from."""
    nlp.warm()
    keywords.warm()


def prepare(
    data: bytes,
    *,
    is_html: bool,
    declared_charset: str | None = None,
    max_doc_chars: int | None = DEFAULT_MAX_DOC_CHARS,
) -> Prepared:
    """Decode, take the main text out of the page, clean it.

    A text longer than ``max_doc_chars`` (None: no cap) is rejected before any parsing; bytes
    replaced while decoding are flagged ``replaced_bytes:N`` on the cleaned text.
    """
    # No charset takes more than 4 bytes a character: far larger inputs are refused undecoded.
    too_large = byte_size_refusal(len(data), max_doc_chars)
    if too_large is not None:
        raise TransformError("decode", too_large)
    decoded = decode_text(data, declared_charset=declared_charset, is_html=is_html)
    too_large = size_refusal(len(decoded.text), max_doc_chars)
    if too_large is not None:
        raise TransformError("decode", too_large)
    page = extract_page(decoded.text, is_html=is_html)
    clean = clean_text(page.body)
    if decoded.flags:
        clean = replace(clean, flags=clean.flags + decoded.flags)
    if len(clean.text.strip()) < MIN_BODY_CHARS:
        raise TransformError(
            "clean", f"only {len(clean.text.strip())} characters of body text remain after removing page furniture"
        )
    return Prepared(page=page, clean=clean)


def reports_in(prepared: Prepared, source_uri: str) -> list[tuple[str, Prepared]]:
    """The page's reports with the URI each is known by: itself, or each report of a compilation
    (``…工作总结汇编``) as its own document, ``<uri>#part-<n>``, titled by its own title line."""
    if not is_compilation_page(prepared.clean.text, prepared.page):
        return [(source_uri, prepared)]
    parts = compilation_parts(prepared.clean.text)
    if not parts:
        return [(source_uri, prepared)]
    return [
        (
            f"{source_uri}#part-{number}",
            Prepared(
                page=replace(prepared.page, title=part.title),
                clean=replace(
                    prepared.clean,
                    text=prepared.clean.text[part.char_start : part.char_end].strip("\n"),
                    flags=(*prepared.clean.flags, "compilation_part"),
                ),
            ),
        )
        for number, part in enumerate(parts, 1)
        if len(prepared.clean.text[part.char_start : part.char_end].strip()) >= MIN_BODY_CHARS
    ] or [(source_uri, prepared)]


def understand(prepared: Prepared, source_uri: str) -> Understood:
    """Identity, metadata, section tree, keywords; the text is segmented once, and sections (topic
    words) and keywords derive from that one segmentation."""
    text = prepared.clean.text
    normalised = normalised_for_identity(text)
    doc_id = document_id(text, normalised)
    meta = extract_metadata(text, prepared.page, source_uri)
    clean = prepared.clean
    if is_compilation_page(text, prepared.page):  # several bodies' reports in one page: no single org
        clean = replace(clean, flags=(*clean.flags, "compilation"))
    segmentation = segment(text)
    return Understood(
        doc_id=doc_id,
        fingerprint=f"{fingerprint(text, normalised):016x}",
        meta=meta,
        clean=clean,
        sections=parse_sections(text, doc_id, meta, segmentation),
        keywords=extract_keywords(text, segmentation=segmentation),
        segmentation=segmentation,
    )


def metric_rows(doc: Understood) -> list[dict]:
    """The document's metrics as ``metrics`` rows, each in its innermost section."""
    rows = metric_fields(doc.clean.text, target_cue=False)  # each Metric's fields: the row starts as them
    starts = [row["char_start"] for row in rows]
    targets = TargetReader(doc.clean.text, doc.meta, starts)
    for row, section in zip(rows, _innermost_sections(doc.sections, starts)):
        row["metric_id"] = f"{doc.doc_id}:{row['char_start']}-{row['char_end']}"
        row["doc_id"] = doc.doc_id
        row["section_id"] = section.section_id if section else None
        row["is_target"] = targets.is_target_at(row["char_start"], row["period"], section)
    return rows


def _innermost_sections(sections: list[Section], offsets: list[int]) -> list[Section | None]:
    """``innermost_section`` at each offset, looked up once per stretch between section bounds
    (the sections holding an offset change only there)."""
    bounds = sorted({s.char_start for s in sections} | {s.char_end for s in sections})
    by_stretch: dict[int, Section | None] = {}
    out = []
    for offset in offsets:
        stretch = bisect.bisect_right(bounds, offset)
        if stretch not in by_stretch:
            by_stretch[stretch] = innermost_section(sections, offset)
        out.append(by_stretch[stretch])
    return out


def document_row(doc: Understood, *, source_uri: str, raw_path: str | None, run_id: str, loaded_at: object) -> dict:
    return {
        **row_of(doc.meta),
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
    return [{**row_of(s), "doc_id": doc.doc_id} for s in doc.sections]


def keyword_rows(doc: Understood) -> list[dict]:
    return [{**row_of(k), "doc_id": doc.doc_id} for k in doc.keywords]


def process_document(
    data: bytes, source_uri: str, *, is_html: bool, declared_charset: str | None = None
) -> tuple[Understood, list[dict]]:
    """All stages for one input: the understood document and its metric rows."""
    doc = understand(prepare(data, is_html=is_html, declared_charset=declared_charset), source_uri)
    return doc, metric_rows(doc)
