"""Giving freed memory back to the system between chunks, so a long run's processes stay flat.

A chunk's rows are many small Python objects and Arrow buffers; once they are freed, glibc's
allocator keeps the pages for reuse and the process's resident size creeps up by tens of MB per
chunk (measured in a worker: 632 -> 706 MB over 12 chunks; with this after each chunk: flat at
~635 MB). ``malloc_trim`` returns them. Elsewhere than glibc it does nothing.

Arrow's own allocator (mimalloc, pyarrow's default) keeps what it frees, out of ``malloc_trim``'s reach: a
worker held ~200 MB of its own after each chunk, ~120 MB with Arrow allocating through glibc like the rest
(and no slower: bench/RESULTS.md, session 27). ``prefer_system_allocator`` makes it so for a run's processes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys
from functools import cache

# pyarrow reads it once, when it is imported; the processes a run starts inherit it.
ARROW_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def prefer_system_allocator() -> None:
    """Make Arrow allocate with glibc's ``malloc`` in this process and those it starts, unless the user chose
    a pool (``ARROW_DEFAULT_MEMORY_POOL``); a pyarrow already imported switches its default pool now."""
    if ARROW_POOL_VARIABLE in os.environ:
        return
    os.environ[ARROW_POOL_VARIABLE] = "system"
    if "pyarrow" in sys.modules:
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_freed_memory() -> None:
    """Hand the allocator's free pages back to the OS (glibc only). No ``gc.collect()``: a chunk's
    objects are freed by reference counting, and a full collection costs ~0.25 s per chunk."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def pause_collector() -> None:
    """Stop Python's cyclic collector while a process imports and loads what it keeps for its life (GX,
    Prefect, the dictionaries): its collections traverse those new objects again and again, ~1 s of the
    workers' fork server's ~7 s of preload on a slow host (bench/RESULTS.md, session 30)."""
    gc.disable()


def resume_collector() -> None:
    """The collector on again, with every object made so far frozen out of its reach: they live as long as
    the process, and a forked worker shares their pages instead of copying those its collections touch.
    The few cycles made meanwhile stay too (~8,600 objects after the workers' preload). Does nothing where
    the collector was not paused (a lasting process, e.g. ``jiedao serve``'s, freezes nothing)."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()
