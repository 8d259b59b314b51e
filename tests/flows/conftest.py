import json
import subprocess
from pathlib import Path

import pytest
from built_once import built_once
from fixture_warehouse import build_data_dir

from support import REPO, jiedao


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
