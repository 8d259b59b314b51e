"""Keeps every input's bytes as received, content-addressed, with a JSON sidecar saying where from."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from flows.adapters.atomic import write_atomically


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
    if not path.exists() or path.stat().st_size != len(data):  # absent, or cut short by a kill
        write_atomically(path, data)
    sidecar = raw_dir / f"{digest}.json"
    arrivals = earlier_arrivals(sidecar)
    arrivals.append(
        {
            "source_uri": source_uri,
            "bytes": len(data),
            "kept_at": datetime.now(UTC).isoformat(),
            **{k: v for k, v in meta.items() if v is not None},
        }
    )
    write_atomically(sidecar, json.dumps(arrivals, ensure_ascii=False, indent=1, default=str).encode("utf-8"))
    return str(path)


def earlier_arrivals(sidecar: Path) -> list[dict]:
    """The arrivals a sidecar lists; one left unreadable (half-written by a version that wrote in place,
    then killed) is set aside as ``.unreadable`` for a person to look at, and the list starts anew."""
    if not sidecar.exists():
        return []
    try:
        arrivals = json.loads(sidecar.read_text("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        arrivals = None
    if not isinstance(arrivals, list):
        sidecar.replace(sidecar.with_suffix(".json.unreadable"))
        return []
    return arrivals
