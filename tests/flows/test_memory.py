"""A run's processes give the memory a chunk freed back to the system, Arrow's included."""

import os
import subprocess
import sys

from flows.memory import ARROW_POOL_VARIABLE

POOL_OF_A_CHILD = "import pyarrow; print(pyarrow.default_memory_pool().backend_name)"

# Frees ~200 MB of small Arrow buffers and reports how much of it the process still holds afterwards.
HELD_AFTER_FREEING = """
import pyarrow as pa
import pyarrow.compute as pc
from flows.memory import prefer_system_allocator, release_freed_memory
prefer_system_allocator()
def resident_mb():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) // 1024
base = pa.array(range(2_000))
before = resident_mb()
arrays = [pc.add(base, i) for i in range(12_000)]
grown = resident_mb() - before
del arrays
release_freed_memory()
print(grown, resident_mb() - before)
"""


def run_python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def without_pool_choice() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != ARROW_POOL_VARIABLE}


def test_the_processes_a_run_starts_allocate_arrow_memory_with_the_system_allocator():
    code = (
        "import subprocess, sys\n"
        "from flows.memory import prefer_system_allocator\n"
        "prefer_system_allocator()\n"
        f"print(subprocess.run([sys.executable, '-c', {POOL_OF_A_CHILD!r}], capture_output=True, text=True).stdout)"
    )
    assert run_python(code, without_pool_choice()) == "system"


def test_a_process_that_imported_pyarrow_first_switches_too():
    code = (
        "import pyarrow\nfrom flows.memory import prefer_system_allocator\nprefer_system_allocator()\n"
        + POOL_OF_A_CHILD
    )
    assert run_python(code, without_pool_choice()) == "system"


def test_a_pool_the_user_chose_is_kept():
    code = "from flows.memory import prefer_system_allocator\nprefer_system_allocator()\n" + POOL_OF_A_CHILD
    assert run_python(code, {**without_pool_choice(), ARROW_POOL_VARIABLE: "mimalloc"}) == "mimalloc"


def test_arrow_memory_freed_after_a_chunk_goes_back_to_the_system():
    grown, held = map(int, run_python(HELD_AFTER_FREEING, without_pool_choice()).split())
    assert grown > 100  # the arrays took their room
    assert held < grown / 4


# Pauses the collector, makes a cycle, resumes: prints whether the collector is on, whether the objects made
# while paused were frozen out of its reach, and whether a later resume (never paused) froze anything more.
PAUSED_THEN_RESUMED = """
import gc
from flows.memory import pause_collector, resume_collector
pause_collector()
paused = not gc.isenabled()
cycle = []; cycle.append(cycle)
resume_collector()
frozen = gc.get_freeze_count()
later = [[] for _ in range(1000)]
resume_collector()
print(paused, gc.isenabled(), frozen > 0, gc.get_freeze_count() == frozen)
"""


def test_start_up_runs_without_the_collector_and_a_process_that_never_paused_freezes_nothing():
    paused, enabled_after, froze_start_up, froze_nothing_later = run_python(
        PAUSED_THEN_RESUMED, dict(os.environ)
    ).split()
    assert paused == "True" and enabled_after == "True"
    assert froze_start_up == "True"
    assert froze_nothing_later == "True"  # e.g. `jiedao serve`'s flow runs: their objects stay collectable
