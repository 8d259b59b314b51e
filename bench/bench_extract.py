"""Metric extraction throughput next to ``jieba.lcut`` on the same text, in one process.

    .venv/bin/python bench/bench_extract.py [--repeat 5] [--copies 8]

Uses the seed reports in ``../shared/seeds`` when present (read-only, never copied),
otherwise text generated from fictional report sentences. Prints chars/s of both and the
ratio ``extract_metrics / jieba.lcut`` (>= 1 means extraction is at least as fast as one
segmentation pass). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.metrics import extract_metrics
from transforms.nlp import jieba

SEEDS = ROOT / ".." / "shared" / "seeds"

# Fictional sentences in the style of a sub-district report (no real report text).
_FICTIONAL = (
    "今年1-10月，街道实现税收收入12.6亿元，同比增长8.3%。",
    "累计走访企业420余家次，协调解决问题百余个，新增就业岗位1500个。",
    "完成老旧小区改造6个，惠及居民2300余户，新增停车泊位380个。",
    "一是强化党建引领；二是推进“三服务”活动；三是落实“十四五”规划。",
    "辖区面积8.6平方公里，下辖12个社区，常住人口约9.1万人。",
    "垃圾分类覆盖率达到100%，居民满意率超95%，位列全区第二。",
    "11月13日上午，街道召开工作推进会，60岁以上老人接种率达91.2%。",
    "组织志愿服务活动260场，参与志愿者4800余人次，服务时长1.2万小时。",
    # Real reports carry about one figure per 70 characters: prose without figures too.
    "坚持以人民为中心的发展思想，统筹推进疫情防控和经济社会发展，各项工作取得新进展。",
    "深化党建引领基层治理，健全网格化管理体系，推动服务资源下沉到社区、延伸到小区。",
    "持续优化营商环境，主动靠前服务企业，帮助解决用工、融资、物流等实际困难。",
    "扎实开展文明创建，深化新时代文明实践，居民群众的获得感、幸福感、安全感不断增强。",
    "压紧压实安全生产责任，常态化开展隐患排查整治，守牢安全稳定底线。",
    "聚焦群众急难愁盼，用心用情办好民生实事，让发展成果更多更公平惠及全体居民。",
)


def sample_text(copies: int) -> tuple[str, str]:
    """The benchmark text and where it came from."""
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        body = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
        return body * copies, f"seeds x{copies}"
    rng = random.Random(7)
    lines = [rng.choice(_FICTIONAL) for _ in range(600)]
    return "\n".join(lines) * copies, f"fictional x{copies}"


def best_seconds(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=8)
    args = ap.parse_args(argv)

    text, source = sample_text(args.copies)
    lcut = jieba().lcut
    extract_metrics(text[:2000])  # warm caches and the dictionary before timing
    lcut(text[:2000])
    t_extract = best_seconds(extract_metrics, text, args.repeat)
    t_jieba = best_seconds(lcut, text, args.repeat)
    n = len(text)
    print(f"text: {source}, {n} chars, {len(extract_metrics(text))} metrics")
    print(f"extract_metrics: {n / t_extract:12,.0f} chars/s ({t_extract * 1000:.1f} ms)")
    print(f"jieba.lcut:      {n / t_jieba:12,.0f} chars/s ({t_jieba * 1000:.1f} ms)")
    print(f"ratio extract/jieba throughput: {t_jieba / t_extract:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
