"""The same report found in two places, with different page furniture, lands once."""

import html

import pytest

from flows.cli import SAMPLES_DIR
from support import jiedao, query

pytestmark = pytest.mark.slow  # `jiedao run` in a subprocess


def repost_page(body: str) -> str:
    """The plain sample re-published as a news page: other title, breadcrumb, counters, related links."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines()[1:] if line.strip())
    return f"""<html><head><meta charset="utf-8"><title>转载：云溪街道年度工作回顾</title></head><body>
<div class="crumb">首页 &gt; 街镇动态 &gt; 正文</div>
<div class="info">来源：示例新闻网 2024-01-05 浏览次数：88</div>
<div class="content">{paragraphs}</div>
<div class="related"><p>推荐阅读</p><ul><li><a href="/1">全市新增绿道120公里</a></li></ul></div>
<div class="footer">版权所有 示例新闻网</div></body></html>"""


def test_a_report_reposted_with_other_furniture_is_one_document(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = (SAMPLES_DIR / "sample_01_plain.txt").read_text("utf-8")
    (inputs / "a_original.txt").write_text(body, "utf-8")
    (inputs / "b_repost.html").write_text(repost_page(body), "utf-8")
    data = tmp_path / "data"

    result = jiedao("run", str(inputs), "--data-dir", str(data))

    assert result.returncode == 0, result.stderr
    assert "inputs     2 = 1 loaded + 1 same report" in result.stdout
    rows = query(data / "warehouse.duckdb", "SELECT source_uri FROM documents")
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["a_original.txt"]
    ((n,),) = query(data / "warehouse.duckdb", "SELECT count(*) FROM metrics WHERE mention = '12.6亿元'")
    assert n == 1
    sources = query(data / "warehouse.duckdb", "SELECT source_uri, relation FROM document_sources ORDER BY source_uri")
    assert [(uri.rsplit("/", 1)[1], relation) for uri, relation in sources] == [
        ("a_original.txt", "first"),
        ("b_repost.html", "same_text"),
    ]
