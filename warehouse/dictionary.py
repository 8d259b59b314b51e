"""The data dictionary, ``docs/DATA.md``, generated from the live catalog so it cannot drift.

    .venv/bin/python -m warehouse.dictionary          # (re)write docs/DATA.md
    .venv/bin/python -m warehouse.dictionary --check  # exit 1 when docs/DATA.md is stale

An empty warehouse is created in a temporary folder with the project's DDL; every table, view and
column is listed with its type and its DuckDB comment (the descriptions of ``warehouse/schema.py``
and the ``COMMENT ON`` statements of the views' SQL), followed by the vocabularies (kinds,
qualifiers, section kinds, topics, organisation levels, source relations, run statuses, units from
``transforms/data/units.tsv``, indicator codes from ``transforms/data/indicators.tsv``) and the
offset convention. The meanings of vocabulary values are data here; a test checks they cover exactly the
vocabularies the pipeline uses.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DATA_MD = ROOT / "docs" / "DATA.md"
INDICATORS_TSV = ROOT / "transforms" / "data" / "indicators.tsv"
QUERIES_DIR = ROOT / "docs" / "queries"

# What each vocabulary value means (the values themselves come from the pipeline's vocabularies).
KIND_MEANINGS = {
    "count": "a number of things, with its measure word as unit (个, 人, 户, 家, 人次 ...)",
    "money": "an amount of money; unit is a currency (元, 美元 ...), value in the base unit",
    "ratio": "a level expressed as a share: 覆盖率, 占比, 完成进度 (unit %)",
    "growth": "a change against an earlier period: 同比增长, 下降 (negative), 提高5个百分点, 增长1.8倍",
    "rank": "a position in a ranking: 位列全区第三 → 3, unit 位",
    "measure": "a physical quantity with a standard unit: area, length, weight, volume, duration, power",
}
QUALIFIER_MEANINGS = {
    "exact": "as stated",
    "over": "at least or more than: 余, 多, 超过, 以上, 逾, 突破, 不少于",
    "nearly": "just under: 近, 将近, 接近",
    "about": "approximately: 约, 大约, 左右, 上下",
    "under": "less than or at most: 不足, 不到, 以下, 以内, 不超过",
}
SECTION_KIND_MEANINGS = {
    "review": "work done in the review year (工作总结, 工作回顾)",
    "plan": "work and targets for the plan year (工作思路, 计划, 安排, 打算)",
    "other": "preamble, closing and anything outside review and plan",
}
TOPIC_MEANINGS = {
    "疫情防控": "epidemic prevention and control",
    "经济发展": "economy: investment, industry, revenue, business attraction",
    "城市建设": "urban construction and management: housing, roads, renovation, demolition",
    "生态环境": "environment: water, air, waste sorting, greening",
    "民生服务": "public services: jobs, elderly care, health, education, social aid",
    "社会治理": "governance: grids, disputes, safety, petitions",
    "党的建设": "Party building",
    "其他": "none of the above",
}
ORG_LEVEL_MEANINGS = {"街道": "sub-district (urban)", "镇": "town", "乡": "township (rural)"}
RUN_STATUS_MEANINGS = {
    "running": "started and not finished (or killed: a later run marks it)",
    "completed": "every stage ran; the batch was loaded",
    "failed": "stopped: critical data-quality failure or an unexpected error (message says which)",
    "aborted": "stopped by the user or a signal before it finished",
}
RELATION_MEANINGS = {
    "first": "where the document was first found (documents.source_uri)",
    "same_text": "another input with identical cleaned text",
    "republished": "the same report with other page furniture: same organisation, years and figures",
}


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    nullable: bool
    comment: str | None


@dataclass(frozen=True)
class Relation:
    name: str
    is_view: bool
    comment: str | None
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    key_declared: bool = True  # False: unique, checked by the loader instead of DuckDB (schema.KEYS_NOT_ENFORCED)


def vocabularies() -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """Vocabulary name -> (its values as the pipeline uses them, their meanings)."""
    from transforms.types import KINDS, ORG_LEVELS, QUALIFIERS, RELATIONS, RUN_STATUSES, SECTION_KINDS
    from transforms.vocab import TOPICS

    return {
        "metrics.kind": (KINDS, KIND_MEANINGS),
        "metrics.qualifier": (QUALIFIERS, QUALIFIER_MEANINGS),
        "sections.kind": (SECTION_KINDS, SECTION_KIND_MEANINGS),
        "sections.topic": (TOPICS, TOPIC_MEANINGS),
        "documents.org_level": (ORG_LEVELS, ORG_LEVEL_MEANINGS),
        "document_sources.relation": (RELATIONS, RELATION_MEANINGS),
        "pipeline_runs.status": (RUN_STATUSES, RUN_STATUS_MEANINGS),
    }


def catalog(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table (in the schema's order, then others by name) and view (by name) of the warehouse."""
    from warehouse.schema import KEYS_NOT_ENFORCED, PRIMARY_KEYS, TABLES

    columns: dict[str, list[Column]] = {}
    for table, name, data_type, nullable, comment in con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index"
    ).fetchall():
        columns.setdefault(table, []).append(Column(name, data_type, nullable, comment))
    keys = {
        table: tuple(names)
        for table, names in con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE schema_name = 'main' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }
    order = {name: i for i, name in enumerate(TABLES)}
    tables = con.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal"
    ).fetchall()
    views = con.execute(
        "SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal ORDER BY view_name"
    ).fetchall()
    checked = {name: PRIMARY_KEYS[name] for name in KEYS_NOT_ENFORCED}
    relations = [
        Relation(
            name,
            False,
            comment,
            tuple(columns.get(name, ())),
            keys.get(name) or checked.get(name, ()),
            key_declared=name in keys or name not in checked,
        )
        for name, comment in sorted(tables, key=lambda t: (order.get(t[0], len(order)), t[0]))
    ]
    return relations + [Relation(name, True, comment, tuple(columns.get(name, ()))) for name, comment in views]


