"""What a run did, as the CLI prints it and ``pipeline_runs`` records it."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger("jiedao")


@dataclass
class RunSummary:
    """What the CLI prints and `pipeline_runs` records. ``n_seen`` = the sum of the fates after it."""

    run_id: str
    status: str = "running"  # completed | failed | locked (another run holds the data dir)
    n_sources: int = 0
    n_seen: int = 0
    n_documents: int = 0  # documents loaded by this run
    n_loaded: int = 0  # inputs that gave them (a compilation page gives one document per report)
    n_same_report: int = 0  # inputs that joined a document (same text, or republished)
    n_rejected: int = 0  # inputs rejected (read, decode, clean, validation of their chunk)
    n_not_report: int = 0  # crawled pages that are not reports
    n_unchanged: int = 0  # inputs whose bytes were loaded before
    n_metrics: int = 0
    n_rejects: int = 0  # rows added to `rejects` (rejected inputs and quarantined metric rows)
    n_near_duplicates: int = 0
    n_chunks_failed: int = 0
    not_loaded: list[str] = field(default_factory=list)  # source_uris rejected by this run
    reject_reasons: Counter = field(default_factory=Counter)  # reason kind -> inputs rejected for it
    n_replaced_bytes: int = 0  # documents loaded with a few undecodable bytes replaced
    validation_success: bool | None = None
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str | None = None
    data_docs_path: str | None = None
    validation_json: str | None = None  # per-suite results, for `jiedao quality`

    def accounted(self) -> int:
        return self.n_loaded + self.n_same_report + self.n_rejected + self.n_not_report + self.n_unchanged


def stage_done(stage: str, note: str) -> None:
    """The one line a stage prints when it has finished."""
    log.info("%-10s %s", stage, note)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def run_fields(summary: RunSummary) -> dict:
    return {
        "status": summary.status,
        "n_seen": summary.n_seen,
        "n_documents": summary.n_documents,
        "n_same_report": summary.n_same_report,
        "n_not_report": summary.n_not_report,
        "n_unchanged": summary.n_unchanged,
        "n_metrics": summary.n_metrics,
        "n_rejects": summary.n_rejects,
        "validation_success": summary.validation_success,
        "data_docs_path": summary.data_docs_path,
        "message": summary.message,
        "validation_json": summary.validation_json,
    }
