"""`jiedao serve --cron "0 3 * * *" SOURCE…`: scheduled runs in one command.

What it starts, and how it stops:

* When no Prefect API is configured (``PREFECT_API_URL`` unset), a persistent local Prefect
  server (``prefect server start``, its database in ``PREFECT_HOME``, see ``flows/settings.py``)
  as a CHILD process on a free port of 127.0.0.1: in its own process group (Ctrl-C in the
  terminal reaches jiedao only, which then stops the group in order) and with a parent-death
  signal (``PR_SET_PDEATHSIG``: if jiedao is killed outright, the kernel sends the server SIGTERM).
* The flow served as deployment ``jiedao-run/jiedao-scheduled`` on the cron schedule
  (``Flow.serve``); scheduled runs execute as child processes of this one.
* On Ctrl-C or SIGTERM: the runner stops (Prefect pauses the schedule), then every process this
  one started (flow runs, the server and its workers) gets SIGTERM, then SIGKILL after a grace
  period. Nothing outlives ``jiedao serve``.

A bad cron expression is one line, before anything is started.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil

from flows.lifetime import own_group_dying_with_parent

DEPLOYMENT_NAME = "jiedao-scheduled"
SERVER_START_TIMEOUT = 180.0  # s; a new PREFECT_HOME migrates its database first
STOP_GRACE = 10.0  # s between SIGTERM and SIGKILL when stopping children


class ServeError(RuntimeError):
    """Serving could not start; the message is one line for people."""


def cron_refusal(cron: str) -> str | None:
    """Why ``cron`` is not a schedule Prefect accepts, or None.

    Uses the croniter Prefect vendors, loaded on its own: importing ``prefect`` here would fix
    Prefect's settings before the server's address is known.
    """
    if len(cron.split()) != 5:
        return f'bad --cron {cron!r}: five fields are needed (minute hour day month weekday), e.g. "0 3 * * *"'
    croniter = _vendored_croniter()
    if not croniter.is_valid(cron) or any(field.lower() in ("r", "h") for field in cron.split()):
        return f'bad --cron {cron!r}: not a valid cron expression (minute hour day month weekday), e.g. "0 3 * * *"'
    return None


def _vendored_croniter():
    spec = importlib.util.find_spec("prefect")
    path = Path(spec.origin).parent / "_vendor" / "croniter" / "croniter.py"
    module_spec = importlib.util.spec_from_file_location("_jiedao_croniter", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.croniter


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on (now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalServer:
    """``prefect server start`` on 127.0.0.1:<port>, a child process in its own process group."""

    def __init__(self, port: int, log_path: Path):
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = SERVER_START_TIMEOUT) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_API_URL": self.api_url}
        env.pop("PREFECT_API_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=own_group_dying_with_parent,
        )
        log.close()
        self._wait_healthy(self.process, timeout)

    def _wait_healthy(self, process: subprocess.Popen, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServeError(
                    f"the Prefect server stopped at start (exit {process.returncode}); see {self.log_path}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.api_url}/health", timeout=2, trust_env=False).status_code == 200:
                    return
            time.sleep(0.5)
        raise ServeError(f"the Prefect server did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def stop_descendants(grace: float = STOP_GRACE, *, sparing: int | None = None) -> None:
    """SIGTERM every process this one started (recursively), SIGKILL what is left after ``grace``.

    ``sparing``: a child whose process tree is left alone (the server, stopped last, as a group).
    """
    me = psutil.Process()
    spared: set[int] = set()
    if sparing is not None:
        with contextlib.suppress(psutil.Error):
            spared = {sparing} | {p.pid for p in psutil.Process(sparing).children(recursive=True)}
    children = [p for p in me.children(recursive=True) if p.pid not in spared]
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)


@contextlib.contextmanager
def prefect_api(data_dir: Path, say: Callable[[str], None]) -> Iterator[str]:
    """The UI address of the Prefect API to use: the configured one, or a local server started here.

    Sets ``PREFECT_API_URL`` for this process (before Prefect is imported) and its children.
    """
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield os.environ.get("PREFECT_UI_URL") or configured.removesuffix("/").removesuffix("/api")
        return
    server = LocalServer(free_port(), data_dir / "logs" / "prefect-server.log")
    say(f"starting a local Prefect server on 127.0.0.1:{server.port} (log: {server.log_path}) ...")
    try:
        server.start()
        os.environ["PREFECT_API_URL"] = server.api_url
        os.environ.setdefault("PREFECT_UI_URL", server.ui_url)
        _LOCAL_SERVERS.append(server)
        yield server.ui_url
    finally:
        with contextlib.suppress(ValueError):
            _LOCAL_SERVERS.remove(server)
        server.stop()


_LOCAL_SERVERS: list[LocalServer] = []  # the server this process started, spared until the flow runs are stopped


def serve_scheduled(
    *, cron: str, data_dir: Path, parameters: Callable[[], dict], say: Callable[[str], None] = print
) -> int:
    """Serve the flow on ``cron`` until Ctrl-C/SIGTERM; 0 on a normal stop. Raises ServeError.

    ``parameters`` gives the flow's parameters; it is called once the Prefect API is known, since
    building them imports the pipeline, and importing Prefect fixes its settings.
    """
    refusal = cron_refusal(cron)
    if refusal is not None:
        raise ServeError(refusal)
    from flows.settings import configure_prefect

    configure_prefect()  # PREFECT_HOME etc. for the server and for this process
    # Prefect's runner answers SIGTERM with a sync call of an async stop(): harmless, but it warns.
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupt)  # until the runner takes over
    try:
        with prefect_api(data_dir, say) as ui_url:
            from flows.pipeline import flow_for

            params = parameters()
            flow = flow_for(params["workers"], params.get("dask_address"))
            say(f"serving {flow.name}/{DEPLOYMENT_NAME} on cron {cron!r}; Prefect UI at {ui_url} (Ctrl-C to stop)")
            try:
                flow.serve(name=DEPLOYMENT_NAME, cron=cron, parameters=params, print_starting_message=False)
            except SystemExit:  # the runner's SIGTERM handler ends with sys.exit(0)
                pass
            finally:
                # Flow runs still going first (they may still talk to the server), then the server.
                server = _LOCAL_SERVERS[-1].process if _LOCAL_SERVERS else None
                stop_descendants(sparing=server.pid if server is not None else None)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        stop_descendants()
    say("stopped")
    return 0


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
