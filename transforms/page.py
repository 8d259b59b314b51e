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
block and the title line are not part of ``Page.body``. Lines of the body are joined with "\\n".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from transforms.records import Page
from transforms.vocab import cue_pattern

_DATA = Path(__file__).parent / "data"

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_MAX_META_LINE = 160
_MAX_BREADCRUMB_LINE = 120
# A tail marker (推荐阅读, 版权所有 ...) cuts the rest of the page only past this share of the text.
_TAIL_FROM = 0.5
_TITLE_MIN, _TITLE_MAX = 5, 80
# A date-time line alone counts as the publication date only among the first lines (title, subtitle):
# further down it is a date in the report.
_HEAD_LINES = 3


# ---------------------------------------------------------------- data files


def _data_rows(name: str) -> list[list[str]]:
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def _meta_labels() -> dict[str, tuple[str, bool]]:
    """label -> (canonical key, whitespace allowed as separator)."""
    return {label: (key, sep == "space") for label, key, sep in _data_rows("meta_labels.txt")}


@cache
def _meta_label_pattern() -> re.Pattern[str]:
    labels = sorted(_meta_labels(), key=len, reverse=True)
    alternation = "|".join(re.escape(label) for label in labels)
    # A label starts the line or follows whitespace / a bracket / a bar / the digits of a time
    # (portal headers glue their spans: "发布时间：2024-01-18 10:23来源：某街道"), and is followed by
    # its separator; the value runs to the next label. Counter and font-size labels are never
    # words of a value, so they count wherever they stand ("来源：某街道浏览次数：1,024").
    counters = "|".join(re.escape(label) for label in labels if _meta_labels()[label][0] in {"views", "font_size"})
    return re.compile(rf"(?:(?:^|(?<=[\s】\]|｜0-9]))({alternation})\s*(?:为)?\s*([:：]|\s)|({counters})\s*([:：]))\s*")


@cache
def _furniture_rules() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    drop: list[re.Pattern[str]] = []
    tail: list[re.Pattern[str]] = []
    for kind, pattern in _data_rows("page_furniture.txt"):
        (drop if kind == "drop" else tail).append(re.compile(pattern, re.IGNORECASE))
    return drop, tail


# ---------------------------------------------------------------- labelled metadata


_REPOST_SOURCE = re.compile(r"^【(?P<title>[^】]{4,})】\s*(?:来源|稿源)\s*[:：]\s*(?P<source>\S.{0,40})$")
_ORIGINAL_TITLE = re.compile(r"^_?本文原始标题\s*[:：]\s*(?P<title>.+)$")
_CONTROLS = re.compile(r"【[^】]{0,10}】|\[[^\]]{0,10}\]")


def _label_matches(line: str) -> list[re.Match[str]]:
    labels = _meta_labels()
    found = []
    for match in _meta_label_pattern().finditer(line):
        _key, space_ok = labels[_label_of(match)]
        if (match.group(2) or match.group(4)) in ":：" or space_ok:
            found.append(match)
    return found


def _label_of(match: re.Match[str]) -> str:
    return match.group(1) or match.group(3)


# A date (and time) that opens a news header line with no label of its own: "2022-02-22 来源:…",
# "2024-01-10 17:30 来源：…", or that stands alone under the title ("2023-05-06 15:24").
_LEADING_DATE = re.compile(
    r"^((?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?)\s*"
)


def parse_meta_line(line: str, *, bare_date: bool = False) -> dict[str, str] | None:
    """The labelled fields of a metadata line (``发布日期:2021-06-08 信息来源:X``), None if it is not one.

    A line opened by an unlabelled date followed by labelled fields gives that date as ``published``;
    with ``bare_date`` (the head of an article), so does a line that is only a date and time.
    """
    if len(line) > _MAX_META_LINE:
        return None
    if line.startswith(("【", "[")):  # 【发布时间：2024-02-05】【来源：某镇】: fields in brackets
        unbracketed = _SPACES.sub(" ", re.sub(r"[【】\[\]]", " ", line)).strip()
        bracketed = parse_meta_line(unbracketed) if unbracketed != line else None
        if bracketed:
            return bracketed
    fields: dict[str, str] = {}
    if date_match := _LEADING_DATE.match(line):
        rest = line[date_match.end() :]
        if not rest and bare_date:
            return {"published": date_match.group(1)}
        if rest and (rest_fields := parse_meta_line(rest)):
            return {"published": date_match.group(1), **rest_fields}
    matches = _label_matches(line)
    if not matches or matches[0].start() != 0:
        return None
    labels = _meta_labels()
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = _CONTROLS.sub(" ", line[match.end() : end])
        value = _SPACES.sub(" ", value).strip(" |｜:：")
        key = labels[_label_of(match)][0]
        if value and key not in fields:
            fields[key] = value
    if not fields:
        return None
    return fields


