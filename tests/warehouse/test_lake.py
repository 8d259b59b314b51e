import pyarrow.parquet as pq

from warehouse import lake


def test_publishing_replaces_a_documents_files_and_clears_staging(tmp_path, batch):
    lake.write_staging(tmp_path, "r1", batch())
    lake.publish(tmp_path, "r1", batch())
    lake.write_staging(tmp_path, "r2", batch(("d1",)))
    lake.publish(tmp_path, "r2", batch(("d1",)))
    assert sorted(p.name for p in (tmp_path / "metrics").iterdir()) == ["d1.parquet", "d2.parquet"]
    assert pq.read_table(tmp_path / "metrics").num_rows == 2
    assert not (tmp_path / "_staging" / "r2").exists()


def test_staging_keeps_a_runs_batch_for_inspection(tmp_path, batch):
    folder = lake.write_staging(tmp_path, "r9", batch())
    assert pq.read_table(folder / "documents.parquet").num_rows == 2
