"""What the flow hands a worker for one chunk and gets back: paths, hashes, counts, never the data.

Kept apart from ``flows.chunks`` (the transforms a worker runs) so that the main process can list,
plan and skip inputs without importing the transforms: a re-run with nothing new never needs them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.chunk_validation import ChunkVerdict


@dataclass(frozen=True)
class InputRef:
    """One input: where it came from, where its bytes are now, and their SHA-256."""

    source_uri: str
    path: str  # the file to read (a local input itself, or a crawled page's kept raw bytes)
    content_hash: str
    is_html: bool
    declared_charset: str | None = None
    raw_path: str | None = None  # set when the bytes are already kept under raw/ (crawled pages)


@dataclass(frozen=True)
class ChunkSpec:
    """What a worker needs for one chunk: paths and ids, never the data."""

    run_id: str
    number: int
    inputs: tuple[InputRef, ...]
    raw_dir: str
    staging: str
    max_doc_chars: int
    quality_dir: str  # the data dir's GX context and Data Docs


@dataclass(frozen=True)
class ChunkOutcome:
    number: int
    staging: str
    n_inputs: int
    n_documents: int
    n_rejects: int
    seconds: float
    verdict: ChunkVerdict


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reject_row(run_id: str, source_uri: str, stage: str, reason: str, raw_path: str | None) -> dict:
    return {
        "run_id": run_id,
        "source_uri": source_uri,
        "stage": stage,
        "reason": reason,
        "raw_path": raw_path,
        "rejected_at": datetime.now(UTC),
    }


def now() -> datetime:
    return datetime.now(UTC)
