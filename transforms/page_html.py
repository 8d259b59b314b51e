"""HTML pages: the article element, its title and the page's labelled metadata (``transforms.page``).

Scripts, styles, navigation, headers/footers, share bars, sidebars and related-article lists are
removed (by tag and by class/id words), the smallest element holding most of the remaining text is
taken as the article, and its text goes through the text-page rules (``transforms.page_text``).
"""

from __future__ import annotations

import re

from transforms.page_lines import (
    REPORT_WORDS,
    TITLE_MAX,
    TITLE_MIN,
    is_bare_label,
    is_title_like,
    normalise_line,
    parse_meta_line,
    split_lines,
)
from transforms.page_text import strip_text_page
from transforms.records import Page
from transforms.vocab import cue_pattern

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
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")  # counting runs' lengths: far fewer objects than one per character


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
    return sum(map(len, _CJK_RUN.findall(element.text_content())))


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
        key = is_bare_label(cell.text_content(), cell=True)
        if key is None or cell.getparent() is None:
            continue
        value = normalise_line(cells[i + 1].text_content())
        if value and is_bare_label(value, cell=True) is None:
            meta.setdefault(key, value)
    return meta


def _html_meta_tags(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = _META_NAME_KEYS.get((tag.get("name") or "").lower())
        content = normalise_line(tag.get("content") or "")
        if key and content:
            meta.setdefault(key, content)
    return meta


def _title_tag_parts(root) -> list[str]:
    title = root.find(".//title")
    if title is None:
        return []
    return [p for p in _TITLE_SPLIT.split(normalise_line(title.text_content())) if p]


def _html_title(root, meta_title: str | None) -> str | None:
    """ArticleTitle meta > the h1/h2 the <title> repeats > a report-like h1/h2 > the <title> itself.

    A bare first h1 is often the site's logo ("某区人民政府"), hence the preference order.
    """
    if meta_title:
        return meta_title
    parts = _title_tag_parts(root)
    headings = []
    for element in root.iter("h1", "h2", "h3"):
        text = normalise_line(element.text_content())
        if TITLE_MIN <= len(text) <= TITLE_MAX and _CJK.search(text):
            headings.append(text)
    for part in parts:  # the <title>'s first part is the article, later parts name the site
        matching = [t for t in headings if t in part or (len(part) >= TITLE_MIN and part in t)]
        if matching:  # the site's name is in the <title> too: the longest match is the article's
            return max(matching, key=len)
    for text in headings:
        if REPORT_WORDS.search(text):
            return text
    fallback = None
    if parts:
        fallback = parts[0] if len(parts[0]) >= TITLE_MIN or len(parts) == 1 else max(parts[:2], key=len)
    elif headings:
        fallback = headings[0]
    if fallback is None or not REPORT_WORDS.search(fallback):
        # old table-layout portals title the article in a bold cell, not an h1, and their <title> is
        # the site's name ("某镇人民政府"): the first line of the page that reads as a report's title
        return _report_title_line(root) or fallback
    return fallback


# "西塘镇2022年工作总结暨2023年工作思路": a place, a year, and what kind of report it is.
_REPORT_TITLE_LINE = re.compile(
    r"(街道|镇|乡).{0,12}(19|20)\d{2}.{0,24}" + f"({cue_pattern('review', 'plan', use='report_title_line')})"
)


def _report_title_line(root) -> str | None:
    for line in split_lines(_text_of(root)):
        if line and is_title_like(line) and _REPORT_TITLE_LINE.search(line):
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
    for line in split_lines(_text_of(root)):
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


def strip_html_page(html: str) -> Page:
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
    body, title, _above = strip_text_page(_text_of(main), meta, title)
    return Page(body=body, title=title, meta=meta, site=_site_name(root, title))


def _site_name(root, title: str | None) -> str | None:
    """What the <title> says besides the article's title: the site's name (…_双流区人民政府)."""
    element = root.find(".//title")
    full = normalise_line(element.text_content()) if element is not None else ""
    rest = full.replace(title, " ") if title and title in full else " ".join(_title_tag_parts(root)[1:])
    rest = _TITLE_SPLIT.sub(" ", rest).strip(" -_|｜—–")
    return rest if 2 <= len(rest) <= TITLE_MAX and _CJK.search(rest) and rest != title else None
