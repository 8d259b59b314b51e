"""Figures in the rows of a flattened table: a table's cells, joined by the cleaner with one space
between cells and one line per row (指标名称 单位 完成值 同比增长 / 地区生产总值 亿元 23.5 7.1).

The header row names the columns; a row's 单位 cell or a column header's (亿元)/(%) gives the unit,
the row's name cell the subject, a year in a column header the period, a growth column a change.
"""

from __future__ import annotations

import re

from transforms import metric_rules as R
from transforms import units
from transforms.found import MULT as _MULT
from transforms.found import UNIT as _UNIT
from transforms.found import Found
from transforms.metric_kinds import unit_kind
from transforms.numbers import multiplier_value, parse_arabic
from transforms.types import Kind

_TABLE_MAX_CELL = 25  # longer "cells" are prose with spaces, not a flattened table row


def _table_cells(line: str) -> list[str] | None:
    cells = line.split(" ")
    if len(cells) < 3 or any(not c or len(c) > _TABLE_MAX_CELL for c in cells):
        return None
    return cells


def _is_header(cells: list[str]) -> bool:
    """A table header: no cell is a figure, and some cell is a column word (指标, 单位, 同比增长 ...)."""
    return not any(_FIGURE_CELL_RE.fullmatch(c) and not _YEAR_CELL_RE.fullmatch(c) for c in cells) and any(
        R.TABLE_HEADER_WORD_RE.search(c) for c in cells
    )


def _table_header(text: str, line_start: int, n_cells: int) -> list[str] | None:
    """The nearest line above with as many cells and no figure: the header of a flattened table."""
    end = line_start - 1
    for _ in range(40):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        cells = _table_cells(text[start:end])
        if cells is None or len(cells) != n_cells:
            return None
        if _is_header(cells):
            return cells
        end = start - 1
    return None


_YEAR_CELL_RE = re.compile(r"(?:19|20)[0-9]{2}年")  # a column label (指标 单位 2023年 2024年), not a figure
_FIGURE_CELL_RE = re.compile(rf"[-－]?[0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?(?:{_MULT})?(?:{_UNIT})?")
_BARE_NUMBER_CELL_RE = re.compile(r"(?P<sign>[-－])?(?P<num>[0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?)")
_UNIT_CELL_RE = re.compile(rf"(?P<mult>{_MULT})?(?P<unit>{_UNIT})")
_HEADER_UNIT_RE = re.compile(rf"[（(](?P<mult>{_MULT})?(?P<unit>{_UNIT})[)）]")


def find_table_cells(text: str) -> list[Found]:
    """Bare numbers in the rows of a flattened table (指标名称 单位 完成值 同比增长 / 地区生产总值 亿元
    23.5 7.1): the unit comes from the row's 单位 cell or the column header's (亿元)/(%), the
    subject is the row's name, a growth column makes a change. Numbers written with their unit
    are found by the sentence rules like any other."""
    found: list[Found] = []
    if " " not in text:
        return found
    header: list[str] | None = None
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        cells = _table_cells(line)
        if cells is None:
            header = None
            continue
        if _is_header(cells):
            header = cells
            continue
        if header is None or len(header) != len(cells):
            continue
        found.extend(_table_row(header, cells, line_start))
    return found


def _table_row(header: list[str], cells: list[str], line_start: int) -> list[Found]:
    unit_col = next((k for k, h in enumerate(header) if h == "单位" or h.startswith("计量单位")), None)
    skip = {k for k, h in enumerate(header) if R.TABLE_SKIP_HEADER_RE.match(h)}
    name_col = _name_column(header, cells, unit_col, skip)
    if name_col is None:
        return []
    out = []
    offset = line_start
    # 指标 单位 2024年完成 同比增长: the year of a column header is the period of its cells; a
    # single year in the header covers the whole row (the change column compares that year)
    years = [_column_year(header, k) for k in range(len(header))]
    for k, cell in enumerate(cells):
        start, offset = offset, offset + len(cell) + 1
        m = _BARE_NUMBER_CELL_RE.fullmatch(cell)
        if not m or k in skip or k in (unit_col, name_col):
            continue
        unit_and_kind = _cell_unit(header[k], cells[unit_col] if unit_col is not None else None)
        if unit_and_kind is None:
            continue
        mult, unit, kind = unit_and_kind
        unit = R.UNIT_CANONICAL.get(unit, unit)
        value = parse_arabic(m.group("num")) * multiplier_value(mult) * (-1.0 if m.group("sign") else 1.0)
        kind, value = (kind, value) if kind is not None else _cell_kind(header[k], unit, value)
        end = start + len(cell)
        out.append(
            Found(
                start, end, value, unit, "exact", kind, start, end, subject=cells[name_col], fixed=True, period=years[k]
            )
        )
    return out


