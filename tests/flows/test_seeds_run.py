"""The five real seed reports through a real `jiedao run`: metric scores and metadata against the gold."""

import pytest

from support import SHARED, jiedao, load_jsonl, load_scorer, query

pytestmark = [
    pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared (seeds and gold) not present"),
    pytest.mark.slow,  # `jiedao run` on the seeds in a subprocess
]

METADATA_FIELDS = (
    "org_name",
    "org_level",
    "province",
    "city",
    "district",
    "review_year",
    "plan_year",
    "published_date",
)


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory):
    data = tmp_path_factory.mktemp("seeds") / "data"
    result = jiedao("run", str(SHARED / "seeds"), "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    return data / "warehouse.duckdb"


def test_seed_metrics_reach_the_bar_from_the_warehouse(seeds_warehouse):
    score = load_scorer()
    scores = score.score(score.load_duckdb(str(seeds_warehouse)), score.load_jsonl(SHARED / "gold" / "seeds.jsonl"))
    assert scores["f1"] >= 0.97, scores
    assert scores["strict_f1"] >= 0.85, scores


def test_seed_indicators_and_targets_reach_the_bars_from_the_warehouse(seeds_warehouse):
    score = load_scorer()
    scores = score.score(score.load_duckdb(str(seeds_warehouse)), score.load_jsonl(SHARED / "gold" / "seeds.jsonl"))
    brief = {k: v for k, v in scores.items() if k not in ("per_doc", "misses", "spurious")}
    assert scores["indicator_f1"] >= 0.90, brief
    assert scores["is_target_acc"] >= 0.98, brief


def test_seed_metadata_matches_the_gold(seeds_warehouse):
    cols = ", ".join(METADATA_FIELDS)
    rows = query(seeds_warehouse, f"SELECT source_uri, {cols} FROM documents")
    found = {uri.rsplit("/", 1)[1].removesuffix(".txt"): dict(zip(METADATA_FIELDS, r)) for uri, *r in rows}
    wrong = []
    for gold in load_jsonl(SHARED / "gold" / "seeds.meta.jsonl"):
        got = found[gold["doc"]]
        for field in METADATA_FIELDS:
            want = gold.get(field)
            have = got[field].isoformat() if field == "published_date" and got[field] else got[field]
            if want is not None and have != want:
                wrong.append((gold["doc"], field, want, have))
    assert wrong == []
