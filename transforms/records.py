"""The records that transforms produce.

Field names equal the column names of the warehouse tables (``warehouse/schema.py``),
so a list of records becomes a table with ``row_of`` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from transforms.types import Kind, Qualifier, SectionKind


def row_of(record: Any) -> dict[str, Any]:
    """A record's fields as a dict. Records hold scalars only, so a shallow copy is enough
    (``dataclasses.asdict`` deep-copies every field: a fifth of metric extraction's time)."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return {name: getattr(record, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # one entry per record class


class TransformError(ValueError):
    """A document cannot go through a stage; ``stage`` and the message become a reject row."""

    def __init__(self, stage: str, reason: str):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason


@dataclass(frozen=True)
class Page:
    """What page extraction leaves of an input: the body text and the page's own metadata."""

    body: str
    title: str | None = None
    # labelled fields found on the page: 索引号, 发布机构, 发布日期, 生成日期, 信息来源, 来源 ...
    meta: dict[str, str] = field(default_factory=dict)
    # the site's name (what <title> says besides the article's title, or the short lines above a text
    # page's title): evidence of where the page is from, never its publisher
    site: str | None = None


@dataclass(frozen=True)
class CleanText:
    """The cleaned body (what every offset refers to) and what cleaning noticed on the way."""

    text: str
    flags: tuple[str, ...] = ()  # e.g. "censor_artifact", "image_placeholder_removed"


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None = None
    org_name: str | None = None
    org_level: str | None = None  # an OrgLevel (transforms.types)
    province: str | None = None
    city: str | None = None
    district: str | None = None
    review_year: int | None = None
    plan_year: int | None = None
    published_date: date | None = None
    publisher: str | None = None
    index_no: str | None = None


@dataclass(frozen=True)
class Section:
    section_id: str
    parent_id: str | None
    level: int
    heading: str
    kind: SectionKind
    topic: str  # one of transforms.topics vocabulary
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Metric:
    mention: str
    value: float
    unit: str
    qualifier: Qualifier
    kind: Kind
    subject: str | None
    period: str | None
    sentence: str
    char_start: int
    char_end: int
    target_cue: bool = False  # the sentence words it as a goal (计划/力争/目标 ...)
    indicator: str | None = None  # headline indicator code (INDICATORS.md), from subject and kind


@dataclass(frozen=True)
class Keyword:
    term: str
    weight: float
    frequency: int
