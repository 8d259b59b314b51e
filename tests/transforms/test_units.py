"""The one unit table (transforms/data/units.tsv): the extractor reads what it says, as it says."""

from __future__ import annotations

import pytest

from transforms import units
from transforms.metrics import extract_metrics


def _only_metric(text: str):
    found = extract_metrics(text)
    assert len(found) == 1, [(m.mention, m.unit) for m in found]
    return found[0]


@pytest.mark.parametrize("row", units.extracted(), ids=lambda row: row.written)
def test_every_written_unit_is_read_as_its_canonical_unit_and_kind(row):
    metric = _only_metric(f"全年共完成12{row.written}。")
    assert (metric.value, metric.unit, metric.kind) == (12.0, row.unit, row.kind)


@pytest.mark.parametrize("row", [r for r in units.extracted() if r.not_followed_by], ids=lambda row: row.written)
def test_a_blocking_character_after_a_unit_takes_the_unit_away(row):
    blocker = (
        "x"
        if row.not_followed_by.startswith("a-z")
        else "5"
        if row.not_followed_by == "0-9"
        else row.not_followed_by[0]
    )
    assert all(m.unit != row.unit for m in extract_metrics(f"全年共完成12{row.written}{blocker}。"))


def test_rows_sharing_a_unit_agree_on_kind_duration_and_within():
    by_unit: dict[str, set[tuple[str, bool, bool]]] = {}
    for row in units.units():
        by_unit.setdefault(row.unit, set()).add((row.kind, "duration" in row.flags, "within" in row.flags))
    assert {unit: facts for unit, facts in by_unit.items() if len(facts) > 1} == {}


def test_each_written_form_is_listed_once():
    written = [row.written for row in units.units()]
    assert len(written) == len(set(written))


def test_weeks_of_training_are_a_measured_duration():
    metric = _only_metric("组织新录用社工集中培训3周。")
    assert (metric.value, metric.unit, metric.kind) == (3.0, "周", "measure")


def test_an_anniversary_or_a_weekend_is_no_amount_of_weeks():
    assert [m.unit for m in extract_metrics("举办建党100周年主题活动，利用3周末开展义诊。")] == []


def test_pounds_sterling_stay_pounds():
    metric = _only_metric("引进外资项目签约金额500万英镑。")
    assert (metric.value, metric.unit, metric.kind) == (5_000_000.0, "英镑", "money")


def test_latin_square_metres_right_after_the_digits_are_read():
    metric = _only_metric("新增绿地1200m²。")
    assert (metric.value, metric.unit) == (1200.0, "平方米")


def test_a_multiplier_before_a_unit_starting_with_its_character_stays_the_unit():
    # 千 of 千米 is no multiplier: 3千米 is 3 km, 3千人 is 3000 people
    assert [(m.value, m.unit) for m in extract_metrics("修建步道3千米，服务3千人。")] == [(3.0, "公里"), (3000.0, "人")]


def test_a_malformed_line_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "units.tsv"
    bad.write_text(
        "written\tunit\tkind\textract\tnot_followed_by\tflags\treason\n吨\t吨\tweight\tyes\t\t\twaste\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(units, "UNITS_FILE", bad)
    units.units.cache_clear()
    try:
        with pytest.raises(ValueError, match="line 2"):
            units.units()
    finally:
        monkeypatch.undo()
        units.units.cache_clear()
