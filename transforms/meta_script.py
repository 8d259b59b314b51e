"""Traditional-character reposts: a simplified view of a page for finding org and place names.

The org and region are looked up in the (simplified) division data, so a page written in
traditional characters (a repost: 觀海衛鎮, 黃埔區) is read through OpenCC's t2s converter for that
purpose only; title, publisher and cleaned_text stay as published. A simplified page is never
converted: t2s would also change characters that simplified place names use (乾潭镇 -> 干潭镇).
Reposts converted by machine often gloss characters with their pinyin (``鎮(zhèn)``, ``總結(jié)``);
the glosses are dropped from the lookup view as well.
"""

from __future__ import annotations

import re
from functools import cache
from operator import ne

# Share of CJK characters that t2s changes above which a page counts as written in traditional
# characters (about 1 in 5 in running traditional text, a handful per page in simplified text).
_TRADITIONAL_SHARE = 0.05
_MIN_CHANGED = 5
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")  # counting runs' lengths: far fewer objects than one per character


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _cjk_count(text: str) -> int:
    return sum(map(len, _CJK_RUN.findall(text)))


def is_traditional(text: str) -> bool:
    """True when ``text`` is written in traditional characters."""
    converted = _converter().convert(text)
    if converted == text:
        return False
    changed = sum(map(ne, text, converted))
    return changed >= _MIN_CHANGED and changed >= _TRADITIONAL_SHARE * max(_cjk_count(text), 1)


def simplified(text: str) -> str:
    """``text`` in simplified characters."""
    return _converter().convert(text)


# A pinyin gloss right after a character: lower-case Latin letters with tone marks, in brackets.
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def without_pinyin_glosses(text: str) -> str:
    """``text`` without pinyin glosses after characters (鎮(zhèn) -> 鎮)."""
    return _PINYIN_GLOSS.sub("", text)
