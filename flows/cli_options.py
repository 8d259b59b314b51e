"""The options of `jiedao run`, `schedule` and `serve`, checked and turned into the flow's parameters."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from flows.settings import PROJECT_ROOT

SAMPLES_DIR = PROJECT_ROOT / "samples"


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit 2."""


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="file, folder (recursive) or http(s) URL; default: bundled samples"
    )
    add_data_dir(p)
    p.add_argument(
        "--allow-domain",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="crawl this host (and its subdomains) too, or this host on this port (repeatable)",
    )
    p.add_argument("--max-pages", type=int, default=200, metavar="N", help="at most N pages per crawl (default 200)")
    p.add_argument(
        "--delay", type=float, default=1.0, metavar="S", help="seconds between requests to one host (default 1)"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="transform chunks in N worker processes (default: the number of cores; 1: everything in this process)",
    )
    p.add_argument(
        "--chunk-size",
        type=int,
        default=None,
        metavar="N",
        help="inputs per chunk: each chunk is transformed, validated and loaded before memory is reused "
        "(default: enough chunks to keep every worker busy, 50 to 500 inputs each)",
    )
    p.add_argument(
        "--force", action="store_true", help="process every input again, also those whose bytes were loaded before"
    )
    p.add_argument(
        "--max-doc-chars",
        type=int,
        default=5_000_000,
        metavar="N",
        help="reject a document with more than N characters of text (default 5,000,000)",
    )
    p.add_argument(
        "--dask-address",
        metavar="tcp://HOST:8786",
        help="transform chunks on this Dask cluster (inputs and data dir on storage every worker sees)",
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="wait at most S seconds for another run (or DuckDB session) on the same data dir (default 60)",
    )


def add_data_dir(p: argparse.ArgumentParser, *, reads: bool = False) -> None:
    help_text = (
        "the data dir whose warehouse (DIR/warehouse.duckdb) is read (default ./data)"
        if reads
        else "outputs go here (default ./data)"
    )
    p.add_argument("--data-dir", type=Path, default=Path("data"), metavar="DIR", help=help_text)


def writable_data_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to data dir {path}: {exc.strerror or exc}") from None
    return path.resolve()


def resolved_sources(sources: list[str]) -> list[str]:
    """Paths made absolute (and checked), URLs as given; the bundled samples when none is given."""
    if not sources:
        return [str(SAMPLES_DIR)]
    resolved = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            resolved.append(source)
        elif "://" in source:
            raise UsageError(f"unsupported source {source!r}: only files, folders, http:// and https:// URLs")
        elif not Path(source).exists():
            raise UsageError(f"no such file or folder: {source}")
        else:
            resolved.append(str(Path(source).resolve()))
    return resolved


def run_parameters(args: argparse.Namespace, data_dir: Path) -> dict:
    """The flow's parameters from the options of `run` and `schedule`."""
    workers = default_workers() if args.workers is None else args.workers
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.chunk_size is not None and args.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    return {
        "sources": resolved_sources(args.sources),
        "data_dir": str(data_dir),
        "allow_domains": args.allow_domain,
        "max_pages": args.max_pages,
        "delay": args.delay,
        "workers": workers,
        "chunk_size": args.chunk_size,
        "force": args.force,
        "max_doc_chars": args.max_doc_chars,
        "dask_address": args.dask_address,
        "lock_timeout": args.lock_timeout,
    }


def default_workers() -> int:
    """One worker per core this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
