"""Document identity in a real run: copies under other names are distinct documents linked as
near-duplicates; the same report republished with other page furniture is one document with every
source recorded; every input is accounted for."""

import random

import pytest

from support import jiedao, query

pytestmark = pytest.mark.slow

PARAGRAPHS = [
    "一、{year}年工作回顾",
    "（一）经济发展稳中有进。全年完成固定资产投资{a}亿元，同比增长{b}%；新增市场主体{c}户，"
    "引进项目{d}个，协议总投资{e}亿元。辖区规上工业产值达到{f}亿元。",
    "（二）城市面貌持续改善。完成老旧小区改造{g}个，惠及居民{h}户；新建口袋公园{i}处，"
    "新增停车泊位{j}个，拆除违法建筑{k}平方米。",
    "坚持把项目建设作为推动发展的主抓手，建立班子成员联系重点项目制度，对照时间节点倒排工期、挂图作战，"
    "协调解决用地、用工、审批等方面的难点问题，推动一批产业项目早开工、早投产、早见效。",
    "坚持规划引领、精细管理，统筹推进背街小巷整治、雨污分流改造和垃圾分类工作，落实门前三包责任，"
    "组织志愿者常态化开展环境巡查，辖区人居环境和群众满意度同步提升。",
    "（三）民生保障扎实有力。新增就业岗位{l}个，发放各类救助金{m}万元，开展上门服务{n}人次，组织文体活动{o}场。",
    "二、{plan}年工作思路",
    "坚持以人民为中心的发展思想，聚焦一老一小、困难群体等重点人群，完善社区嵌入式服务设施，"
    "推动优质公共服务资源向基层延伸，让群众在家门口就能办成事、办好事。",
    "{plan}年，{org}将力争固定资产投资增长{p}%，确保新增市场主体{q}户，持续推进城市更新和社区治理。",
]


def report(org: str, rng: random.Random) -> str:
    figures = {key: rng.randint(11, 980) for key in "acdefghijklmnoq"}
    figures |= {"b": round(rng.uniform(2, 20), 1), "p": rng.randint(5, 12), "year": 2023, "plan": 2024, "org": org}
    body = "\n".join(p.format(**figures) for p in PARAGRAPHS)
    return f"{org}2023年工作总结和2024年工作思路\n\n{body}\n"


def republished_page(text: str) -> str:
    title, body = text.split("\n", 1)
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    return (
        f"<html><head><title>{title}_区人民政府门户网站</title></head><body>"
        "<div class='nav'>首页 | 政务公开 | 信息公开目录</div>"
        f"<h1>{title}</h1><div class='info'>发布时间：2024-01-20 来源：区政府办公室 浏览次数：312</div>"
        f"<div class='content'><p>（通讯员 李明 记者 张华）</p>{paragraphs}<p>本文刊发时有改动。</p></div>"
        "<div class='tools'>【字号：大 中 小】【打印】【关闭】 返回顶部</div></body></html>"
    )


ORGS = ["白沙街道", "青峰镇", "龙泉街道", "南湖街道", "东山镇", "西岭乡", "北关街道", "金桥镇", "玉溪街道", "长乐镇"]


@pytest.fixture(scope="module")
def identity_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity_inputs")
    rng = random.Random(7)
    original = report("白沙街道", rng)
    (folder / "a_original.txt").write_text(original, "utf-8")
    (folder / "b_identical_copy.txt").write_text(original.replace("\n", "\r\n"), "utf-8")
    (folder / "c_republished.html").write_text(republished_page(original), "utf-8")
    # the same report under other organisations' names, every figure changed: distinct documents
    for i, org in enumerate(ORGS[1:], 1):
        (folder / f"d_copy_{i:02d}.txt").write_text(report(org, random.Random(100 + i)), "utf-8")
    data = tmp_path_factory.mktemp("identity") / "data"
    result = jiedao("run", str(folder), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return result, data


def test_copies_under_other_names_with_other_figures_are_all_loaded(identity_run):
    _, data = identity_run
    orgs = [row[0] for row in query(data / "warehouse.duckdb", "SELECT org_name FROM documents ORDER BY org_name")]
    assert sorted(orgs) == sorted(ORGS)


def test_copies_are_linked_as_near_duplicates_across_organisations(identity_run):
    _, data = identity_run
    rows = query(
        data / "warehouse.duckdb",
        """
        SELECT a.org_name, b.org_name, n.similarity, n.same_org FROM near_duplicates n
        JOIN documents a ON a.doc_id = n.doc_id JOIN documents b ON b.doc_id = n.other_doc_id""",
    )
    linked = {org for a, b, _, _ in rows for org in (a, b)}
    assert linked == set(ORGS)
    assert all(0.5 <= similarity < 1 and same_org is False for _, _, similarity, same_org in rows)


def test_republished_and_identical_copies_join_the_original_with_their_sources(identity_run):
    _, data = identity_run
    rows = query(
        data / "warehouse.duckdb",
        """
        SELECT s.source_uri, s.relation FROM document_sources s JOIN documents d USING (doc_id)
        WHERE d.org_name = '白沙街道' ORDER BY s.source_uri""",
    )
    assert [(uri.rsplit("/", 1)[-1], relation) for uri, relation in rows] == [
        ("a_original.txt", "first"),
        ("b_identical_copy.txt", "same_text"),
        ("c_republished.html", "republished"),
    ]


def test_every_input_is_accounted_for_in_the_summary_and_the_tables(identity_run):
    result, data = identity_run
    n_inputs = 3 + len(ORGS) - 1
    assert f"inputs     {n_inputs} = {len(ORGS)} loaded + 2 same report" in result.stdout
    [(sources,)] = query(data / "warehouse.duckdb", "SELECT count(*) FROM document_sources")
    [(rejects,)] = query(data / "warehouse.duckdb", "SELECT count(*) FROM rejects")
    assert sources + rejects == n_inputs


def test_a_rerun_skips_unchanged_inputs_and_changes_nothing(identity_run, tmp_path):
    result, data = identity_run
    folder = next(line.split()[-1] for line in [result.args[2]])
    before = query(data / "warehouse.duckdb", "SELECT count(*) FROM documents")
    again = jiedao("run", folder, "--data-dir", str(data))
    assert again.returncode == 0, again.stderr
    assert f"= {3 + len(ORGS) - 1} unchanged" in again.stdout
    assert query(data / "warehouse.duckdb", "SELECT count(*) FROM documents") == before


def test_copies_across_organisations_are_a_warning_in_the_quality_report(identity_run):
    _, data = identity_run
    quality = jiedao("quality", "--data-dir", str(data))
    assert quality.returncode == 0, quality.stderr
    assert "report pairs of different organisations read alike" in quality.stdout


def test_the_fate_of_any_input_can_be_listed_in_sql(identity_run):
    _, data = identity_run
    rows = query(
        data / "warehouse.duckdb", "SELECT fate, detail FROM input_fates WHERE source_uri LIKE '%c_republished.html'"
    )
    assert rows == [("document", "republished")]
