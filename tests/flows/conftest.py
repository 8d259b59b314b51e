import json
import os
import subprocess
from pathlib import Path

import pytest
from built_once import built_once
from fixture_warehouse import build_data_dir

from flows.memory import ARROW_POOL_VARIABLE
from support import REPO, jiedao

# What a `jiedao run` in this process sets in its environment for the processes it starts
RUN_EXPORTED = ("PREFECT_API_URL", ARROW_POOL_VARIABLE)


@pytest.fixture(autouse=True)
def environment_as_found():
    """A test's in-process run leaves no address of its temporary Prefect server behind: a `jiedao` started
    later by another test would inherit it and take a user's server for granted."""
    before = {name: os.environ.get(name) for name in RUN_EXPORTED}
    yield
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory):
    """One run of `jiedao run` on the bundled samples, shared by the tests that only read it
    (one run per session, also under pytest-xdist)."""

    def run(folder: Path) -> None:
        result = jiedao("run", "--data-dir", str(folder / "data"))
        (folder / "result.json").write_text(json.dumps([result.args, result.returncode, result.stdout, result.stderr]))

    folder = built_once(tmp_path_factory, "samples_run", run)
    return subprocess.CompletedProcess(*json.loads((folder / "result.json").read_text())), folder / "data"


@pytest.fixture(scope="session")
def samples_data_dir(tmp_path_factory) -> Path:
    """A data dir (warehouse and lake) of the bundled samples, loaded without the flow, for tests of
    commands that read a warehouse; a read-only fixture."""
    samples = sorted(p for p in (REPO / "samples").iterdir() if p.suffix in (".txt", ".html"))
    return (
        built_once(tmp_path_factory, "samples_built", lambda folder: build_data_dir(folder / "data", samples)) / "data"
    )
