"""Stage progress: plain lines when output is a log or a pipe, a live bar on a terminal."""

from __future__ import annotations

import io
import re

from rich.console import Console

from flows.progress import stage_progress


class NotATerminal(io.StringIO):
    """What cron, CI or `jiedao run 2> log` give the process: a stream that is not a TTY."""

    def isatty(self) -> bool:
        return False


def test_without_a_terminal_it_prints_the_counts_and_one_summary_line_no_escape_codes():
    out = NotATerminal()
    with stage_progress("clean", 3, stream=out, interval=0) as progress:
        for _ in range(3):
            progress.advance()
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["  clean: 1/3", "  clean: 2/3"]
    assert re.fullmatch(r"clean +3 documents in \d+\.\d s( \([\d.]+ docs/s\))?", lines[-1]), lines
    assert len(lines) == 3 and "\x1b" not in out.getvalue()


def test_without_a_terminal_counts_are_spaced_out_so_logs_stay_short():
    out = NotATerminal()
    with stage_progress("extract", 1000, stream=out) as progress:
        progress.advance(1000)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("extract    1000 documents in")  # no count line within 5 s


def test_the_stage_can_say_what_it_did_in_its_summary_line():
    out = NotATerminal()
    with stage_progress("extract", 2, stream=out) as progress:
        progress.advance(2)
        progress.summary = "31 metrics from 2 documents"
    assert out.getvalue().splitlines()[-1] == "extract    31 metrics from 2 documents"


def test_on_a_terminal_a_bar_shows_done_of_total_then_leaves_the_summary_line():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with stage_progress("understand", 4, console=console) as progress:
        progress.advance(2)
        progress.bar.refresh()
        drawn = screen.getvalue()
        progress.advance(2)
    assert "understand" in drawn and "2/4" in drawn and "docs" in drawn and "ETA" in drawn
    last = screen.getvalue().rstrip().splitlines()[-1]
    assert re.search(r"understand +4 documents in \d+\.\d s", last), last


def test_a_stage_that_fails_still_ends_its_bar_and_prints_its_line():
    out = NotATerminal()
    try:
        with stage_progress("load", 5, stream=out) as progress:
            progress.advance()
            raise RuntimeError("disk full")
    except RuntimeError:
        pass
    assert out.getvalue().splitlines()[-1].startswith("load       1 document in")
