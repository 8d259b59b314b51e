"""The reading room's pages as a user's browser receives them, without the browser: the app served by
uvicorn on 127.0.0.1 (in a thread of this process) over a warehouse built from the bundled samples
(``samples_data_dir``: loaded through the real transforms and loader, without the flow).

The same pages in headless Chromium, on the warehouse of a real `jiedao run` with `jiedao browse`
in a subprocess, are the slow tests of test_browse_in_a_browser.py.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest
import uvicorn

from flows.browse.app import create_app


def recorded_validation(data: Path, run_id: str) -> None:
    """Validate the warehouse's rows and record the run in pipeline_runs, as a run records it."""
    from expectations.validate import validate_tables

    con = duckdb.connect(str(data / "warehouse.duckdb"))
    try:
        frames = {t: con.execute(f"SELECT * FROM {t}").df() for t in ("documents", "sections", "metrics", "keywords")}
        result = validate_tables(frames, quality_dir=data / "quality", run_id=run_id)
        assert result.success, result.critical_failures
        con.execute(
            "INSERT INTO pipeline_runs (run_id, started_at, status, validation_success, validation_json) "
            "VALUES (?, now(), 'completed', true, ?)",
            [run_id, result.to_json()],
        )
    finally:
        con.close()


class ThreadServer:
    """uvicorn serving the app on a free port of 127.0.0.1 until ``stop()``."""

    def __init__(self, data: Path) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(data), log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        for _ in range(300):
            if self.server.started:
                break
            self.thread.join(0.05)
        assert self.server.started, "uvicorn did not start"

    def get(self, path: str, **params: str) -> tuple[int, str]:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.socket.close()


@pytest.fixture(scope="module")
def data(samples_data_dir, tmp_path_factory) -> Path:
    """The samples' warehouse and lake, with one validated run recorded (on a copy: the original is shared)."""
    folder = tmp_path_factory.mktemp("room") / "data"
    shutil.copytree(samples_data_dir, folder)
    recorded_validation(folder, "run-samples")
    return folder


@pytest.fixture(scope="module")
def room(data):
    server = ThreadServer(data)
    yield server
    server.stop()


def doc_id_of(data: Path, org: str) -> str:
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT doc_id FROM documents WHERE org_name = ?", [org]).fetchone()[0]
    finally:
        con.close()


def test_search_lists_the_report_on_old_residential_compounds_first_within_the_province(room, data):
    status, html = room.get("/search", q="老旧小区改造", province="浙江省")
    assert status == 200
    hits = re.findall(r'<a class="title" href="(/doc/[^"]+)">([^<]*)</a>', html)
    assert hits, html[:2000]
    assert hits[0][0] == f"/doc/{doc_id_of(data, '云溪街道')}" and "云溪街道" in hits[0][1]
    assert all("桃源乡" not in title for _, title in hits)  # the Hunan report is filtered out


def test_a_report_marks_a_known_metric_with_what_was_read(room, data):
    doc_id = doc_id_of(data, "云溪街道")
    status, html = room.get(f"/doc/{doc_id}")
    assert status == 200
    mark = re.search(
        r'<mark class="metric[^"]*" id="m-[^"]+"[^>]*>12\.6亿元<span class="tip"[^>]*>(.*?)</mark>', html, re.S
    )
    assert mark, "the metric 12.6亿元 is not marked"
    for shown in ("money", "财政总收入", "no (result)"):
        assert shown in mark.group(1), mark.group(1)
    assert "2023年工作总结" in html  # the outline


def test_the_home_page_draws_its_charts_with_an_installed_cjk_font(room):
    status, html = room.get("/")
    assert status == 200
    families = set(re.findall(r'<text[^>]*font-family="([^"]+)"[^>]*>[^<]*[\u4e00-\u9fff]', html))
    assert families and "sans-serif" not in families, families


def test_quality_page_says_each_suite_of_the_recorded_run(room):
    status, html = room.get("/quality")
    assert status == 200 and "run-samples" in html
    for suite in ("documents", "sections", "metrics", "keywords"):
        assert suite in html
    assert "Every critical expectation held" in html


def test_pages_ask_for_nothing_outside_the_machine(room, data):
    paths = ["/", "/search?q=%E5%85%BB%E8%80%81", f"/doc/{doc_id_of(data, '梅岭镇')}", "/indicators", "/quality"]
    for path in paths:
        status, html = room.get(path)
        assert status == 200, path
        assets = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url\(([^)]+)\)", html)
        assert any("/static/" in a for a in assets), path  # the app's own stylesheet is seen
        outside = [
            a for a in assets if re.match(r"(?:https?:)?//", a) and urllib.parse.urlsplit(a).hostname != "127.0.0.1"
        ]
        assert outside == [], (path, outside)


def test_an_unknown_report_is_a_404_page_in_words(room):
    status, html = room.get("/doc/no-such-doc")
    assert status == 404 and "No report with doc_id no-such-doc" in html and "Traceback" not in html
