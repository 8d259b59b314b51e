"""One run at a time per data directory.

``run_lock(data_dir, run_id, timeout)`` holds an exclusive ``fcntl.flock`` on ``DIR/.lock`` for
the run and writes ``{"pid", "run_id", "started_at"}`` into it. A second run waits for the lock up
to ``timeout`` seconds, then ``LockTimeout`` names the holder's run id and pid in one line.

The kernel drops a ``flock`` when its holder dies, however it dies, so a lock is never stuck; but
the holder's JSON stays in the file when the run did not end cleanly (a clean end empties it).
The next run that takes the lock and finds JSON there knows that run was cut off: the lock's
``stale_run_id``/``stale_pid`` say which, so the flow can mark it ``aborted`` and clean up after it.

The lock file is opened close-on-exec (Python's default), so a Prefect server or any other
program started by the run does not inherit the lock. Processes forked by the run (worker pools)
do share it until they exit: a run's workers count as the run.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".lock"
_POLL = 0.2


class LockTimeout(RuntimeError):
    """Another run holds the data directory; the message is one line for people."""

    def __init__(self, message: str, holder_run_id: str | None, holder_pid: int | None):
        super().__init__(message)
        self.holder_run_id = holder_run_id
        self.holder_pid = holder_pid


@dataclass
class HeldLock:
    """The lock this run holds, and the run it took over from, if that one was cut off."""

    path: Path
    run_id: str
    stale_run_id: str | None = None
    stale_pid: int | None = None
    fd: int | None = None

    def release(self) -> None:
        """End the hold cleanly (the file is emptied: nothing for the next run to take over). Idempotent."""
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
            self.fd = None


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(path: Path) -> dict:
    """What the lock file says about its (last) holder; {} when empty or unreadable."""
    try:
        text = path.read_text("utf-8").strip()
        return json.loads(text) if text else {}
    except (OSError, ValueError):
        return {}


def acquire_run_lock(data_dir: Path, run_id: str, timeout: float) -> HeldLock:
    """Take the data directory's run lock, waiting at most ``timeout`` s; call ``release()`` at the end.

    Raises ``LockTimeout`` when another live run keeps it that long. ``stale_run_id`` names a run
    that held the lock before and ended without releasing it (killed). A holder that dies without
    releasing loses the lock anyway (the kernel drops it).
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, timeout)
        before = _read_fd(fd)
        stale_pid = before.get("pid") if isinstance(before.get("pid"), int) else None
        held = HeldLock(path, run_id, before.get("run_id") if before else None, stale_pid if before else None, fd)
        _write_fd(fd, {"pid": os.getpid(), "run_id": run_id, "started_at": datetime.now(UTC).isoformat()})
    except BaseException:
        os.close(fd)
        raise
    return held


@contextmanager
def run_lock(data_dir: Path, run_id: str, timeout: float) -> Iterator[HeldLock]:
    """Hold the data directory's run lock for the block (see ``acquire_run_lock``)."""
    held = acquire_run_lock(data_dir, run_id, timeout)
    try:
        yield held
    finally:
        held.release()


def _acquire(fd: int, path: Path, timeout: float) -> None:
    started = time.monotonic()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waited = time.monotonic() - started
            if waited >= timeout:
                holder = read_holder(path)
                run, pid = holder.get("run_id"), holder.get("pid")
                who = f"run {run} (pid {pid})" if run else "another run"
                raise LockTimeout(
                    f"data dir {path.parent} is in use by {who}; waited {waited:.0f} s (--lock-timeout)", run, pid
                ) from None
            time.sleep(min(_POLL, max(0.01, timeout - waited)))


def _read_fd(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("utf-8").strip()
        return json.loads(text) if text else {}
    except ValueError:
        return {"run_id": None}  # garbage in the file: someone was cut off mid-write


def _write_fd(fd: int, holder: dict) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(holder).encode("utf-8"))
    os.fsync(fd)
