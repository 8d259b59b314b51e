"""A task that reports, from the worker process running it, what that process had already imported."""

import os
import sys

from prefect import flow, task
from prefect.cache_policies import NO_CACHE


@task(cache_policy=NO_CACHE)
def what_the_worker_holds(_: int) -> dict:
    return {
        "pid": os.getpid(),
        "parent": os.getppid(),
        "imported": sorted(m for m in ("great_expectations", "transforms.metrics", "jieba") if m in sys.modules),
    }


@flow
def probe(n: int) -> list[dict]:
    futures = [what_the_worker_holds.submit(i) for i in range(n)]
    return [f.result() for f in futures]


@flow
def probe_one_at_a_time(n: int, afresh: bool) -> list[dict]:
    """``n`` tasks, each sent once the one before has returned (so a pool could give each the same worker)."""
    from flows.worker_pool import fork_each_chunk_afresh

    if afresh:
        fork_each_chunk_afresh()
    return [what_the_worker_holds.submit(i).result() for i in range(n)]
