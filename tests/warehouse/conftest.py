from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from fixture_warehouse import build_warehouse

from warehouse.tables import arrow_table

NOW = datetime(2024, 1, 2, tzinfo=UTC)


def document(doc_id: str, source_uri: str = "file:///a.txt") -> dict:
    text = "一、2023年工作总结\n完成3个老旧小区改造。"
    return {
        "doc_id": doc_id,
        "source_uri": source_uri,
        "char_count": len(text),
        "cleaned_text": text,
        "org_name": "云溪街道",
        "run_id": "r1",
        "loaded_at": NOW,
    }


def metric(doc_id: str, start: int = 12) -> dict:
    return {
        "metric_id": f"{doc_id}:{start}",
        "doc_id": doc_id,
        "section_id": f"{doc_id}:s1",
        "mention": "3个",
        "value": 3.0,
        "unit": "个",
        "qualifier": "exact",
        "kind": "count",
        "subject": "老旧小区改造",
        "is_target": False,
        "sentence": "完成3个老旧小区改造。",
        "char_start": start,
        "char_end": start + 2,
    }


def section(doc_id: str) -> dict:
    return {
        "doc_id": doc_id,
        "section_id": f"{doc_id}:s1",
        "level": 1,
        "heading": "2023年工作总结",
        "kind": "review",
        "topic": "城市建设",
        "char_start": 0,
        "char_end": 24,
    }


@pytest.fixture
def batch():
    """A valid two-document batch as Arrow tables."""

    def make(doc_ids=("d1", "d2"), source_uri="file:///a.txt"):
        return {
            "documents": arrow_table("documents", [document(d, source_uri) for d in doc_ids]),
            "sections": arrow_table("sections", [section(d) for d in doc_ids]),
            "metrics": arrow_table("metrics", [metric(d) for d in doc_ids]),
            "keywords": arrow_table(
                "keywords", [{"doc_id": d, "term": "老旧小区", "weight": 0.5, "frequency": 1} for d in doc_ids]
            ),
            "rejects": arrow_table("rejects", []),
        }

    return make


SEARCH_REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "search"


@pytest.fixture(scope="session")
def search_data_dir(tmp_path_factory) -> Path:
    """A data dir whose warehouse holds the search fixtures' reports (built once, read by search and export)."""
    data = tmp_path_factory.mktemp("search")
    build_warehouse(data / "warehouse.duckdb", sorted(SEARCH_REPORTS.glob("*.txt")))
    return data


@pytest.fixture
def search_con(search_data_dir: Path):
    con = duckdb.connect(str(search_data_dir / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()
