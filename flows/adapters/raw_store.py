"""Keeps every input's bytes as received, content-addressed, with a JSON sidecar saying where from."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path


def keep_raw(raw_dir: Path, source_uri: str, data: bytes, **meta: object) -> str:
    """Write ``data`` under ``raw_dir`` once per content; returns the path of the kept bytes.

    The sidecar ``<hash>.json`` lists every URI the bytes arrived from, with ``meta``
    (HTTP status, headers, fetch time ...) per arrival, so nothing about provenance is lost.
    """
    raw_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:24]
    suffix = Path(source_uri.split("?", 1)[0]).suffix.lower()
    suffix = suffix if suffix in {".txt", ".html", ".htm", ".shtml", ".xhtml"} else ".bin"
    path = raw_dir / f"{digest}{suffix}"
    if not path.exists():
        path.write_bytes(data)
    sidecar = raw_dir / f"{digest}.json"
    arrivals = json.loads(sidecar.read_text("utf-8")) if sidecar.exists() else []
    arrivals.append(
        {
            "source_uri": source_uri,
            "bytes": len(data),
            "kept_at": datetime.now(UTC).isoformat(),
            **{k: v for k, v in meta.items() if v is not None},
        }
    )
    sidecar.write_text(json.dumps(arrivals, ensure_ascii=False, indent=1, default=str), "utf-8")
    return str(path)
