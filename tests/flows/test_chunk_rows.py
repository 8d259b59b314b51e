"""A chunk's rows gathered input by input (flows/chunks.py: ChunkRows), on tiny inline rows."""

from flows.chunks import ChunkRows
from warehouse.tables import arrow_table


def report(doc_id: str, source_uri: str, n_metrics: int = 2) -> dict[str, list[dict]]:
    return {
        "documents": [{"doc_id": doc_id, "source_uri": source_uri, "org_name": "Ｘ街道"}],
        "metrics": [
            {"metric_id": f"{doc_id}:{i}-{i + 1}", "doc_id": doc_id, "value": float(i)} for i in range(n_metrics)
        ],
        "document_sources": [{"doc_id": doc_id, "source_uri": source_uri, "relation": "first"}],
    }


def rejected(source_uri: str) -> dict[str, list[dict]]:
    return {"rejects": [{"source_uri": source_uri, "stage": "read", "reason": "cannot read the file"}]}


def gathered(inputs: list[dict[str, list[dict]]], inputs_per_part: int) -> dict:
    rows = ChunkRows(inputs_per_part)
    for one in inputs:
        rows.add(one)
    return {name: table.to_pylist() for name, table in rows.tables().items()}


def test_rows_gathered_in_parts_are_the_rows_gathered_at_once_in_input_order():
    inputs = [report(f"d{i}", f"file:///r{i}.txt", n_metrics=i) for i in range(7)]
    inputs.insert(3, rejected("file:///broken.txt"))
    in_parts, at_once = gathered(inputs, inputs_per_part=2), gathered(inputs, inputs_per_part=100)
    assert in_parts == at_once
    assert [d["doc_id"] for d in in_parts["documents"]] == [f"d{i}" for i in range(7)]
    assert len(in_parts["metrics"]) == sum(range(7))
    assert [r["source_uri"] for r in in_parts["rejects"]] == ["file:///broken.txt"]


def test_an_input_with_the_text_of_an_earlier_one_adds_only_its_source():
    tables = gathered([report("d1", "file:///a.txt"), report("d2", "file:///b.txt"), report("d1", "file:///c.txt")], 2)
    assert [(d["doc_id"], d["source_uri"]) for d in tables["documents"]] == [
        ("d1", "file:///a.txt"),
        ("d2", "file:///b.txt"),
    ]
    assert [m["metric_id"] for m in tables["metrics"]] == ["d1:0-1", "d1:1-2", "d2:0-1", "d2:1-2"]
    assert [s["source_uri"] for s in tables["document_sources"]] == ["file:///a.txt", "file:///b.txt", "file:///c.txt"]


def test_a_page_repeating_one_report_keeps_one_copy_of_its_rows():
    page = report("d1", "file:///p.html#part-1")
    second = report("d1", "file:///p.html#part-2")
    repeated = {name: page[name] + second[name] for name in page}
    tables = gathered([repeated], 10)
    assert [d["source_uri"] for d in tables["documents"]] == ["file:///p.html#part-1"]
    assert len(tables["metrics"]) == 2
    assert len(tables["document_sources"]) == 2


def test_a_chunk_of_rejects_only_has_empty_document_tables():
    rows = ChunkRows()
    rows.add(rejected("file:///x.txt"))
    tables = rows.tables()
    assert tables["documents"].num_rows == 0 and tables["documents"].schema == arrow_table("documents", []).schema
    assert tables["rejects"].num_rows == 1
