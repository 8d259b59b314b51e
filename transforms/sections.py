"""The numbered outline of a report as a tree of sections, with kind (review/plan/other) and topic.

Heading lines are recognised by marker family:

=========  ===========================================
family     marker
=========  ===========================================
cn         一、 二、 (also 一. 一．)
cn_paren   （一） (一)
num        1. 1、 1． (not 1.5)
num_paren  （1） (1)
circled    ① ②
shi        一是 二是 … at the start of a line
lead       an unnumbered short line without final punctuation followed by a paragraph
           ("疫情防控成效显著")
=========  ===========================================

Levels are given by family in order of appearance: the first family met is level 1, a family not yet
on the stack opens the next level, and a family already on the stack closes everything below it.
A section runs from the start of its heading line to the start of the next heading of the same or a
higher level (or the end of the text): [char_start, char_end) in the cleaned text. The last lead-line
section of a document covers its heading and one paragraph only (what follows is closing matter).

The heading is the line without its marker, cut at the first 。：；! (a "heading sentence" that opens a
paragraph; for 一是 lines also at the first comma). kind: review cues (总结, 成效, 回顾, 开展情况 …) or the review year in the heading give
"review", plan cues (思路, 计划, 打算, 要点, 安排 …) or the plan year give "plan"; otherwise a child
inherits its parent's kind (always, when the parent is review or plan) and a top-level section the kind of the top-level section before it
("review" for the first one when the report has a review year, else "other"). topic: word lists
(``transforms.topics``) on heading (weighted) and body; no signal -> the parent's topic, or 其他; a
part heading with no topic words of its own over children of several topics -> 其他.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from transforms.nlp import Segmentation, segment
from transforms.records import DocumentMeta, Section
from transforms.topics import OTHER, classify_counts, document_words
from transforms.types import SectionKind
from transforms.vocab import CJK_RE, OUTLINE_MARKERS, cue_pattern

_MARKERS = OUTLINE_MARKERS  # (family, pattern) in the order tried: data/outline_markers.tsv
_HEADING_END = re.compile(r"[。：:；;！!？?]")
_SHI_HEADING_END = re.compile(r"[。：:；;！!？?，,]")
_MAX_HEADING = 40
_LEAD_MIN, _LEAD_MAX = 4, 24
_FINAL_PUNCT = tuple("。；;：:，,！!？?、…")

_REVIEW_CUES = re.compile(cue_pattern("review", use="heading"))  # data/cue_words.tsv
_PLAN_CUES = re.compile(cue_pattern("plan", use="heading"))
_YEAR = re.compile(r"(20\d{2})")
_SENTENCE_END = re.compile(r"[。；;]")
_HAS_CJK = CJK_RE


@dataclass
class _Heading:
    start: int  # offset of the heading line in the text
    family: str
    heading: str
    level: int = 0


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _heading_text(rest: str, family: str = "") -> str:
    # "一是抓好改造，完成3个小区改造。": an 一是 clause ends at its first comma.
    pattern = _SHI_HEADING_END if family == "shi" else _HEADING_END
    match = pattern.search(rest)
    head = rest[: match.start()] if match else rest
    head = head.strip().rstrip("，,、").strip()
    return head[:_MAX_HEADING]


def _marker(line: str) -> tuple[str, str] | None:
    """(family, heading text) of a numbered heading line."""
    for family, pattern in _MARKERS:
        match = pattern.match(line)
        if match and line[match.end() :].strip():
            return family, _heading_text(line[match.end() :], family)
    return None


def _is_lead_line(line: str, next_line: str | None) -> bool:
    """A short unnumbered line with no final punctuation, followed by a paragraph."""
    stripped = line.strip()
    if not (_LEAD_MIN <= len(stripped) <= _LEAD_MAX) or stripped.endswith(_FINAL_PUNCT):
        return False
    if _SENTENCE_END.search(stripped) or not _HAS_CJK.search(stripped):
        return False
    if next_line is None:
        return False
    nxt = next_line.strip()
    return len(nxt) > _LEAD_MAX or nxt.endswith(("。", "；", ";", "！"))


def _is_title_line(line: str, title: str | None) -> bool:
    """The report's own title repeated in the body (e.g. under a wrapping notice) is no heading."""
    if title and (line in title or title in line):
        return True
    return len(set(_YEAR.findall(line))) >= 2  # "2022年工作总结和2023年工作计划"


