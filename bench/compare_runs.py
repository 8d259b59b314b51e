"""Row-for-row comparison of the derived tables of two warehouses (e.g. before/after a change).

    .venv/bin/python bench/compare_runs.py BEFORE_DATA_DIR AFTER_DATA_DIR

For ``documents`` (ids, fingerprints), ``sections`` (every column: kind, topic, spans) and ``keywords``
(term, weight, frequency) it prints the row counts and the rows only one side has (run-specific columns
such as run_id and loaded_at are left out). Exit status 1 when any table differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

COLUMNS = {
    "documents": "doc_id, fingerprint, title, org_name, review_year, plan_year, char_count",
    "sections": "doc_id, section_id, parent_id, level, heading, kind, topic, char_start, char_end",
    "keywords": "doc_id, term, weight, frequency",
}


def main(before: Path, after: Path) -> int:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before / 'warehouse.duckdb'}' AS b (READ_ONLY)")
    con.execute(f"ATTACH '{after / 'warehouse.duckdb'}' AS a (READ_ONLY)")
    differs = False
    for table, columns in COLUMNS.items():
        nb = con.execute(f"SELECT count(*) FROM b.{table}").fetchone()[0]
        na = con.execute(f"SELECT count(*) FROM a.{table}").fetchone()[0]
        only_b = con.execute(f"SELECT {columns} FROM b.{table} EXCEPT ALL SELECT {columns} FROM a.{table}").fetchall()
        only_a = con.execute(f"SELECT {columns} FROM a.{table} EXCEPT ALL SELECT {columns} FROM b.{table}").fetchall()
        same = not only_a and not only_b and na == nb
        differs |= not same
        print(
            f"{table:<10} before {nb:>7,} rows, after {na:>7,} rows: "
            + ("identical" if same else f"{len(only_b)} only before, {len(only_a)} only after")
        )
        for row in (only_b + only_a)[:5]:
            print(f"    {row}")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