def undocumented(relations: list[Relation]) -> list[str]:
    """``table`` or ``table.column`` for every relation or column without a comment."""
    missing = []
    for relation in relations:
        if not relation.comment:
            missing.append(relation.name)
        missing += [f"{relation.name}.{c.name}" for c in relation.columns if not c.comment]
    return missing


def render(relations: list[Relation]) -> str:
    """The Markdown of docs/DATA.md."""
    tables = [r for r in relations if not r.is_view]
    views = [r for r in relations if r.is_view]
    out = [
        *_preamble(),
        "## Tables",
        "",
        "| table | what it holds |",
        "|---|---|",
        *[f"| [`{r.name}`](#{r.name}) | {_cell(r.comment)} |" for r in tables],
        "",
        "## Views",
        "",
        "| view | what it holds |",
        "|---|---|",
        *[f"| [`{r.name}`](#{r.name}) | {_cell(r.comment)} |" for r in views],
        "",
    ]
    for relation in relations:
        out += _relation_section(relation)
    out += _vocabulary_section()
    out += _unit_section()
    out += _indicator_section()
    out += _queries_section()
    return "\n".join(out).rstrip("\n") + "\n"


def _preamble() -> list[str]:
    """The title, how to read the comments in SQL, and the conventions every table follows."""
    return [
        "# Data dictionary",
        "",
        "<!-- Generated by `python -m warehouse.dictionary` from the warehouse's DDL and the vocabularies; do not edit. -->",
        "",
        "Every table, view and column below carries the same text as a DuckDB comment, so it can be read in SQL:",
        "",
        "```sql",
        "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main';",
        "SELECT table_name, comment FROM duckdb_tables();  SELECT view_name, comment FROM duckdb_views() WHERE NOT internal;",
        "```",
        "",
        "Worked questions in SQL are in [`queries/`](queries/) (listed at the end).",
        "",
        "## Conventions",
        "",
        "- **Offsets** (`char_start`, `char_end` of sections and metrics) are 0-based and end-exclusive, counted in",
        "  characters (Unicode code points, not bytes) of `documents.cleaned_text`: in Python",
        "  `cleaned_text[char_start:char_end] == mention`; in DuckDB",
        "  `substr(cleaned_text, char_start + 1, char_end - char_start) = mention`.",
        "- Text is UTF-8 as published, except `org_name`, `province`, `city` and `district`, which are in simplified",
        "  characters. Dates are `DATE`; timestamps `TIMESTAMP WITH TIME ZONE` in UTC.",
        "- `review_year` is the year a report reviews, `plan_year` the year its plan covers: a 2023年政府工作报告",
        "  reviews 2022 and plans 2023.",
        "- Money is in the base unit (元), percentages as written (28.69% → 28.69), decreases negative.",
        "",
    ]


def _vocabulary_section() -> list[str]:
    """One table of values and their meanings per closed vocabulary of the warehouse."""
    out = ["## Vocabularies", ""]
    for name, (values, meanings) in vocabularies().items():
        out += [f"### {name}", "", "| value | meaning |", "|---|---|"]
        out += [f"| {f'`{value}`' if value else '(empty)'} | {_cell(meanings.get(value, ''))} |" for value in values]
        out.append("")
    return out


