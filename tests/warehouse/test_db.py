"""Opening the warehouse: checkpoints deferred by a run's chunk loads."""

from pathlib import Path

from warehouse import db
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


def test_a_deferred_load_stays_in_the_log_readable_until_another_writer_closes(tmp_path, batch):
    path = tmp_path / "w.duckdb"
    with connect(path, defer_checkpoint=True) as con:
        load_batch(con, batch(("d1",)))
    with connect(path, defer_checkpoint=True) as con:
        load_batch(con, batch(("d2",)))
    assert wal(path) > 0
    assert documents(path) == ["d1", "d2"]  # a reader replays the log
    with connect(path):
        pass
    assert wal(path) == 0
    assert documents(path) == ["d1", "d2"]


def test_a_deferred_log_is_checkpointed_once_it_outgrows_its_threshold(tmp_path, batch, monkeypatch):
    monkeypatch.setattr(db, "DEFERRED_CHECKPOINT_WAL", "1KB")
    path = tmp_path / "w.duckdb"
    with connect(path, defer_checkpoint=True) as con:
        load_batch(con, batch(("d1",)))
    assert wal(path) == 0
    assert documents(path) == ["d1"]
