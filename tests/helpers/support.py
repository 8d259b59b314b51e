"""Helpers for tests that run the `jiedao` command as a user would."""
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
JIEDAO = Path(sys.executable).with_name("jiedao")


def jiedao(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `jiedao` command as a user would."""
    return subprocess.run([str(JIEDAO), *args], capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
