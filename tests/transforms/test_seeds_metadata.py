"""The five seed reports, through decode -> page -> clean -> metadata, against the gold metadata.

Reads ../shared (seeds and gold) relative to the repository; skips when it is not there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.clean import clean_text
from transforms.decode import decode_bytes
from transforms.metadata import extract_metadata
from transforms.page import extract_page

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
GOLD = SHARED / "gold" / "seeds.meta.jsonl"
FIELDS = (
    "org_name",
    "org_level",
    "province",
    "city",
    "district",
    "review_year",
    "plan_year",
    "published_date",
    "title",
)


def _gold() -> list[dict]:
    if not GOLD.exists():
        return []
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    rows = _gold()
    if not rows:
        pytest.skip("shared seeds/gold not available")
    return rows


def _metadata(doc: str):
    path = SHARED / "seeds" / f"{doc}.txt"
    page = extract_page(decode_bytes(path.read_bytes()), is_html=False)
    return extract_metadata(clean_text(page.body).text, page, path.resolve().as_uri())


@pytest.mark.parametrize("field", FIELDS)
def test_seed_metadata_field_matches_gold(gold, field):
    wrong = []
    for row in gold:
        if field not in row:
            continue
        value = getattr(_metadata(row["doc"]), field)
        value = value.isoformat() if hasattr(value, "isoformat") else value
        if value != row[field]:
            wrong.append((row["doc"], value, row[field]))
    assert wrong == []
