"""The checks of the four suites, as data: one :class:`Check` per expectation (``expectations.suites``).

The vocabularies they check against come from the shared tables: units (``transforms.units``),
kinds, qualifiers and section kinds (``transforms.types``), topics (``transforms.vocab``), indicator
codes (``transforms.indicators``) and the warehouse columns (``warehouse.schema``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transforms import units
from transforms.indicators import indicator_codes
from transforms.types import KINDS, ORG_LEVELS, QUALIFIERS, SECTION_KINDS
from transforms.vocab import TOPICS
from warehouse.schema import TABLES

# The unit rules derive from the one unit table (transforms/data/units.tsv, transforms/units.py).
# Units METRICS.md normalises to (what written forms become), plus "" for a bare number.
CANONICAL_UNITS = tuple(dict.fromkeys(["", units.BARE_MONEY_UNIT, units.RANK_UNIT, *units.canonical().values()]))
# The critical unit rule is structural, because measure words are open-ended: a listed unit that
# is no short hanzi word (%, 个百分点, 微克/立方米 ...), or 1-3 hanzi that do not start with a
# multiplier that belongs in the value (万/亿) or spell a percent (百分之). Digits, Latin units
# (km, m²) and other punctuation fail.
UNIT_SHAPE = units.unit_shape()

# The currencies of the unit table, the reports' own 元 first.
CURRENCIES = tuple(
    sorted(units.of_kind("money"), key=lambda u: (u != units.BARE_MONEY_UNIT, units.known_units().index(u)))
)

FIRST_REVIEW_YEAR = 2000  # the reports this project targets are published online: none before 2000
SUBJECT_FLOOR = 0.5  # share of metrics that must name a subject; below it the extractor regressed


def measure_words() -> tuple[str, ...]:
    """The known units that are no canonical form (measure words kept as written, 人次, 吨 ...)."""
    return tuple(u for u in units.known_units() if u not in CANONICAL_UNITS)


def known_units() -> tuple[str, ...]:
    """Every unit of the unit table, extracted or not, and "": the warning-level unit vocabulary."""
    return CANONICAL_UNITS + measure_words()


@dataclass(frozen=True)
class Check:
    """One expectation: GX class name and kwargs, severity, a readable label and why it exists."""

    expectation: str  # a class of great_expectations.expectations, e.g. "ExpectColumnValuesToBeUnique"
    kwargs: dict[str, Any]
    severity: str  # critical | warning
    label: str  # "<column(s)> <rule>", the line readers see: "unit in canonical vocabulary"
    why: str
    quarantine: bool = False  # row-level: failing rows are quarantined instead of failing the run
    where: dict[str, str] = field(default_factory=dict)  # only rows whose columns equal these values

    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"severity": self.severity, "label": self.label}
        if self.quarantine:
            meta["quarantine"] = True
        return meta


def _table_columns(table: str) -> Check:
    return Check(
        "ExpectTableColumnsToMatchSet",
        {"column_set": [f.name for f in TABLES[table]], "exact_match": False},
        "critical",
        "columns as in warehouse/schema.py",
        "the loader inserts these columns by name",
    )


def _key(table: str, column: str) -> list[Check]:
    return [
        Check(
            "ExpectColumnValuesToNotBeNull", {"column": column}, "critical", f"{column} not null", "primary key column"
        ),
        Check(
            "ExpectColumnValuesToBeUnique",
            {"column": column},
            "critical",
            f"{column} unique",
            "primary key: DuckDB would reject the load half way",
        ),
    ]


def _in_set(
    column: str, values: tuple[str, ...], label: str, severity: str = "critical", where: dict[str, str] | None = None
) -> Check:
    return Check(
        "ExpectColumnValuesToBeInSet",
        {"column": column, "value_set": list(values)},
        severity,
        label,
        "a closed vocabulary of the warehouse contract (WAREHOUSE.md)",
        where=where or {},
    )


def _reference(column: str, derived: str, target: str) -> Check:
    return Check(
        "ExpectColumnValuesToBeNull",
        {"column": derived},
        "critical",
        f"{column} exists in {target}",
        f"referential integrity; {derived} holds the dangling {column} values "
        "(a derived column keeps the id list out of the suite and Data Docs)",
    )


def documents_checks() -> list[Check]:
    return [*_documents_contract(), *_documents_plausible()]


def _documents_contract() -> list[Check]:
    """Keys, traceability and vocabularies of documents: critical."""
    return [
        _table_columns("documents"),
        *_key("documents", "doc_id"),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "source_uri"},
            "critical",
            "source_uri not null",
            "every document must be traceable to its input",
        ),
        Check(
            "ExpectColumnValuesToNotBeNull",
            {"column": "cleaned_text"},
            "critical",
            "cleaned_text not null",
            "metric offsets refer to it",
        ),
        _in_set("org_level", ORG_LEVELS, "org_level in {街道, 镇, 乡}"),
    ]


def _documents_plausible() -> list[Check]:
    """Years, lengths and per-document counts a real report has: warnings."""
    return [
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "review_year", "min_value": FIRST_REVIEW_YEAR, "max_value": {"$PARAMETER": "this_year"}},
            "warning",
            f"review_year within [{FIRST_REVIEW_YEAR}, this year]",
            "a year outside it is a misread date, not a report; the row is still loadable",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "plan_year_minus_review_year", "min_value": 0, "max_value": 1},
            "warning",
            "plan_year = review_year + 1 (or = review_year) when both are set",
            "an annual report reviews one year and plans the next; a half-year report plans the rest of its year",
        ),
        Check(
            "ExpectColumnPairValuesToBeEqual",
            {"column_A": "char_count", "column_B": "cleaned_text_length"},
            "warning",
            "char_count = length of cleaned_text",
            "char_count is defined as that length",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "char_count", "min_value": 100, "max_value": 500_000},
            "warning",
            "char_count within [100, 500000]",
            "shorter is a stub or a navigation page, longer is several pages glued together",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "n_sections", "min_value": 1, "max_value": 1000},
            "warning",
            "sections per document within [1, 1000]",
            "every report has a numbered outline; thousands means list items were read as headings",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "n_metrics", "min_value": 1, "max_value": 5000},
            "warning",
            "metrics per document within [1, 5000]",
            "a work report without a single figure, or with thousands, points at the extractor",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "n_keywords", "min_value": 1, "max_value": 200},
            "warning",
            "keywords per document within [1, 200]",
            "keywords are a top-k list",
        ),
    ]


def sections_checks() -> list[Check]:
    return [
        _table_columns("sections"),
        *_key("sections", "section_id"),
        _reference("doc_id", "doc_id_not_in_documents", "documents"),
        _reference("parent_id", "parent_id_not_in_sections", "sections"),
        _in_set("kind", SECTION_KINDS, "kind in section kinds"),
        _in_set("topic", TOPICS, "topic in topic vocabulary"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "level", "min_value": 1, "max_value": 6},
            "warning",
            "level within [1, 6]",
            "Chinese report outlines nest 3-4 levels deep",
        ),
        Check(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "char_end", "column_B": "char_start", "or_equal": True},
            "warning",
            "char_end >= char_start",
            "a span cannot end before it starts",
        ),
    ]


def metrics_checks() -> list[Check]:
    return [*_metrics_contract(), *_metrics_plausible(), *_metrics_evidence()]


def _metrics_contract() -> list[Check]:
    """Keys, references and closed vocabularies of metrics (the known-unit list only warns)."""
    return [
        _table_columns("metrics"),
        *_key("metrics", "metric_id"),
        _reference("doc_id", "doc_id_not_in_documents", "documents"),
        _reference("section_id", "section_id_not_in_sections", "sections"),
        Check(
            "ExpectColumnValuesToNotBeNull", {"column": "value"}, "critical", "value not null", "a metric is a number"
        ),
        Check(
            "ExpectColumnValuesToMatchRegex",
            {"column": "unit", "regex": UNIT_SHAPE},
            "critical",
            "unit in canonical vocabulary",
            "canonical units or a short measure word: no digits, no Latin units, no multiplier (万/亿) left in the unit",
        ),
        _in_set("unit", known_units(), "unit is a known unit or measure word", "warning"),
        _in_set("kind", KINDS, "kind in metric kinds"),
        _in_set("qualifier", QUALIFIERS, "qualifier in metric qualifiers"),
        Check(
            "ExpectColumnValuesToBeInSet",
            {"column": "indicator", "value_set": indicator_codes()},
            "critical",
            "indicator null or a headline indicator code",
            "codes of INDICATORS.md (transforms/data/indicators.tsv); null for the many metrics that are none",
        ),
    ]


def _metrics_plausible() -> list[Check]:
    """Units and value ranges each kind of figure has in a work report, and the subject floor: warnings."""
    return [
        _in_set("unit", CURRENCIES, "unit of money is a currency", "warning", where={"kind": "money"}),
        _in_set("unit", ("位",), "unit of rank is 位", "warning", where={"kind": "rank"}),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": 0, "max_value": 1000},
            "warning",
            "value of a ratio within [0, 1000]",
            "a share is a percent; beyond 1000 is a misread number",
            where={"kind": "ratio"},
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": -100, "max_value": 10_000},
            "warning",
            "value of a growth in % within [-100, 10000]",
            "nothing falls by more than 100%; a hundredfold rise is implausible in a work report",
            where={"kind": "growth", "unit": "%"},
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "value", "min_value": -100, "max_value": 100},
            "warning",
            "value of a growth in 个百分点 within [-100, 100]",
            "points of a percent",
            where={"kind": "growth", "unit": "个百分点"},
        ),
        Check(
            "ExpectColumnValuesToBeInSet",
            {"column": "subject_present", "value_set": [True], "mostly": SUBJECT_FLOOR},
            "warning",
            f"subject present in at least {SUBJECT_FLOOR:.0%} of metrics",
            "most figures in a report say what they measure; fewer means subject extraction regressed",
        ),
    ]


def _metrics_evidence() -> list[Check]:
    """Row-level: the mention is in its sentence and at its offsets, else the row is quarantined."""
    return [
        Check(
            "ExpectColumnValuesToBeNull",
            {"column": "mention_not_in_sentence"},
            "warning",
            "mention occurs in its sentence",
            "the sentence is the evidence for the figure",
            quarantine=True,
        ),
        Check(
            "ExpectColumnValuesToBeNull",
            {"column": "mention_not_at_offsets"},
            "warning",
            "mention at its offsets in cleaned_text",
            "char_start/char_end must point at the mention in documents.cleaned_text",
            quarantine=True,
        ),
    ]


def keywords_checks() -> list[Check]:
    return [
        _table_columns("keywords"),
        Check("ExpectColumnValuesToNotBeNull", {"column": "term"}, "critical", "term not null", "key column"),
        Check(
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["doc_id", "term"]},
            "critical",
            "(doc_id, term) unique",
            "primary key of keywords",
        ),
        _reference("doc_id", "doc_id_not_in_documents", "documents"),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "weight", "min_value": 0},
            "warning",
            "weight >= 0",
            "TF-IDF and TextRank weights are not negative",
        ),
        Check(
            "ExpectColumnValuesToBeBetween",
            {"column": "frequency", "min_value": 1},
            "warning",
            "frequency >= 1",
            "a keyword occurs in its document",
        ),
    ]


CHECKS = {
    "documents": documents_checks,
    "sections": sections_checks,
    "metrics": metrics_checks,
    "keywords": keywords_checks,
}


def suite_checks(table: str) -> list[Check]:
    """The checks of one table's suite, in the order they appear in Data Docs."""
    return CHECKS[table]()
