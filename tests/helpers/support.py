"""Helpers for tests that run the `jiedao` command as a user would."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
JIEDAO = Path(sys.executable).with_name("jiedao")
SCORER = SHARED / "eval" / "score_metrics.py"


def jiedao(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `jiedao` command as a user would."""
    return subprocess.run(
        [str(JIEDAO), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def lake_count(data: Path, table: str) -> int:
    """Rows of ``table`` in the data dir's Parquet lake."""
    sql = f"SELECT count(*) FROM read_parquet('{data}/lake/{table}/**/*.parquet', hive_partitioning = true)"
    return duckdb.connect().execute(sql).fetchall()[0][0]


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def load_scorer():  # the shared scorer module
    """``../shared/eval/score_metrics.py`` as a module (callers skip when it is absent)."""
    spec = importlib.util.spec_from_file_location("score_metrics", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def metric_predictions(texts: dict[str, str]) -> list[dict]:
    """The extractor's metrics for each cleaned text, as the scorer's prediction records."""
    from transforms.metrics import extract_metrics

    preds = []
    for doc, text in texts.items():
        for m in extract_metrics(text):
            assert text[m.char_start : m.char_end] == m.mention
            preds.append(
                {
                    "doc": doc,
                    "mention": m.mention,
                    "value": m.value,
                    "unit": m.unit,
                    "qualifier": m.qualifier,
                    "kind": m.kind,
                    "subject": m.subject,
                    "period": m.period,
                    "indicator": m.indicator,
                }
            )
    return preds


def fixture_report_scores(folder: Path) -> dict:
    """Scores of the pipeline's metric rows on a folder of fixture reports (*.txt) against its gold.jsonl:
    bytes -> process_document (clean, metadata, sections, extract_metrics, is_target, indicator)."""
    from transforms.document import process_document

    preds = []
    for path in sorted(folder.glob("*.txt")):
        doc, rows = process_document(path.read_bytes(), path.resolve().as_uri(), is_html=False)
        for r in rows:
            assert doc.clean.text[r["char_start"] : r["char_end"]] == r["mention"]
            preds.append(
                {
                    "doc": path.stem,
                    **{
                        k: r[k]
                        for k in (
                            "mention",
                            "value",
                            "unit",
                            "qualifier",
                            "kind",
                            "subject",
                            "period",
                            "is_target",
                            "indicator",
                        )
                    },
                }
            )
    scorer = load_scorer()
    return scorer.score(preds, scorer.load_jsonl(folder / "gold.jsonl"))
