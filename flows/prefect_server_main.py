"""The process of Prefect's temporary API server (``flows.prefect_server.launch``): uvicorn serving Prefect's
own ``create_app``, as ``uvicorn --factory`` would, with that app imported and built while the cyclic
collector is paused.

Importing Prefect's server application is most of the server's start, ~2.5-3 s of CPU on a slow host, on the
two cores the run's other processes start on; the collector's passes over all those new objects were ~0.5 s
of it (bench/RESULTS.md, session 30). Serving, the collector runs as usual.
"""

from __future__ import annotations

import sys

from flows.memory import pause_collector, resume_collector


def serve(port: int) -> None:
    """Serve Prefect's API on 127.0.0.1:``port`` until terminated (settings from the environment)."""
    pause_collector()
    from prefect.server.api.server import create_app

    app = create_app()
    resume_collector()
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
