"""The main process lists, plans, settles and loads; what only a chunk's transform needs is imported in the workers.

A re-run with nothing new never gets further than listing and planning: whatever those import is the
start-up cost of every nightly run.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "great_expectations", "jieba", "transforms.metrics")


def imported_by(*modules: str) -> list[str]:
    code = f"import json, sys, {', '.join(modules)}; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def test_listing_and_planning_import_neither_pandas_nor_gx_nor_the_transforms():
    assert imported_by("flows.cli", "flows.cli_run", "flows.pipeline", "flows.listing_steps") == []


def test_a_rerun_with_nothing_new_imports_no_prefect():
    code = "import sys, flows.cli, flows.cli_run, flows.unchanged_run; print('prefect' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


@pytest.mark.slow  # a real run: Prefect's server, the fork server, a worker
def test_a_run_leaves_the_transforms_and_gx_to_its_workers(tmp_path):
    script = (
        "import json, sys; from flows.cli import main; "
        f"code = main(['run', {str(ROOT / 'samples' / 'sample_01_plain.txt')!r}, '--data-dir', {str(tmp_path)!r}, "
        "'--workers', '2']); "
        f"print(json.dumps([code, [m for m in {HEAVY!r} if m in sys.modules]]))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.stdout.strip(), result.stderr
    code, imported = json.loads(result.stdout.splitlines()[-1])
    assert code == 0, result.stderr
    # pandas is left out of HEAVY's check here: pyarrow imports it to build any table from Python values
    assert [m for m in imported if m != "pandas"] == []
