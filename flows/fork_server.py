"""The warm process the chunk workers are forked from: started first, so that its imports overlap ours.

``start_warming()`` starts multiprocessing's fork server with ``flows.worker_preload`` preloaded. It is
called by ``jiedao run`` once the run has work (a re-run with nothing new starts none:
``flows.unchanged_run``) and before Prefect is imported here (this module imports nothing heavy), so
the workers' imports run on the other core while this process starts Prefect and lists the inputs.
``flows.worker_pool`` forks the pool's workers from it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from multiprocessing import forkserver

PRELOAD = ["flows.worker_preload"]
# multiprocessing's resource tracker (a child started with this interpreter's -W options) warns at exit
# about the semaphores of workers killed when a run is stopped (Ctrl-C, SIGTERM): noise nobody can act on.
QUIET_TRACKER = "ignore:resource_tracker:UserWarning"


def start_warming() -> None:
    """Start the fork server now, importing what a chunk needs, so workers fork warm later."""
    preload()
    forkserver.ensure_running()


def preload() -> None:
    """Name what the fork server imports when it starts (it starts on first use, or in ``start_warming``)."""
    if QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(QUIET_TRACKER)
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)


def stop() -> None:
    """Stop the fork server now, even in the middle of its imports (a run with nothing to transform
    needs none of them), and wait for it, so that its CPU time and its workers' count as this
    process's children's. Without this it would stop when this process exits."""
    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if server is None or pid is None or not hasattr(server, "_stop"):  # CPython's, since 3.8
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    server._stop()  # closes its pipe, waits for it, forgets it
