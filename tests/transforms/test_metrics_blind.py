"""The extractor on the blind fixtures (five fictional reports annotated without seeing the extractor).

tests/fixtures/reports_blind/*.txt: a 街道党工委 report dense with shares and changes, a social-work
report written in Chinese numerals, a news article on a 镇 work conference, a 镇政府工作报告 with
targets and ranges, a city-management report with a flattened table. gold.jsonl follows
shared/spec/METRICS.md and the conventions of the fixtures' README.md. Scored the way the pipeline
produces metrics: prepare(bytes).clean.text -> extract_metrics.

First measurement, before any rule was tuned on them: F1 0.970, strict F1 0.896, qualifier 1.0,
kind 1.0, subject char-F1 0.879. After the general rules of test_metrics_blind_rules.py: F1 0.996,
strict F1 0.956, subject 0.904. The bars leave a margin so that an unrelated rule change does not
fail the suite for one figure. What is left is mostly where the annotator's convention differs
from the seed gold's: 新增…11家，总数达到78家 keeps 总数 as tests/fixtures/reports does,
6800余名老年人完成体检 keeps the phrase after 完成 as the seeds do; 三万余册次 needs 册次 in the
unit vocabulary of expectations/ first; 七起 (a one-character numeral before 起) stays out.
"""

import json
from pathlib import Path

import pytest

from support import SCORER, fixture_report_scores
from transforms.document import prepare

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports_blind"
GOLD = REPORTS / "gold.jsonl"

F1_BAR = 0.98
STRICT_F1_BAR = 0.94


@pytest.fixture(scope="module")
def blind_scores() -> dict:
    if not SCORER.is_file():
        pytest.skip("../shared/eval/score_metrics.py not present")
    return fixture_report_scores(REPORTS)


def test_every_blind_report_has_gold():
    docs = {json.loads(line)["doc"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert docs == {p.stem for p in REPORTS.glob("*.txt")}


def test_blind_reports_reach_the_f1_bar(blind_scores):
    assert blind_scores["f1"] >= F1_BAR, blind_scores["misses"] + blind_scores["spurious"]


def test_blind_reports_reach_the_strict_f1_bar(blind_scores):
    assert blind_scores["strict_f1"] >= STRICT_F1_BAR


def test_blind_reports_qualifier_kind_and_subject(blind_scores):
    assert blind_scores["qualifier_acc"] >= 0.97
    assert blind_scores["kind_acc"] >= 0.97
    assert blind_scores["subject_char_f1"] >= 0.88


def test_no_blind_report_is_much_worse_than_the_others(blind_scores):
    for doc, counts in blind_scores["per_doc"].items():
        assert counts["fn"] <= 3 and counts["fp"] <= 3, (doc, counts)
        assert counts["tp"] > 0, doc


def test_blind_not_metrics_are_not_extracted():
    """The annotator's tricky non-metrics (ages, codes, vague words, thresholds): no figure is found
    inside one of those snippets, unless gold marks it (a snippet may run into a real metric)."""
    from transforms.metrics import extract_metrics

    gold: dict[str, set[str]] = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold.setdefault(rec["doc"], set()).add(rec["mention"])
    nots = [
        json.loads(line)
        for line in (REPORTS / "not_metrics.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    checked = 0
    for path in sorted(REPORTS.glob("*.txt")):
        text = prepare(path.read_bytes(), is_html=False).clean.text
        metrics = extract_metrics(text)
        for rec in (r for r in nots if r["doc"] == path.stem):
            at = text.find(rec["text"])
            if at < 0:
                continue  # page furniture and titles the cleaner removed
            checked += 1
            inside = [m.mention for m in metrics if at <= m.char_start and m.char_end <= at + len(rec["text"])]
            assert set(inside) <= gold[path.stem], (path.stem, rec, inside)
    assert checked >= 50


def test_indicator_codes_and_targets_reach_the_bars(blind_scores):
    brief = {k: v for k, v in blind_scores.items() if k.startswith(("indicator", "is_target"))}
    assert blind_scores["indicator_f1"] >= 0.90, brief
    assert blind_scores["is_target_acc"] >= 0.98, brief
