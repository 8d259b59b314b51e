"""Named points where a test can stop a run dead, to prove a kill there loses nothing.

``JIEDAO_FAILPOINT=<name>:<marker file>`` makes the run touch the marker when it reaches that point,
then wait there until it is killed. Without the variable ``reached`` costs one dictionary lookup.
Points: ``after-ingest``, ``validate``, ``after-commit``, ``publish`` (the main process) and
``transform-<chunk number>`` (the worker, before it stages that chunk).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

VARIABLE = "JIEDAO_FAILPOINT"


def reached(name: str) -> None:
    setting = os.environ.get(VARIABLE)
    if not setting:
        return
    point, _, marker = setting.partition(":")
    if point == name:
        Path(marker).write_text(str(os.getpid()))
        while True:  # until the test kills this process
            time.sleep(1)
