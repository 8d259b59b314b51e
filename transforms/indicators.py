"""Headline indicator codes (``shared/spec/INDICATORS.md``): which metrics measure the same quantity.

A metric gets an indicator's code when its subject names the indicator (a synonym or an
abbreviation) and its kind is one the indicator can have; a subject that names a narrower or
different quantity (a part, a share, a per-village figure, a completion rate, a rank) gets
none. The code depends on the subject and the kind only. The vocabulary is data:
``transforms/data/indicators.tsv`` (one line per name, kinds, term or exclusion, with a reason).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCABULARY = Path(__file__).parent / "data" / "indicators.tsv"
EVERY_INDICATOR = "*"
_GAP = "…"
_GAP_RE = r".{0,8}?"  # what … in a term stands for: a few characters of the same subject


@dataclass(frozen=True)
class Indicator:
    """One headline indicator: its code, Chinese name, kinds, canonical unit, terms and exclusions."""

    code: str
    name: str
    kinds: frozenset[str]
    unit: str
    terms: tuple[str, ...]
    not_terms: tuple[str, ...]


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """Every indicator of the vocabulary file, by code, in file order."""
    fields: dict[str, dict[str, list[str]]] = {}
    for number, line in enumerate(VOCABULARY.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 4 or not parts[3].strip():
            raise ValueError(f"{VOCABULARY.name}:{number}: want code, entry, value and a reason, tab-separated")
        code, entry, value = parts[0].strip(), parts[1].strip(), parts[2].strip()
        if entry not in ("name", "kinds", "unit", "term", "not"):
            raise ValueError(f"{VOCABULARY.name}:{number}: unknown entry {entry!r}")
        fields.setdefault(code, {}).setdefault(entry, []).append(value)
    shared_not = tuple(fields.pop(EVERY_INDICATOR, {}).get("not", []))
    out = {}
    for code, f in fields.items():
        out[code] = Indicator(
            code=code,
            name=(f.get("name") or [code])[0],
            kinds=frozenset(k.strip() for k in ",".join(f.get("kinds", [])).split(",") if k.strip()),
            unit=(f.get("unit") or [""])[0],
            terms=tuple(f.get("term", [])),
            not_terms=tuple(f.get("not", [])) + shared_not,
        )
    return out


def indicator_codes() -> list[str]:
    """All codes, in vocabulary order (for expectations and the data dictionary)."""
    return list(indicators())


@lru_cache(maxsize=1)
def _term_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for ind in indicators().values():
        for term in ind.terms:
            body = _GAP_RE.join(re.escape(_normal(part)) for part in term.split(_GAP))
            patterns.append((re.compile(body), ind.code))
    return patterns


def _normal(text: str) -> str:
    """Simplified characters (a traditional-character repost writes 固定資產投資), full-width letters and
    digits as ASCII, upper case (ＧＤＰ, gdp, PM２.５ all match)."""
    return to_simplified(unicodedata.normalize("NFKC", text)).upper()


@lru_cache(maxsize=1)
def _simplifier():  # an opencc.OpenCC converter
    import opencc

    return opencc.OpenCC("t2s")


_WIDE_RE = re.compile(r"[^\x00-\u3000]")  # a character past U+3000 (CJK): only such text may need converting


@lru_cache(maxsize=4096)  # a sentence is checked once per figure in it, a clause once per figure before it
def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC t2s), for matching word lists written in simplified."""
    return _simplifier().convert(text) if _WIDE_RE.search(text) else text


def to_simplified_many(texts: Iterable[str]) -> dict[str, str]:
    """``{text: to_simplified(text)}`` for every text, in one OpenCC call for all of them.

    The texts are converted joined by newlines: OpenCC's dictionaries are line-based, so no entry
    holds a newline and no phrase match reaches across one; each text converts as it would alone
    (a final newline of a text, as a sentence's, is put back after the conversion of the rest)."""
    out: dict[str, str] = {}
    pending: dict[str, str] = {}  # text -> its body: the text without a final newline, holding none
    for text in texts:
        body = text[:-1] if text.endswith("\n") else text
        if "\n" in body or not _WIDE_RE.search(body):
            out[text] = to_simplified(text)
        else:
            pending[text] = body
    if pending:
        converted = _simplifier().convert("\n".join(pending.values())).split("\n")
        if len(converted) != len(pending):  # (cannot happen; kept exact whatever OpenCC does)
            converted = [_simplifier().convert(body) for body in pending.values()]
        for (text, body), simple in zip(pending.items(), converted):
            out[text] = simple + text[len(body) :]
    return out


def indicator_for(subject: str | None, kind: str) -> str | None:
    """The headline indicator code of a metric with this subject and kind, or None.

    Among the indicators whose kinds include ``kind`` and none of whose exclusions occur in
    the subject (固定资产投资项目, 财政收入占比), the one with the longest term found in the
    subject decides (工业固定资产投资 is industrial_investment, not fixed_asset_investment).
    """
    return _indicator_for(subject, kind) if subject else None


# Subjects repeat across a corpus (财政总收入, 固定资产投资 ...): a bounded cache saves matching
# every term pattern against each of a report's ~100 metrics.
@lru_cache(maxsize=16_384)
def _indicator_for(subject: str, kind: str) -> str | None:
    text = _normal(subject)
    table = indicators()
    best: tuple[int, str] | None = None
    for pattern, code in _term_patterns():
        m = pattern.search(text)
        if m is None or (best is not None and m.end() - m.start() <= best[0]):
            continue
        if kind in table[code].kinds and not any(word in text for word in _normal_not_terms()[code]):
            best = (m.end() - m.start(), code)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _normal_not_terms() -> dict[str, tuple[str, ...]]:
    return {code: tuple(_normal(word) for word in ind.not_terms) for code, ind in indicators().items()}
