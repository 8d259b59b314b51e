"""Rows -> typed Arrow tables and pandas frames, always through the one schema per table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from warehouse.schema import TABLES

if TYPE_CHECKING:  # the main process loads Arrow tables and never needs pandas (~0.3 s to import)
    import pandas as pd


def arrow_table(name: str, rows: Iterable[Mapping[str, object]]) -> pa.Table:
    """An Arrow table of ``rows`` in the schema of table ``name`` (extra keys ignored)."""
    schema = TABLES[name]
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema} if rows else {}
    if not columns:
        return schema.empty_table()
    return pa.table({f.name: pa.array(columns[f.name], type=f.type) for f in schema}, schema=schema)


def frame_to_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """Back from a (validated) pandas frame to the table's Arrow schema."""
    return pa.Table.from_pandas(frame[TABLES[name].names], schema=TABLES[name], preserve_index=False)
