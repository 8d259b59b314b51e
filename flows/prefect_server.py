"""Prefect's temporary API server, started early and bound to this process's life.

Prefect 3 needs an API for every flow run; without ``PREFECT_API_URL`` it starts a temporary server
in a subprocess when the flow starts, and waits ~5 s for it. ``start_early`` starts that same server
(Prefect finds it through its per-port singleton and reuses it) before the run's own imports, so the
wait overlaps with them, and as a child that receives SIGTERM when this process dies, even by
SIGKILL (Linux ``PR_SET_PDEATHSIG``): a killed ``jiedao`` leaves no server behind. Its address is
put in the environment, so worker processes use it instead of each starting a server of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable

from flows.lifetime import die_with_parent


def start_early() -> Callable[[], None]:
    """Launch the temporary server now (unless a server is configured); returns a wait-until-ready."""
    if os.environ.get("PREFECT_API_URL"):
        return lambda: None
    from prefect.server.api.server import SubprocessASGIServer

    if getattr(SubprocessASGIServer._instances.get(None), "running", False):
        return lambda: None  # an earlier run in this process started it

    class ChildServer(SubprocessASGIServer):
        launched: subprocess.Popen | None = None

        def _run_uvicorn_command(self) -> subprocess.Popen:
            if self.launched is not None and self.launched.poll() is None:
                launched, self.launched = self.launched, None
                return launched
            return launch(self.port)  # Prefect retrying on another port

    server = ChildServer()  # Prefect's own SubprocessASGIServer() now returns this instance
    server.port = server.find_available_port()
    server.launched = launch(server.port)  # from the main thread: the death signal follows the forking thread
    ready = threading.Thread(target=server.start, daemon=True)
    ready.start()
    # worker processes inherit the address: without it each would start a temporary server of its own
    os.environ["PREFECT_API_URL"] = server.api_url
    return ready.join


def launch(port: int | None) -> subprocess.Popen:
    """The uvicorn command Prefect uses for its temporary server, as a child that dies with us."""
    import prefect
    from prefect.settings import get_current_settings

    environment = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        **get_current_settings().to_environment_variables(exclude_unset=True),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(prefect.__module_path__.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]
    bound = threading.current_thread() is threading.main_thread()
    return subprocess.Popen(command, env=environment, preexec_fn=die_with_parent if bound else None)
