"""`jiedao export`: the indicator panel in wide form, or any table, to .csv / .xlsx / .parquet."""

from pathlib import Path

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest
from fixture_warehouse import build_warehouse

from support import jiedao
from warehouse.export import ExportError, export

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "search"


@pytest.fixture
def data_dir(search_data_dir: Path) -> Path:
    return search_data_dir


@pytest.fixture
def con(search_con):
    return search_con


def panel_rows(con) -> dict[tuple, dict]:
    """(org_name, year) -> {indicator: result_value} from the long view."""
    rows: dict[tuple, dict] = {}
    for org, year, indicator, value in con.execute(
        "SELECT org_name, year, indicator, result_value FROM v_indicator_panel WHERE result_value IS NOT NULL"
    ).fetchall():
        rows.setdefault((org, year), {})[indicator] = value
    return rows


def test_default_csv_is_the_wide_panel_with_a_bom(con, tmp_path):
    out = tmp_path / "panel.csv"
    n = export(con, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    import csv

    lines = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(lines) == n
    assert list(lines[0])[:5] == ["org_name", "district", "province", "city", "year"]
    keys = [(row["org_name"], row["year"]) for row in lines]
    assert len(keys) == len(set(keys)), "one row per org and year"
    expected = panel_rows(con)
    assert {(org, int(year)) for org, year in keys} >= set(expected)
    for row in lines:
        for indicator, value in expected.get((row["org_name"], int(row["year"])), {}).items():
            assert float(row[indicator]) == value
    donghu = {int(r["year"]): r for r in lines if r["org_name"] == "东湖街道"}
    assert float(donghu[2023]["fixed_asset_investment_growth"]) == 11.8
    assert float(donghu[2024]["fixed_asset_investment"]) == 4.61e9
    # the 2023 report's "确保固定资产投资增长8%以上" (a target for 2024) sits next to 2024's 8.2%
    assert float(donghu[2024]["fixed_asset_investment_growth"]) == 8.2
    assert float(donghu[2024]["fixed_asset_investment_growth_target"]) == 8.0
    # 柳岸's plan "计划启动老旧小区改造5个" is the target of 2024, a year it has no report for
    liuan = {int(r["year"]): r for r in lines if r["org_name"] == "柳岸街道"}
    assert float(liuan[2023]["old_community_renovation"]) == 7.0
    assert float(liuan[2024]["old_community_renovation_target"]) == 5.0


def test_xlsx_holds_the_same_panel(con, tmp_path):
    export(con, tmp_path / "panel.csv")
    n = export(con, tmp_path / "panel.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "panel.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = (tmp_path / "panel.csv").read_text("utf-8-sig").splitlines()[0].split(",")
    assert list(rows[0]) == header and len(rows) == n + 1
    assert "东湖街道" in {row[0] for row in rows[1:]}


def test_parquet_of_a_table_keeps_rows_and_types(con, tmp_path):
    n = export(con, tmp_path / "metrics.parquet", table="metrics")
    table = pq.read_table(tmp_path / "metrics.parquet")
    assert n == table.num_rows == con.execute("SELECT count(*) FROM metrics").fetchone()[0]
    assert str(table.schema.field("value").type) == "double"
    assert str(table.schema.field("is_target").type) == "bool"


def test_documents_to_xlsx_with_time_zones_and_long_texts(con, tmp_path):
    n = export(con, tmp_path / "documents.xlsx", table="documents")
    rows = list(openpyxl.load_workbook(tmp_path / "documents.xlsx", read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == n + 1 and "cleaned_text" in rows[0]


def test_unknown_table_lists_the_tables_in_one_line(data_dir, tmp_path):
    result = jiedao("export", "--data-dir", str(data_dir), "--out", str(tmp_path / "x.csv"), "--table", "metricz")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "metricz" in line and "metrics" in line and "documents" in line and "v_indicator_panel" in line
    assert not (tmp_path / "x.csv").exists()


def test_cli_exports_and_says_how_many_rows(data_dir, tmp_path):
    result = jiedao(
        "export", "--data-dir", str(data_dir), "--out", str(tmp_path / "docs.parquet"), "--table", "documents"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"6 rows -> {tmp_path / 'docs.parquet'}"


def test_unsupported_extension_is_refused(con, tmp_path):
    with pytest.raises(ExportError, match=r"\.csv, \.xlsx, \.parquet"):
        export(con, tmp_path / "panel.json")


def test_without_a_panel_view_the_message_names_the_tables(tmp_path):
    db = build_warehouse(tmp_path / "warehouse.duckdb", [REPORTS / "liuan_2023.txt"])
    con = duckdb.connect(str(db))
    try:
        con.execute("DROP VIEW IF EXISTS v_indicator_panel")
        with pytest.raises(ExportError, match="v_indicator_panel.*--table.*metrics"):
            export(con, tmp_path / "panel.csv")
    finally:
        con.close()
