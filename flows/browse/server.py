"""Running the reading room: warm it, then serve it with uvicorn until Ctrl-C or SIGTERM."""

from __future__ import annotations

import signal
import socket
import sys
from pathlib import Path

from flows.browse.app import create_app
from flows.browse.room import Room


class _Stop(Exception):
    """SIGTERM: end the server and return normally (exit status 0)."""


def serve(data_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Warm the room, say where it listens, run the app until Ctrl-C or SIGTERM, then return.

    The address is printed (on stderr) only once the room is warm (``Room.warm``): a user who
    opens it at once does not pay for loading the chart engine or the search dictionary.
    """
    import uvicorn

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    room = Room(data_dir)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the previous handler:
    # this one turns it into a normal return instead of a death by signal.
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        note = room.warm()
        app = create_app(data_dir, room)
        if note:
            print(f"jiedao browse: {note}", file=sys.stderr)
        print(f"jiedao reading room on http://{host}:{port}/ (read-only; Ctrl-C to stop)", file=sys.stderr)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_port_free(host: str, port: int) -> None:
    """Raise OSError when ``host:port`` cannot be listened on (in use, or not an address of this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
