"""Opening the warehouse: what a writer's close leaves in the file."""

from pathlib import Path

from warehouse.db import connect
from warehouse.load import load_batch


def wal(path: Path) -> int:
    """Bytes in the warehouse's write-ahead log (0: none)."""
    log = path.with_name(path.name + ".wal")
    return log.stat().st_size if log.exists() else 0


def documents(path: Path) -> list[str]:
    with connect(path, read_only=True) as con:
        return [row[0] for row in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]


def test_a_load_is_checkpointed_when_its_connection_closes(tmp_path, batch):
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        load_batch(con, batch(("d1",)))
    assert wal(path) == 0
    assert documents(path) == ["d1"]


def documents_blocks(path: Path) -> set[int]:
    with connect(path, read_only=True) as con:
        rows = con.execute("SELECT block_id FROM pragma_storage_info('documents') WHERE block_id >= 0").fetchall()
        return {row[0] for row in rows}


def test_a_later_load_leaves_the_row_groups_loaded_before_as_they_were(tmp_path, batch):
    # A checkpoint's vacuum would merge the earlier loads' row groups with the new one, rewriting every text
    # loaded so far: a load would cost what the whole table costs.
    path = tmp_path / "w.duckdb"
    for doc_id in ("d1", "d2"):
        with connect(path) as con:
            load_batch(con, batch((doc_id,)))
    before = documents_blocks(path)
    with connect(path) as con:
        load_batch(con, batch(("d3",)))
    assert before <= documents_blocks(path)
    assert documents(path) == ["d1", "d2", "d3"]
