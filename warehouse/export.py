"""Export a table or view of the warehouse to a file a spreadsheet or a statistics package opens.

The format follows the file's extension: ``.csv`` (UTF-8 with a byte-order mark, which Excel needs
to read Chinese correctly), ``.xlsx`` (openpyxl) or ``.parquet`` (types kept). Without a table
name, the export is the indicator panel in wide form (``indicator_panel_wide``): one row per
organisation and year, one column per indicator, built from the long view ``v_indicator_panel``.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = (".csv", ".xlsx", ".parquet")
PANEL_VIEW = "v_indicator_panel"
PANEL_KEYS = ("org_name", "district", "province", "city", "year")
# Excel refuses longer cell texts and rows beyond its sheet size.
XLSX_MAX_CELL_CHARS = 32_767
XLSX_MAX_ROWS = 1_048_575  # plus the header row
# Characters XML (and so .xlsx) cannot carry: C0 controls other than tab, line feed, carriage return.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportError(ValueError):
    """The export cannot be done as asked; the message is one line for people."""


def export(con: duckdb.DuckDBPyConnection, out: Path, *, table: str | None = None) -> int:
    """Write ``table`` (default: the wide indicator panel) to ``out``; returns the number of rows."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"cannot export to {out.name!r}: the file name must end in {', '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise ExportError(f"no such folder: {out.parent}")
    data = relation_table(con, table) if table is not None else indicator_panel_wide(con)
    tmp = out.with_name(out.name + ".tmp")
    try:
        write(data, tmp, suffix)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    return data.num_rows


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The names of the warehouse's tables and views."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' "
        "UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1"
    ).fetchall()
    return [name for (name,) in rows]


def relation_table(con: duckdb.DuckDBPyConnection, name: str) -> pa.Table:
    """Every row of one table or view, as Arrow."""
    known = relations(con)
    if name not in known:
        raise ExportError(f"no table or view named {name!r}; choose one of: {', '.join(known)}")
    return con.sql(f'SELECT * FROM "{name}"').to_arrow_table()


def indicator_panel_wide(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The indicator panel with one row per organisation and year and one column per indicator.

    Columns: ``org_name, district, province, city, year``, then per indicator code (sorted) its
    annual result ``<code>``, the target set for the year ``<code>_target``, its growth in percent
    ``<code>_growth`` and the growth target ``<code>_growth_target``; a column that would be empty
    throughout is left out. An indicator stated in more than one unit (``exports`` in 元 and 美元)
    gets a column per unit, ``<code>_<unit>`` (and ``<code>_<unit>_target``).
    """
    if PANEL_VIEW not in relations(con):
        raise ExportError(
            f"this warehouse has no indicator panel ({PANEL_VIEW}); export a table with --table: "
            + ", ".join(relations(con))
        )
    has_growth_target = "growth_target" in {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'", [PANEL_VIEW]
        ).fetchall()
    }
    growth_target = "growth_target" if has_growth_target else "NULL::DOUBLE"
    stated = con.execute(
        f"""SELECT indicator, unit, count(result_value) > 0, count(target_value) > 0,
                   count(growth) > 0, count({growth_target}) > 0
            FROM {PANEL_VIEW} WHERE indicator IS NOT NULL GROUP BY ALL ORDER BY indicator, unit NULLS LAST"""
    ).fetchall()
    by_code: dict[str, list[tuple]] = {}
    for code, *rest in stated:
        by_code.setdefault(code, []).append(tuple(rest))
    columns: list[str] = []
    for code, rows in by_code.items():
        units = [unit for unit, result, target, _, _ in rows if unit is not None and (result or target)]
        is_code = f"indicator = {_literal(code)}"
        for unit, result, target, _, _ in rows:
            if unit in units:
                name = code if len(units) == 1 else f"{code}_{unit}"
                where = f"{is_code} AND unit = {_literal(unit)}"
                columns += _filtered("result_value", where, name, result)
                columns += _filtered("target_value", where, f"{name}_target", target)
        columns += _filtered("growth", is_code, f"{code}_growth", any(r[3] for r in rows))
        columns += _filtered(growth_target, is_code, f"{code}_growth_target", any(r[4] for r in rows))
    keys = ", ".join(PANEL_KEYS)
    select = ",\n  ".join([keys, *columns])
    return con.sql(f"SELECT {select}\nFROM {PANEL_VIEW}\nGROUP BY {keys}\nORDER BY {keys}").to_arrow_table()


def _filtered(expression: str, where: str, name: str, wanted: bool) -> list[str]:
    """``max(expression) FILTER (WHERE where) AS name``, when the column would not be empty."""
    return [f"max({expression}) FILTER (WHERE {where}) AS {_ident(name)}"] if wanted else []


def write(data: pa.Table, path: Path, suffix: str) -> None:
    """Write ``data`` to ``path`` in the format of ``suffix``."""
    if suffix == ".parquet":
        pq.write_table(data, path)
        return
    frame = _naive_utc(data).to_pandas()
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        return
    if len(frame) > XLSX_MAX_ROWS:
        raise ExportError(
            f"{len(frame)} rows do not fit in an Excel sheet ({XLSX_MAX_ROWS}); export to .csv or .parquet"
        )
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype).startswith(("string", "str")):
            frame[column] = frame[column].map(_xlsx_text)
    frame.to_excel(path, index=False, engine="openpyxl")


def _naive_utc(data: pa.Table) -> pa.Table:
    """Timestamps with a time zone as UTC wall time without one (Excel has no time zones)."""
    fields = []
    for field in data.schema:
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            field = field.with_type(pa.timestamp(field.type.unit))
        fields.append(field)
    return data.cast(pa.schema(fields, metadata=data.schema.metadata))


def _xlsx_text(value: object) -> object:
    """A text cell Excel accepts: no XML-illegal characters, cut at Excel's cell limit with a marker."""
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("", value)
    return value if len(value) <= XLSX_MAX_CELL_CHARS else value[: XLSX_MAX_CELL_CHARS - 1] + "…"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
