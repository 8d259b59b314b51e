"""The packed word table answers as the dict it replaces."""

from transforms.packed_table import PackedTable


def table_of(pairs: list[tuple[str, float]]) -> PackedTable:
    return PackedTable([word for word, _ in pairs], [value for _, value in pairs])


WORDS = [("老旧小区改造", 9.5), ("老旧", 7.25), ("老旧小区", 8.0), ("网格化管理", 10.1), ("A", 3.0), ("街道", 4.5)]


def test_every_word_gets_its_value_and_an_unknown_one_the_default():
    table = table_of(WORDS)
    for word, value in WORDS:
        assert table.get(word, -1.0) == value
    for unknown in ("老", "老旧小", "老旧小区改造工作", "", "街道办", "B", "网格"):
        assert table.get(unknown, -1.0) == -1.0


def test_a_word_given_twice_keeps_its_last_value_as_a_dict_does():
    table = table_of([*WORDS, ("老旧", 1.0)])
    assert len(table) == len(WORDS)
    assert dict(table.items()) == dict([*WORDS, ("老旧", 1.0)])


def test_the_median_is_the_sorted_values_middle_one():
    values = sorted(value for _, value in WORDS)
    assert table_of(WORDS).median() == values[len(values) // 2]
    assert table_of([("a", 2.0)]).median() == 2.0
