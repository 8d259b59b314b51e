"""A small made-up report taken through a chunk's whole path once, in the process workers are forked from.

A worker's first report pays for what is done lazily on first use: regular expressions compiled into
``re``'s cache, memoised look-ups filled, Arrow's conversions set up: ~0.15 s of CPU on each worker's
first chunk (measured: the first 50-report chunk's transforms 0.71-0.72 s, 0.55-0.60 s after this).
Done once in the fork server (``flows.worker_preload``), it is shared by every worker forked from it,
including one forked afresh for each large chunk (``flows.worker_pool``). The page is invented.
"""

from __future__ import annotations

from flows.chunk_spec import ChunkSpec, InputRef
from flows.chunks import ChunkRows, document_rows
from transforms.budget import DEFAULT_MAX_DOC_CHARS

WARM_UP_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>青禾街道2024年工作总结和2025年工作思路_示例区人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<table><tr><td>索引号</td><td>000000000/2025-00001</td><td>发布机构</td><td>青禾街道</td></tr></table>
<div class="article"><h1>青禾街道2024年工作总结和2025年工作思路</h1><div class="content">
<p>2024年，青禾街道围绕年度目标，统筹发展和安全，各项工作稳步推进。（虚构页面，用于预热。）</p>
<p><strong>一、2024年工作总结</strong></p>
<p>（一）经济运行稳中有进。完成固定资产投资12.6亿元，同比增长8.4%；新增市场主体356户，税收收入3.2亿元。</p>
<p>（二）民生保障持续加强。改造老旧小区7个，惠及居民1,240户；新增养老床位80张，发放救助金156.5万元。</p>
<p>1.基层治理。一是排查矛盾纠纷214起，化解率97.6%；二是组织志愿服务1.3万人次。</p>
<p><strong>二、2025年工作思路</strong></p>
<p>力争固定资产投资增长10%以上，计划新增就业岗位600个，确保辖区安全生产形势平稳。</p>
</div><div class="tools">【打印本页】【关闭窗口】</div></div></body></html>"""


def warm_up() -> None:
    """The page's rows for every staged table, built and turned into Arrow, then dropped."""
    ref = InputRef("warm-up:page", "", "", is_html=True)
    spec = ChunkSpec("warm-up", 0, (ref,), "", "", DEFAULT_MAX_DOC_CHARS, "")
    rows = ChunkRows()
    rows.add(document_rows(WARM_UP_PAGE.encode("utf-8"), ref, None, spec))
    rows.tables()
