"""Latency of the reading room's pages on a warehouse (issue 14: under a second on 10,000 reports).

    python bench/bench_browse.py --data-dir DIR [--repeat 5]

Starts ``jiedao browse`` on DIR (a free port on 127.0.0.1), waits until it answers (the start-up
time printed: the server warms up before it listens), requests every kind of page ``repeat``
times over HTTP, and prints the first (cold: the first view of that page since the start) and the
median of the others (warm), in milliseconds. The pages requested are picked from the warehouse
itself: a report with many metrics, its province, the two most common indicators (each page's
first view draws its chart), the first of them narrowed to one province (another chart).

To build a warehouse of 10,000 reports: ``python bench/corpus.py 10000 /tmp/corpus``, then
``jiedao run /tmp/corpus --data-dir /tmp/data10k``. To measure another checkout's reading room on
the same warehouse (before/after), give that checkout's ``jiedao`` with ``--jiedao``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb

JIEDAO = Path(sys.executable).with_name("jiedao")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pages(data_dir: Path) -> dict[str, str]:
    """One URL path per kind of page, chosen from the warehouse."""
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        doc_id, province = con.execute(
            "SELECT doc_id, province FROM documents JOIN metrics USING (doc_id) GROUP BY ALL "
            "ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        names = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
        indicators = (
            con.execute(
                "SELECT indicator FROM metrics WHERE indicator IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 2"
            ).fetchall()
            if "v_indicator_panel" in names
            else []
        )
    finally:
        con.close()
    found = {
        "home": "/",
        "search": "/search?" + urllib.parse.urlencode({"q": "老旧小区改造"}),
        "search+filters": "/search?" + urllib.parse.urlencode({"q": "老旧小区改造", "province": province or ""}),
        "browse by province": "/search?" + urllib.parse.urlencode({"province": province or ""}),
        "report": f"/doc/{doc_id}",
        "indicators": "/indicators",
        "quality": "/quality",
    }
    for (code,), name in zip(indicators, ("indicator", "2nd indicator")):
        found[name] = f"/indicator/{code}"
    if indicators:
        found["indicator+province"] = f"/indicator/{indicators[0][0]}?" + urllib.parse.urlencode(
            {"province": province or ""}
        )
    return found


def timed_get(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status, len(body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="a data dir with warehouse.duckdb")
    ap.add_argument("--repeat", type=int, default=5, help="requests per page (default 5)")
    ap.add_argument(
        "--settle",
        type=float,
        default=0,
        metavar="S",
        help="seconds to wait after the server answers before the first request (default 0)",
    )
    ap.add_argument("--jiedao", type=Path, default=JIEDAO, help=f"the jiedao command to start (default {JIEDAO})")
    args = ap.parse_args()
    con = duckdb.connect(str(args.data_dir / "warehouse.duckdb"), read_only=True)
    n_docs, n_metrics = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM metrics)"
    ).fetchone()
    con.close()
    port = free_port()
    server = subprocess.Popen(
        [str(args.jiedao), "browse", "--data-dir", str(args.data_dir), "--port", str(port)],
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        startup = time.monotonic() - started
        time.sleep(args.settle)
        print(f"warehouse: {n_docs:,} reports, {n_metrics:,} metrics ({args.data_dir})")
        print(f"server answered {startup:.1f} s after it was started; first request {args.settle:g} s later")
        print(f"{'page':<20} {'status':>6} {'KB':>7} {'cold ms':>9} {'warm ms':>9} {'max ms':>8}")
        results = {}
        for name, path in pages(args.data_dir).items():
            times, status, size = [], 0, 0
            for _ in range(args.repeat):
                ms, status, size = timed_get(base + path)
                times.append(ms)
            warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
            results[name] = {
                "path": path,
                "status": status,
                "bytes": size,
                "cold_ms": round(times[0], 1),
                "warm_ms": round(warm, 1),
                "max_ms": round(max(times), 1),
            }
            print(f"{name:<20} {status:>6} {size / 1024:>7.0f} {times[0]:>9.0f} {warm:>9.0f} {max(times):>8.0f}")
        out = Path(__file__).parent / "results"
        out.mkdir(exist_ok=True)
        (out / "bench_browse.json").write_text(
            json.dumps(
                {"documents": n_docs, "metrics": n_metrics, "startup_s": round(startup, 2), "pages": results},
                ensure_ascii=False,
                indent=1,
            )
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
