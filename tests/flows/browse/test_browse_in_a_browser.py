"""The reading room in a real headless Chromium, on a warehouse built from the bundled samples.

`jiedao browse` runs in a subprocess on 127.0.0.1 (a free port); Chromium is driven over the
DevTools protocol (tests/helpers/browser.py), which records every request the pages make and
reports the fonts each text was drawn with. Screenshots of every page go to /tmp/room_shots/.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser

from support import JIEDAO, query

SHOTS = Path(os.environ.get("ROOM_SHOTS", "/tmp/room_shots"))

pytestmark = [
    pytest.mark.slow,  # a real `jiedao run`, `jiedao browse` subprocesses, Chromium (fast: test_pages_served.py)
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/install-chromium.sh)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class Server:
    def __init__(self, data: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(JIEDAO), "browse", "--data-dir", str(data), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(self.base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"jiedao browse did not start: {self.process.communicate()[1][-2000:]}")
            time.sleep(0.2)

    def url(self, path: str, **params: str) -> str:
        return self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=30)
        return self.process.returncode, err


@pytest.fixture(scope="module")
def warehouse(samples_run) -> Path:
    result, data = samples_run
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture(scope="module")
def server(warehouse):
    server = Server(warehouse)
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def doc_id_of(data: Path, org: str) -> str:
    return query(data / "warehouse.duckdb", f"SELECT doc_id FROM documents WHERE org_name = '{org}'")[0][0]


def test_search_finds_the_report_that_speaks_of_old_residential_compounds(server, browser, warehouse):
    browser.open(server.url("/search", q="老旧小区改造", province="浙江省"))
    browser.screenshot(SHOTS / "search.png")
    hits = browser.js(
        "Array.from(document.querySelectorAll('.hit a.title')).map(a => [a.textContent, a.getAttribute('href')])"
    )
    assert hits, browser.js("document.body.innerText")[:2000]
    assert hits[0][1] == f"/doc/{doc_id_of(warehouse, '云溪街道')}" and "云溪街道" in hits[0][0]
    # the filter holds: the Hunan report that also renovates housing is not listed under 浙江省
    assert all("桃源乡" not in title for title, _ in hits)


def test_a_report_marks_a_known_metric_and_shows_what_was_read_on_hover(server, browser, warehouse):
    doc_id = doc_id_of(warehouse, "云溪街道")
    metric_id, mention = query(
        warehouse / "warehouse.duckdb",
        f"SELECT metric_id, mention FROM metrics WHERE doc_id = '{doc_id}' AND mention = '12.6亿元'",
    )[0]
    browser.open(server.url(f"/doc/{doc_id}"))
    mark = f'mark[id="m-{metric_id}"]'
    assert browser.js(f"document.querySelector('{mark}').firstChild.textContent") == mention
    assert browser.js(f"getComputedStyle(document.querySelector('{mark} .tip')).display") == "none"
    browser.hover(mark)
    tip = browser.js(f"document.querySelector('{mark} .tip').innerText")
    assert browser.js(f"getComputedStyle(document.querySelector('{mark} .tip')).display") != "none"
    for shown in ("12.6亿元", "money", "财政总收入", "no (result)"):
        assert shown in tip, tip
    browser.screenshot(SHOTS / "doc.png")
    outline = browser.js("Array.from(document.querySelectorAll('ul.outline a')).map(a => a.textContent)")
    assert "2023年工作总结" in outline


def test_the_coverage_chart_draws_its_chinese_labels_with_a_cjk_font(server, browser):
    browser.open(server.url("/"))
    browser.screenshot(SHOTS / "home.png")
    family = browser.js(
        "Array.from(document.querySelectorAll('.chart svg text'))"
        ".find(t => /[\\u4e00-\\u9fff]/.test(t.textContent)).getAttribute('font-family')"
    )
    assert family and family != "sans-serif"
    fc = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    assert family in fc, f"{family} is not an installed CJK font"
    # and Chromium really drew the label's glyphs with a CJK font (no fallback boxes)
    browser.js(
        "document.querySelectorAll('.chart svg text').forEach((t, i) => "
        "{ if (/[\\u4e00-\\u9fff]/.test(t.textContent) && !document.getElementById('cjk-label')) t.id = 'cjk-label'; })"
    )
    fonts = browser.fonts_of("#cjk-label")
    assert fonts and all("CJK" in f["familyName"] or f["familyName"] in fc for f in fonts), fonts


def test_the_indicator_page_shows_a_plan_versus_result_pair(server, browser, warehouse):
    names = {
        r[0]
        for r in query(
            warehouse / "warehouse.duckdb",
            "SELECT view_name FROM duckdb_views() UNION SELECT table_name FROM duckdb_tables()",
        )
    }
    if "plan_vs_result" not in names:
        browser.open(server.url("/indicator/gdp"))
        assert "plan_vs_result" in browser.js("document.body.innerText")  # the page says the view is missing
        pytest.skip("this warehouse has no plan_vs_result view yet (wt-ind)")
    pairs = query(
        warehouse / "warehouse.duckdb",
        "SELECT indicator, org_name, met FROM plan_vs_result WHERE met IS NOT NULL ORDER BY indicator LIMIT 1",
    )
    assert pairs, "the two-year sample yields a pair"
    code, org, met = pairs[0]
    browser.open(server.url(f"/indicator/{code}"))
    browser.screenshot(SHOTS / "indicator.png")
    rows = browser.js("Array.from(document.querySelectorAll('table.pairs tbody tr')).map(r => r.innerText)")
    assert any(org in row and ("not met" if not met else "met") in row for row in rows), rows
    assert browser.js("document.querySelectorAll('.chart svg').length") == 1


def test_quality_page_says_each_suite_and_links_runs(server, browser):
    browser.open(server.url("/quality"))
    browser.screenshot(SHOTS / "quality.png")
    text = browser.js("document.body.innerText")
    for suite in ("documents", "sections", "metrics", "keywords"):
        assert suite in text
    assert "critical" in text and "warning" in text and "Every critical expectation held" in text


def test_no_request_leaves_the_machine(server, browser, warehouse):
    requests: list[str] = []
    for path in (
        "/",
        "/search?q=%E5%85%BB%E8%80%81",
        f"/doc/{doc_id_of(warehouse, '梅岭镇')}",
        "/indicators",
        "/quality",
    ):
        browser.open(server.url(path))
        requests += browser.requests
    hosts = {urllib.parse.urlsplit(url).hostname for url in requests if not url.startswith(("data:", "about:"))}
    assert hosts == {"127.0.0.1"}, sorted(set(requests))


def test_browse_without_a_warehouse_says_so_in_one_line(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(
        [str(JIEDAO), "browse", "--data-dir", str(empty), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (
        result.returncode == 2
        and result.stderr.startswith("jiedao: no warehouse at")
        and "Traceback" not in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_while_a_run_writes_the_pages_answer_503_in_words_then_recover(tmp_path, warehouse):
    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(warehouse / "warehouse.duckdb", copy / "warehouse.duckdb")
    server = Server(copy)
    try:
        writer = subprocess.Popen(
            [sys.executable, "-c", HOLD_WRITE_LOCK, str(copy / "warehouse.duckdb")], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout.readline().strip() == "locked"
        status, body = get(server.url("/"))
        assert status == 503 and "A run is writing to the warehouse" in body and "Traceback" not in body
        writer.terminate()
        writer.wait(timeout=30)
        assert get(server.url("/"))[0] == 200
    finally:
        server.stop()


# A run's hold on the file, from another process (DuckDB locks the file per process).
HOLD_WRITE_LOCK = (
    "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(120)"
)


def test_unknown_report_is_a_404_page(server):
    status, body = get(server.url("/doc/no-such-doc"))
    assert status == 404 and "No report with doc_id no-such-doc" in body and "Traceback" not in body


def test_the_server_stops_cleanly_on_sigterm(warehouse):
    server = Server(warehouse)
    assert get(server.url("/"))[0] == 200
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url("/healthz"), timeout=5)


def test_quality_page_lists_the_rows_behind_a_warning_with_links_to_their_report(tmp_path, warehouse, browser):
    """A run whose validation warned (a misread year, a mention not in its sentence), recorded as a run records it."""
    import duckdb

    from expectations.validate import validate_tables

    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(warehouse / "warehouse.duckdb", copy / "warehouse.duckdb")
    con = duckdb.connect(str(copy / "warehouse.duckdb"))
    frames = {t: con.execute(f"SELECT * FROM {t}").df() for t in ("documents", "sections", "metrics", "keywords")}
    doc = frames["documents"]["doc_id"].iloc[0]
    frames["documents"].loc[0, "review_year"] = 1990
    broken = frames["metrics"].index[frames["metrics"]["doc_id"] == doc][0]
    frames["metrics"].loc[broken, "sentence"] = "一句不含这个数字的话。"
    result = validate_tables(frames, quality_dir=copy / "quality", run_id="run-warned")
    assert result.success and result.warnings
    con.execute(
        "INSERT INTO pipeline_runs (run_id, started_at, status, validation_success, validation_json) "
        "VALUES ('run-warned', now(), 'completed', true, ?)",
        [result.to_json()],
    )
    con.close()
    server = Server(copy)
    try:
        browser.open(server.url("/quality", run="run-warned"))
        browser.screenshot(SHOTS / "quality_warned.png")
        text = browser.js("document.body.innerText")
        assert "passed with" in text and "warning" in text
        assert "review_year within [2000, this year]" in text
        links = browser.js(
            "Array.from(document.querySelectorAll('table.rows a')).map(a => [a.textContent, a.getAttribute('href')])"
        )
        assert any(href.startswith(f"/doc/{doc}") for _, href in links), links
        assert "一句不含这个数字的话。" in text  # the sentence behind the quarantined mention
    finally:
        server.stop()


def test_a_report_shows_where_it_was_found_and_its_near_duplicates_once_the_tables_exist(tmp_path, warehouse):
    """document_sources and near_duplicates (WAREHOUSE.md) as the streaming flow writes them."""
    import duckdb

    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(warehouse / "warehouse.duckdb", copy / "warehouse.duckdb")
    yunxi, meiling = doc_id_of(warehouse, "云溪街道"), doc_id_of(warehouse, "梅岭镇")
    server = Server(copy)
    try:
        status, before = get(server.url(f"/doc/{yunxi}"))
        assert status == 200
        if "no <code>document_sources</code> table yet" not in before:
            pytest.skip("this warehouse already has document_sources (the streaming flow is merged)")
        server.stop()
        con = duckdb.connect(str(copy / "warehouse.duckdb"))
        con.execute(
            "CREATE TABLE document_sources (doc_id VARCHAR, source_uri VARCHAR, raw_path VARCHAR, "
            "relation VARCHAR, run_id VARCHAR, content_hash VARCHAR, seen_at TIMESTAMPTZ)"
        )
        con.execute(
            "INSERT INTO document_sources VALUES (?, 'file:///in/yunxi.txt', NULL, 'first', 'r1', NULL, now()),"
            " (?, 'https://portal.example/xxgk/t1.html', NULL, 'republished', 'r1', NULL, now())",
            [yunxi, yunxi],
        )
        con.execute(
            "CREATE TABLE near_duplicates (doc_id VARCHAR, other_doc_id VARCHAR, similarity DOUBLE, same_org BOOLEAN)"
        )
        con.execute(
            "INSERT INTO near_duplicates VALUES (least($1, $2), greatest($1, $2), 0.91, false)", [yunxi, meiling]
        )
        con.close()
        server = Server(copy)
        body = get(server.url(f"/doc/{yunxi}"))[1]
        assert "republished" in body and "https://portal.example/xxgk/t1.html" in body
        assert f'href="/doc/{meiling}"' in body and "91% similar, another organisation" in body
        assert f'href="/doc/{yunxi}"' in get(server.url(f"/doc/{meiling}"))[1]  # linked from both sides
    finally:
        if server.process.poll() is None:
            server.stop()
