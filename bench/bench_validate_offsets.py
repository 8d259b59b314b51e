"""Time of the metric offset check (expectations.validate) against document length x metrics.

    .venv/bin/python bench/bench_validate_offsets.py

Prints seconds per (characters, metrics) pair; linear means doubling either roughly doubles
the time, never multiplies them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from expectations.validate import with_check_columns
from warehouse.schema import TABLES

SENTENCE = "全年完成固定资产投资3.2亿元，同比增长12.5%。"


def frames(n_chars: int, n_metrics: int) -> dict:
    """One document of about ``n_chars`` characters with ``n_metrics`` metrics pointing into it."""
    repeats = max(1, n_chars // len(SENTENCE))
    text = SENTENCE * repeats
    step = max(1, repeats // n_metrics)
    metrics = []
    for i in range(n_metrics):
        start = (i * step % repeats) * len(SENTENCE) + SENTENCE.index("3.2亿元")
        metrics.append(
            {
                "metric_id": f"m{i}",
                "doc_id": "d",
                "mention": "3.2亿元",
                "sentence": SENTENCE,
                "char_start": start,
                "char_end": start + 5,
                "value": 3.2e8,
                "unit": "元",
            }
        )
    rows = {
        "documents": [{"doc_id": "d", "cleaned_text": text, "char_count": len(text)}],
        "sections": [],
        "metrics": metrics,
        "keywords": [],
    }
    return {name: pa.Table.from_pylist(r, schema=TABLES[name]).to_pandas() for name, r in rows.items()}


def main() -> None:
    for n_chars, n_metrics in [
        (100_000, 1_000),
        (100_000, 5_000),
        (200_000, 5_000),
        (100_000, 10_000),
        (1_000_000, 20_000),
    ]:
        data = frames(n_chars, n_metrics)
        started = time.perf_counter()
        checked = with_check_columns(data)
        took = time.perf_counter() - started
        assert checked["metrics"]["mention_not_at_offsets"].isna().all()
        print(f"{n_chars:>9,} chars  {n_metrics:>6,} metrics  {took:8.3f} s")


if __name__ == "__main__":
    main()
