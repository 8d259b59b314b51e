"""Listing a run's inputs (files, folders, crawled pages) and deciding which need processing.

Only hashes and paths are kept in memory, never the inputs' bytes: a national corpus is listed in a
few tens of megabytes. An input whose bytes were loaded before from the same place is ``unchanged``
and skipped before decoding; the same bytes from a new place join the document they became, without
being processed again; ``force`` processes everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flows.adapters.base import SourceReject
from flows.adapters.local_files import list_files, looks_like_html, read_regular
from flows.chunk_spec import InputRef, content_hash, now, reject_row
from flows.paths import DataPaths


@dataclass
class Listing:
    """Everything a run was given: inputs to consider, inputs already rejected, pages that are not reports."""

    inputs: list[InputRef] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    not_reports: list[str] = field(default_factory=list)
    crawl_unchanged: list[str] = field(default_factory=list)  # answered 304 / same bytes as last crawl


@dataclass
class Plan:
    """What to do with each listed input."""

    todo: list[InputRef] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # source_uris
    copies: list[dict] = field(default_factory=list)  # document_sources rows: known bytes from a new place


def list_inputs(
    sources: list[str], paths: DataPaths, run_id: str, crawl_options: dict, progress: Callable[[str], None]
) -> Listing:
    """Local files (hashed, not kept in memory) and crawled report pages."""
    listing = Listing()
    urls = [s for s in sources if s.startswith(("http://", "https://"))]
    seen: set[str] = set()
    local = list_files([Path(s) for s in sources if s not in urls])  # every file a fate: read, or a reason
    listing.rejects += [source_reject_row(run_id, r) for r in local.rejects]
    for path, real_path in zip(local.files, local.real_paths, strict=True):
        uri = (real_path or path.resolve()).as_uri()
        if uri not in seen:
            seen.add(uri)
            add_local(listing, path, uri, run_id)
    if urls:
        add_crawled(listing, urls, paths, run_id, crawl_options, progress)
    return listing


def add_local(listing: Listing, path: Path, uri: str, run_id: str) -> None:
    try:
        data = read_regular(path)  # never blocks on a FIFO swapped in since the listing
    except OSError as exc:
        listing.rejects.append(reject_row(run_id, uri, "read", f"cannot read the file: {exc.strerror or exc}", None))
        return
    listing.inputs.append(InputRef(uri, str(path), content_hash(data), looks_like_html(path, data)))


def add_crawled(
    listing: Listing,
    urls: list[str],
    paths: DataPaths,
    run_id: str,
    crawl_options: dict,
    progress: Callable[[str], None],
) -> None:
    from flows.adapters.crawler import crawl

    crawled = crawl(
        urls, raw_dir=paths.raw, state_path=paths.raw / "crawl_state.json", progress=progress, **crawl_options
    )
    for doc in crawled.documents:
        listing.inputs.append(
            InputRef(
                doc.source_uri,
                doc.raw_path or "",
                content_hash(doc.data),
                doc.is_html,
                doc.declared_charset,
                doc.raw_path,
            )
        )
    listing.rejects += [source_reject_row(run_id, r) for r in crawled.rejects]
    listing.not_reports += crawled.skipped
    listing.crawl_unchanged += crawled.unchanged


def source_reject_row(run_id: str, reject: SourceReject) -> dict:
    return reject_row(run_id, reject.source_uri, reject.stage, reject.reason, reject.raw_path)


def plan_inputs(
    inputs: list[InputRef],
    known_inputs: dict[tuple[str, str], str],
    known_contents: dict[str, str],
    run_id: str,
    force: bool,
) -> Plan:
    """Split inputs into those to process, those unchanged since they were loaded, and known bytes from a new place."""
    plan = Plan()
    for ref in inputs:
        if force:
            plan.todo.append(ref)
        elif (ref.source_uri, ref.content_hash) in known_inputs:
            plan.unchanged.append(ref.source_uri)
        elif ref.content_hash in known_contents:
            plan.copies.append(
                {
                    "doc_id": known_contents[ref.content_hash],
                    "source_uri": ref.source_uri,
                    "raw_path": ref.raw_path,
                    "relation": "same_text",
                    "run_id": run_id,
                    "content_hash": ref.content_hash,
                    "seen_at": now(),
                    "last_run_id": run_id,
                }
            )
        else:
            plan.todo.append(ref)
    return plan


def chunked(items: list[InputRef], size: int) -> list[tuple[InputRef, ...]]:
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


# Chunk sizes when the user sets none. Validation costs ~1 s per chunk whatever its size, so larger
# chunks are cheaper, while a worker's memory grows ~0.3 MB per input of its chunk; and each worker
# should get more than one chunk, so that the main process loads one while the workers transform the
# next. Two per worker, not four: at 2,000 reports and 2 workers, 4 chunks of 500 instead of 8 of 250
# took 6-7 s (~9%) less wall and ~10 s less CPU in alternated runs, for +170 MB (PSS) (bench/RESULTS.md).
MIN_CHUNK, MAX_CHUNK, CHUNKS_PER_WORKER = 50, 500, 2


def auto_chunk_size(n_inputs: int, workers: int) -> int:
    """Inputs per chunk: about ``CHUNKS_PER_WORKER`` chunks per worker, within [MIN_CHUNK, MAX_CHUNK]."""
    wanted = -(-n_inputs // (max(1, workers) * CHUNKS_PER_WORKER))
    return max(MIN_CHUNK, min(MAX_CHUNK, wanted))
