"""Offline Data Docs: the page rewrite, the run summary, and a real look in headless Chromium."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from expectations.docs import (
    OFFLINE_MARKER,
    SUMMARY_START,
    make_page_offline,
    put_summary,
    summary_html,
)

CHROMIUM = Path("/usr/bin/chromium")
PAGE = """<html><head><title>t</title>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<style>body{}</style>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<link rel="shortcut icon" href="../../static/images/favicon.ico" type="image/x-icon"/>
</head><body><nav class="navbar"><img class="NO-CACHE"
 src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1&amp;x=2" />
</nav><div class="container-fluid">content</div><script>$('#t').bootstrapTable({});</script></body></html>"""


def test_page_loses_cdn_tags_and_gets_the_inline_script_before_any_use_of_jquery():
    page = make_page_offline(PAGE, "../../../", "/* shim */")
    assert "https://" not in page
    assert page.index("/* shim */") < page.index("bootstrapTable")
    assert 'src="../../../static/images/logo-long.png"' in page
    assert 'href="../../../static/images/favicon.ico"' in page
    assert "<style>body{}</style>" in page


def test_page_rewrite_is_idempotent():
    once = make_page_offline(PAGE, "", "/* shim */")
    assert once.count(OFFLINE_MARKER) == 1
    assert make_page_offline(once, "", "/* shim */") == once


def test_summary_is_inserted_once_above_the_content_and_replaced_on_the_next_run(tmp_path):
    index = tmp_path / "index.html"
    index.write_text(PAGE, encoding="utf-8")
    suites = {"metrics": {"evaluated": 3, "successful": 2, "failed_critical": 1, "failed_warning": 0}}
    put_summary(index, summary_html("run-1", False, suites, ["metrics.unit <bad>: 1 of 3 rows"], [], []))
    put_summary(index, summary_html("run-2", True, suites, [], [], []))
    text = index.read_text(encoding="utf-8")
    assert text.count(SUMMARY_START) == 1 and "run-2" in text and "run-1" not in text
    assert text.index(SUMMARY_START) < text.index('<div class="container-fluid">')
    first = summary_html("r", False, suites, ["metrics.unit <bad>: 1 of 3 rows"], [], [])
    assert "&lt;bad&gt;" in first and "FAILED" in first


# --- headless Chromium, network off --------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1280,900",
]
PROBE = """<script>
(function () {
  var nav = document.querySelector(".navbar"), th = document.querySelector("table thead th");
  var rows = document.querySelectorAll("table[data-toggle=table] tbody tr");
  var probe = {
    navbar_background: nav ? getComputedStyle(nav).backgroundColor : null,
    header_cell_background: th ? getComputedStyle(th).backgroundColor : null,
    body_font: getComputedStyle(document.body).fontFamily,
    table_rows: Array.prototype.map.call(rows, function (r) { return r.textContent.replace(/\\s+/g, " ").trim(); })
  };
  document.body.setAttribute("data-probe", JSON.stringify(probe));
})();
</script>"""


def chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def coloured_share_of_top(png: bytes, rows: int = 200) -> float:
    """Share of pixels in the top ``rows`` of an 8-bit RGB(A) PNG that are clearly coloured (not grey)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous, coloured, total = bytearray(stride), 0, 0
    for y in range(min(rows, height)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, channels):
            r, g, bl = line[x], line[x + 1], line[x + 2]
            coloured += max(r, g, bl) - min(r, g, bl) > 40
            total += 1
        previous = line
    return coloured / total


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/install-chromium.sh)")
@pytest.mark.slow
def test_index_renders_styled_and_lists_the_suites_with_the_network_off(quality_site, tmp_path):
    index = quality_site / "index.html"
    shot = tmp_path / "index.png"
    done = chromium([f"--screenshot={shot}", index.as_uri()], tmp_path)
    assert shot.exists(), done.stderr[-2000:]
    assert coloured_share_of_top(shot.read_bytes()) > 0.05  # the navbar and the summary card are coloured

    probe_page = quality_site / "probe.html"
    probe_page.write_text(index.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dumped = chromium(["--dump-dom", probe_page.as_uri()], tmp_path).stdout
    match = re.search(r'data-probe="([^"]*)"', dumped)
    assert match, dumped[-2000:]
    probe = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert probe["navbar_background"] not in (None, "rgba(0, 0, 0, 0)")
    assert probe["header_cell_background"] not in (None, "rgba(0, 0, 0, 0)")
    assert "Times" not in probe["body_font"]
    listed = " ".join(probe["table_rows"])
    for suite in ("documents", "sections", "metrics", "keywords"):
        assert suite in listed
    assert "run-browser" in listed


# --- pages that do not mislead -----------------------------------------------------------------


def validation_page(site: Path, table: str) -> str:
    return next((site / "validations" / table).rglob("*.html")).read_text(encoding="utf-8")


def test_a_suite_with_only_warnings_is_not_shown_as_failed(warnings_site):
    page = validation_page(warnings_site, "metrics")
    assert "Passed with warnings" in page and "</i> Failed" not in page
    index = (warnings_site / "index.html").read_text(encoding="utf-8")
    assert "'_validation_success_text': 'Failed'" not in index
    assert index.count("'_validation_success_text': 'Passed with warnings'") == 2  # documents and metrics
    assert "passed with 3 warnings" in index


def test_a_critical_failure_is_still_shown_as_failed(quality_site):
    page = validation_page(quality_site, "metrics")
    assert "</i> Failed" in page and "Passed with warnings" not in page


def test_each_expectation_says_its_severity_and_what_it_checks(warnings_site):
    page = validation_page(warnings_site, "metrics")
    from expectations.suites import suite_checks

    assert page.count('class="jiedao-check"') == len(suite_checks("metrics"))  # every expectation of the suite
    assert "critical: a failure stops the load</span> unit in canonical vocabulary: canonical units" in page
    assert "warning: the failing rows are quarantined" in page


def test_failing_rows_name_the_report_and_the_mention(warnings_site):
    page = validation_page(warnings_site, "metrics")
    table = page[page.index("rows behind this failure") :]
    table = table[: table.index("</table>")]
    assert "<td>linjiang.txt</td>" in table and "<td>4座</td>" in table and "改造老旧小区4个" in table


def test_no_vendor_newsletter_footer(warnings_site):
    for page in warnings_site.rglob("*.html"):
        if "gx" not in page.relative_to(warnings_site).parts:
            assert "newsletter" not in page.read_text(encoding="utf-8").lower(), page


def test_each_failed_expectation_gets_pages_for_its_first_chunks_and_a_passing_suite_its_first():
    from expectations.docs import StoredResult, results_worth_a_page

    stored = [
        StoredResult("metrics", "t3", ("unit",)),
        StoredResult("metrics", "t1", ()),
        StoredResult("metrics", "t2", ("unit",)),
        StoredResult("metrics", "t4", ("unit", "offsets")),
        StoredResult("documents", "t2", ()),
        StoredResult("documents", "t1", ()),
    ]
    assert results_worth_a_page(stored, per_failure=2) == {
        ("metrics", "t2"),
        ("metrics", "t3"),
        ("metrics", "t4"),
        ("documents", "t1"),
    }