def _name_column(header: list[str], cells: list[str], unit_col: int | None, skip: set[int]) -> int | None:
    """The column naming the row: a 指标/名称 header, else the first cell that is no figure."""
    name_col = next((k for k, h in enumerate(header) if R.TABLE_NAME_HEADER_RE.search(h) and k != unit_col), None)
    if name_col is None or _BARE_NUMBER_CELL_RE.fullmatch(cells[name_col]):
        name_col = next(
            (k for k, c in enumerate(cells) if k not in skip and k != unit_col and not _FIGURE_CELL_RE.fullmatch(c)),
            None,
        )
    return name_col


def _cell_unit(head: str, unit_cell: str | None) -> tuple[str | None, str, Kind | None] | None:
    """(multiplier, unit, kind if the column fixes it) of a column's cells; None: not a measured column."""
    growth = R.TABLE_GROWTH_HEADER_RE.search(head) or R.TABLE_DECLINE_HEADER_RE.search(head)
    in_head = _HEADER_UNIT_RE.search(head)
    in_row = _UNIT_CELL_RE.fullmatch(unit_cell) if unit_cell is not None else None
    if R.TABLE_RANK_HEADER_RE.search(head):
        return None, units.RANK_UNIT, "rank"
    if in_head:
        return in_head.group("mult"), in_head.group("unit"), None
    if growth:
        return None, "%", None  # a growth column without a unit is in percent
    if in_row:
        return in_row.group("mult"), in_row.group("unit"), None
    return None


def _cell_kind(head: str, unit: str, value: float) -> tuple[Kind, float]:
    """The kind of a cell from its column (a growth column: a change, negative under 下降) or its unit."""
    if R.TABLE_GROWTH_HEADER_RE.search(head) or R.TABLE_DECLINE_HEADER_RE.search(head):
        return "growth", -abs(value) if R.TABLE_DECLINE_HEADER_RE.search(head) else value
    return unit_kind(unit), value


def _column_year(header: list[str], col: int) -> str | None:
    """The year of a column's header (2024年完成), else the one year of the header, if only one."""
    own = _YEAR_CELL_RE.search(header[col])
    if own:
        return own.group(0)
    years = [y.group(0) for y in map(_YEAR_CELL_RE.search, header) if y]
    return years[0] if len(years) == 1 else None


def _table_column(text: str, start: int) -> tuple[list[str], int] | None:
    """(header cells, column index) of the flattened table cell at ``start``; None outside a table."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if text.count(" ", line_start, line_end if line_end >= 0 else len(text)) < 2:
        return None  # fewer than three cells: prose (most lines), not split for nothing
    cells = _table_cells(text[line_start : line_end if line_end >= 0 else len(text)])
    if cells is None:
        return None
    header = _table_header(text, line_start, len(cells))
    col = text.count(" ", line_start, start)
    return (header, col) if header is not None and col < len(header) else None


def table_periods(text: str, found: list[Found]) -> None:
    """A figure written with its unit in a flattened table row (同比增长 -8.3%) takes its column's year."""
    for f in found:
        if f.fixed or f.period:
            continue
        column = _table_column(text, f.start)
        if column is not None:
            f.period = _column_year(*column)


def table_growth_columns(text: str, found: list[Found]) -> None:
    """指标 完成值 同比增长 / 税收收入 9.14亿元 -2.1%: a share in a flattened table's growth
    column is a change (the cleaner leaves one space between cells)."""
    for f in found:
        if f.kind != "ratio":
            continue
        column = _table_column(text, f.start)
        if column is None:
            continue
        header, col = column
        if R.TABLE_DECLINE_HEADER_RE.search(header[col]):
            f.kind, f.value = "growth", -abs(f.value)
        elif R.TABLE_GROWTH_HEADER_RE.search(header[col]):
            f.kind = "growth"
