"""What every source adapter hands to the pipeline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SourceDocument:
    """One input exactly as received, with what the transport said about it."""

    source_uri: str  # file:///abs/path or https://host/path
    data: bytes
    is_html: bool
    declared_charset: str | None = None  # from an HTTP Content-Type header, if any
    raw_path: str | None = None  # where the bytes were kept under DIR/raw
    fetched_at: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceReject:
    """An input that could not be read or fetched; becomes a row of `rejects`."""

    source_uri: str
    stage: str  # fetch | read | decode | ...
    reason: str
    raw_path: str | None = None


@dataclass
class Ingested:
    """What an adapter returns: documents to process, inputs rejected, pages skipped (not reports)."""

    documents: list[SourceDocument] = field(default_factory=list)
    rejects: list[SourceReject] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # re-crawled pages that were not modified
    n_seen: int = 0  # local files seen (read or refused); every one of them has a fate

    def reject_counts(self) -> dict[str, int]:
        """How many inputs were refused per kind of reason (``unsupported type .pdf``: 3, ...), most first."""
        return dict(Counter(reason_kind(r.reason) for r in self.rejects).most_common())


def reason_kind(reason: str) -> str:
    """A reason without its particulars (symlink target, hints after ':'), for counting."""
    return reason.split(" (", 1)[0].split(":", 1)[0].strip()
