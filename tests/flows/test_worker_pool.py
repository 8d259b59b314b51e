"""Chunk workers are forked from one warm process: what a chunk needs is imported before the first one,
and they end as soon as the run has no more work for them."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from pool_probe import probe, probe_one_at_a_time
from processes import descendants
from short_reports import many_reports

from flows import fork_server
from flows.pipeline import warm_worker
from flows.prefect_server import ready, start_early
from flows.settings import configure_prefect
from flows.worker_pool import WarmPoolTaskRunner
from support import JIEDAO

pytestmark = pytest.mark.slow  # a Prefect server and a fork server importing GX and the transforms


def test_pool_workers_start_with_the_transforms_gx_and_jieba_already_loaded():
    configure_prefect()
    fork_server.start_warming()
    with ready(start_early()):
        reports = probe.with_options(task_runner=WarmPoolTaskRunner(max_workers=2, initializer=warm_worker))(4)
    fork_server.stop()

    assert {r["pid"] for r in reports} - {os.getpid()}, "the tasks ran in worker processes"
    assert all(r["parent"] != os.getpid() for r in reports)  # forked by the fork server, not spawned by us
    assert all(r["imported"] == ["great_expectations", "jieba", "transforms.metrics"] for r in reports)


def test_each_chunk_can_have_a_freshly_forked_worker():
    # a worker that ran a large chunk keeps ~120 MB of its own; a fresh fork holds only shared pages
    configure_prefect()
    fork_server.start_warming()
    with ready(start_early()):
        pool = WarmPoolTaskRunner(max_workers=2, initializer=warm_worker)
        reused = probe_one_at_a_time.with_options(task_runner=pool)(4, afresh=False)
        afresh = probe_one_at_a_time.with_options(task_runner=pool)(4, afresh=True)
    fork_server.stop()

    assert len({r["pid"] for r in reused}) <= 2
    assert len({r["pid"] for r in afresh}) == 4
    assert all(r["imported"] == ["great_expectations", "jieba", "transforms.metrics"] for r in afresh)


def test_the_workers_and_their_fork_server_are_gone_before_the_lake_is_published(tmp_path):
    many_reports(tmp_path / "in", count=24)
    marker = tmp_path / "publishing"
    env = {**os.environ, "JIEDAO_FAILPOINT": f"publish:{marker}", "PYTHONWARNINGS": "ignore"}
    command = [str(JIEDAO), "run", str(tmp_path / "in"), "--chunk-size", "8", "--data-dir", str(tmp_path / "data")]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert run.poll() is None and time.monotonic() < deadline, "the run never published its lake"
            time.sleep(0.2)
        left = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in descendants(run.pid)]
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert left, "the run's Prefect server is one of its processes"
    assert not [c for c in left if b"multiprocessing.forkserver" in c], left  # no worker, no fork server
