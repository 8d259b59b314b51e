"""BM25 search time on a warehouse of many reports (``warehouse/search.py`` over ``doc_terms``).

    .venv/bin/python bench/bench_search.py [--reports 2000] [--repeat 7] [--inputs DIR]

Builds a warehouse in a temporary folder: the reports of ``--inputs`` (``*.txt``, ``*.html``; e.g. a
corpus written by ``bench/corpus.py``) or ``--reports`` synthetic ones made here from fictional
paragraphs (random organisation, years, figures and a random choice of themes, so term statistics
vary like a real collection's). Each document goes through the real transforms (``prepare``,
``understand``, ``metric_rows``, ``term_rows``) and the real loader.

Printed: the size of ``doc_terms``, the time to compute the terms and to load, then per query the
median and the slowest of ``--repeat`` searches (after one warm-up), with the number of hits.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb

from transforms.document import document_row, keyword_rows, metric_rows, prepare, section_rows, understand
from transforms.terms import term_rows
from warehouse.db import connect
from warehouse.load import load_batch
from warehouse.search import search
from warehouse.tables import arrow_table

QUERIES = (
    ("老旧小区改造", {}),
    ("改造", {}),
    ("高标准农田 粮食", {}),
    ("固定资产投资增长", {"province": "浙江省"}),
    ("网格化管理 矛盾纠纷", {"topic": "社会治理"}),
    ("垃圾分类", {"year": 2023}),
)

_PLACES = ("临平区", "余杭区", "上城区", "西湖区", "萧山区", "淳安县", "桐庐县", "钱塘区")
_NAMES = [
    "云溪",
    "青石",
    "东湖",
    "白沙",
    "金桥",
    "柳岸",
    "南塘",
    "北山",
    "石桥",
    "清江",
    "新港",
    "古荡",
    "龙坞",
    "长河",
    "仁和",
    "塘栖",
]
_THEMES = {
    "经济": [
        "全年完成固定资产投资{a}亿元，同比增长{p}%，其中工业投资{b}亿元。",
        "实现财政总收入{b}亿元，同比增长{p}%；税收收入{c}亿元。",
        "新引进亿元以上产业项目{n}个，新增规上企业{n}家，走访服务企业{m}家次。",
    ],
    "城建": [
        "完成老旧小区改造{n}个，惠及居民{m}户，同步加装电梯{n}台。",
        "新增停车泊位{m}个，整治背街小巷{n}条，拆除违法建筑{a}万平方米。",
        "完成道路提升改造{a}公里，新建口袋公园{n}处。",
    ],
    "农业": [
        "新建高标准农田{m}亩，粮食播种面积稳定在{a}万亩，粮食产量{m}吨。",
        "培育家庭农场{n}家，村级集体经济经营性收入平均{m}万元。",
    ],
    "生态": [
        "生活垃圾分类覆盖全部{n}个行政村，资源化利用率达到{p}%。",
        "完成河道综合整治{a}公里，新建污水处理终端{n}个。",
    ],
    "治理": [
        "划分网格{m}个，配备专职网格员{m}名，网格事件办结率{p}%。",
        "调处各类矛盾纠纷{m}起，调解成功率{p}%，信访总量同比下降{p}%。",
    ],
    "民生": [
        "新增就业岗位{m}个，组织招聘会{n}场，发放救助资金{m}万元。",
        "新建居家养老服务中心{n}家，老年食堂就餐{m}人次。",
    ],
}


def synthetic_reports(n: int, seed: int = 13) -> list[tuple[str, bytes]]:
    """``n`` distinct fictional reports as (name, UTF-8 bytes)."""
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        org = f"{rng.choice(_NAMES)}{rng.choice(_NAMES)}{rng.choice(('街道', '镇', '乡'))}"
        year = rng.choice((2021, 2022, 2023))
        themes = rng.sample(sorted(_THEMES), rng.randint(2, 5))
        lines = [
            f"{org}{year}年工作总结和{year + 1}年工作计划",
            "",
            f"{year}年，{org}在{rng.choice(_PLACES)}委、区政府的领导下，各项工作取得新成效。（第{i}号测试报告，内容虚构。）",
            "",
            f"一、{year}年工作总结",
            "",
        ]
        for k, theme in enumerate(themes, 1):
            lines.append(f"（{'一二三四五六'[k - 1]}）{theme}工作")
            for template in rng.sample(_THEMES[theme], len(_THEMES[theme])) * rng.randint(1, 3):
                lines.append(
                    template.format(
                        a=round(rng.uniform(1, 90), 1),
                        b=round(rng.uniform(1, 20), 1),
                        c=round(rng.uniform(1, 9), 2),
                        p=round(rng.uniform(1, 30), 1),
                        n=rng.randint(2, 40),
                        m=rng.randint(100, 9000),
                    )
                )
        lines += [
            "",
            f"二、{year + 1}年工作计划",
            "",
            f"力争固定资产投资增长{rng.randint(5, 15)}%，新增就业岗位{rng.randint(500, 3000)}个。",
        ]
        reports.append((f"r{i:05d}.txt", "\n".join(lines).encode("utf-8")))
    return reports


def folder_reports(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.suffix in (".txt", ".html")]


def build(db: Path, reports: list[tuple[str, bytes]]) -> tuple[int, float, float]:
    """Load the reports; returns (doc_terms rows, seconds for term_rows, seconds for the load)."""
    rows: dict[str, list[dict]] = {t: [] for t in ("documents", "sections", "metrics", "keywords", "doc_terms")}
    now, seen, terms_seconds = datetime.now(UTC), set(), 0.0
    for name, data in reports:
        try:
            doc = understand(prepare(data, is_html=name.endswith(".html")), f"file:///bench/{name}")
        except ValueError:
            continue
        if doc.doc_id in seen:
            continue
        seen.add(doc.doc_id)
        rows["documents"].append(
            document_row(doc, source_uri=f"file:///bench/{name}", raw_path=None, run_id="bench", loaded_at=now)
        )
        rows["sections"] += section_rows(doc)
        rows["metrics"] += metric_rows(doc)
        rows["keywords"] += keyword_rows(doc)
        t0 = time.perf_counter()
        rows["doc_terms"] += term_rows(doc)
        terms_seconds += time.perf_counter() - t0
    t0 = time.perf_counter()
    with connect(db) as con:
        load_batch(con, {name: arrow_table(name, table_rows) for name, table_rows in rows.items()})
    return len(rows["doc_terms"]), terms_seconds, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--inputs", type=Path)
    args = parser.parse_args()
    reports = folder_reports(args.inputs) if args.inputs else synthetic_reports(args.reports)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "warehouse.duckdb"
        n_terms, terms_s, load_s = build(db, reports)
        con = duckdb.connect(str(db), read_only=True)
        n_docs, chars = con.execute("SELECT count(*), sum(char_count) FROM documents").fetchone()
        print(
            f"{n_docs} documents, {chars:,} chars; doc_terms {n_terms:,} rows "
            f"({n_terms / max(n_docs, 1):.0f} per document)"
        )
        print(f"term_rows {terms_s:.2f} s ({chars / terms_s / 1e6:.2f}M chars/s); load of all tables {load_s:.2f} s")
        for query, filters in QUERIES:
            search(con, query, **filters)  # warm-up
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                hits = search(con, query, **filters)
                times.append(time.perf_counter() - t0)
            label = query + (f" {filters}" if filters else "")
            print(
                f"  {label:<40} median {statistics.median(times) * 1000:6.1f} ms  "
                f"max {max(times) * 1000:6.1f} ms  {len(hits)} hits"
            )
        con.close()


if __name__ == "__main__":
    main()
