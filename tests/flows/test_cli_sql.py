import json

from flows.cli_table import display_width, format_rows
from support import jiedao


def test_sql_prints_an_aligned_table_with_a_row_count(samples_data_dir):
    data = samples_data_dir
    result = jiedao(
        "sql", "SELECT org_level, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1", "--data-dir", str(data)
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["org_level", "n"] and lines[-1].endswith("rows)")


def test_sql_json_and_csv_formats(samples_data_dir):
    data = samples_data_dir
    out = jiedao("sql", "SELECT count(*) AS n FROM documents", "--data-dir", str(data), "--format", "json").stdout
    assert json.loads(out) == [{"n": 7}]
    out = jiedao("sql", "SELECT count(*) AS n FROM documents", "--data-dir", str(data), "--format", "csv").stdout
    assert out.splitlines() == ["n", "7"]


def test_a_bad_query_is_one_line_not_a_traceback(samples_data_dir):
    data = samples_data_dir
    result = jiedao("sql", "SELECT nope FROM documents", "--data-dir", str(data))
    assert result.returncode == 2
    assert result.stderr.startswith("jiedao: query failed:") and "Traceback" not in result.stderr


def test_table_format_pads_chinese_text_by_display_width():
    text = format_rows(["org", "n"], [("白杨街道", 1), ("ab", 22)], "table")
    rows = text.splitlines()
    # the second column starts at the same screen column although 白杨街道 is 4 characters, 8 cells wide
    assert display_width(rows[2][: rows[2].index("1")]) == display_width(rows[3][: rows[3].index("22")]) == 10
