"""Prefect's temporary API server, started early, without importing it here, and bound to this process's life.

Prefect 3 needs an API for every flow run. Without ``PREFECT_API_URL`` it would start a temporary
server itself when the flow starts and wait for it, after importing the whole server application in
this process (~4 s of CPU on the run's critical path). ``start_early`` launches the same server
(uvicorn on Prefect's ``create_app``, ephemeral, no UI) as a child before the run's own imports, so
its boot overlaps with them on the other core, and names it to Prefect as a configured API. The child
runs in its own session, so a Ctrl-C at the terminal reaches the run, which then still reports its
state, and not the server under it; it gets SIGTERM when this process dies, even by SIGKILL (Linux
``PR_SET_PDEATHSIG``): a killed ``jiedao`` leaves no server behind. Its address is put in the
environment, so worker processes use it instead of each starting a server of their own.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

from flows.lifetime import own_group_dying_with_parent

STARTUP_TIMEOUT_SECONDS = 120.0  # a new PREFECT_HOME migrates its database first; slow on a busy machine
# Two first runs on a new PREFECT_HOME both create its database; the server that loses exits (code 3).
# Started again it finds the database made: a concurrent first run should not fail for that.
RELAUNCHES = 2


class ServerError(RuntimeError):
    """Prefect's temporary server could not be started; the message says how it failed."""


@dataclass
class TemporaryServer:
    """A Prefect API server this process started; ``ready()`` waits for it and makes it the run's API."""

    process: subprocess.Popen
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @contextmanager
    def ready(self) -> Iterator[None]:
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        wait_until_healthy(self)
        # Prefect may have read its settings before the address was in the environment. No flow run
        # heartbeats: they tell a lasting server that a run crashed, and this one dies with the run; their
        # thread sleeps in 1 s steps, and the flow's end waits for it (~0.5 s on every run).
        with temporary_settings(updates={PREFECT_API_URL: self.api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


_started: list[TemporaryServer] = []  # at most one per process: later runs in this process reuse it


def start_early() -> TemporaryServer | None:
    """Launch the temporary server now, unless Prefect has an API configured (then None)."""
    if _started and _started[0].process.poll() is None:
        os.environ["PREFECT_API_URL"] = _started[0].api_url  # as below: for this run's workers
        return _started[0]
    if os.environ.get("PREFECT_API_URL"):
        return None
    port = free_port()
    server = TemporaryServer(launch(port), port)
    atexit.register(server.stop)
    _started[:] = [server]
    # worker processes inherit the address: without it each would start a temporary server of its own
    os.environ["PREFECT_API_URL"] = server.api_url
    return server


def ready(server: TemporaryServer | None) -> AbstractContextManager[None]:
    """Wait for ``server`` and use it for what runs inside; nothing to wait for without one."""
    return server.ready() if server is not None else nullcontext()


def wait_until_healthy(server: TemporaryServer, timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    relaunches = RELAUNCHES
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            if relaunches == 0:
                raise ServerError(f"Prefect's temporary server exited with code {server.process.returncode}")
            relaunches -= 1
            server.process = launch(server.port)
        try:
            with urllib.request.urlopen(f"{server.api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise ServerError(f"Prefect's temporary server did not answer within {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(port: int) -> subprocess.Popen:
    """Prefect's temporary server (uvicorn on its app, ``flows.prefect_server_main``), as a child that dies with us."""
    environment = {
        **{key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"},
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        # Registering block types imports every installed collection first (prefect-dask brings dask and
        # distributed: ~0.4 s of CPU at start-up and ~26 MB); a run saves no block, and the UI that lists
        # them is a lasting server's (`jiedao serve` registers them there).
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
        "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
    }
    command = [sys.executable, "-m", "flows.prefect_server_main", str(port)]
    return subprocess.Popen(command, env=environment, preexec_fn=own_group_dying_with_parent, stdout=subprocess.DEVNULL)
