"""The offset check on one long document with thousands of metrics: correct on every row.
(Its time, linear in characters + metrics, is measured in bench/bench_validate_offsets.py.)"""

from __future__ import annotations

import pyarrow as pa

from expectations.validate import with_check_columns
from warehouse.schema import TABLES

SENTENCE = "全年完成固定资产投资3.2亿元，同比增长12.5%。"


def test_a_130k_character_document_with_5000_metrics_flags_exactly_the_wrong_offsets():
    text = SENTENCE * 5_000  # 130,000 characters
    offset = SENTENCE.index("3.2亿元")
    metrics = [
        {
            "metric_id": f"m{i}",
            "doc_id": "d",
            "mention": "3.2亿元",
            "sentence": SENTENCE,
            "char_start": i * len(SENTENCE) + offset + (1 if i % 1000 == 7 else 0),
            "char_end": i * len(SENTENCE) + offset + 5 + (1 if i % 1000 == 7 else 0),
        }
        for i in range(5_000)
    ]
    rows = {
        "documents": [{"doc_id": "d", "cleaned_text": text, "char_count": len(text)}],
        "sections": [],
        "metrics": metrics,
        "keywords": [],
    }
    frames = {name: pa.Table.from_pylist(r, schema=TABLES[name]).to_pandas() for name, r in rows.items()}

    problems = with_check_columns(frames)["metrics"]["mention_not_at_offsets"]

    flagged = sorted(i for i, p in enumerate(problems) if isinstance(p, str))
    assert flagged == [7, 1007, 2007, 3007, 4007]
    assert (
        problems[7]
        == "cleaned_text["
        + f"{7 * len(SENTENCE) + offset + 1}:{7 * len(SENTENCE) + offset + 6}"
        + "] is '.2亿元，', not '3.2亿元'"
    )
