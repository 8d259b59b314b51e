"""Page extraction: the report's body, title and labelled metadata out of a scraped page.

HTML pages: scripts, styles, navigation, headers/footers, share bars, sidebars and related-article
lists are removed (by tag and by class/id words), the smallest element holding most of the
remaining text is taken as the article, and its text is laid out one block per line. Scraped
plain-text pages (and the article text of HTML pages) then go through line rules: breadcrumbs,
page controls (【返回顶部】【打印本稿】), image placeholders (文章图片), view counters, reporter
lines, 上一篇/下一篇, and from a 推荐阅读 / 最新资讯 / 版权所有 line near the end, everything after
it. The patterns are data: ``transforms/data/page_furniture.txt``.

``Page.meta`` keys (labels in ``transforms/data/meta_labels.txt``):

===============  ==========================================================
key              labels
===============  ==========================================================
index_no         索引号
category         组配分类, 主题分类
genre            体裁分类
publisher        发布机构, 发文机关, 发布单位
published        发布日期, 发布时间, 时间, 日期 (and <meta name="PubDate">)
generated        生成日期
written          成文日期, 发文日期
source           信息来源, 文章来源, 来源, 稿源, "【标题】来源:X" repost lines
                 (and <meta name="ContentSource">)
source_time      来源时间, 来源时间为
updated          更新时间
disclosure       公开方式, 公开范围, 公开时限
validity         有效性
doc_no           文号, 发文字号
subject_words    主题词
views            浏览, 浏览次数, 点击数, 阅读 ...
author, editor, reviewer   作者, 责任编辑/编辑, 审核
original_title   _本文原始标题: (repost sites)
===============  ==========================================================

Values are kept as written (dates are parsed later, by ``transforms.metadata``). The metadata
block and the title line are not part of ``Page.body``. Lines of the body are joined with "\n".
"""

from __future__ import annotations

from transforms.page_html import strip_html_page
from transforms.page_lines import is_furniture_line, parse_meta_line
from transforms.page_text import strip_text_page
from transforms.records import Page

# The public API of page extraction (tests and CONTRIBUTING.md name the line rules through this module).
__all__ = ["extract_page", "is_furniture_line", "parse_meta_line"]


def extract_page(text: str, *, is_html: bool) -> Page:
    """The body, title and labelled metadata of one page (HTML or a scraped plain-text page)."""
    if is_html:
        return strip_html_page(text)
    meta: dict[str, str] = {}
    body, title, site = strip_text_page(text, meta, None)
    return Page(body=body, title=title, meta=meta, site=site)
