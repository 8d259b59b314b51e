"""The four expectation suites, one per warehouse table, as reviewable data.

Each check is a :class:`expectations.checks.Check` (the checks of every table are listed in
``expectations/checks.py``): a GX 1.x expectation class name and kwargs, plus its severity in the
expectation's ``meta``:

* ``critical`` - the contract of the warehouse is broken (keys, references, vocabularies,
  unit shape); a failure stops the load (``ValidationResult.success`` is False);
* ``warning`` - the data is implausible but loadable; the failure is reported, the load proceeds;
* a ``warning`` with ``meta["quarantine"] = True`` is a row-level rule: the rows it flags are
  taken out of the frames and written to ``rejects`` (stage ``validate``), the rest loads.

Some checks look at *derived columns* that ``expectations.derived`` adds to a copy of each frame
before GX sees it (cross-table references, offsets into ``cleaned_text``, per-document counts):
GX then validates one frame per suite and the failing values show in Data Docs. They are listed in
``DERIVED_COLUMNS``. The GX JSON of every suite is kept under ``expectations/gx/expectations/``
for review; ``python -m expectations.suites`` rewrites it from the checks (a test keeps the two
in step).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expectations.checks import suite_checks
from expectations.gx_import import great_expectations

if TYPE_CHECKING:  # great_expectations is imported lazily: it takes seconds
    from great_expectations import ExpectationSuite
    from great_expectations.expectations.row_conditions import Condition

PACKAGE_DIR = Path(__file__).parent
GX_TEMPLATE_DIR = PACKAGE_DIR / "gx"
SUITE_FILES_DIR = GX_TEMPLATE_DIR / "expectations"

SUITE_TABLES = ("documents", "sections", "metrics", "keywords")

# Columns expectations.validate derives before GX runs (table -> column -> what it holds).
DERIVED_COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "cleaned_text_length": "len(cleaned_text)",
        "plan_year_minus_review_year": "plan_year - review_year (null unless both are set)",
        "n_sections": "rows of sections with this doc_id",
        "n_metrics": "rows of metrics with this doc_id",
        "n_keywords": "rows of keywords with this doc_id",
    },
    "sections": {
        "doc_id_not_in_documents": "doc_id when no documents row has it, else null",
        "parent_id_not_in_sections": "parent_id when no sections row has it, else null",
    },
    "metrics": {
        "doc_id_not_in_documents": "doc_id when no documents row has it, else null",
        "section_id_not_in_sections": "section_id when set and no sections row has it, else null",
        "mention_not_in_sentence": "the mention when the sentence does not contain it, else null",
        "mention_not_at_offsets": "what cleaned_text holds at char_start:char_end when it is not the mention, else null",
        "subject_present": "subject is set and not blank",
    },
    "keywords": {
        "doc_id_not_in_documents": "doc_id when no documents row has it, else null",
    },
}


def build_suite(table: str) -> ExpectationSuite:
    """The GX ExpectationSuite of one table (suite name = table name)."""
    gx = great_expectations()
    import great_expectations.expectations as gxe

    expectations = []
    for check in suite_checks(table):
        kwargs = dict(check.kwargs)
        if check.where:
            kwargs["row_condition"] = _row_condition(check.where)
        expectations.append(
            getattr(gxe, check.expectation)(**kwargs, meta=check.meta(), notes=check.why, severity=check.severity)
        )
    return gx.ExpectationSuite(name=table, expectations=expectations)


def _row_condition(where: dict[str, str]) -> Condition:
    """``{"kind": "growth", "unit": "%"}`` as GX's Condition objects (string conditions are deprecated)."""
    from great_expectations.expectations.row_conditions import Column

    conditions = [Column(column) == value for column, value in where.items()]
    condition: Condition = conditions[0]
    for other in conditions[1:]:
        condition = condition & other
    return condition


def suite_json(table: str) -> dict[str, Any]:
    """A suite as GX serialises it, without the random ids GX adds (stable, reviewable file)."""
    data: dict[str, Any] = build_suite(table).to_json_dict()
    data.pop("id", None)
    for expectation in data.get("expectations", []):
        expectation.pop("id", None)
    return data


def write_suite_files(directory: Path = SUITE_FILES_DIR) -> list[Path]:
    """Write one ``<table>.json`` per suite into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in SUITE_TABLES:
        path = directory / f"{table}.json"
        path.write_text(json.dumps(suite_json(table), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_suite_files(Path(sys.argv[1]) if len(sys.argv) > 1 else SUITE_FILES_DIR):
        print(written)
