"""`--format table`: aligned columns that fit the terminal's width, wide CJK characters counted as two."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

TABLE_WIDTH = 100  # `--format table` fits this many columns unless --wide
MIN_COLUMN_WIDTH = 4  # a cut column still shows a character or two and the … marker


def format_rows(columns: list[str], rows: list[tuple], fmt: str, *, width: int | None = TABLE_WIDTH) -> str:
    """Query results as an aligned text table (CJK-aware), CSV or JSON.

    The table fits ``width`` screen columns: when the cells are wider, the widest columns are cut
    to a common width and their cut cells end with ``…``; ``width=None`` shows every cell in full.
    """
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
        return out.getvalue().rstrip("\n")
    cells = [list(columns)] + [[cell_text(v) for v in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(columns))]
    natural = widths
    if width is not None:
        widths = fitted_widths(widths, width - 2 * (len(columns) - 1))
        cells = [[cut(v, w) for v, w in zip(row, widths)] for row in cells]
    lines = ["  ".join(pad(v, w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(
        f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
        + ("; wide cells cut at …, --wide shows them in full" if widths != natural else "")
        + ")"
    )
    return "\n".join(lines)


def fitted_widths(widths: list[int], budget: int) -> list[int]:
    """Column widths summing to at most ``budget``: the widest columns share what the narrow ones leave."""
    if sum(widths) <= budget:
        return widths
    cap = max(widths)
    while cap > MIN_COLUMN_WIDTH and sum(min(w, cap) for w in widths) > budget:
        cap -= 1
    return [min(w, cap) for w in widths]


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` screen columns, ending with … when something was cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        kept.append(char)
        used += w
    return "".join(kept) + "…"


def cell_text(value: object) -> str:
    return "NULL" if value is None else str(value).replace("\r", " ").replace("\n", " ")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
