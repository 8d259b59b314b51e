"""The suites as data: severities, the unit rules, and the reviewable JSON copies."""

from __future__ import annotations

import json
import re

import pytest

from expectations.checks import CANONICAL_UNITS, CURRENCIES, UNIT_SHAPE, known_units, measure_words, suite_checks
from expectations.suites import SUITE_FILES_DIR, SUITE_TABLES, build_suite, suite_json


@pytest.mark.parametrize("table", SUITE_TABLES)
def test_reviewable_suite_file_matches_the_code(table):
    on_disk = json.loads((SUITE_FILES_DIR / f"{table}.json").read_text(encoding="utf-8"))
    assert on_disk == suite_json(table), "run: python -m expectations.suites"


@pytest.mark.parametrize("table", SUITE_TABLES)
def test_every_expectation_is_tagged_critical_or_warning_with_a_label(table):
    suite = build_suite(table)
    assert suite.name == table
    for expectation in suite.expectations:
        assert expectation.meta["severity"] in {"critical", "warning"}
        assert expectation.meta["label"]


def test_labels_are_unique_within_a_suite():
    for table in SUITE_TABLES:
        labels = [check.label for check in suite_checks(table)]
        assert len(labels) == len(set(labels)), table


def test_only_metrics_rules_quarantine_rows():
    quarantining = {(t, c.label) for t in SUITE_TABLES for c in suite_checks(t) if c.quarantine}
    assert quarantining == {
        ("metrics", "mention occurs in its sentence"),
        ("metrics", "mention at its offsets in cleaned_text"),
    }


@pytest.mark.parametrize("unit", [*CANONICAL_UNITS, "人次", "家", "千瓦时"])
def test_canonical_units_and_measure_words_have_the_critical_shape(unit):
    assert re.fullmatch(UNIT_SHAPE, unit)


@pytest.mark.parametrize("unit", ["km", "m²", "万元", "亿元", "百分之", "12", "个/人", "人 次", "平方公里米"])
def test_units_outside_the_shape_are_rejected(unit):
    assert not re.fullmatch(UNIT_SHAPE, unit)


def test_every_known_measure_word_passes_the_structural_rule():
    assert all(re.fullmatch(UNIT_SHAPE, word) for word in measure_words())
    assert set(CANONICAL_UNITS) <= set(known_units())


def test_gold_metrics_pass_the_metric_vocabularies():
    """The annotated seeds (shared/gold) must never trip a metric vocabulary rule."""
    from pathlib import Path

    from expectations.checks import KINDS, QUALIFIERS

    gold = Path(__file__).resolve().parents[2] / ".." / "shared" / "gold" / "seeds.jsonl"
    if not gold.exists():
        pytest.skip("shared/gold not beside the repo")
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records
    units = set(known_units())
    for record in records:
        assert re.fullmatch(UNIT_SHAPE, record["unit"]), record["mention"]
        assert record["unit"] in units, record["mention"]
        assert record["kind"] in KINDS and record["qualifier"] in QUALIFIERS, record["mention"]


def _emitted_by_the_extractor(written: str) -> tuple[str, str]:
    """(unit, kind) the extractor gives the figure ``12{written}`` closing a sentence."""
    from transforms.metrics import extract_metrics

    [metric] = extract_metrics(f"全年共完成12{written}。")
    return metric.unit, metric.kind


def test_every_unit_the_extractor_can_emit_passes_the_unit_rules():
    """Every unit the extractor can write (each written form of the unit table, extracted for real)
    must never stop a load (critical) nor raise a warning, and money must be in a currency."""
    from transforms import units

    known = set(known_units())
    emitted = {}
    for row in units.extracted():
        emitted[row.written] = _emitted_by_the_extractor(row.written)
    checked = {unit for unit, _kind in emitted.values()} | {units.RANK_UNIT, units.BARE_MONEY_UNIT}
    assert [u for u in checked if not re.fullmatch(UNIT_SHAPE, u)] == []
    assert sorted(checked - known) == []
    assert [w for w, (unit, kind) in emitted.items() if kind == "money" and unit not in CURRENCIES] == []
