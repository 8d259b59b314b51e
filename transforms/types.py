"""The closed vocabularies of the warehouse as ``Literal`` types (WAREHOUSE.md, METRICS.md).

Records are annotated with them, so mypy catches a misspelt kind; the expectation suites read
their value sets from here (``typing.get_args``), so the types and the suites cannot drift.
"""

from __future__ import annotations

from typing import Literal, get_args

# What a metric measures: a count of things, an amount of money, a share, a change, a rank, or a
# physical quantity with a standard unit.
Kind = Literal["count", "money", "ratio", "growth", "rank", "measure"]
# How the report qualifies a figure: as written, a floor (超过, 以上), nearly, about, a ceiling (不足).
Qualifier = Literal["exact", "over", "nearly", "about", "under"]
# Which side of the year a section is on.
SectionKind = Literal["review", "plan", "other"]
# The level of the organisation that reports.
OrgLevel = Literal["街道", "镇", "乡"]
# The state of a pipeline run (pipeline_runs.status).
RunStatus = Literal["running", "completed", "failed", "aborted"]
# How a source relates to the document it gave (document_sources.relation).
Relation = Literal["first", "same_text", "republished"]

KINDS: tuple[Kind, ...] = get_args(Kind)
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)
SECTION_KINDS: tuple[SectionKind, ...] = get_args(SectionKind)
ORG_LEVELS: tuple[OrgLevel, ...] = get_args(OrgLevel)
RUN_STATUSES: tuple[RunStatus, ...] = get_args(RunStatus)
RELATIONS: tuple[Relation, ...] = get_args(Relation)
