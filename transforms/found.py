"""A candidate figure (``Found``) and the regex fragments of multipliers and units, shared by the
sentence reader (``transforms.metrics``) and the flattened-table reader (``transforms.metric_tables``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms import metric_rules as R
from transforms import units
from transforms.types import Kind, Qualifier

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
