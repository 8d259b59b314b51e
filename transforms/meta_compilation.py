"""Compilations: one page collecting several bodies' reports (``江宁区各街道2023年工作总结汇编``:
a table of contents, then one report after another). Such a page names no single org; the flow
flags it ``compilation``. ``compilation_parts`` finds where each report starts and ends, for a
caller that wants one document per report.

A report's own title line is short (at most 40 characters), does not end a sentence, states a year
and a kind of report (总结, 思路, 计划, 要点, 报告 ...), and names a 街道/镇/乡. Lines listed in a table of
contents (one title line right after another, with no paragraph between) start no report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.meta_org import org_from_heading
from transforms.vocab import cue_pattern

# 汇总 is left out: "良渚街道2023年重点工作汇总" is one body's own summary.
_COMPILATION_TITLE = re.compile(r"(汇编|选编|合集)\s*$|(汇编|选编|合集)[（(]")
_REPORT_TITLE_LINE = re.compile(
    r"(19|20)\d{2}\s*年?.{0,24}" + f"({cue_pattern('review', 'plan', use='report_title_line')})"  # data/cue_words.tsv
)
_LIST_NUMBER = re.compile(r"^\s*[\d一二三四五六七八九十]+\s*[、.．]\s*")
_MAX_TITLE_LINE = 40


@dataclass(frozen=True)
class Part:
    """One report of a compilation: its title line, its org, and its span in the page's text."""

    title: str
    org_name: str
    char_start: int
    char_end: int


def _title_lines(text: str) -> list[tuple[int, int, str, str]]:
    """(line start, line end, title, org) of every report-title line naming a body."""
    found = []
    offset = 0
    for raw in text.split("\n"):
        start, offset = offset, offset + len(raw) + 1
        line = _LIST_NUMBER.sub("", raw).strip()
        if len(line) > _MAX_TITLE_LINE or line.endswith(("。", "；", "，")) or not _REPORT_TITLE_LINE.search(line):
            continue
        name, _level = org_from_heading(line)
        if name:
            found.append((start, start + len(raw), line, name))
    return found


def is_compilation(text: str, title: str | None) -> bool:
    """A page collecting several bodies' reports: a 汇编/选编 title, or title lines of two or more bodies."""
    if title and _COMPILATION_TITLE.search(title):
        return True
    return len({org for _s, _e, _t, org in _title_lines(text)}) >= 2


def compilation_parts(text: str) -> list[Part]:
    """The reports of a compilation page, in order; [] unless two or more bodies' reports are found."""
    lines = _title_lines(text)
    heads = [
        line
        for i, line in enumerate(lines)
        if i + 1 == len(lines) or text[line[1] : lines[i + 1][0]].strip()  # a paragraph follows before the next title
    ]
    if len({org for _s, _e, _t, org in heads}) < 2:
        return []
    ends = [start for start, _e, _t, _o in heads[1:]] + [len(text)]
    return [Part(title, org, end_of_line + 1, end) for (_s, end_of_line, title, org), end in zip(heads, ends)]
