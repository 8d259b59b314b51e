"""A small, valid, fictional one-document frame set for the expectation tests."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa
import pytest

from warehouse.schema import TABLES

DOC_ID = "doc-linjiang"
TEXT = (
    "临江街道2023年工作总结及2024年工作思路\n"
    "一、2023年工作回顾\n"
    "（一）经济稳中有进\n"
    "全年完成固定资产投资3.2亿元，同比增长12.5%。新增市场主体120家，辖区就业形势总体稳定。\n"
    "（二）民生持续改善\n"
    "改造老旧小区4个，惠及居民1800户，新建养老服务站2处。\n"
    "二、2024年工作思路\n"
    "力争新建口袋公园3个，全年服务居民超过5000人次，持续提升群众满意度。\n"
)
NOW = datetime(2024, 1, 15, tzinfo=UTC)

# (mention, value, unit, qualifier, kind, subject, section_id, is_target)
_METRICS = [
    ("3.2亿元", 3.2e8, "元", "exact", "money", "固定资产投资", "s1-1", False),
    ("12.5%", 12.5, "%", "exact", "growth", "固定资产投资", "s1-1", False),
    ("120家", 120, "家", "exact", "count", "新增市场主体", "s1-1", False),
    ("4个", 4, "个", "exact", "count", "改造老旧小区", "s1-2", False),
    ("1800户", 1800, "户", "exact", "count", "惠及居民", "s1-2", False),
    ("2处", 2, "处", "exact", "count", "养老服务站", "s1-2", False),
    ("3个", 3, "个", "exact", "count", "口袋公园", "s2", True),
    ("超过5000人次", 5000, "人次", "over", "count", "服务居民", "s2", True),
]


def _sentence_of(start: int) -> str:
    left = max(TEXT.rfind(c, 0, start) for c in "。\n") + 1
    right = min(i for i in (TEXT.find("。", start), TEXT.find("\n", start)) if i >= 0) + 1
    return TEXT[left:right].strip()


def _metric_rows() -> list[dict]:
    rows, cursor = [], 0
    for n, (mention, value, unit, qualifier, kind, subject, section_id, target) in enumerate(_METRICS):
        start = TEXT.index(mention, cursor)
        cursor = start + len(mention)
        rows.append(
            {
                "metric_id": f"m{n}",
                "doc_id": DOC_ID,
                "section_id": section_id,
                "mention": mention,
                "value": float(value),
                "unit": unit,
                "qualifier": qualifier,
                "kind": kind,
                "subject": subject,
                "period": "全年" if n == 0 else None,
                "is_target": target,
                "sentence": _sentence_of(start),
                "char_start": start,
                "char_end": start + len(mention),
            }
        )
    return rows


def _section(section_id: str, parent: str | None, level: int, heading: str, kind: str, topic: str) -> dict:
    start = TEXT.index(heading)
    return {
        "doc_id": DOC_ID,
        "section_id": section_id,
        "parent_id": parent,
        "level": level,
        "heading": heading,
        "kind": kind,
        "topic": topic,
        "char_start": start,
        "char_end": len(TEXT),
    }


def good_rows() -> dict[str, list[dict]]:
    """Rows of the four document tables for one fictional report; every expectation passes."""
    document = {
        "doc_id": DOC_ID,
        "source_uri": "file:///data/in/linjiang.txt",
        "title": TEXT.splitlines()[0],
        "org_name": "临江街道",
        "org_level": "街道",
        "province": None,
        "city": None,
        "district": None,
        "review_year": 2023,
        "plan_year": 2024,
        "published_date": None,
        "publisher": None,
        "index_no": None,
        "char_count": len(TEXT),
        "cleaned_text": TEXT,
        "raw_path": "raw/linjiang.txt",
        "cleaning_flags": "",
        "run_id": "test-run",
        "loaded_at": NOW,
    }
    sections = [
        _section("s1", None, 1, "2023年工作回顾", "review", "其他"),
        _section("s1-1", "s1", 2, "经济稳中有进", "review", "经济发展"),
        _section("s1-2", "s1", 2, "民生持续改善", "review", "民生服务"),
        _section("s2", None, 1, "2024年工作思路", "plan", "其他"),
    ]
    keywords = [
        {"doc_id": DOC_ID, "term": term, "weight": weight, "frequency": freq}
        for term, weight, freq in (("居民", 0.8, 2), ("工作", 0.6, 3), ("口袋公园", 0.5, 1))
    ]
    return {"documents": [document], "sections": sections, "metrics": _metric_rows(), "keywords": keywords}


def frames_of(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Frames exactly as the pipeline builds them from rows."""
    return {
        name: pa.Table.from_pylist(table_rows, schema=TABLES[name]).to_pandas() for name, table_rows in rows.items()
    }


@pytest.fixture
def rows() -> dict[str, list[dict]]:
    return copy.deepcopy(good_rows())


@pytest.fixture
def to_frames():
    return frames_of


@pytest.fixture(scope="module")
def quality_site(tmp_path_factory):
    """Data Docs of one run of the good frames with one unit broken (a critical failure to show)."""
    from expectations.validate import validate_tables

    broken = good_rows()
    broken["metrics"][2]["unit"] = "km"
    quality = tmp_path_factory.mktemp("site") / "quality"
    validate_tables(frames_of(broken), quality_dir=quality, run_id="run-browser")
    return quality


@pytest.fixture(scope="module")
def warnings_site(tmp_path_factory):
    """Data Docs of a run with warnings only: an implausible year and a quarantined mention."""
    from expectations.validate import validate_tables

    rows = good_rows()
    rows["documents"][0]["review_year"], rows["documents"][0]["plan_year"] = 1990, 1991
    rows["metrics"][3]["mention"] = "4座"
    quality = tmp_path_factory.mktemp("warnings") / "quality"
    result = validate_tables(frames_of(rows), quality_dir=quality, run_id="run-warn")
    assert result.success and result.warnings
    return quality
