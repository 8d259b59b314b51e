"""Local reports: files or folders (recursive) of .txt and .html/.htm pages."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from flows.adapters.base import Ingested, SourceDocument, SourceReject
from flows.adapters.raw_store import keep_raw

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt"}
REPORT_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES


def report_files(source: Path) -> list[Path]:
    """The report files a SOURCE names: itself, or every report file below it, in a stable order."""
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
    return [source]


def read_local(sources: list[Path], raw_dir: Path) -> Ingested:
    """Read every report file, keeping its bytes under ``raw_dir``; unreadable files become rejects."""
    ingested = Ingested()
    for path in (p for source in sources for p in report_files(source)):
        uri = path.resolve().as_uri()
        try:
            data = path.read_bytes()
        except OSError as exc:
            ingested.rejects.append(SourceReject(uri, "read", f"cannot read the file: {exc.strerror or exc}"))
            continue
        raw_path = keep_raw(raw_dir, uri, data, read_at=datetime.now(timezone.utc).isoformat())
        ingested.documents.append(
            SourceDocument(source_uri=uri, data=data, is_html=looks_like_html(path, data), raw_path=raw_path)
        )
    return ingested


def looks_like_html(path: Path, data: bytes) -> bool:
    """By suffix, or by content: pages saved as .txt still start with a doctype or <html>."""
    head = data[:2048].lower()
    return path.suffix.lower() in HTML_SUFFIXES or b"<html" in head or b"<!doctype html" in head
