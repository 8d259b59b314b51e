"""Time of one pathological page (N <p> paragraphs full of figures) through every per-document
transform and the offset check of validation; shows each stays linear in the page size.

    .venv/bin/python bench/bench_pathological.py [N ...]     # default: 25000 50000 100000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from expectations.validate import with_check_columns
from transforms.document import document_row, metric_rows, prepare, understand
from warehouse.schema import TABLES

PARAGRAPH = "柳岸街道全年完成地区生产总值18.35亿元，同比增长6.2%，新增就业岗位1200个。"


def page(n: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH}第{i}项。</p>" for i in range(n))
    return f"<html><head><title>柳岸街道2023年工作总结</title></head><body>{body}</body></html>".encode()


def timed(label: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, printing how long it took."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"  {label:<12} {time.perf_counter() - started:7.2f} s")
    return result


def main(sizes: list[int]) -> None:
    for n in sizes:
        data = page(n)
        print(f"{n:,} <p> tags, {len(data) / 1e6:.1f} MB")
        prepared = timed("prepare", prepare, data, is_html=True, max_doc_chars=None)
        doc = timed("understand", understand, prepared, "file:///pathological.html")
        metrics = timed("metrics", metric_rows, doc)
        row = document_row(doc, source_uri="file:///pathological.html", raw_path=None, run_id="bench", loaded_at=None)
        frames = {
            "documents": pa.Table.from_pylist([row], schema=TABLES["documents"]).to_pandas(),
            "sections": pa.Table.from_pylist([], schema=TABLES["sections"]).to_pandas(),
            "metrics": pa.Table.from_pylist(metrics, schema=TABLES["metrics"]).to_pandas(),
            "keywords": pa.Table.from_pylist([], schema=TABLES["keywords"]).to_pandas(),
        }
        checked = timed("check cols", with_check_columns, frames)
        bad = int(checked["metrics"]["mention_not_at_offsets"].notna().sum())
        print(f"  {len(prepared.clean.text):,} characters, {len(metrics):,} metrics, {bad} offset problems")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000])
