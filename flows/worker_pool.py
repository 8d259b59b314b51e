"""Chunk workers forked from a warm process (``flows.fork_server``) instead of spawned.

A spawned worker pays seconds of CPU before its first chunk (importing Prefect, pandas, the transforms
and Great Expectations, loading jieba's dictionaries) and about a second to tear its interpreter down
at the end; with two workers on two cores that was ~15 s of CPU per run, most of it on the critical
path. Instead, ``flows.fork_server.start_warming()`` (called by ``jiedao run`` before it imports Prefect)
starts multiprocessing's fork server with ``flows.worker_preload`` preloaded: the imports run once, on
the other core, while this process starts Prefect and lists the inputs. Each pool worker is a fork of that
warm process: ready in milliseconds, sharing the dictionaries' pages with its siblings, and ending
with ``os._exit`` (no teardown).

``WarmPoolTaskRunner`` is Prefect's ``ProcessPoolTaskRunner`` with that start method; everything else
(task runs reported to the API, logs and events forwarded to this process) is Prefect's.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner, _initialize_process_pool_worker

from flows.fork_server import preload, stop


class WarmPoolTaskRunner(ProcessPoolTaskRunner):
    """A process pool whose workers are forked from the warm fork server (see the module docstring)."""

    def __enter__(self) -> WarmPoolTaskRunner:
        super(ProcessPoolTaskRunner, self).__enter__()  # the base TaskRunner's bookkeeping
        # A pool opened without start_warming (e.g. by `jiedao serve`) still forks warm workers: the server
        # starts with the first worker. Not started here: Prefect enters a copy of the flow's task runner
        # in every worker too, where a fork server would import everything again for nothing.
        preload()
        context = multiprocessing.get_context("forkserver")
        # as ProcessPoolTaskRunner.__enter__ (prefect 3.8.8), with the fork server instead of spawn
        self._subprocess_message_queue = context.Queue()
        self._message_forwarding_thread = threading.Thread(
            target=self._forward_subprocess_messages, name="ProcessPoolTaskRunnerMessageForwarder", daemon=True
        )
        self._message_forwarding_thread.start()
        self._executor = ProcessPoolExecutor(
            max_workers=self._max_workers,
            mp_context=context,
            initializer=_started_worker,
            initargs=(self._subprocess_message_queue, self._initializer, self._initargs),
        )
        self._resolver_executor = ThreadPoolExecutor(max_workers=self._max_workers)
        return self

    def fork_each_chunk_afresh(self) -> None:
        """From now on a worker ends after one task and a new one is forked from the warm fork server.

        A worker keeps ~120 MB of its own after a chunk (heap it cannot give back, caches); at the end of
        the run two idle workers held that while this process loaded the last chunks: the tree's peak. A
        fresh fork starts from the fork server's shared pages; it costs ~0.4 s of CPU (Prefect's task
        set-up, the transforms' and GX's first use), worth it for large chunks (``FRESH_WORKER_MIN_CHUNK``).
        ``ProcessPoolExecutor`` reads ``max_tasks_per_child`` as it forks each worker: set before the
        first task, it holds for every worker. Only 1, never more: Python 3.11-3.13 can deadlock a pool
        whose workers end after several tasks (CPython gh-115634).
        """
        if self._executor is not None:
            self._executor._max_tasks_per_child = 1  # type: ignore[attr-defined]

    def release(self) -> None:
        """End the workers now: the run has no more work for them, and its last steps (recording the run,
        publishing the lake) need this process's memory while each idle worker holds ~0.4 GB."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        # Ctrl-C or SIGTERM: the run stops now. Prefect's exit waits for the running chunks (a minute at
        # 500 reports each), whose results nobody would load; a killed worker loses only its staging.
        if exc_type is not None and not issubclass(exc_type, Exception) and self._executor is not None:
            for process in list((self._executor._processes or {}).values()):
                process.kill()
        super().__exit__(exc_type, exc_value, traceback)


def _started_worker(*prefect_initargs: Any) -> None:
    """Each worker's start: Prefect's initializer, with Ctrl-C left to the run. A terminal sends SIGINT to
    the whole process group; the run stops its workers itself (``__exit__``), and a worker that raised
    KeyboardInterrupt on its own would only print a traceback on the way."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _initialize_process_pool_worker(*prefect_initargs)


def fork_each_chunk_afresh() -> None:
    """``WarmPoolTaskRunner.fork_each_chunk_afresh`` for the current flow run's pool, if it has one."""
    runner = _current_pool()
    if runner is not None:
        runner.fork_each_chunk_afresh()


def _current_pool() -> WarmPoolTaskRunner | None:
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    runner = context.task_runner if context is not None else None
    return runner if isinstance(runner, WarmPoolTaskRunner) else None


def release_workers() -> None:
    """End the current flow run's pool workers and the fork server they came from, if it has them."""
    runner = _current_pool()
    if runner is not None:
        runner.release()
        stop()
