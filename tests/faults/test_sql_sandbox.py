"""`jiedao sql` reads the warehouse (and the lake, as lake_<table> views) and nothing else: it
cannot write a file, overwrite the lake or read a file outside the data dir."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fixture_warehouse import build_data_dir

from support import jiedao

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "sample_01_plain.txt"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """A warehouse and lake of one sample, loaded and published as a run does (no flow: it is not under test)."""
    return build_data_dir(tmp_path_factory.mktemp("sql") / "data", [SAMPLE])


def lake_digest(data: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data / "lake").rglob("*"))
        if p.is_file()
    }


def sql(data: Path, query: str):
    return jiedao("sql", query, "--data-dir", str(data), "--format", "csv")


def test_a_select_over_warehouse_tables_works(data: Path):
    result = sql(data, "SELECT count(*) AS n FROM documents JOIN metrics USING (doc_id)")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.splitlines()[1]) > 0


def test_the_lake_is_readable_as_views(data: Path):
    result = sql(data, "SELECT count(DISTINCT doc_id) AS n FROM lake_documents")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["n", "1"]


@pytest.mark.parametrize("target", ["lake/metrics/overwritten.parquet", "lake/documents/{first}"])
def test_copy_to_the_lake_fails_in_one_line_and_changes_nothing(data: Path, target: str):
    first = min((data / "lake" / "documents").rglob("*.parquet")).relative_to(data / "lake" / "documents")
    before = lake_digest(data)
    path = data / target.format(first=first)
    for options in ("", " (FORMAT parquet, USE_TMP_FILE false)"):
        result = sql(data, f"COPY (SELECT 1 AS x) TO '{path}'{options}")
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert "file system operations are disabled" in result.stderr
    assert lake_digest(data) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/shadow')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "ATTACH '/tmp/other.duckdb'",
    ],
)
def test_files_outside_the_warehouse_cannot_be_read(data: Path, query: str):
    result = sql(data, query)
    assert result.returncode == 2
    assert result.stderr.startswith("jiedao: query failed:") and len(result.stderr.strip().splitlines()) == 1
    assert "root:" not in result.stdout


def test_a_query_cannot_switch_the_sandbox_off(data: Path):
    result = sql(data, "SET enable_external_access = true")
    assert result.returncode == 2
    assert "configuration has been locked" in result.stderr
