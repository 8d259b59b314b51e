"""Per-document transform stages, timed next to ``jieba.lcut`` on the same cleaned text, in one process.

    .venv/bin/python bench/bench_pipeline.py [--repeat 7] [--warmup 1] [--inputs DIR]

Inputs: the seed reports in ``../shared/seeds`` when present (read-only, never copied), otherwise the
project's ``samples/`` folder (``*.html`` as HTML, the rest as plain text); ``--inputs`` names another
folder. For every document the stages of ``transforms.document`` run in pipeline order:

    prepare      decode -> page -> clean (``transforms.document.prepare``)
    identity     ``document_id`` + ``fingerprint``
    metadata     ``extract_metadata``
    segment      ``transforms.nlp.segment``: the document's one jieba pass (0 on a checkout before it
                 existed, where ``sections`` paid for it)
    sections     ``parse_sections`` (kind and topic words from that segmentation)
    keywords     ``extract_keywords`` (TF-IDF over the same segmentation)
    metrics      ``metric_rows`` (``extract_metrics`` + innermost section)

and ``jieba.lcut(cleaned_text)`` is timed on the same text as the yardstick. The caches that live for one
document (the jieba pass, the normalised text) are emptied before each document, so every repetition
does the work a new document costs; what stays warm is what a long-running worker keeps (the jieba
dictionary, the division tables, compiled patterns).

Printed: the one-off start-up cost (imports, then the first call of each stage on the first document,
which includes loading the jieba dictionary and the division data), then per stage the median over the
repetitions of the time for all documents, the throughput in cleaned characters per second and the
time as a multiple of one jieba pass ("x jieba": 1.0 costs as much as segmenting the text once), and
per document the milliseconds of each stage. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms import dedup, nlp, topics
from transforms.dedup import document_id, fingerprint, normalised_for_identity
from transforms.document import Prepared, Understood, metric_rows, prepare
from transforms.keywords import extract_keywords
from transforms.metadata import extract_metadata
from transforms.nlp import jieba, segment
from transforms.records import TransformError
from transforms.sections import parse_sections

IMPORT_SECONDS = time.perf_counter() - _T0

SEEDS = ROOT / ".." / "shared" / "seeds"
SAMPLES = ROOT / "samples"
STAGES = ("prepare", "identity", "metadata", "segment", "sections", "keywords", "metrics")
UNDERSTAND = ("identity", "metadata", "segment", "sections", "keywords")  # transforms.document.understand
# The one-segmentation API (``Understood.segmentation``); without it (an older checkout, to compare
# before/after) sections and keywords segment by themselves and ``segment`` is timed as 0.
ONE_PASS = "segmentation" in Understood.__dataclass_fields__


@dataclass(frozen=True)
class Input:
    name: str
    data: bytes
    is_html: bool
    source_uri: str


def inputs(folder: Path | None) -> tuple[list[Input], str]:
    """The documents to time and where they came from."""
    if folder is None:
        folder = SEEDS if SEEDS.is_dir() and any(SEEDS.glob("*.txt")) else SAMPLES
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm"))
    found = [Input(p.name, p.read_bytes(), p.suffix in (".html", ".htm"), p.resolve().as_uri()) for p in paths]
    return found, str(folder.resolve())


# Caches that served one document in older checkouts (its jieba pass, the index of its topic words, its
# normalised text): emptied when present, so the benchmark also runs there (to compare before/after).
# The current code keeps no per-document cache: the segmentation is passed explicitly.
_DOCUMENT_CACHES = ((nlp, "segment"), (topics, "_document_words"), (dedup, "_normalised"))


def forget_document_caches() -> None:
    """Empty the caches that serve one document (so a repetition costs what a new document costs)."""
    for module, name in _DOCUMENT_CACHES:
        cache_clear = getattr(getattr(module, name, None), "cache_clear", None)
        if cache_clear is not None:
            cache_clear()


def run_stages(doc: Input) -> tuple[dict[str, float], Prepared]:
    """Seconds per stage for one document, in pipeline order."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter

    start = clock()
    prepared = prepare(doc.data, is_html=doc.is_html)
    seconds["prepare"] = clock() - start
    text = prepared.clean.text

    start = clock()
    if ONE_PASS:  # the text normalised once for both (as ``understand`` does)
        normalised = normalised_for_identity(text)
        doc_id = document_id(text, normalised)
        simhash = f"{fingerprint(text, normalised):016x}"
    else:
        doc_id = document_id(text)
        simhash = f"{fingerprint(text):016x}"
    seconds["identity"] = clock() - start

    start = clock()
    meta = extract_metadata(text, prepared.page, doc.source_uri)
    seconds["metadata"] = clock() - start

    start = clock()
    segmentation = segment(text) if ONE_PASS else None
    seconds["segment"] = clock() - start

    start = clock()
    sections = parse_sections(text, doc_id, meta, segmentation) if ONE_PASS else parse_sections(text, doc_id, meta)
    seconds["sections"] = clock() - start

    start = clock()
    keywords = extract_keywords(text, segmentation=segmentation) if ONE_PASS else extract_keywords(text)
    seconds["keywords"] = clock() - start

    extra = {"segmentation": segmentation} if ONE_PASS else {}
    understood = Understood(
        doc_id=doc_id,
        fingerprint=simhash,
        meta=meta,
        clean=prepared.clean,
        sections=sections,
        keywords=keywords,
        **extra,
    )
    start = clock()
    metric_rows(understood)
    seconds["metrics"] = clock() - start
    return seconds, prepared


