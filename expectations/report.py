"""``jiedao quality``: the data-quality results of the last run, or one line per run.

Reads rows of ``pipeline_runs`` (newest first) as dicts. ``validation_json`` is
``ValidationResult.to_json()`` (shape documented in ``expectations/validate.py``): one entry per
suite with its counts, plus ``critical_failures`` and ``warnings`` (readable lines). Anything
missing or malformed prints as "no validation recorded", never as a traceback.
"""

from __future__ import annotations

import json
from typing import Any

_LIST_KEYS = ("critical_failures", "warnings")


def parse_validation(raw: Any) -> dict | None:
    """The decoded ``validation_json`` of a run, or None when absent or not a JSON object."""
    if not raw or not isinstance(raw, (str, bytes)):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _suites(validation: dict) -> dict[str, dict]:
    return {name: counts for name, counts in validation.items() if name not in _LIST_KEYS and isinstance(counts, dict)}


def _lines(validation: dict, key: str) -> list[str]:
    value = validation.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def _count(counts: dict, key: str) -> int:
    value = counts.get(key, 0)
    return value if isinstance(value, int) else 0


def _verdict(run: dict) -> str:
    success = run.get("validation_success")
    if success is None:
        return "not validated"
    return "passed" if success else "FAILED"


def _when(value: Any) -> str:
    if value is None:
        return "-"
    text = value.isoformat(sep=" ", timespec="seconds") if hasattr(value, "isoformat") else str(value)
    return text.replace("+00:00", " UTC")


def render_last_run(run: dict) -> str:
    """The last run's validation: verdict, one line per suite, then failures and warnings."""
    lines = [
        f"run {run.get('run_id', '?')}  started {_when(run.get('started_at'))}  status {run.get('status', '?')}",
        f"validation: {_verdict(run)}",
    ]
    validation = parse_validation(run.get("validation_json"))
    if validation is None:
        lines.append("no validation recorded for this run" + (f": {run['message']}" if run.get("message") else ""))
        return "\n".join(lines)
    suites = _suites(validation)
    width = max((len(name) for name in suites), default=0)
    for name, counts in suites.items():
        line = (
            f"  {name:<{width}}  {_count(counts, 'successful')}/{_count(counts, 'evaluated')} expectations passed"
            f", {_count(counts, 'failed_critical')} critical, {_plural(_count(counts, 'failed_warning'), 'warning')}"
        )
        if _count(counts, "quarantined_rows"):
            line += f", {_plural(_count(counts, 'quarantined_rows'), 'row')} quarantined"
        lines.append(line)
    for title, key in (("critical failures (load stopped)", "critical_failures"), ("warnings", "warnings")):
        items = _lines(validation, key)
        if items:
            lines.append(f"{title}:")
            lines += [f"  - {item}" for item in items]
    if run.get("data_docs_path"):
        lines.append(f"Data Docs: {run['data_docs_path']}")
    return "\n".join(lines)


def render_history_line(run: dict) -> str:
    """One run on one line: when, status, verdict, sizes, counts of failures."""
    validation = parse_validation(run.get("validation_json")) or {}
    critical, warnings = len(_lines(validation, "critical_failures")), len(_lines(validation, "warnings"))
    quarantined = sum(_count(c, "quarantined_rows") for c in _suites(validation).values())

    def number(key: str) -> str:
        value = run.get(key)
        return "-" if value is None else str(value)

    return (
        f"{run.get('run_id', '?')}  {_when(run.get('started_at'))}  {run.get('status', '?'):<9}  "
        f"{_verdict(run):<13}  docs {number('n_documents')}  metrics {number('n_metrics')}  "
        f"rejects {number('n_rejects')}  critical {critical}  warnings {warnings}  quarantined {quarantined}"
    )


def render_quality(runs: list[dict], *, history: bool) -> str:
    """What ``jiedao quality`` prints: the last validated run's results per suite, or (history) one line per run.

    ``runs``: newest first."""
    if not runs:
        return "no runs recorded yet"
    if history:
        return "\n".join(render_history_line(run) for run in runs)
    validated = next((run for run in runs if run.get("validation_json")), None)
    if validated is None or validated is runs[0]:
        return render_last_run(runs[0])
    return (
        f"run {runs[0]['run_id']} validated nothing (no new or changed inputs); the last validated run:\n"
        + render_last_run(validated)
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
