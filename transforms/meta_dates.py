"""When and by whom a report page was published: published_date and publisher.

- published_date: Page.meta published (发布日期/发布时间, or a date-time line under the title) >
  generated (生成日期) > source_time (来源时间) > written (成文日期) > a date on the 来源/发布机构 line,
  else a date alone on one of the last lines (the signature). Dates as pages write them:
  2023-01-12, 2025- 02- 19 11: 35, 2024/2/3, 2021.01.28, 2021年1月28日.
- publisher: Page.meta publisher (发布机构/发文机关), else source (信息来源/来源), as stated, without
  the date, time, counters or author that share its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_KEYS = ("published", "generated", "source_time", "written", "source", "publisher")
_SIGNATURE_DATE = re.compile(r"\s*(20\d{2})年(\d{1,2})月(\d{1,2})日\s*")


def parse_date(value: str | None) -> date | None:
    """The first date written as 2023-01-12, 2024/2/3, 2021.01.28 or 2021年1月28日; None if none."""
    if not value:
        return None
    match = _DATE.search(value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def published(meta: Mapping[str, str], text: str) -> date | None:
    """The page's publication date (see the module docstring for the order of trust)."""
    # news templates put the date on the source line: 来源：某融媒体中心 2023-12-28 09:15 阅读 1203
    for key in _DATE_KEYS:
        parsed = parse_date(meta.get(key))
        if parsed:
            return parsed
    for line in text.strip().split("\n")[-3:]:
        if _SIGNATURE_DATE.fullmatch(line):
            return parse_date(line)
    return None


# What follows the publisher's name on a one-line news header: its date, time, counters, author
# (traditional-character reposts write the same labels in their own script).
_AFTER_PUBLISHER = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|发布时间|发布日期|發佈時間|發布時間|發佈日期|時間[:：]|时间[:：]"
    r"|阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問|作者|编辑|編輯|责任编辑|責任編輯|字号|字號|【|\|).*$"
)


def publisher(value: str | None) -> str | None:
    """发布机构/来源 as stated, without the date, counters or author that share its line."""
    if not value:
        return None
    name = _AFTER_PUBLISHER.sub("", value).strip(" ：:，,|")
    return name or None
