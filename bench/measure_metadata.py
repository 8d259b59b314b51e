"""Metadata accuracy per field on the genre fixtures (tests/fixtures/genres).

    .venv/bin/python bench/measure_metadata.py [--folder DIR] [--misses]

Each fixture goes through the real transform, as the flow runs it: ``transforms.document.prepare``
(decode -> page -> clean) then ``understand`` with the fixture's plausible ``source_uri``; the
document's metadata and cleaning flags are compared with ``expected.jsonl``. A field is right when
it equals the expected value, null included (an expected null predicted as a value is wrong).
``wrong`` counts values given where another (or none) was expected; ``missed`` counts nulls where a
value was expected: a wrong value is worse than none.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.document import prepare, understand
from transforms.records import TransformError

FIELDS = (
    "org_name",
    "org_level",
    "province",
    "city",
    "district",
    "review_year",
    "plan_year",
    "published_date",
    "publisher",
    "title",
)
DEFAULT_FOLDER = REPO / "tests" / "fixtures" / "genres"


def expected_rows(folder: Path) -> list[dict]:
    """The fixtures' expected metadata, one row per fixture file."""
    lines = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def predicted(folder: Path, row: dict) -> dict:
    """The pipeline's metadata (and cleaning flags) for one fixture, as JSON-able values."""
    path = folder / row["file"]
    try:
        doc = understand(prepare(path.read_bytes(), is_html=path.suffix == ".html"), row["source_uri"])
    except TransformError as error:
        return {"error": str(error)}
    values = {field: getattr(doc.meta, field) for field in FIELDS}
    values = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}
    values["flags"] = list(doc.clean.flags)
    return values


def score(folder: Path) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, object, object]]]:
    """Per field: right / wrong / missed counts; and every miss as (file, field, got, expected)."""
    counts = {field: {"right": 0, "wrong": 0, "missed": 0} for field in (*FIELDS, "compilation_flag")}
    misses = []
    for row in expected_rows(folder):
        got = predicted(folder, row)
        checks = [(field, got.get(field), row[field]) for field in FIELDS]
        expected_flag = "compilation" in row.get("flags", [])
        checks.append(("compilation_flag", "compilation" in got.get("flags", []), expected_flag))
        for field, value, want in checks:
            if value == want:
                counts[field]["right"] += 1
                continue
            counts[field]["missed" if value in (None, False) else "wrong"] += 1
            misses.append((row["file"], field, value, want))
    return counts, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed value")
    args = parser.parse_args()
    counts, misses = score(args.folder)
    total = len(expected_rows(args.folder))
    print(f"{total} fixtures in {args.folder.relative_to(REPO) if args.folder.is_relative_to(REPO) else args.folder}")
    print(f"{'field':<18}{'right':>8}{'wrong':>7}{'missed':>8}")
    for field, c in counts.items():
        print(f"{field:<18}{c['right']:>4}/{total:<3} {100 * c['right'] / total:>3.0f}%{c['wrong']:>4}{c['missed']:>8}")
    if args.misses:
        for file, field, value, want in misses:
            print(f"  {file}: {field} = {value!r}, expected {want!r}")


if __name__ == "__main__":
    main()