def _is_bare_label(line: str, *, cell: bool = False) -> str | None:
    """The key of a line that is only a label (a table cell laid out on its own line).

    Outside table cells a colon-only label (来源, 时间) counts only with its colon: a short body
    line such as "时间" must not swallow the line after it.
    """
    stripped = line.strip()
    label = stripped.rstrip(":：").strip()
    entry = _meta_labels().get(label)
    if entry is None:
        return None
    key, space_ok = entry
    return key if cell or space_ok or stripped.endswith((":", "：")) else None


# ---------------------------------------------------------------- furniture


def is_furniture_line(line: str) -> bool:
    """True for a line of page furniture that is dropped wherever it stands."""
    drop, tail = _furniture_rules()
    if len(line) > _MAX_BREADCRUMB_LINE:
        return False
    return any(rule.search(line) for rule in drop) or any(rule.search(line) for rule in tail)


def _is_tail_marker(line: str) -> bool:
    _drop, tail = _furniture_rules()
    return len(line) <= _MAX_BREADCRUMB_LINE and any(rule.search(line) for rule in tail)


def _tail_cut(lines: list[str]) -> list[str]:
    """Lines before the first tail marker that lies in the last part of the page."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= _TAIL_FROM and _is_tail_marker(line):
            return lines[:i]
        seen += len(line)
    return lines


# ---------------------------------------------------------------- title


_TITLE_END_PUNCT = tuple("。；;，,：:")
# Words of a report's title, which a site or column name lacks (data/cue_words.tsv), or a year.
_REPORT_WORDS = re.compile(f"({cue_pattern('review', 'plan', 'report', use='report_title')}|20\\d{{2}})")
_OUTLINE_START = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


def _is_title_like(line: str) -> bool:
    return (
        _TITLE_MIN <= len(line) <= _TITLE_MAX and not line.endswith(_TITLE_END_PUNCT) and not _OUTLINE_START.match(line)
    )


# ---------------------------------------------------------------- plain text


def _normalise_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [_normalise_line(line) for line in text.split("\n")]


def _content_lines(lines: list[str], meta: dict[str, str]) -> tuple[list[str | None], str | None]:
    """The lines that are neither metadata nor furniture (None for a blank line), and the title a
    repost attribution line ("【标题】来源:X") gives; labelled fields go into ``meta``."""
    content: list[str | None] = []
    pending_key: str | None = None
    repost_title = None
    for line in lines:
        if not line:
            content.append(None)
            continue
        if pending_key is not None:
            meta.setdefault(pending_key, line)
            pending_key = None
            continue
        if (key := _is_bare_label(line)) is not None:
            pending_key = key
            continue
        fields = parse_meta_line(line, bare_date=sum(1 for c in content if c) <= _HEAD_LINES)
        if fields is not None:
            for key, value in fields.items():
                meta.setdefault(key, value)
            continue
        if match := _REPOST_SOURCE.match(line):
            meta.setdefault("source", match.group("source").strip())
            repost_title = repost_title or match.group("title").strip()
            continue
        if match := _ORIGINAL_TITLE.match(line):
            meta.setdefault("original_title", match.group("title").strip())
            continue
        if not is_furniture_line(line):
            content.append(line)
    return content, repost_title


def _is_name_line(line: str) -> bool:
    """A site's or column's name above a title: shorter than a title, not a sentence (六合发布)."""
    return 2 <= len(line) < _TITLE_MIN and not line.endswith(_TITLE_END_PUNCT) and not _OUTLINE_START.match(line)


def _leading_title_lines(content: list[str | None]) -> list[int]:
    """Indexes of the title-like lines (and short name lines among them) before the first paragraph."""
    leading = []
    for i, line in enumerate(content):
        if line is None:
            continue
        if not (_is_title_like(line) or _is_name_line(line)):
            break
        leading.append(i)
    return leading


def _strip_text_page(text: str, meta: dict[str, str], title: str | None) -> tuple[str, str | None, str | None]:
    """Body, title and site name of a page laid out as text lines; labelled fields go into ``meta``.

    Without a title from elsewhere, the title is the first title-like line before the first paragraph
    that reads like a report title (a year, 总结, 汇报 ...), else the first title-like line; short lines
    above it (a site name, a column name) go with it.
    """
    content, repost_title = _content_lines(_tail_cut(_split_lines(text)), meta)
    leading = _leading_title_lines(content)
    drop: set[int] = set()
    site = None
    titles = [i for i in leading if _is_title_like(content[i] or "")]
    if title is None and titles:
        chosen = next((i for i in titles if _REPORT_WORDS.search(content[i] or "")), titles[0])
        title = content[chosen]
        drop = {i for i in leading if i <= chosen}
        # the site's or column's name above the title: evidence of where the page is from
        site = " ".join(content[i] or "" for i in leading if i < chosen) or None
    elif title is not None:
        # The page title repeated at the top of the article.
        drop = {i for i in titles if (content[i] or "") in title or title in (content[i] or "")}
    title = title or repost_title
    body: list[str] = []
    for i, line in enumerate(content):
        if i in drop:
            continue
        if line is None:
            if body and body[-1] != "":
                body.append("")
            continue
        body.append(line)
    while body and body[-1] == "":
        body.pop()
    return "\n".join(body), title, site


# ---------------------------------------------------------------- HTML


_JUNK_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "svg",
    "canvas",
    "object",
    "embed",
    "template",
)
# class/id words of page furniture (matched as whole words of the attribute, split on -_ space).
_JUNK_WORDS = frozenset(
    """nav navbar menu menus breadcrumb breadcrumbs crumb crumbs position location share
    sharebar bdshare jiathis footer foot copyright sidebar side aside related relate recommend
    rec hot latest print fontsize font toolbar tools pager pagination prev next comment comments
    header banner topbar ad ads advert gotop backtop top qrcode ewm login search friendlink links
    logo sitename weather
    """.split()
)
_BLOCK_TAGS = frozenset(
    """p div br li tr h1 h2 h3 h4 h5 h6 section article table ul ol blockquote pre dd dt dl
    center main figure figcaption hr tbody thead""".split()
)
_CELL_TAGS = frozenset(("td", "th"))
_META_NAME_KEYS = {
    "articletitle": "title",
    "pubdate": "published",
    "contentsource": "source",
    "publishdate": "published",
}
_TITLE_SPLIT = re.compile(r"\s*[_|｜—–]\s*|\s+-\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _attr_words(element) -> set[str]:  # lxml element
    value = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return set(re.split(r"[\s\-_]+", value)) - {""}


def _remove(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _text_of(element) -> str:
    """Text with one line per block element; inline elements run on."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.lower()
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        elif tag in _CELL_TAGS:
            parts.append("  ")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(element)
    text = "".join(parts)
    # Source-code line breaks inside a paragraph: nothing between CJK, a space elsewhere.
    text = re.sub(r"(?<=[\u3400-\u9fff，。；：、！？])[ \t]*\n[ \t]*(?=[\u3400-\u9fff])", "\ufffe", text)
    return text.replace("\ufffe", "")


