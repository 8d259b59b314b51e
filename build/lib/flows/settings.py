"""Prefect settings for a normal run: a project-local home, no analytics, quiet logging.

The same settings live in ``[tool.prefect]`` of pyproject.toml (read when working in the checkout);
setting them here as environment defaults makes ``jiedao`` behave the same from any directory.
A user's own environment (e.g. PREFECT_API_URL of a persistent server) always wins.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOGGING_CONFIG = Path(__file__).with_name("prefect_logging.yml")


def prefect_environment() -> dict[str, str]:
    """The environment defaults jiedao runs Prefect with."""
    return {
        "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
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