def time_jieba(text: str) -> float:
    start = time.perf_counter()
    jieba().lcut(text)
    return time.perf_counter() - start


def _rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds / 1e3:,.0f}k" if seconds > 0 else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="timed repetitions (median reported)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed passes after the first call")
    parser.add_argument("--inputs", type=Path, default=None, help="folder of .txt/.html reports")
    args = parser.parse_args()

    found, where = inputs(args.inputs)
    # One-off start-up: the first call of every stage on the first document (the jieba dictionary loads
    # in the first stage that segments, the division tables in metadata). Rejects are left out.
    docs: list[Input] = []
    cold: dict[str, float] = {}
    for doc in found:
        try:
            if cold:
                run_stages(doc)
            else:
                cold, prepared = run_stages(doc)
                jieba_cold = time_jieba(prepared.clean.text)
        except TransformError as error:  # a reject, not a document
            print(f"skipped {doc.name}: {error}", file=sys.stderr)
            continue
        docs.append(doc)
    if not docs:
        sys.exit(f"no usable .txt/.html inputs in {where}")

    for _ in range(args.warmup):
        for doc in docs:
            forget_document_caches()
            run_stages(doc)

    texts = {doc.name: prepare(doc.data, is_html=doc.is_html).clean.text for doc in docs}
    chars = {name: len(text) for name, text in texts.items()}
    total_chars = sum(chars.values())
    per_doc: dict[str, dict[str, list[float]]] = {d.name: {s: [] for s in (*STAGES, "jieba")} for d in docs}
    for _ in range(max(1, args.repeat)):
        for doc in docs:
            forget_document_caches()
            seconds, _prepared = run_stages(doc)
            for stage, value in seconds.items():
                per_doc[doc.name][stage].append(value)
        # jieba in its own pass: right after the stages of the same document it would find that
        # document's dictionary entries hot in the CPU caches and look faster than it is.
        for doc in docs:
            per_doc[doc.name]["jieba"].append(time_jieba(texts[doc.name]))

    def median_total(stage: str) -> float:
        """Median over the repetitions of the time the stage takes for all documents."""
        repetitions = len(next(iter(per_doc.values()))[stage])
        return statistics.median(sum(per_doc[d][stage][r] for d in per_doc) for r in range(repetitions))

    def median_sum(stages: tuple[str, ...]) -> float:
        repetitions = len(next(iter(per_doc.values()))["jieba"])
        return statistics.median(sum(per_doc[d][s][r] for d in per_doc for s in stages) for r in range(repetitions))

    jieba_seconds = median_total("jieba")
    print(f"inputs: {len(docs)} documents from {where}, {total_chars:,} cleaned characters")
    print(f"repetitions: {args.repeat} timed (median), {args.warmup} warm-up; per-document caches emptied per document")
    print()
    print("start-up (one-off, first document, first call of each stage)")
    print(f"  imports of transforms          {IMPORT_SECONDS * 1e3:8.1f} ms")
    for stage in STAGES:
        print(f"  {stage:<30} {cold[stage] * 1e3:8.1f} ms")
    print(f"  {'all stages, first call':<30} {sum(cold.values()) * 1e3:8.1f} ms")
    print(f"  {'jieba.lcut, first doc (warm)':<30} {jieba_cold * 1e3:8.1f} ms")
    print()
    header = f"{'stage':<22} {'ms (all docs)':>13} {'chars/s':>10} {'x jieba':>8}"
    print(header)
    print("-" * len(header))
    rows = [(stage, median_total(stage)) for stage in STAGES]
    rows += [("understand (id..kw)", median_sum(UNDERSTAND)), ("total (all stages)", median_sum(STAGES))]
    for name, seconds in rows:
        if name.startswith("understand"):
            print("-" * len(header))
        print(f"{name:<22} {seconds * 1e3:13.1f} {_rate(total_chars, seconds):>10} {seconds / jieba_seconds:8.2f}")
    print("-" * len(header))
    print(f"{'jieba.lcut':<22} {jieba_seconds * 1e3:13.1f} {_rate(total_chars, jieba_seconds):>10} {1.0:8.2f}")
    print()
    print("per document, median ms")
    head = f"{'document':<20} {'chars':>7} " + " ".join(f"{s:>9}" for s in (*STAGES, "jieba"))
    print(head)
    print("-" * len(head))
    for name, stages in per_doc.items():
        cells = " ".join(f"{statistics.median(stages[s]) * 1e3:9.2f}" for s in (*STAGES, "jieba"))
        print(f"{name[:20]:<20} {chars[name]:>7,} {cells}")


if __name__ == "__main__":
    main()
