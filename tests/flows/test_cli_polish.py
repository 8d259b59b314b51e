"""The CLI as a new user meets it: --version, help for every option, quiet ends, one-line errors."""

from __future__ import annotations

import argparse
import os
import subprocess
from importlib.metadata import version

from flows.cli import parser
from flows.cli_table import display_width, format_rows
from support import JIEDAO, jiedao


def test_version_names_the_installed_package():
    result = jiedao("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"jiedao {version('jiedao')}"


def test_every_option_of_every_command_says_what_it_does():
    undocumented = []
    top = parser()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in [("jiedao", top), *commands.choices.items()]:
        for action in sub._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if not (action.help or "").strip():
                undocumented.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert not undocumented, undocumented


def test_an_empty_query_is_one_line(samples_data_dir):
    data = samples_data_dir
    result = jiedao("sql", "", "--data-dir", str(data))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "empty query" in result.stderr


def test_duckdb_did_you_mean_hint_is_kept_on_the_one_line(samples_data_dir):
    data = samples_data_dir
    result = jiedao("sql", "SELECT count(*) FROM document", "--data-dir", str(data))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert 'Did you mean "documents' in result.stderr, result.stderr


def test_piping_into_head_ends_quietly(samples_data_dir):
    data = samples_data_dir
    reader = subprocess.Popen(
        [str(JIEDAO), "sql", "SELECT * FROM range(300000)", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert reader.stdout.readline().strip() == b"range"
    reader.stdout.close()  # what `head -1` does once it has its line
    _, err = reader.communicate(timeout=120)
    assert b"Traceback" not in err and b"Broken" not in err, err.decode()
    assert reader.returncode == 141


def test_a_bad_cron_expression_is_one_line():
    result = jiedao("schedule", "--cron", "61 * * *")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "bad --cron" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_table_fits_100_columns_and_marks_what_it_cut():
    sentence = "全年完成固定资产投资3.2亿元，同比增长12.5%，新增市场主体120家，改造老旧小区4个，惠及居民1800户。" * 2
    rows = [("临江街道", "固定资产投资", "3.2亿元", sentence)] * 3
    table = format_rows(["org_name", "subject", "mention", "sentence"], rows, "table")
    assert all(display_width(line) <= 100 for line in table.splitlines())
    assert "…" in table.splitlines()[2] and "临江街道" in table and "--wide" in table.splitlines()[-1]
    wide = format_rows(["org_name", "subject", "mention", "sentence"], rows, "table", width=None)
    assert sentence in wide and "…" not in wide


def test_a_narrow_table_is_left_as_it_is():
    table = format_rows(["org", "n"], [("白杨街道", 1)], "table")
    assert "…" not in table and table.splitlines()[-1] == "(1 row)"
