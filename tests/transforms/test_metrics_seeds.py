"""The seed reports' metric scores stay at the product bars (page + clean + extract_metrics).

Reads ``../shared`` (seeds, gold, scorer) relative to the repository; skips when absent.
"""

import pytest

from support import SCORER, SHARED, load_scorer, metric_predictions
from transforms.clean import clean_text
from transforms.page import extract_page

SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.jsonl"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and GOLD.is_file() and SCORER.is_file()), reason="../shared (seeds, gold, scorer) not present"
)


def _predictions() -> list[dict]:
    texts = {
        path.stem: clean_text(extract_page(path.read_text(encoding="utf-8"), is_html=False).body).text
        for path in sorted(SEEDS.glob("seed_*.txt"))
    }
    return metric_predictions(texts)


@pytest.fixture(scope="module")
def seed_scores() -> dict:
    scorer = load_scorer()
    return scorer.score(_predictions(), scorer.load_jsonl(GOLD))


def test_seed_metrics_reach_the_f1_bar(seed_scores):
    assert seed_scores["f1"] >= 0.97, seed_scores["misses"] + seed_scores["spurious"]


def test_seed_metrics_reach_the_strict_f1_bar(seed_scores):
    assert seed_scores["strict_f1"] >= 0.85


def test_seed_metrics_reach_the_qualifier_kind_and_subject_bars(seed_scores):
    assert seed_scores["qualifier_acc"] >= 0.98
    assert seed_scores["kind_acc"] >= 0.95
    assert seed_scores["subject_char_f1"] >= 0.80


def test_seed_indicator_codes_reach_the_bar(seed_scores):
    assert seed_scores["indicator_f1"] >= 0.90, {k: v for k, v in seed_scores.items() if k.startswith("indicator")}


def test_the_report_without_metrics_yields_almost_nothing(seed_scores):
    # seed_002 states no measured quantity: whatever is found there is spurious
    assert seed_scores["per_doc"].get("seed_002", {"fp": 0})["fp"] <= 1
