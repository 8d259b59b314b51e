"""A report with a few undecodable bytes loads with them replaced and flagged; garbage stays out."""

from __future__ import annotations

import pytest

from transforms.decode import decode_text
from transforms.document import prepare
from transforms.records import TransformError

PARAGRAPH = "柳岸街道2023年全年完成地区生产总值18.35亿元，同比增长6.2%，新增就业岗位1200个。\n"
REPORT = PARAGRAPH * 60  # ~3,000 characters, ~8 KB of UTF-8


def damaged(text: str, n_bad: int, encoding: str = "utf-8") -> bytes:
    """``text`` encoded with ``n_bad`` stray 0xFF bytes spread between its paragraphs."""
    lines = [line.encode(encoding) for line in text.splitlines(keepends=True)]
    step = max(1, len(lines) // n_bad)
    for i in range(0, step * n_bad, step):
        lines[i] = lines[i] + b"\xff"
    return b"".join(lines)


def test_twenty_bad_bytes_are_replaced_and_counted():
    decoded = decode_text(damaged(REPORT, 20))
    assert decoded.replaced_bytes == 20
    assert decoded.text.count("\ufffd") == 20
    assert decoded.text.replace("\ufffd", "") == REPORT


def test_a_damaged_gbk_page_is_read_with_its_declared_charset():
    data = damaged(REPORT, 5, encoding="gbk")
    decoded = decode_text(data, declared_charset="gbk")
    assert decoded.replaced_bytes == 5
    assert "同比增长6.2%" in decoded.text


def test_the_replacement_shows_as_a_cleaning_flag_of_the_document():
    prepared = prepare(damaged(REPORT, 20), is_html=False)
    assert "replaced_bytes:20" in prepared.clean.flags
    assert "18.35亿元" in prepared.clean.text


def test_a_clean_report_has_no_replacement_flag():
    assert not [f for f in prepare(REPORT.encode(), is_html=False).clean.flags if f.startswith("replaced_bytes")]


def test_a_file_that_is_mostly_garbage_is_still_rejected():
    garbage = bytes([0xFF, 0x80, 0xFE, 0xC0]) * 2000 + REPORT[:200].encode()
    with pytest.raises(TransformError) as error:
        decode_text(garbage)
    assert error.value.stage == "decode"
    assert "could not be read as text" in error.value.reason


@pytest.mark.slow  # `jiedao run` in a subprocess; the flag itself is pinned above through prepare()
def test_a_run_loads_a_damaged_report_with_its_flag_and_no_reject(tmp_path):
    from pathlib import Path

    from support import jiedao, query

    sample = Path(__file__).resolve().parents[2] / "samples" / "sample_01_plain.txt"
    text = sample.read_text("utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "damaged.txt").write_bytes(damaged(text, 20))
    result = jiedao("run", str(tmp_path / "in"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    db = tmp_path / "data" / "warehouse.duckdb"
    assert query(db, "SELECT cleaning_flags LIKE '%replaced_bytes:20%' FROM documents") == [(True,)]
    assert query(db, "SELECT count(*) FROM rejects") == [(0,)]
