"""Processes jiedao starts die with it: a killed run leaves no server or worker behind."""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child: ask the kernel for SIGTERM when the parent dies, even by SIGKILL (Linux only;
    elsewhere children are still stopped at a normal exit)."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def own_group_dying_with_parent() -> None:
    """``preexec_fn`` of a server child: its own process group (stopped as a whole), dying with us."""
    os.setsid()
    die_with_parent()