def _relation_section(relation: Relation) -> list[str]:
    lines = [
        f"### {relation.name}",
        "",
        f"{'View' if relation.is_view else 'Table'}. {relation.comment or ''}".rstrip(),
        "",
    ]
    if relation.primary_key and relation.key_declared:
        lines += [f"Primary key: `{', '.join(relation.primary_key)}`.", ""]
    elif relation.primary_key:
        lines += [
            f"Key: `{', '.join(relation.primary_key)}` (unique: checked as each chunk is loaded, not declared "
            "to DuckDB, whose index of it would grow with the corpus in every load's memory).",
            "",
        ]
    lines += ["| column | type | null | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{c.name}` | {c.data_type} | {'yes' if c.nullable else 'no'} | {_cell(c.comment)} |"
        for c in relation.columns
    ]
    return lines + [""]


def _unit_section() -> list[str]:
    """The canonical units of metrics.unit, from the unit table (transforms/data/units.tsv)."""
    from transforms.units import BARE_MONEY_UNIT, RANK_UNIT, units

    by_unit: dict[str, list] = {}
    for unit in units():
        by_unit.setdefault(unit.unit, []).append(unit)
    lines = [
        "### metrics.unit (canonical units)",
        "",
        "From `transforms/data/units.tsv` (one line per written form, with a reason; extend it there). Values are",
        "multiplied out (`18.35亿元` → 1835000000 `元`, `17.34万人` → 173400 `人`); percentages stay as written",
        f"(`28.69%` → 28.69). A bare 万/亿 after a money subject is `{BARE_MONEY_UNIT}`; a rank's unit is `{RANK_UNIT}`;",
        "a number with no unit has the empty unit `''`.",
        "",
        "| unit | kind | written as | why it is a unit |",
        "|---|---|---|---|",
    ]
    for canonical, rows in by_unit.items():
        own = next((u for u in rows if u.written == canonical), rows[0])
        written = ", ".join(u.written for u in rows)
        lines.append(f"| {canonical} | {own.kind} | {_cell(written)} | {_cell(own.reason)} |")
    return lines + [""]


def _indicator_section() -> list[str]:
    """The headline indicator codes, from the vocabulary file that defines them (when it exists)."""
    lines = ["### metrics.indicator (headline indicator codes)", ""]
    if not INDICATORS_TSV.exists():
        return lines + ["The indicator vocabulary (`transforms/data/indicators.tsv`) is not in this version.", ""]
    from transforms.indicators import indicators

    vocabulary = indicators()
    shared = set.intersection(*(set(i.not_terms) for i in vocabulary.values())) if vocabulary else set()
    lines += [
        "From `transforms/data/indicators.tsv` (extend it there, one line per synonym with a reason). Most metrics",
        "are no headline indicator: their code is null. A subject containing a `not` wording is another quantity.",
        "",
        "| code | indicator | kinds | canonical unit | subjects that name it | not it |",
        "|---|---|---|---|---|---|",
    ]
    for code, indicator in vocabulary.items():
        own_not = [t for t in indicator.not_terms if t not in shared]
        lines.append(
            f"| `{code}` | {_cell(indicator.name)} | {', '.join(sorted(indicator.kinds))} | {_cell(indicator.unit)} "
            f"| {_cell(', '.join(indicator.terms))} | {_cell(', '.join(own_not))} |"
        )
    if shared:
        ordered = [t for t in next(iter(vocabulary.values())).not_terms if t in shared]
        lines += ["", f"Never an indicator (any code): subjects containing {', '.join(ordered)}."]
    return lines + [""]


def _queries_section() -> list[str]:
    """One line per worked question: its file and the question its first line asks."""
    lines = ["## Worked questions", "", 'Run one with `jiedao sql "$(cat docs/queries/NAME.sql)"`.', ""]
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        question = path.read_text("utf-8").splitlines()[0].removeprefix("--").strip()
        lines.append(f"- [`{path.name}`](queries/{path.name}): {question}")
    return lines + [""]


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def generate() -> str:
    """docs/DATA.md as it should be: rendered from an empty warehouse built by the project's DDL."""
    from warehouse.db import connect

    with tempfile.TemporaryDirectory() as tmp, connect(Path(tmp) / "warehouse.duckdb") as con:
        return render(catalog(con))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.dictionary", description="Write docs/DATA.md.")
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/DATA.md is not up to date")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = DATA_MD.read_text("utf-8") if DATA_MD.exists() else ""
        if current != text:
            print(f"{DATA_MD} is stale: run `python -m warehouse.dictionary`", file=sys.stderr)
            return 1
        return 0
    DATA_MD.write_text(text, "utf-8")
    print(f"wrote {DATA_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
