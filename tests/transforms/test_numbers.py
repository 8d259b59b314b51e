"""Numbers as written -> floats (transforms/numbers.py)."""

import pytest

from transforms.numbers import multiplier_value, parse_arabic, parse_chinese, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12.0), ("1,234", 1234.0), ("3.25", 3.25), ("１２．５", 12.5), ("52,300", 52300.0)],
)
def test_parse_arabic_reads_separators_decimals_and_full_width(text, value):
    assert parse_arabic(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两千", 2000),
        ("百", 100),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一万", 10000),
        ("三万五", 35000),
        ("一百零五", 105),
        ("两", 2),
    ],
)
def test_parse_chinese_reads_numerals_with_implied_one(text, value):
    assert parse_chinese(text) == value


def test_parse_chinese_rejects_non_numerals():
    with pytest.raises(ValueError):
        parse_chinese("")


@pytest.mark.parametrize(
    ("word", "value"), [(None, 1), ("万", 1e4), ("亿", 1e8), ("千", 1e3), ("万亿", 1e12), ("千万", 1e7)]
)
def test_multiplier_value_maps_each_multiplier_word(word, value):
    assert multiplier_value(word) == value


@pytest.mark.parametrize(
    ("text", "value"), [("1.5亿", 1.5e8), ("3万", 3e4), ("17.34万", 173400), ("两千", 2000), ("42", 42)]
)
def test_parse_number_applies_a_glued_multiplier_once(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["四亿零", "十十"])
def test_parse_chinese_turns_converter_errors_into_value_error(text):
    with pytest.raises(ValueError):
        parse_chinese(text)
