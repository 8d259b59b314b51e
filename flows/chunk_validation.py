"""A chunk is validated where it was transformed (a worker), and the run's Data Docs are built there too.

Great Expectations costs ~4 s to import and ~0.15 s per suite per chunk, whatever the chunk's size;
done in the main process, between loads, it made the main process the run's bottleneck. A worker
validates its own chunk's frames instead, before they are staged: the stage holds only rows that
passed (quarantined metric rows removed), and the main process gets a small ``ChunkVerdict``.

Every worker of a run shares the data dir's GX file context (``quality/gx``). Opening it writes GX's
config, and the run's first chunk writes the suites: a lock file serialises that across processes, once
per worker and run. Validations themselves run side by side (each stores a result file of its own).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from expectations.docs import StoredResult
from expectations.suites import SUITE_TABLES
from expectations.validate import RunValidation
from warehouse.tables import frame_to_arrow


@dataclass(frozen=True)
class ChunkVerdict:
    """What validating a chunk found: counts per suite, failures in words, quarantined metric rows."""

    success: bool
    suites: dict[str, dict] = field(default_factory=dict)
    critical: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)  # {"source_uri", "stage", "reason", "raw_path"}
    stored: list[StoredResult] = field(default_factory=list)  # the chunk's results in GX's store


# The GX context of the run a worker is validating, opened on its first chunk (one run at a time:
# a new run drops the previous one's).
_open: dict[tuple[str, str], RunValidation] = {}


def run_validation(quality_dir: str, run_id: str) -> RunValidation:
    """This process's validation of the run (GX context opened once per worker and run)."""
    key = (quality_dir, run_id)
    if key not in _open:
        _open.clear()
        _open[key] = RunValidation(Path(quality_dir), run_id)
    return _open[key]


@contextmanager
def gx_lock(quality_dir: str) -> Iterator[None]:
    """Exclusive use of the data dir's GX context, across processes."""
    path = Path(quality_dir) / "gx.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def validated_tables(
    tables: dict[str, pa.Table], quality_dir: str, run_id: str
) -> tuple[dict[str, pa.Table], ChunkVerdict]:
    """The chunk's document tables as validated (quarantined metric rows removed), and the verdict."""
    frames = {name: tables[name].to_pandas() for name in SUITE_TABLES}
    validation = run_validation(quality_dir, run_id)
    if not validation.prepared:
        with gx_lock(quality_dir):
            validation.prepare()
    result = validation.validate(frames)
    validated = {name: frame_to_arrow(name, result.frames[name]) for name in SUITE_TABLES}
    verdict = ChunkVerdict(
        result.success, result.suites, result.critical_failures, result.warnings, result.rejects, result.stored
    )
    return validated, verdict


def build_quality_docs(quality_dir: str, run_id: str, totals: RunValidation) -> str | None:
    """Data Docs for the run, with ``totals`` (every chunk's verdicts) on top; None if nothing was validated."""
    with gx_lock(quality_dir):
        here = run_validation(quality_dir, run_id)
        here.take_totals(totals)
        index = here.finish()
    return str(index) if index else None


def build_quality_pages(quality_dir: str, run_id: str, stored: list[StoredResult]) -> str | None:
    """Data Docs' pages for the run's stored results, without the totals (``put_quality_totals``)."""
    if not stored:
        return None
    with gx_lock(quality_dir):
        index = run_validation(quality_dir, run_id).build_pages(stored)
    return str(index)


def put_quality_totals(index: str | None, totals: RunValidation) -> str | None:
    """The run's totals on top of the pages ``build_quality_pages`` built (no GX here); the index."""
    if index is None:
        return None
    with gx_lock(str(totals.quality_dir)):
        totals.put_totals(Path(index))
    return index
