"""Is rjieba (jieba-rs) a drop-in for jieba here? Equality of token lists and speed, measured.

    .venv/bin/python bench/bench_segmenter.py [--n 2000] [--seed 0] [--fuzz 10000] [--inputs DIR ...]

Texts: ``--n`` generated reports (``bench/corpus.py``) and the cleaned text of every ``.txt``/``.html``
under ``--inputs`` (default: ../shared/seeds, tests/fixtures, samples). Three segmenters are compared
with ``jieba.lcut`` (accurate mode, HMM on, the project's user dictionary):

- ``rjieba``: ``rjieba.Jieba().cut(text)`` with the user dictionary added (``add_word``), whole text;
- ``transforms.nlp.lcut``: what the pipeline uses: jieba-rs on the jieba blocks where it cuts like
  jieba, jieba on the others.

Printed per segmenter: documents whose token list is identical to jieba's, tokens that differ, the
first differences, and the time of one pass (best of ``--repeat``). ``--fuzz K`` also compares K random
strings mixing dictionary words, rare CJK (extensions A/B, U+9FD6-U+9FFF), numbers, decimals,
percentages, letters, hyphens and other symbols, whitespace and CR/LF. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import report

from transforms.document import prepare
from transforms.nlp import _user_words, jieba, lcut
from transforms.records import TransformError

DEFAULT_INPUTS = (ROOT.parent / "shared" / "seeds", ROOT / "tests" / "fixtures", ROOT / "samples")


def texts_of(n: int, seed: int, folders: list[Path]) -> list[str]:
    texts = [report(i, seed).text for i in range(n)]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.suffix in (".txt", ".html", ".htm"):
                try:
                    texts.append(prepare(path.read_bytes(), is_html=path.suffix != ".txt").clean.text)
                except TransformError:
                    continue
    return texts


def whole_text_rjieba():  # a function text -> tokens
    import rjieba

    segmenter = rjieba.Jieba()
    for word, freq, tag in _user_words():
        segmenter.add_word(word, freq, tag)
    return lambda text: segmenter.cut(text, True)


def fuzz_texts(k: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = [w for w, f in jieba().dt.FREQ.items() if f > 0]
    pieces = [
        "，",
        "。",
        "、",
        "；",
        "：",
        "（",
        "）",
        "“",
        "”",
        " ",
        "\n",
        "\r\n",
        "\t",
        "1",
        "23",
        "4.5",
        "67%",
        "8.9%",
        "2023年",
        "1-10月",
        "A-23",
        "0579-8623",
        "C++",
        "R&D",
        "a_b",
        "#3",
        "A",
        "abc",
        "X1",
        "B07",
        ".",
        "%",
        "0.5",
        "12.5%",
        "5%%",
        "2.5A",
        "A2.5",
        "x.5",
        "5.x",
        "1.2.3",
        "PM2.5",
        "5G",
        "·",
        "—",
        "…",
        "《",
        "》",
        "①",
        "ｘ",
        "１２",
        "％",
    ]

    def cjk() -> str:
        r = rng.random()
        if r < 0.8:
            return chr(rng.randint(0x4E00, 0x9FA5))
        if r < 0.9:
            return chr(rng.randint(0x9FA6, 0x9FFF))
        if r < 0.95:
            return chr(rng.randint(0x3400, 0x4DBF))
        return chr(rng.randint(0x20000, 0x2A6DF))

    out = []
    for _ in range(k):
        parts = []
        for _ in range(rng.randint(5, 60)):
            r = rng.random()
            if r < 0.55:
                parts.append(rng.choice(words))
            elif r < 0.75:
                parts.append("".join(cjk() for _ in range(rng.randint(1, 4))))
            else:
                parts.append(rng.choice(pieces))
        out.append("".join(parts))
    return out


def compare(name: str, cut, texts: list[str], reference: list[list[str]], repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        got = [cut(text) for text in texts]
        best = min(best, time.perf_counter() - start)
    same = sum(a == b for a, b in zip(reference, got))
    differing, examples = 0, []
    for ref, tokens in zip(reference, got):
        if ref == tokens:
            continue
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ref, b=tokens, autojunk=False).get_opcodes():
            if op != "equal":
                differing += max(i2 - i1, j2 - j1)
                if len(examples) < 5:
                    examples.append(f"jieba {ref[i1:i2]} vs {tokens[j1:j2]}")
    total = sum(map(len, reference))
    chars = sum(map(len, texts))
    print(
        f"  {name:<22} identical {same:,}/{len(texts):,} ({same / len(texts):.2%}), "
        f"differing tokens {differing:,}/{total:,}; {best:.2f} s ({chars / best / 1e3:,.0f}k chars/s)"
    )
    for example in examples:
        print(f"      {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="generated reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fuzz", type=int, default=10000, help="random strings")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--inputs", type=Path, nargs="*", default=list(DEFAULT_INPUTS))
    args = parser.parse_args()
    segmenters = [
        ("jieba.lcut", jieba().lcut),
        ("rjieba (whole text)", whole_text_rjieba()),
        ("transforms.nlp.lcut", lcut),
    ]
    for label, texts in (
        ("reports", texts_of(args.n, args.seed, args.inputs)),
        ("fuzz", fuzz_texts(args.fuzz, args.seed)),
    ):
        if not texts:
            continue
        print(f"{label}: {len(texts):,} texts, {sum(map(len, texts)):,} characters")
        reference = [jieba().lcut(text) for text in texts]
        for name, cut in segmenters:
            compare(name, cut, texts, reference, args.repeat if label == "reports" else 1)


if __name__ == "__main__":
    main()
