"""One run per data dir: a second run waits a bounded time, then is told who holds the dir;
a run that was killed leaves a lock the next run takes over (and learns which run it was).
Every holder here is a real second process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from warehouse.lock import LockTimeout, run_lock

REPO = Path(__file__).resolve().parents[2]


def holder(data_dir: Path, run_id: str, seconds: float) -> subprocess.Popen:
    """A process that takes the run lock, says so on stdout, holds it ``seconds`` and exits cleanly."""
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from warehouse.lock import run_lock
        with run_lock(Path({str(data_dir)!r}), {run_id!r}, timeout=5):
            print("held", flush=True)
            time.sleep({seconds})
    """)
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_run_gives_up_after_its_timeout_naming_the_holder(tmp_path: Path):
    first = holder(tmp_path, "run-first", 30)
    try:
        started = time.monotonic()
        with pytest.raises(LockTimeout) as error, run_lock(tmp_path, "run-second", timeout=1.0):
            pass
        waited = time.monotonic() - started
    finally:
        first.kill()
        first.wait()
    assert 1.0 <= waited < 5
    message = str(error.value)
    assert "\n" not in message
    assert "run run-first" in message and f"pid {first.pid}" in message
    assert error.value.holder_run_id == "run-first" and error.value.holder_pid == first.pid


def test_a_second_run_waits_and_starts_when_the_first_ends(tmp_path: Path):
    first = holder(tmp_path, "run-first", 1.5)
    started = time.monotonic()
    with run_lock(tmp_path, "run-second", timeout=20) as held:
        assert time.monotonic() - started >= 1.0  # it waited for the first run
        assert held.stale_run_id is None  # a clean end leaves nothing to take over
    assert first.wait() == 0


def test_the_lock_of_a_killed_run_is_taken_over_and_names_that_run(tmp_path: Path):
    first = holder(tmp_path, "run-killed", 60)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    started = time.monotonic()
    with run_lock(tmp_path, "run-next", timeout=20) as held:
        assert time.monotonic() - started < 2  # no waiting for a dead holder
        assert held.stale_run_id == "run-killed"
        assert held.stale_pid == first.pid
    with run_lock(tmp_path, "run-after", timeout=1) as held:
        assert held.stale_run_id is None  # run-next ended cleanly


def test_a_released_lock_can_be_taken_again_in_the_same_process(tmp_path: Path):
    with run_lock(tmp_path, "a", timeout=1):
        pass
    with run_lock(tmp_path, "b", timeout=1) as held:
        assert held.run_id == "b" and held.stale_run_id is None


def test_a_lock_taken_without_a_with_block_is_released_by_release(tmp_path: Path):
    from warehouse.lock import acquire_run_lock

    held = acquire_run_lock(tmp_path, "a", timeout=1)
    with pytest.raises(LockTimeout):
        acquire_run_lock(tmp_path, "b", timeout=0.3)  # this process holds it: another open of the file waits too
    held.release()
    held.release()  # a second release does nothing
    again = acquire_run_lock(tmp_path, "c", timeout=1)
    assert again.stale_run_id is None
    again.release()
