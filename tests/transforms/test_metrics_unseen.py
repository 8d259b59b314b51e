"""The extractor on report styles the seeds do not cover (fictional fixtures, hand-annotated gold).

tests/fixtures/reports/*.txt are four invented reports (a 镇 half-year report, a notice wrapping an
economy-heavy 街道 report with a flattened table, an agricultural 乡 report, a plan-heavy 街道
report); gold.jsonl was annotated by hand per shared/spec/METRICS.md before the extractor was run.
Scored the way the pipeline produces metrics: prepare(bytes).clean.text -> extract_metrics.
"""

import json
from pathlib import Path

import pytest

from support import SCORER, fixture_report_scores

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
GOLD = REPORTS / "gold.jsonl"

# Reached after the generalisation rules (F1 1.0, strict 1.0, subject 0.95; before them F1 0.968,
# strict 0.878, subject 0.89); the bars leave
# a margin so that an unrelated rule change does not fail the suite for one figure.
F1_BAR = 0.98
STRICT_F1_BAR = 0.95


@pytest.fixture(scope="module")
def unseen_scores() -> dict:
    if not SCORER.is_file():
        pytest.skip("../shared/eval/score_metrics.py not present")
    return fixture_report_scores(REPORTS)


def test_every_fixture_report_has_gold():
    docs = {json.loads(line)["doc"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert docs == {p.stem for p in REPORTS.glob("*.txt")}


def test_fixture_reports_are_report_sized():
    for path in REPORTS.glob("*.txt"):
        assert 1500 <= len(path.read_text(encoding="utf-8")) <= 3000, path.name


def test_unseen_reports_reach_the_f1_bar(unseen_scores):
    assert unseen_scores["f1"] >= max(F1_BAR, 0.90), unseen_scores["misses"] + unseen_scores["spurious"]


def test_unseen_reports_reach_the_strict_f1_bar(unseen_scores):
    assert unseen_scores["strict_f1"] >= max(STRICT_F1_BAR, 0.80)


def test_unseen_reports_qualifier_kind_and_subject(unseen_scores):
    assert unseen_scores["qualifier_acc"] >= 0.97
    assert unseen_scores["kind_acc"] >= 0.97
    assert unseen_scores["subject_char_f1"] >= 0.92


def test_no_unseen_report_is_much_worse_than_the_others(unseen_scores):
    for doc, counts in unseen_scores["per_doc"].items():
        found = counts["tp"] + counts["fp"]
        assert counts["fn"] <= 3 and counts["fp"] <= 3, (doc, counts)
        assert found > 0, doc


def test_indicator_codes_and_targets_reach_the_bars(unseen_scores):
    brief = {k: v for k, v in unseen_scores.items() if k.startswith(("indicator", "is_target"))}
    assert unseen_scores["indicator_f1"] >= 0.90, brief
    assert unseen_scores["is_target_acc"] >= 0.98, brief
