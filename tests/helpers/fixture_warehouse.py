"""A warehouse built from report files through the real transforms and loader (no Prefect, no GX),
for tests of what users do with a loaded warehouse: search, export, worked queries."""

from datetime import UTC, datetime
from pathlib import Path

from transforms.document import (
    document_row,
    keyword_rows,
    process_document,
    section_rows,
)
from transforms.terms import term_rows
from warehouse.db import connect
from warehouse.lake import publish
from warehouse.load import load_batch
from warehouse.tables import arrow_table


def build_warehouse(db: Path, files: list[Path]) -> Path:
    """Load ``files`` (plain-text or HTML reports) into a DuckDB warehouse at ``db``."""
    rows: dict[str, list[dict]] = {name: [] for name in ("documents", "sections", "metrics", "keywords", "doc_terms")}
    now = datetime.now(UTC)
    for path in map(Path.resolve, files):
        doc, metrics = process_document(path.read_bytes(), path.as_uri(), is_html=path.suffix == ".html")
        rows["documents"].append(
            document_row(doc, source_uri=path.as_uri(), raw_path=None, run_id="test", loaded_at=now)
        )
        rows["sections"] += section_rows(doc)
        rows["metrics"] += metrics
        rows["keywords"] += keyword_rows(doc)
        rows["doc_terms"] += term_rows(doc)
    tables = {name: arrow_table(name, table_rows) for name, table_rows in rows.items()}
    with connect(db) as con:
        load_batch(con, tables)
    return db


def build_data_dir(data: Path, files: list[Path]) -> Path:
    """A data dir as `jiedao sql` and `jiedao browse` read it: ``warehouse.duckdb`` loaded from ``files``
    and the Parquet lake published from it (what a run leaves, without the Prefect flow)."""
    data.mkdir(parents=True, exist_ok=True)
    build_warehouse(data / "warehouse.duckdb", files)
    with connect(data / "warehouse.duckdb") as con:
        publish(con, data / "lake")
    return data
