"""The unit vocabulary, read from ``transforms/data/units.tsv``: one line per written unit.

Everything that knows about units derives from that table: the extractor's unit words, their
canonical forms, kinds, blocking characters and flags (``transforms.metric_rules``), and the
expectation suites' unit rules (``expectations.suites``). Adding a unit is one line there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from transforms.vocab import CJK

UNITS_FILE = Path(__file__).parent / "data" / "units.tsv"
FLAGS = frozenset({"name_prone", "duration", "within", "radius", "over"})
UNIT_KINDS = frozenset({"money", "ratio", "growth", "measure", "count"})

# A bare 万/亿 in a clause about money (社零实现145.98亿) is an amount of yuan.
BARE_MONEY_UNIT = "元"
# The unit of every rank (第2位, 排名第一, a table's 排名 column).
RANK_UNIT = "位"
# The critical, structural rule of the suites: 1-3 hanzi that do not start with a multiplier that
# belongs in the value (万/亿) or spell a percent (百分之); longer or non-hanzi units must be listed.
SHORT_UNIT_SHAPE = rf"(?!万|亿|百分)[{CJK}]{{1,3}}"


@dataclass(frozen=True)
class Unit:
    """One line of the units table."""

    written: str  # as in the text: ㎡, 平米, 个多月
    unit: str  # the canonical unit stored: 平方米, 个月
    kind: str  # money | ratio | growth | measure | count: the kind it gives a figure
    extract: bool  # read by the extractor after a number (else only known to the suites)
    not_followed_by: str  # a regex character class: the unit is then the start of a longer word
    flags: frozenset[str]
    reason: str


@cache
def units() -> tuple[Unit, ...]:
    """Every line of the table, in file order; raises ValueError on a malformed line."""
    rows: list[Unit] = []
    header_seen = False
    for number, line in enumerate(UNITS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            continue
        if len(cells) != 7:
            raise ValueError(f"units.tsv line {number}: 7 tab-separated cells expected, got {len(cells)}")
        written, unit, kind, extract, blockers, flags, reason = cells
        flag_set = frozenset(flags.split())
        if kind not in UNIT_KINDS or extract not in ("yes", "no") or not flag_set <= FLAGS or not reason:
            raise ValueError(f"units.tsv line {number}: bad kind, extract, flags or missing reason: {line!r}")
        rows.append(Unit(written, unit, kind, extract == "yes", blockers, flag_set, reason))
    return tuple(rows)


def extracted() -> tuple[Unit, ...]:
    """The units the extractor reads after a number."""
    return tuple(u for u in units() if u.extract)


def written_forms() -> tuple[str, ...]:
    """Every unit the extractor reads, as written (the alternation of its regex)."""
    return tuple(u.written for u in extracted())


def canonical() -> dict[str, str]:
    """written unit -> canonical unit, for the written forms that differ."""
    return {u.written: u.unit for u in extracted() if u.written != u.unit}


def emitted_units() -> frozenset[str]:
    """Every canonical unit the extractor can write into ``metrics.unit`` (besides "" and rank 位)."""
    return frozenset(u.unit for u in extracted()) | {BARE_MONEY_UNIT, RANK_UNIT}


def of_kind(kind: str) -> frozenset[str]:
    """Canonical units that give a figure ``kind`` (money: the currencies)."""
    return frozenset(u.unit for u in units() if u.kind == kind and (u.extract or kind == "money"))


def flagged(flag: str, *, written: bool = False) -> frozenset[str]:
    """Units carrying ``flag``: canonical units, or written forms with ``written=True``."""
    return frozenset((u.written if written else u.unit) for u in extracted() if flag in u.flags)


def not_followed_by() -> dict[str, str]:
    """written unit -> characters (a regex class) after which it is no unit (年 in 年代)."""
    return {u.written: u.not_followed_by for u in extracted() if u.not_followed_by}


def multiplier_pattern(multipliers: tuple[str, ...]) -> str:
    """The multipliers as a regex alternation (in the order given), each single-character one
    guarded against starting a unit word (千 of 千米, 百 of 百分点)."""
    parts = []
    for word in multipliers:
        if len(word) == 1:
            seconds = sorted({w[1] for w in written_forms() if len(w) > 1 and w[0] == word})
            if seconds:
                parts.append(f"{re.escape(word)}(?![{''.join(seconds)}])")
                continue
        parts.append(re.escape(word))
    return "|".join(parts)


def known_units() -> tuple[str, ...]:
    """Every canonical unit of the table, extracted or not, plus rank 位 and "" (a bare number):
    the suites' warning-level vocabulary."""
    seen: dict[str, None] = {"": None}
    for u in units():
        seen[u.unit] = None
    seen[RANK_UNIT] = None
    return tuple(seen)


def unit_shape() -> str:
    """The suites' critical unit regex: a listed unit that is no short hanzi word, or the short shape."""
    listed = sorted(
        {u for u in known_units() if u and not re.fullmatch(SHORT_UNIT_SHAPE, u)}, key=(lambda u: (-len(u), u))
    )
    return rf"^(?:{'|'.join(re.escape(u) for u in listed)}|{SHORT_UNIT_SHAPE})?$"
