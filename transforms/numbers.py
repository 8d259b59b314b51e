"""Numbers as written in Chinese reports -> floats.

Arabic digits (ASCII or full-width, decimals, thousands separators), Chinese numerals
(``两千``, ``百``, ``十二``, ``三万五``) and multipliers after a number (``1.5亿``,
``3万``, ``5千万``). Chinese numerals go through ``cn2an``.
"""

from __future__ import annotations

from functools import lru_cache

import cn2an

from transforms.metric_rules import MULTIPLIERS

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CHINESE_DIGITS = set("零〇一二两三四五六七八九")
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_arabic(text: str) -> float:
    """``'1,234.5'`` / ``'１２'`` -> float."""
    return float(text.translate(_FULL_WIDTH).replace(",", ""))


@lru_cache(maxsize=4096)
def parse_chinese(text: str) -> float:
    """``'两千'`` -> 2000, ``'百'`` -> 100, ``'十二'`` -> 12; raises ValueError if not a numeral."""
    if not text:
        raise ValueError("empty numeral")
    if text[0] in "十百千万亿":
        # cn2an reads 十 but not a bare 百/千 (百余个 = 100+): an implied 一.
        text = "一" + text
    if all(c in _CHINESE_DIGITS for c in text) and len(text) > 1:
        # digit by digit (二〇二一): not a quantity in our texts, but parse it plainly.
        return float(
            "".join(str("零一二三四五六七八九".find(c) if c not in "〇两" else (0 if c == "〇" else 2)) for c in text)
        )
    try:
        return float(cn2an.cn2an(text.replace("〇", "零"), "smart"))
    except Exception as exc:  # cn2an raises KeyError/ValueError on odd input (四亿零)
        raise ValueError(f"not a Chinese numeral: {text}") from exc


def multiplier_value(word: str | None) -> float:
    """``'万'`` -> 1e4, ``'亿'`` -> 1e8, ``None`` -> 1."""
    if not word:
        return 1.0
    return MULTIPLIERS[word]


def parse_number(text: str) -> float:
    """Any single number as written, with a multiplier glued to it (``'3.5万'``, ``'十余'`` excluded)."""
    text = text.strip()
    for word in sorted(MULTIPLIERS, key=len, reverse=True):
        if text.endswith(word) and text[: -len(word)] and text[0] not in _CHINESE_DIGITS | set(_SMALL_UNITS):
            return parse_arabic(text[: -len(word)]) * MULTIPLIERS[word]
    if text[0].isdigit() or text[0] in "０１２３４５６７８９":
        return parse_arabic(text)
    return parse_chinese(text)