def _cjk_count(element) -> int:
    return len(_CJK.findall(element.text_content()))


def _main_element(body):
    """Descend while one child holds most (>= 80 %) of the text: the smallest article container."""
    node = body
    while True:
        total = _cjk_count(node)
        if total == 0:
            return node
        best = None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if _cjk_count(child) >= 0.8 * total:
                best = child
                break
        if best is None or best.tag.lower() in ("p", "span", "font", "strong", "b"):
            return node
        node = best


def _table_meta(root) -> dict[str, str]:
    """Labelled cells of information-disclosure tables: <td>索引号</td><td>value</td>."""
    meta: dict[str, str] = {}
    cells = [c for c in root.iter("td", "th", "dt", "dd", "span", "label", "strong", "b", "em")]
    for i, cell in enumerate(cells[:-1]):
        key = _is_bare_label(cell.text_content(), cell=True)
        if key is None or cell.getparent() is None:
            continue
        value = _normalise_line(cells[i + 1].text_content())
        if value and _is_bare_label(value, cell=True) is None:
            meta.setdefault(key, value)
    return meta


def _html_meta_tags(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = _META_NAME_KEYS.get((tag.get("name") or "").lower())
        content = _normalise_line(tag.get("content") or "")
        if key and content:
            meta.setdefault(key, content)
    return meta


def _title_tag_parts(root) -> list[str]:
    title = root.find(".//title")
    if title is None:
        return []
    return [p for p in _TITLE_SPLIT.split(_normalise_line(title.text_content())) if p]


def _html_title(root, meta_title: str | None) -> str | None:
    """ArticleTitle meta > the h1/h2 the <title> repeats > a report-like h1/h2 > the <title> itself.

    A bare first h1 is often the site's logo ("某区人民政府"), hence the preference order.
    """
    if meta_title:
        return meta_title
    parts = _title_tag_parts(root)
    headings = []
    for element in root.iter("h1", "h2", "h3"):
        text = _normalise_line(element.text_content())
        if _TITLE_MIN <= len(text) <= _TITLE_MAX and _CJK.search(text):
            headings.append(text)
    for part in parts:  # the <title>'s first part is the article, later parts name the site
        matching = [t for t in headings if t in part or (len(part) >= _TITLE_MIN and part in t)]
        if matching:  # the site's name is in the <title> too: the longest match is the article's
            return max(matching, key=len)
    for text in headings:
        if _REPORT_WORDS.search(text):
            return text
    fallback = None
    if parts:
        fallback = parts[0] if len(parts[0]) >= _TITLE_MIN or len(parts) == 1 else max(parts[:2], key=len)
    elif headings:
        fallback = headings[0]
    if fallback is None or not _REPORT_WORDS.search(fallback):
        # old table-layout portals title the article in a bold cell, not an h1, and their <title> is
        # the site's name ("某镇人民政府"): the first line of the page that reads as a report's title
        return _report_title_line(root) or fallback
    return fallback


# "西塘镇2022年工作总结暨2023年工作思路": a place, a year, and what kind of report it is.
_REPORT_TITLE_LINE = re.compile(
    r"(街道|镇|乡).{0,12}(19|20)\d{2}.{0,24}" + f"({cue_pattern('review', 'plan', use='report_title_line')})"
)


def _report_title_line(root) -> str | None:
    for line in _split_lines(_text_of(root)):
        if line and _is_title_like(line) and _REPORT_TITLE_LINE.search(line):
            return line
    return None


# Elements that never hold report text, removed before anything is read.
_NON_CONTENT_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "object", "embed")


