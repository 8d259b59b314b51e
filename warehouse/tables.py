"""Rows -> typed Arrow tables and pandas frames, always through the one schema per table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from warehouse.schema import TABLES

if TYPE_CHECKING:  # the main process loads Arrow tables and never needs pandas (~0.3 s to import)
    import pandas as pd


def arrow_table(name: str, rows: Sequence[Mapping[str, object]]) -> pa.Table:
    """An Arrow table of ``rows`` in the schema of table ``name`` (extra keys ignored, missing keys null)."""
    schema = TABLES[name]
    if not rows:
        return schema.empty_table()
    # pyarrow gathers the columns in compiled code: ~2x faster than a Python list per column (a chunk's
    # doc_terms and metrics are 100,000+ rows)
    return pa.Table.from_pylist(rows, schema=schema)


def frame_to_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """Back from a (validated) pandas frame to the table's Arrow schema."""
    return pa.Table.from_pandas(frame[TABLES[name].names], schema=TABLES[name], preserve_index=False)
