"""A candidate figure (``Found``), the regex fragments of multipliers and units and the clause bounds,
shared by the sentence reader (``transforms.metrics``), the flattened-table reader
(``transforms.metric_tables``) and subject assignment (``transforms.metric_subjects``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms import metric_rules as R
from transforms import units
from transforms.types import Kind, Qualifier


def alternation(words) -> str:
    """``words`` as one regex alternation, longest first (a longer word wins where both match)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Multipliers written after an Arabic number (1.5亿, 3万), guarded against the 千 of 千米.
MULT = units.multiplier_pattern(tuple(R.MULTIPLIERS))
# Every unit word, longest first.
UNIT = "|".join(re.escape(w) for w in sorted(R.UNIT_WORDS, key=len, reverse=True))


@dataclass
class Found:
    """A quantity that passed the exclusion rules, before subjects and periods."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: Qualifier
    kind: Kind
    num_start: int  # where the digits start (after a qualifier word)
    unit_end: int  # end of number + unit, before a qualifier word after it
    subject: str | None = None
    prenominal: bool = False
    prenominal_end: int = 0
    fixed: bool = False  # subject already known (a table row's name)
    period: str | None = None  # period already known (a table column's year)


# --- clauses -----------------------------------------------------------------------

_LAST_SEP_RE = re.compile(f"[{re.escape(R.CLAUSE_SEP)}][^{re.escape(R.CLAUSE_SEP)}]*$")
_LAST_END_RE = re.compile(f"[{re.escape(R.CLAUSE_END)}][^{re.escape(R.CLAUSE_END)}]*$")


def _last_mark_end(pattern: re.Pattern, text: str, offset: int, reach: int) -> int:
    """Just after the last mark of ``pattern`` before offset, looking back ``reach`` chars."""
    lo = max(0, offset - reach)
    m = pattern.search(text, lo, offset)
    return m.start() + 1 if m else lo


def clause_start(text: str, offset: int) -> int:
    """Start of the comma-delimited clause around offset (looking back 80 chars at most)."""
    return _last_mark_end(_LAST_SEP_RE, text, offset, 80)


def clause_start_strict(text: str, offset: int) -> int:
    """Start of the ；/。-delimited clause around offset (looking back 300 chars at most)."""
    return _last_mark_end(_LAST_END_RE, text, offset, 300)
