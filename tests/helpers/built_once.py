"""Session fixtures built once per test session, also when pytest-xdist runs the tests in several
worker processes: each worker has a session of its own, and without this each would build its own
copy of an expensive fixture (a `jiedao run` of the samples takes 10-30 s)."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DONE = ".built"


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder ``name`` that ``build`` filled exactly once in this test session (the first worker to
    ask builds it while the others wait on a file lock); read-only for the tests that share it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:  # one process: its own session temp dir
        folder = tmp_path_factory.mktemp(name, numbered=False)
        build(folder)
        return folder
    root = tmp_path_factory.getbasetemp().parent  # the session's temp dir, shared by its workers
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / DONE).exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half way
            folder.mkdir()
            build(folder)
            (folder / DONE).touch()
    return folder