def _find_headings(text: str, title: str | None = None) -> list[_Heading]:
    lines = _lines_with_offsets(text)
    # The next non-blank line after each line (None after the last one), in one backward pass.
    next_lines: list[str | None] = [None] * len(lines)
    following = None
    for i in range(len(lines) - 1, -1, -1):
        next_lines[i] = following
        if lines[i][1].strip():
            following = lines[i][1]
    found = []
    for i, (offset, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        marked = _marker(stripped)
        if marked is not None:
            found.append(_Heading(offset + lead, marked[0], marked[1]))
            continue
        next_line = next_lines[i]
        if i > 0 and _is_lead_line(stripped, next_line) and not _is_title_line(stripped, title):
            found.append(_Heading(offset + lead, "lead", stripped))
    return found


def _assign_levels(headings: list[_Heading]) -> None:
    stack: list[str] = []
    for heading in headings:
        if heading.family in stack:
            del stack[stack.index(heading.family) + 1 :]
        else:
            stack.append(heading.family)
        heading.level = len(stack)


def _kind_signal(heading: str, body_start: str, meta: DocumentMeta) -> SectionKind | None:
    years = {int(y) for y in _YEAR.findall(heading)}
    if meta.review_year in years and meta.plan_year in years and meta.review_year != meta.plan_year:
        return None  # both years: a title-like heading, no side taken
    plan_cue = _PLAN_CUES.search(heading) is not None
    review_cue = _REVIEW_CUES.search(heading) is not None
    if meta.plan_year and meta.plan_year in years and meta.plan_year != meta.review_year:
        return "plan"
    if meta.review_year and meta.review_year in years and not plan_cue:
        return "review"
    if plan_cue and not review_cue:
        return "plan"
    if review_cue and not plan_cue:
        return "review"
    if meta.plan_year and meta.plan_year != meta.review_year and body_start.startswith(f"{meta.plan_year}年"):
        return "plan"
    return None


def _end_of_first_paragraph(text: str, start: int, end: int) -> int:
    """A lead line heads the paragraph after it: the last lead of a document stops there, so closing
    remarks (speeches, next year's plans) after it do not fall into its section."""
    heading_end = text.find("\n", start, end)
    if heading_end < 0:
        return end
    paragraph_end = text.find("\n", heading_end + 1, end)
    return end if paragraph_end < 0 else paragraph_end


def _section_ends(text: str, headings: list[_Heading]) -> list[int]:
    """Where each heading's section ends: at the next heading of its level or above (a lead
    paragraph's heading: at the end of its first paragraph)."""
    ends = []
    for i, heading in enumerate(headings):
        end = len(text)
        for later in headings[i + 1 :]:
            if later.level <= heading.level:
                end = later.start
                break
        if heading.family == "lead" and end == len(text):
            end = _end_of_first_paragraph(text, heading.start, end)
        ends.append(end)
    return ends


def _section_kind(
    heading: _Heading, body: str, parent: Section | None, last_top_kind: SectionKind, meta: DocumentMeta
) -> SectionKind:
    """review, plan or other: inherited from a parent that has one, else from the heading and the
    start of the body, else the parent's or the last top-level section's."""
    if parent is not None and parent.kind != "other":
        return parent.kind  # children inherit: "成果" inside the plan part is still plan
    first_line_end = body.find("\n")
    body_after_heading = body[first_line_end + 1 :] if first_line_end >= 0 else body
    kind = _kind_signal(heading.heading, body_after_heading[:40], meta)
    if kind is None:
        kind = parent.kind if parent else last_top_kind
    return kind


def parse_sections(
    text: str, doc_id: str, meta: DocumentMeta, segmentation: Segmentation | None = None
) -> list[Section]:
    """The outline of ``text`` as sections in document order (parents before children).

    Topic words are counted from ``segmentation``, the document's one jieba pass (``segment(text)``
    when not given)."""
    words = document_words(segmentation if segmentation is not None else segment(text))
    headings = _find_headings(text, meta.title)
    _assign_levels(headings)
    ends = _section_ends(text, headings)
    sections: list[Section] = []
    own_topics: list[str | None] = []
    heading_signals: list[bool] = []  # does the heading itself hold topic words
    open_stack: list[Section] = []
    last_top_kind: SectionKind = "review" if meta.review_year else "other"
    for n, (heading, end) in enumerate(zip(headings, ends)):
        while open_stack and open_stack[-1].level >= heading.level:
            open_stack.pop()
        parent = open_stack[-1] if open_stack else None
        kind = _section_kind(heading, text[heading.start : end], parent, last_top_kind, meta)
        if parent is None:
            last_top_kind = kind
        # = classify_topic(heading.heading, body), from the document's one jieba pass
        heading_counts = words.heading_counts(heading.heading, heading.start)
        heading_signals.append(bool(heading_counts))
        own_topics.append(classify_counts(heading_counts, words.counts(heading.start, end)))
        topic = own_topics[-1] or (parent.topic if parent else OTHER)
        section = Section(
            section_id=f"{doc_id}:s{n}",
            parent_id=parent.section_id if parent else None,
            level=heading.level,
            heading=heading.heading,
            kind=kind,
            topic=topic,
            char_start=heading.start,
            char_end=end,
        )
        sections.append(section)
        open_stack.append(section)
    return _with_umbrella_topics(sections, own_topics, heading_signals)


def _with_umbrella_topics(
    sections: list[Section], own_topics: list[str | None], heading_signals: list[bool]
) -> list[Section]:
    """Topics again, top-down, with part headings such as 一、2021年工作成效 set to 其他.

    Such a heading spans every topic, so its body words would give it the topic of whichever
    child is longest: when its heading names no topic and its children cover several, it is 其他,
    and a child with no signal of its own inherits that.
    """
    child_topics: dict[str, set[str]] = {}
    for section in sections:
        if section.parent_id:
            child_topics.setdefault(section.parent_id, set()).add(section.topic)
    final: dict[str, str] = {}
    result = []
    for section, own, signal in zip(sections, own_topics, heading_signals):
        # no signal in the heading = classify_topic(section.heading) is None
        if len(child_topics.get(section.section_id, ())) >= 2 and not signal:
            topic = OTHER
        else:
            topic = own or (final[section.parent_id] if section.parent_id else OTHER)
        final[section.section_id] = topic
        result.append(section if topic == section.topic else replace(section, topic=topic))  # frozen: kept as is
    return result


def innermost_section(sections: list[Section], offset: int) -> Section | None:
    """The deepest section whose span contains ``offset``; None when it lies outside every section."""
    best = None
    for section in sections:
        if section.char_start <= offset < section.char_end and (best is None or section.level > best.level):
            best = section
    return best
