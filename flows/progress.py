"""Progress of a long stage: a live bar on a terminal, plain lines in logs, cron and CI.

::

    with stage_progress("clean", len(inputs)) as progress:
        for source in inputs:
            ...
            progress.advance()
        progress.summary = "118 texts, 2 rejected"   # optional; default "<n> documents in <t> s (<r> docs/s)"

On a terminal (the stream is a TTY, or a rich ``Console`` is passed) a rich bar shows documents
done, docs/s and the time left while the stage runs, and is replaced by the stage's one-line summary
when it ends. Elsewhere the output is what the pipeline has always printed: ``  clean: 40/120``
every few seconds, then the summary line ``clean      118 texts, 2 rejected``. Output goes to stderr,
so that stdout stays for results.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

PLAIN_INTERVAL = 5.0  # seconds between two plain count lines (the pipeline's present pace)


class StageProgress:
    """Counts documents done in one stage; ``advance`` is the only call a stage needs."""

    def __init__(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done = stage, max(int(total), 0), 0
        self.started = time.monotonic()
        self.summary: str | None = None  # the end line's text; set it to say more than the counts

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._show()

    def _show(self) -> None:  # drawn by the subclasses
        pass

    def note(self, line: str) -> None:
        """A line about one step of the stage (a chunk done): above the bar, or in the log."""

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def rate(self) -> float | None:
        """Documents per second so far (None before the first one, or before any time has passed)."""
        elapsed = self.elapsed()
        return self.done / elapsed if self.done and elapsed > 0 else None

    def end_line(self) -> str:
        """The one line printed when the stage ends: ``clean      4 documents in 0.3 s (13 docs/s)``."""
        return f"{self.stage:<10} {self.summary or self.default_summary()}"

    def default_summary(self) -> str:
        rate = self.rate()
        per_second = f" ({format_rate(rate)} docs/s)" if rate else ""
        noun = "document" if self.done == 1 else "documents"
        return f"{self.done} {noun} in {self.elapsed():.1f} s{per_second}"

    def close(self) -> None:
        pass


class PlainProgress(StageProgress):
    """Not a terminal: a count line every ``interval`` seconds, then the end line."""

    def __init__(self, stage: str, total: int, stream: TextIO, interval: float = PLAIN_INTERVAL) -> None:
        super().__init__(stage, total)
        self.stream, self.interval, self.last = stream, interval, time.monotonic()

    def _show(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval and self.done < self.total:
            self._write(f"  {self.stage}: {self.done}/{self.total}")
            self.last = now

    def close(self) -> None:
        self._write(self.end_line())

    def note(self, line: str) -> None:
        self._write(line)

    def _write(self, line: str) -> None:
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream must not fail the run
            pass


class BarProgress(StageProgress):
    """A terminal: a rich bar (done/total, docs/s, time left), replaced by the end line."""

    def __init__(self, stage: str, total: int, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        super().__init__(stage, total)
        self.console = console
        self.bar = Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("docs"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=True,  # the bar goes, the end line stays
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task(stage, total=self.total or None, rate="")
        self.bar.start()

    def _show(self) -> None:
        rate = self.rate()
        self.bar.update(self.task, completed=self.done, rate=f"{format_rate(rate)}/s" if rate else "")

    def note(self, line: str) -> None:
        self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        self.bar.stop()
        self.console.print(self.end_line(), markup=False, highlight=False, soft_wrap=True)


def format_rate(rate: float) -> str:
    """Docs per second with the digits that matter: 0.42, 3.5, 128."""
    return f"{rate:.2f}" if rate < 1 else f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"


def is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def stage_progress(
    stage: str,
    total: int,
    *,
    stream: TextIO | None = None,
    console: Console | None = None,
    interval: float = PLAIN_INTERVAL,
) -> Iterator[StageProgress]:
    """Report one stage's progress; ``advance(n)`` as documents are done; one summary line at the end.

    ``stream`` (default stderr) decides the form: a TTY gets the live bar, anything else the plain
    lines. ``console`` (a rich Console) forces the bar onto that console.
    """
    target = sys.stderr if stream is None else stream
    if console is None and is_terminal(target):
        from rich.console import Console

        console = Console(file=target)
    progress: StageProgress = (
        BarProgress(stage, total, console) if console is not None else PlainProgress(stage, total, target, interval)
    )
    try:
        yield progress
    finally:
        progress.close()