def _page_meta(root) -> dict[str, str]:
    """Labelled fields from <meta> tags, disclosure tables and header lines, in that order of trust."""
    meta = _html_meta_tags(root)
    for key, value in _table_meta(root).items():
        meta.setdefault(key, value)
    # Header lines around the article (发布时间：… 来源：…) count too, wherever they sit.
    for line in _split_lines(_text_of(root)):
        fields = parse_meta_line(line) if line else None
        for key, value in (fields or {}).items():
            meta.setdefault(key, value)
    return meta


def _remove_furniture_elements(root) -> None:
    for element in list(root.iter(*_JUNK_TAGS)):
        _remove(element)
    for element in list(root.iter("*")):
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        if _attr_words(element) & _JUNK_WORDS and _cjk_count(element) < 2000:
            _remove(element)


def _strip_html_page(html: str) -> Page:
    import lxml.html

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    root = lxml.html.document_fromstring(html if html.strip() else "<html></html>")
    for element in list(root.iter(*_NON_CONTENT_TAGS)):
        _remove(element)
    meta = _page_meta(root)
    title = _html_title(root, meta.pop("title", None))
    _remove_furniture_elements(root)
    body_root = root.find("body")
    main = _main_element(body_root if body_root is not None else root)
    body, title, _above = _strip_text_page(_text_of(main), meta, title)
    return Page(body=body, title=title, meta=meta, site=_site_name(root, title))


def _site_name(root, title: str | None) -> str | None:
    """What the <title> says besides the article's title: the site's name (…_双流区人民政府)."""
    element = root.find(".//title")
    full = _normalise_line(element.text_content()) if element is not None else ""
    rest = full.replace(title, " ") if title and title in full else " ".join(_title_tag_parts(root)[1:])
    rest = _TITLE_SPLIT.sub(" ", rest).strip(" -_|｜—–")
    return rest if 2 <= len(rest) <= _TITLE_MAX and _CJK.search(rest) and rest != title else None


def extract_page(text: str, *, is_html: bool) -> Page:
    """The body, title and labelled metadata of one page (HTML or a scraped plain-text page)."""
    if is_html:
        return _strip_html_page(text)
    meta: dict[str, str] = {}
    body, title, site = _strip_text_page(text, meta, None)
    return Page(body=body, title=title, meta=meta, site=site)
