"""Prefect settings for a normal run: a home in the user's state dir, no analytics, quiet logging.

``PREFECT_HOME`` (Prefect's database, profiles, local storage) defaults to
``$XDG_STATE_HOME/jiedao/prefect`` (``~/.local/state/jiedao/prefect`` when XDG_STATE_HOME is not
set): an installed tool writes only under its data dir or the user's state dir, never into the
install or checkout directory. The other defaults also live in ``[tool.prefect]`` of pyproject.toml
(read when working in the checkout); setting them here as environment defaults makes ``jiedao``
behave the same from any directory. A user's own environment (PREFECT_HOME, PREFECT_API_URL of a
persistent server ...) always wins.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOGGING_CONFIG = Path(__file__).with_name("prefect_logging.yml")


def state_dir() -> Path:
    """``$XDG_STATE_HOME/jiedao`` or ``~/.local/state/jiedao`` (XDG Base Directory spec: relative paths are ignored)."""
    xdg = os.environ.get("XDG_STATE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "state"
    return base / "jiedao"


def prefect_home() -> Path:
    """Where Prefect keeps its database and profiles when the user did not say (PREFECT_HOME)."""
    return state_dir() / "prefect"


def prefect_environment() -> dict[str, str]:
    """The environment defaults jiedao runs Prefect with."""
    return {
        "PREFECT_HOME": str(prefect_home()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # A new PREFECT_HOME migrates its database on first start: on a busy 2-core machine that
        # outlasts Prefect's default 20 s and the first run of a new user would fail.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_LOGGING_CONFIG_PATH": str(LOGGING_CONFIG),
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "PREFECT_CLI_COLORS": "false",
    }


def configure_prefect() -> None:
    """Set the defaults before Prefect is first imported (its settings are read at import)."""
    for key, value in prefect_environment().items():
        os.environ.setdefault(key, value)
    # Prefect creates its home without parents (~/.local/state may not exist yet) and then cannot start.
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
