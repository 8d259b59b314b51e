"""Rows become Arrow tables in their table's one schema, whatever keys the rows carry."""

import pyarrow as pa
import pytest

from warehouse.schema import TABLES
from warehouse.tables import arrow_table


def test_rows_take_the_schema_with_missing_keys_null_and_extra_keys_dropped():
    rows = [
        {"doc_id": "d_1", "term": "社区", "weight": 0.5, "frequency": 3, "not_a_column": "x"},
        {"doc_id": "d_1", "term": "养老"},  # no weight, no frequency
    ]
    table = arrow_table("keywords", rows)
    assert table.schema == TABLES["keywords"]
    assert table.to_pylist() == [
        {"doc_id": "d_1", "term": "社区", "weight": 0.5, "frequency": 3},
        {"doc_id": "d_1", "term": "养老", "weight": None, "frequency": None},
    ]
    assert arrow_table("keywords", tuple(rows)).equals(table)


def test_no_rows_give_an_empty_table_of_the_schema():
    assert arrow_table("metrics", []).equals(TABLES["metrics"].empty_table())


def test_a_value_of_the_wrong_type_is_an_error_not_a_silent_null():
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        arrow_table("keywords", [{"doc_id": "d_1", "term": "社区", "weight": "heavy", "frequency": 1}])
