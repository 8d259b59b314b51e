"""The stored copies of v_indicator_panel and plan_vs_result (warehouse/derived.py): filled when a run
ends, equal to their views, and known to be stale as soon as anything else changes the warehouse."""

import shutil

import duckdb
import pytest

from flows.cli import SAMPLES_DIR
from support import jiedao, query
from warehouse import derived
from warehouse.db import connect

pytestmark = pytest.mark.slow  # a real `jiedao run` on two samples in a subprocess

PAIR = ("sample_05_town_2023.txt", "sample_06_town_2024.txt")
PANEL = "org_name, district, province, city, year, indicator, unit, result_value, growth, target_value, growth_target, doc_id"
PAIRS = (
    "org_name, district, indicator, plan_year, target_value, target_qualifier, unit, result_value, result_qualifier, "
    "met, target_metric_id, result_metric_id, target_sentence, result_sentence"
)


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    data = tmp_path_factory.mktemp("derived") / "data"
    result = jiedao("run", *(str(SAMPLES_DIR / name) for name in PAIR), "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    return data / "warehouse.duckdb"


@pytest.fixture
def copy(ran, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(ran, db)
    return db


def differences(db, a: str, b: str, columns: str) -> int:
    """Rows of a not in b plus rows of b not in a (as multisets)."""
    return query(
        db,
        f"SELECT (SELECT count(*) FROM (SELECT {columns} FROM {a} EXCEPT ALL SELECT {columns} FROM {b})) "
        f"+ (SELECT count(*) FROM (SELECT {columns} FROM {b} EXCEPT ALL SELECT {columns} FROM {a}))",
    )[0][0]


def test_a_finished_run_leaves_copies_equal_to_their_views(ran):
    assert query(ran, "SELECT count(*) FROM derived_indicator_panel")[0][0] > 0
    assert query(ran, "SELECT count(*) FROM derived_plan_vs_result WHERE met IS NOT NULL")[0][0] > 0
    assert differences(ran, "derived_indicator_panel", "v_indicator_panel", PANEL) == 0
    assert differences(ran, "derived_plan_vs_result", "plan_vs_result", PAIRS) == 0
    con = duckdb.connect(str(ran), read_only=True)
    try:
        assert all(derived.is_current(con, table) for table in derived.COPIES)
    finally:
        con.close()


def test_each_pair_names_the_reports_of_its_target_and_result(ran):
    wrong = query(
        ran,
        """SELECT count(*) FROM derived_plan_vs_result p
           JOIN metrics t ON t.metric_id = p.target_metric_id
           LEFT JOIN metrics r ON r.metric_id = p.result_metric_id
           WHERE p.target_doc_id IS DISTINCT FROM t.doc_id OR p.result_doc_id IS DISTINCT FROM r.doc_id""",
    )[0][0]
    assert wrong == 0


def test_rows_changed_after_the_run_make_the_copies_stale_until_the_next_refresh(copy):
    with connect(copy) as con:
        # one more metric of a panel indicator, written without a run (and without a `loads` row)
        row = con.execute(
            "SELECT * EXCLUDE (metric_id, char_start, char_end), metric_id || 'x' AS metric_id, "
            "char_start + 1 AS char_start, char_end + 1 AS char_end FROM metrics "
            "WHERE indicator IS NOT NULL AND NOT is_target LIMIT 1"
        ).df()
        con.register("extra", row)
        con.execute("INSERT INTO metrics BY NAME SELECT * FROM extra")
        assert not any(derived.is_current(con, table) for table in derived.COPIES)
        assert sorted(derived.refresh(con)) == sorted(derived.COPIES)
        assert all(derived.is_current(con, table) for table in derived.COPIES)
    assert differences(copy, "derived_indicator_panel", "v_indicator_panel", PANEL) == 0
    assert differences(copy, "derived_plan_vs_result", "plan_vs_result", PAIRS) == 0


def test_refreshing_a_current_warehouse_changes_nothing(copy):
    before = query(copy, "SELECT name, version, refreshed_at FROM derived_state ORDER BY name")
    with connect(copy) as con:
        assert derived.refresh(con) == []
    assert query(copy, "SELECT name, version, refreshed_at FROM derived_state ORDER BY name") == before


def test_a_warehouse_made_before_the_copies_reads_as_stale(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    try:
        assert derived.refreshed_version(con, "derived_indicator_panel") is None
    finally:
        con.close()


def test_a_run_that_finds_nothing_new_still_fills_missing_stored_rows(ran, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ran.parent, data)
    with connect(data / "warehouse.duckdb") as con:  # as a warehouse made by an older jiedao
        con.execute("DELETE FROM derived_state")
        con.execute("DELETE FROM derived_indicator_panel")
    result = jiedao("run", *(str(SAMPLES_DIR / name) for name in PAIR), "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    db = data / "warehouse.duckdb"
    assert (
        query(db, "SELECT sum(n_documents) FROM pipeline_runs WHERE run_id <> (SELECT min(run_id) FROM pipeline_runs)")[
            0
        ][0]
        == 0
    )
    assert sorted(r[0] for r in query(db, "SELECT name FROM derived_state")) == sorted(derived.COPIES)
    assert differences(db, "derived_indicator_panel", "v_indicator_panel", PANEL) == 0


def test_a_run_that_adds_reports_remakes_only_their_organisations_rows(tmp_path):
    data = tmp_path / "data"
    db = data / "warehouse.duckdb"

    def run(*names: str, force: bool = False) -> None:
        result = jiedao("run", *(str(SAMPLES_DIR / n) for n in names), "--data-dir", str(data), *(["--force"] * force))
        assert result.returncode == 0, result.stdout + result.stderr

    run("sample_01_plain.txt", "sample_05_town_2023.txt")
    [(other,)] = query(db, "SELECT org_name FROM documents WHERE source_uri LIKE '%sample_01%'")
    [(town,)] = query(db, "SELECT org_name FROM documents WHERE source_uri LIKE '%sample_05%'")
    with connect(db) as con:  # a mark a full refresh would wipe out (it changes no warehouse version)
        con.execute("UPDATE derived_indicator_panel SET growth = -1 WHERE org_name = ?", [other])
    marked = query(db, "SELECT count(*) FROM derived_indicator_panel WHERE growth = -1")[0][0]
    assert marked > 0 and query(db, f"SELECT count(met) FROM derived_plan_vs_result WHERE org_name = '{town}'") == [
        (0,)
    ]

    run("sample_06_town_2024.txt")  # the town's next report: results for its targets
    assert query(db, "SELECT count(*) FROM derived_indicator_panel WHERE growth = -1")[0][0] == marked
    assert differences(db, "derived_indicator_panel", "v_indicator_panel", PANEL) == 2 * marked  # only the marks
    assert differences(db, "derived_plan_vs_result", "plan_vs_result", PAIRS) == 0
    assert query(db, f"SELECT count(met) FROM derived_plan_vs_result WHERE org_name = '{town}'")[0][0] > 0
    with connect(db) as con:
        assert all(derived.is_current(con, table) for table in derived.COPIES)

    run("sample_01_plain.txt", "sample_05_town_2023.txt", "sample_06_town_2024.txt", force=True)  # reloads: all
    assert differences(db, "derived_indicator_panel", "v_indicator_panel", PANEL) == 0


def test_only_the_runs_own_loads_allow_remaking_part_of_a_copy(copy):
    with connect(copy) as con:
        made_at = derived.refreshed_version(con, "derived_indicator_panel")
        [(run_id,)] = con.execute("SELECT DISTINCT run_id FROM documents").fetchall()
        orgs = {org for (org,) in con.execute("SELECT org_name FROM documents").fetchall()}
        before_the_run = "loads=0 documents=0 metrics=0 newest=-"  # the run loaded everything there is
        assert set(derived.added_orgs(con, before_the_run, run_id) or []) == orgs
        assert derived.added_orgs(con, made_at, run_id) is None  # the copy holds the run's rows already
        assert derived.added_orgs(con, before_the_run, "another-run") is None  # rows no run of this id loaded
        assert derived.added_orgs(con, None, run_id) is None  # never made
