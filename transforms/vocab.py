"""Shared vocabularies: one definition each, read by every module that needs it.

* ``CJK``: the character class of hanzi;
* ``TOPICS``: the topic vocabulary of sections (WAREHOUSE.md); the words signalling each topic are
  ``data/topic_words.txt`` (``transforms.topics``);
* cue words of review and plan (``data/cue_words.tsv``): ``cue_words``, ``cue_pattern``;
* outline markers of heading lines (``data/outline_markers.tsv``): ``OUTLINE_MARKERS``,
  ``outline_start_re``.

Units have their own table and module (``transforms.units``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"

# Hanzi as reports write them: the unified ideographs (U+4E00-9FFF), Extension A (U+3400-4DBF: rare
# characters of place and person names, e.g. 㙟) and the compatibility ideographs (U+F900-FAFF, which
# legacy encodings produce). Not U+4DC0-4DFF (hexagram symbols); astral extensions are left out as
# GBK-encoded sites cannot write them. A regex character-class body: use as f"[{CJK}]".
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# The topics of sections, fixed by the warehouse contract; ties between topics go to the earlier one.
OTHER_TOPIC = "其他"
TOPICS: tuple[str, ...] = (
    "疫情防控",
    "经济发展",
    "城市建设",
    "生态环境",
    "民生服务",
    "社会治理",
    "党的建设",
    OTHER_TOPIC,
)

CUE_SIDES = frozenset({"review", "plan", "report"})
CUE_USES = frozenset({"heading", "title", "report_title", "report_title_line"})


def _tsv(name: str, n_cells: int) -> list[list[str]]:
    """The data lines of a tab-separated file of ``data/`` (comments, blanks and the header skipped)."""
    rows = []
    lines = [
        line
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != n_cells or not cells[-1]:
            raise ValueError(f"{name}: {n_cells} tab-separated cells with a reason expected: {line!r}")
        rows.append(cells)
    return rows


@cache
def _cues() -> tuple[tuple[str, str, frozenset[str]], ...]:
    rows = []
    for cue, side, where, _reason in _tsv("cue_words.tsv", 4):
        uses = frozenset(where.split())
        if side not in CUE_SIDES or not uses or not uses <= CUE_USES:
            raise ValueError(f"cue_words.tsv: bad side or where for {cue!r}")
        rows.append((cue, side, uses))
    return tuple(rows)


def cue_words(side: str, use: str) -> tuple[str, ...]:
    """The cue words of ``side`` (review, plan, report) read in ``use`` (heading, title, ...), in file order."""
    return tuple(cue for cue, s, uses in _cues() if s == side and use in uses)


def cue_pattern(*sides: str, use: str) -> str:
    """The cue words of ``sides`` for ``use`` as a regex alternation, longest first."""
    words = {w for side in sides for w in cue_words(side, use)}
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _outline_markers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((family, re.compile(pattern)) for family, pattern, _example, _reason in _tsv("outline_markers.tsv", 4))


# (family, pattern) of the markers opening a heading line, in the order they are tried.
OUTLINE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = _outline_markers()
# Numbered markers: every family but 一是, which also opens ordinary sentences inside a paragraph.
NUMBERED_FAMILIES = ("cn", "cn_paren", "num_paren", "num", "circled")


def outline_marker_pattern(families: tuple[str, ...] = NUMBERED_FAMILIES) -> str:
    """The markers of ``families`` as one regex alternation, not anchored."""
    chosen = [p.pattern.removeprefix("^") for family, p in OUTLINE_MARKERS if family in families]
    return "|".join(f"(?:{p})" for p in chosen)


def outline_start_re(families: tuple[str, ...] = NUMBERED_FAMILIES) -> re.Pattern[str]:
    """Does a (stripped) line start with an outline marker of ``families``?"""
    return re.compile(f"^(?:{outline_marker_pattern(families)})")
