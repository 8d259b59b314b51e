"""Bounds per document: a size cap and a time budget, so one pathological input becomes a reject
with its reason instead of a hang or an out-of-memory kill.

* ``size_refusal(n_chars, max_chars)``: the reason a decoded text is too large, or None.
* ``time_budget(seconds, stage=...)``: a context manager; when the code inside runs longer than
  ``seconds`` it raises ``TimeBudgetExceeded`` (a ``TransformError``: the flow turns it into a
  ``rejects`` row ``took longer than N s``).

In the main thread the budget is a ``SIGALRM`` interval timer; in any other thread (Prefect
task runners, worker pools) a watchdog thread raises the exception asynchronously in the thread
being timed. Either way Python can only interrupt between bytecodes: a single call into C (one
regex match, one lxml parse) finishes first, which is why the transforms keep their C calls
linear in the input. The interrupt is a ``BaseException`` inside the block, so ``except
Exception``/``except ValueError`` in the transforms cannot swallow it; it leaves the block as
``TimeBudgetExceeded``.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from transforms.records import TransformError

DEFAULT_MAX_DOC_CHARS = 5_000_000  # ~10x the longest real work report; a 60 MB text is not a report
# Seconds of transforms per input: a long real report takes ~1 s; a 12 MB page of 100k paragraphs
# took ~60 s on a loaded 2-core machine (bench/bench_pathological.py), so twice that is a hang.
DEFAULT_DOC_SECONDS = 120.0


class TimeBudgetExceeded(TransformError):
    """A document's transforms ran past their time budget."""

    def __init__(self, stage: str, seconds: float):
        super().__init__(stage, f"took longer than {seconds:g} s")
        self.seconds = seconds


class _BudgetInterrupt(BaseException):
    """Raised inside the timed block; BaseException so no ``except Exception`` in a transform swallows it."""


def size_refusal(n_chars: int, max_chars: int | None) -> str | None:
    """Why a text of ``n_chars`` characters is not processed, or None when it is within ``max_chars``."""
    if max_chars is None or n_chars <= max_chars:
        return None
    return f"{n_chars:,} characters of text, more than the cap of {max_chars:,} (--max-doc-chars)"


def byte_size_refusal(n_bytes: int, max_chars: int | None) -> str | None:
    """Why ``n_bytes`` of input are refused undecoded: no charset takes more than 4 bytes a character."""
    if max_chars is None or n_bytes <= 4 * max_chars:
        return None
    return f"{n_bytes:,} bytes, more than the cap of {max_chars:,} characters of text in any charset (--max-doc-chars)"


@contextmanager
def time_budget(seconds: float | None, *, stage: str = "budget") -> Iterator[None]:
    """Run the block for at most ``seconds`` (None or <= 0: no limit), else raise ``TimeBudgetExceeded``."""
    if not seconds or seconds <= 0:
        yield
        return
    in_main = threading.current_thread() is threading.main_thread()
    timer = _AlarmTimer(seconds) if in_main and _alarm_free() else _WatchdogTimer(seconds)
    timer.start()
    try:
        try:
            yield
        finally:
            fired = timer.stop()
    except _BudgetInterrupt:  # raised in the block, or just as the timer was being stopped
        timer.stop()
        raise TimeBudgetExceeded(stage, seconds) from None
    if fired:  # the interrupt was caught by a bare except inside the block; the budget still ran out
        raise TimeBudgetExceeded(stage, seconds)


def _alarm_free() -> bool:
    """True when no one else has a SIGALRM timer running (we would cancel theirs)."""
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class _AlarmTimer:
    """SIGALRM after ``seconds``; the handler raises in the main thread."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.fired = False
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None  # the handler replaced

    def _handler(self, signum: int, frame: object) -> None:
        self.fired = True
        raise _BudgetInterrupt

    def start(self) -> None:
        self._previous = signal.signal(signal.SIGALRM, self._handler)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> bool:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous if self._previous is not None else signal.SIG_DFL)
        return self.fired


class _WatchdogTimer:
    """A thread that, after ``seconds``, raises ``_BudgetInterrupt`` in the timed thread."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.fired = False
        self._target = threading.get_ident()
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="jiedao-time-budget", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        deadline = time.monotonic() + self.seconds
        if self._done.wait(self.seconds) or time.monotonic() < deadline:
            return
        with self._lock:
            if self._done.is_set():
                return
            self.fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._target), ctypes.py_object(_BudgetInterrupt))

    def stop(self) -> bool:
        with self._lock:
            self._done.set()
            if self.fired:
                # Clear an interrupt still pending (the block ended before it was delivered).
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._target), None)
        return self.fired
