"""Chunk workers are forked from one warm process: what a chunk needs is imported before the first one."""

import os

import pytest
from pool_probe import probe

from flows import fork_server
from flows.pipeline import warm_worker
from flows.prefect_server import ready, start_early
from flows.settings import configure_prefect
from flows.worker_pool import WarmPoolTaskRunner

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
