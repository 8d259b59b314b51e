"""Prefect's database goes to the user's state dir, never into the checkout / install directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import JIEDAO

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "sample_01_plain.txt"
EFFECTIVE_HOME = (
    "from flows.settings import configure_prefect; configure_prefect(); "
    "import prefect.settings as s; print(s.get_current_settings().home)"
)


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "XDG_STATE_HOME"}
    return {**env, "PYTHONWARNINGS": "ignore", **overrides}


def effective_home(env: dict[str, str]) -> Path:
    """PREFECT_HOME as Prefect itself resolves it, run from the checkout (where pyproject.toml is read)."""
    out = subprocess.run(
        [sys.executable, "-c", EFFECTIVE_HOME], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return Path(out.stdout.strip().splitlines()[-1])


def test_prefect_home_defaults_to_the_users_state_dir(tmp_path: Path):
    assert effective_home(clean_env(HOME=str(tmp_path))) == tmp_path / ".local/state/jiedao/prefect"


def test_prefect_home_follows_xdg_state_home(tmp_path: Path):
    env = clean_env(HOME=str(tmp_path / "home"), XDG_STATE_HOME=str(tmp_path / "state"))
    assert effective_home(env) == tmp_path / "state/jiedao/prefect"


def test_a_prefect_home_the_user_set_wins(tmp_path: Path):
    env = clean_env(HOME=str(tmp_path), PREFECT_HOME=str(tmp_path / "mine"))
    assert effective_home(env) == tmp_path / "mine"


@pytest.mark.slow  # `jiedao run` in a subprocess; the home Prefect resolves is pinned above
def test_a_run_from_the_checkout_writes_nothing_into_it(tmp_path: Path):
    checkout_home = REPO / ".prefect"
    before = checkout_home.exists()
    env = clean_env(HOME=str(tmp_path / "home"), XDG_STATE_HOME=str(tmp_path / "state"))
    result = subprocess.run(
        [str(JIEDAO), "run", str(SAMPLE), "--data-dir", str(tmp_path / "data")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert checkout_home.exists() == before  # no <checkout>/.prefect appeared
    assert list((tmp_path / "state" / "jiedao" / "prefect").iterdir())  # Prefect's files are here instead


@pytest.mark.slow  # three `jiedao run` at once, each migrating a new Prefect database
def test_first_runs_started_together_on_a_new_home_all_complete(tmp_path: Path):
    env = clean_env(HOME=str(tmp_path / "home"), XDG_STATE_HOME=str(tmp_path / "state"))
    runs = [
        subprocess.Popen(
            [str(JIEDAO), "run", str(SAMPLE), "--data-dir", str(tmp_path / f"data{i}")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    errors = [run.communicate(timeout=600)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors  # the servers that lost the race started again
