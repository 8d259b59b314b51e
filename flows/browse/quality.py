"""The quality page's content: each suite's expectations in words, and the rows behind a failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from expectations.suites import SUITE_TABLES, suite_checks

ROWS_PER_FAILURE = 20  # rows listed under one failed expectation (GX keeps 10 per chunk)


def suite_results(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Per suite: counts, and every expectation in words with its severity and whether this run failed it."""
    validation = run.get("validation") or {}
    failures = {line.split(":", 1)[0]: ("critical", line) for line in validation.get("critical_failures") or []}
    failures |= {line.split(":", 1)[0]: ("warning", line) for line in validation.get("warnings") or []}
    out = []
    for table in SUITE_TABLES:
        counts = validation.get(table) if isinstance(validation.get(table), dict) else None
        checks = []
        for check in suite_checks(table):
            failed = failures.get(f"{table}.{check.label}")
            checks.append(
                {
                    "label": check.label,
                    "why": check.why,
                    "severity": check.severity,
                    "quarantine": check.quarantine,
                    "failed": failed[1] if failed else None,
                }
            )
        out.append({"table": table, "counts": counts, "checks": checks, "state": suite_state(counts, checks)})
    return out


def suite_state(counts: dict | None, checks: list[dict[str, Any]]) -> str:
    """not validated, failed (a critical expectation failed), passed with warnings, or passed."""
    if counts is None:
        return "not validated"
    if any(c["failed"] and c["severity"] == "critical" for c in checks):
        return "failed"
    if any(c["failed"] for c in checks):
        return "passed with warnings"
    return "passed"


def failing_rows(quality_dir: Path, run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``"<table>.<label>"`` -> rows behind each failed expectation of a run, from GX's stored results.

    Each validation result of the run (one per suite and chunk) under ``gx/uncommitted/validations/``
    keeps the failing rows GX quoted, named by report, mention and sentence (expectations/validate.py).
    """
    recorded = run.get("data_docs_path")
    site = Path(recorded).parent if recorded else quality_dir
    root = site / "gx" / "uncommitted" / "validations"
    found: dict[str, list[dict[str, Any]]] = {}
    for suite in SUITE_TABLES:
        for stored in sorted((root / suite / str(run["run_id"])).glob("*/*.json")):
            for label, row in quoted_rows(suite, stored):
                rows = found.setdefault(label, [])
                if len(rows) < ROWS_PER_FAILURE:
                    rows.append(row)
    return found


def quoted_rows(suite: str, stored: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(label, row)`` for every failing row GX quoted in one stored validation result."""
    try:
        results = json.loads(stored.read_text(encoding="utf-8")).get("results") or []
    except (OSError, ValueError):
        return []
    out = []
    for result in results:
        quoted = (result.get("result") or {}).get("partial_unexpected_index_list") or []
        if result.get("success") or not quoted:
            continue
        config = result.get("expectation_config") or {}
        label = f"{suite}.{(config.get('meta') or {}).get('label', 'expectation')}"
        column = (config.get("kwargs") or {}).get("column")
        out += [
            (label, {**row, "value": row.get(column) if column else None}) for row in quoted if isinstance(row, dict)
        ]
    return out
