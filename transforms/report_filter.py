"""Is a fetched page a work report? Title/heading cues plus the shape of a report body.

A crawl of a government portal fetches listing pages, notices, news and reports alike; only
reports go down the pipeline. A page is a report when

1. its title (or, when the page title is a generic site title, the heading at the top of the
   body) names a report genre (``REPORT_CUES``) and is not news *about* a report
   (``NEWS_CUES``) or a genre that merely shares the words (``NOT_REPORT_CUES``) — or, for a
   page without a usable title, its opening announces a report (``OPENING_CUES``), and
2. a year is named (in the title/heading or the body), and
3. the body has the shape of one: enough running text and numbered sections
   (一、 / （一） / 第一，) or, failing those, a lot of text — and does not look like a listing
   of dated links.

Pure: text in, bool out.
"""

from __future__ import annotations

import re

from transforms.vocab import CJK_RE, outline_marker_pattern

# Genre names of the reports the project collects. Any one in the title is the strongest cue.
REPORT_CUES: tuple[str, ...] = (
    "工作总结",  # annual / half-year summary (the core genre)
    "年度总结",
    "半年总结",
    "工作小结",
    "工作思路",  # next-year outline, often "总结及明年工作思路"
    "工作计划",
    "工作打算",
    # not 工作安排: mostly duty-roster notices ("春节期间值班工作安排"); reports that use it
    # pair it with 工作总结 anyway
    "工作要点",  # yearly key points, often published "关于印发《…工作要点》的通知"
    "工作报告",  # 政府工作报告, 党委/党工委工作报告
    "政府工作报告",
    "述职",  # 述职报告 / 述职述廉报告 of a leadership team
    "目标任务完成情况",
    "汇报",  # "向人民汇报", "工作汇报": a report given to residents or the district
    "工作回顾",
)

# Phrases with which a report announces itself in its opening lines, for pages without a usable
# title (bare bodies, reposts under a headline): "现将本年度工作总结如下", "一、2020年工作开展情况".
OPENING_CUES: tuple[str, ...] = (
    "总结如下",
    "报告如下",
    "汇报如下",
    "工作开展情况",
    "工作完成情况",
    "工作回顾",
)

# Titles that carry a report cue but report *on* a report: news of a meeting, not the text.
NEWS_CUES: tuple[str, ...] = (
    "召开",
    "举行",
    "举办",
    "部署会",
    "推进会",
    "座谈会",
    "动员会",
    "观摩",
    "调研",  # "区领导到…调研…工作总结" is a news item
    "听取",  # "区领导听取…工作汇报"
)

# Genres whose titles contain report words but are not a place's work report.
NOT_REPORT_CUES: tuple[str, ...] = (
    "信息公开工作年度报告",  # statutory disclosure statistics, same template everywhere
    "政务公开工作年度报告",
    "年度报表",
    "招标",  # procurement notices
    "采购",
    "中标",
    "成交",
    "征集",  # calls for suggestions
    "报送",  # "关于报送…工作总结的通知" asks for reports, it is not one
    "上报",
)

# A generic page title (site name) says nothing; the heading is then the first lines of the body.
HEADING_WINDOW = 200
OPENING_WINDOW = 600  # the opening paragraph plus the first section heading

MIN_REPORT_CHARS = 200  # CJK characters: even a short 工作要点 is several paragraphs
LONG_REPORT_CHARS = 1500  # unnumbered reports exist; long running text stands in for sections
MIN_NUMBERED_SECTIONS = 2
MAX_LISTING_LINE_SHARE = 0.4  # listings are mostly short lines ending in a date

_CJK = CJK_RE
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# Section numbering used by Chinese official documents: 一、 （一） 第一，/第一部分
_NUMBERED_SECTION = re.compile(
    rf"(?m)^\s*(?:{outline_marker_pattern(('cn', 'cn_paren'))}|第[一二三四五六七八九十]{{1,3}}[，,、部])"
)
_DATED_LINE = re.compile(r"^.{0,60}?[\[（(]?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\]）)]?\s*$")


def looks_like_report(title: str | None, body: str) -> bool:
    """True when the page named by ``title`` with main text ``body`` is a work report."""
    heading = report_heading(title, body)
    if heading is None:
        return False
    # The year is often only in the title ("…2022年上半年工作总结"; the body says 今年/上半年).
    if not _YEAR.search(heading) and not _YEAR.search(body):
        return False
    return has_report_shape(body)


def report_heading(title: str | None, body: str) -> str | None:
    """The title, body heading or opening that marks the page as a report, or None.

    A title that is news or a look-alike genre decides alone: the body of a meeting report quotes
    the summary, and a disclosure report has sections too.
    """
    title = title or ""
    if any(cue in title for cue in NOT_REPORT_CUES + NEWS_CUES):
        return None
    for candidate in (title, body[:HEADING_WINDOW]):
        if is_report_title(candidate):
            return candidate
    opening = body[:OPENING_WINDOW]
    if any(cue in opening for cue in OPENING_CUES):
        return opening
    return None


def is_report_title(text: str) -> bool:
    """True when ``text`` names a report genre and is not news of one or a look-alike genre."""
    if not any(cue in text for cue in REPORT_CUES):
        return False
    if any(cue in text for cue in NOT_REPORT_CUES):
        return False
    return not any(cue in text for cue in NEWS_CUES)


def has_report_shape(body: str) -> bool:
    """True when ``body`` reads like a report: enough text, sections, not a link list."""
    cjk_chars = len(_CJK.findall(body))
    if cjk_chars < MIN_REPORT_CHARS:
        return False
    if looks_like_listing(body):
        return False
    sections = len(_NUMBERED_SECTION.findall(body))
    return sections >= MIN_NUMBERED_SECTIONS or cjk_chars >= LONG_REPORT_CHARS


def looks_like_listing(body: str) -> bool:
    """True when most non-empty lines are short and end with a date, as on a column index page."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if len(lines) < 5:
        return False
    dated = sum(1 for line in lines if _DATED_LINE.match(line))
    return dated / len(lines) >= MAX_LISTING_LINE_SHARE
