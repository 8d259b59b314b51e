"""A page laid out as text lines: its body, title and site name (``transforms.page``).

Scraped plain-text pages, and the article text of HTML pages (``transforms.page_html``), go through
the line rules of ``transforms.page_lines``; the title is the report-like line above the first paragraph.
"""

from __future__ import annotations

from transforms.page_lines import (
    ORIGINAL_TITLE,
    OUTLINE_START,
    REPORT_WORDS,
    REPOST_SOURCE,
    TITLE_END_PUNCT,
    TITLE_MIN,
    is_bare_label,
    is_furniture_line,
    is_title_like,
    parse_meta_line,
    split_lines,
    tail_cut,
)

# A date-time line alone counts as the publication date only among the first lines (title, subtitle):
# further down it is a date in the report.
_HEAD_LINES = 3


def _content_lines(lines: list[str], meta: dict[str, str]) -> tuple[list[str | None], str | None]:
    """The lines that are neither metadata nor furniture (None for a blank line), and the title a
    repost attribution line ("【标题】来源:X") gives; labelled fields go into ``meta``."""
    content: list[str | None] = []
    n_content = 0  # the lines in ``content`` so far (not counting blanks)
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
        if (key := is_bare_label(line)) is not None:
            pending_key = key
            continue
        fields = parse_meta_line(line, bare_date=n_content <= _HEAD_LINES)
        if fields is not None:
            for key, value in fields.items():
                meta.setdefault(key, value)
            continue
        if match := REPOST_SOURCE.match(line):
            meta.setdefault("source", match.group("source").strip())
            repost_title = repost_title or match.group("title").strip()
            continue
        if match := ORIGINAL_TITLE.match(line):
            meta.setdefault("original_title", match.group("title").strip())
            continue
        if not is_furniture_line(line):
            content.append(line)
            n_content += 1
    return content, repost_title


def _is_name_line(line: str) -> bool:
    """A site's or column's name above a title: shorter than a title, not a sentence (六合发布)."""
    return 2 <= len(line) < TITLE_MIN and not line.endswith(TITLE_END_PUNCT) and not OUTLINE_START.match(line)


def _leading_title_lines(content: list[str | None]) -> list[int]:
    """Indexes of the title-like lines (and short name lines among them) before the first paragraph."""
    leading = []
    for i, line in enumerate(content):
        if line is None:
            continue
        if not (is_title_like(line) or _is_name_line(line)):
            break
        leading.append(i)
    return leading


def strip_text_page(text: str, meta: dict[str, str], title: str | None) -> tuple[str, str | None, str | None]:
    """Body, title and site name of a page laid out as text lines; labelled fields go into ``meta``.

    Without a title from elsewhere, the title is the first title-like line before the first paragraph
    that reads like a report title (a year, 总结, 汇报 ...), else the first title-like line; short lines
    above it (a site name, a column name) go with it.
    """
    content, repost_title = _content_lines(tail_cut(split_lines(text)), meta)
    leading = _leading_title_lines(content)
    drop: set[int] = set()
    site = None
    titles = [i for i in leading if is_title_like(content[i] or "")]
    if title is None and titles:
        chosen = next((i for i in titles if REPORT_WORDS.search(content[i] or "")), titles[0])
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
