"""Cleaning of a page body into the text every offset of the warehouse refers to.

What it does, in order:

1. whitespace: CR/LF -> "\\n", ideographic / no-break / zero-width spaces -> " ";
2. full-width digits, ASCII letters and ％ -> ASCII (``１２３ＡＢ％`` -> ``123AB%``);
3. image placeholder lines (``文章图片``, data/image_placeholders.txt) are dropped
   (flag ``image_placeholder_removed``);
4. censor-filter notices (``敏感词,请谨慎使用。``, data/censor_artifacts.txt) are cut out so the
   sentence reads on (flag ``censor_artifact``);
5. CJK punctuation and spacing: spaces next to punctuation in CJK text go
   (``文章 , 内容 。`` -> ``文章，内容。``); half-width ``, ; : ! ?`` and ``( )`` in CJK context become
   full-width. Figures stay as written: ``18.35``, ``1-11月``, ``3·5``, ``2024/2/3``, ``A-23``,
   ``1+N+X``, ``1,234``, ``10:30`` are never touched (a half-width mark between two digits is kept);
6. runs of spaces -> one space, lines stripped, blank lines dropped: paragraphs are separated by
   exactly one "\\n";
7. paragraphs hard-wrapped at a fixed width (PDF text) are rejoined; so is text that a PDF
   extraction broke into fragments, a few characters or one figure per line (``种植面积达`` / ``7860`` /
   ``亩，增长`` / ``10.2%``: flag ``fragments_joined``), and a figure whose unit alone was wrapped onto
   the next line (``面积7860`` / ``亩，…``: flag ``split_figures_joined``).

No rule removes or reorders a digit: every digit run of the input survives, in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from transforms.records import CleanText
from transforms.vocab import CJK, outline_start_re

_DATA = Path(__file__).parent / "data"

_CJK_CHAR = CJK
# Full-width punctuation of Chinese text (and the closing/opening quotes and brackets).
_CJK_PUNCT = "，。；：！？、（）“”‘’《》〈〉【】「」『』…—～·"
_CJK_CONTEXT = f"[{_CJK_CHAR}{re.escape(_CJK_PUNCT)}]"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_SPACE_CHARS = re.compile(r"[\t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\f\v]")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH[0xFF05] = ord("%")  # ％: figures read the same with an ASCII percent sign


def _patterns(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@cache
def _censor_artifact() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _patterns("censor_artifacts.txt")))


@cache
def _image_placeholder() -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(_patterns("image_placeholders.txt")) + ")$", re.IGNORECASE)


_HAS_FULLWIDTH = re.compile("[\uff05\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # the keys of _FULLWIDTH
_FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")


def _ascii_figures(text: str) -> str:
    # Most texts have no full-width figure: ``translate`` with a table that maps few characters looks
    # every other one up in vain, so it only runs when there is one.
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_FULLWIDTH)
    if "．" in text:
        text = _FULLWIDTH_POINT.sub(".", text)  # full-width decimal point between digits
    return text


def _drop_image_placeholders(lines: list[str]) -> tuple[list[str], bool]:
    kept = [line for line in lines if not _image_placeholder().match(line.strip())]
    return kept, len(kept) != len(lines)


def _cut_censor_artifacts(text: str) -> tuple[str, bool]:
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        found = True
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        # Keep two figures apart that the notice separated.
        return " " if before.isdigit() and after.isdigit() else ""

    return _censor_artifact().sub(replace, text), found


_HALF_PUNCT = ",;:!?"
_ALL_PUNCT = re.escape(_CJK_PUNCT + _HALF_PUNCT + "()")
# A space between CJK text and a punctuation mark (either side) is layout noise of the source.
_SPACE_BEFORE_PUNCT = re.compile(rf"(?<=[{_CJK_CHAR}{_ALL_PUNCT}\w]) +(?=[{re.escape(_CJK_PUNCT)}])")
_SPACE_AFTER_PUNCT = re.compile(rf"(?<=[{re.escape(_CJK_PUNCT)}]) +")
# A half-width mark with a space on either side is punctuation, never part of a figure.
_SPACED_HALF_PUNCT = re.compile(r" +([,;:!?])|([,;:!?]) +")


def _spaced_half_to_full(line: str) -> str:
    def replace(match: re.Match[str]) -> str:
        mark = match.group(1) or match.group(2)
        start, end = match.span()
        before = line[:start].rstrip(" ")[-1:]
        after = line[end:].lstrip(" ")[:1]
        if before.isdigit() and after.isdigit():
            return match.group(0)  # "1 , 2": keep the figures' own mark
        if re.match(_CJK_CONTEXT, before) or re.match(_CJK_CONTEXT, after):
            return _HALF_TO_FULL[mark]
        return match.group(0)

    return _SPACED_HALF_PUNCT.sub(replace, line)


def _half_to_full(line: str) -> str:
    """``, ; : ! ?`` next to CJK become full-width; between two digits they stay (1,234 / 10:30).

    Repeated until nothing changes, since a converted mark is CJK context for its neighbour.
    """
    while (converted := _half_to_full_once(line)) != line:
        line = converted
    return line


_HALF_MARK = re.compile(r"[,;:!?]")
_CJK_CONTEXT_RE = re.compile(_CJK_CONTEXT)


def _half_to_full_once(line: str) -> str:
    marks = [match.start() for match in _HALF_MARK.finditer(line)]  # most lines have none
    if not marks:
        return line
    out = list(line)
    for i in marks:
        before = line[i - 1] if i else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        if before.isdigit() and after.isdigit():
            continue
        if _CJK_CONTEXT_RE.match(before) or _CJK_CONTEXT_RE.match(after):
            out[i] = _HALF_TO_FULL[line[i]]
    return "".join(out)


_PARENS = re.compile(r"\(([^()\n]{0,80})\)")
_HAS_CJK = re.compile(f"[{_CJK_CHAR}]")


def _full_width_parens(line: str) -> str:
    """``(…)`` with CJK inside or right outside becomes ``（…）``; ``f(x)`` or ``(2)`` in Latin text stay."""

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        before = line[start - 1] if start else ""
        after = line[end] if end < len(line) else ""
        if _HAS_CJK.search(match.group(1)) or _HAS_CJK.match(before) or _HAS_CJK.match(after):
            return f"（{match.group(1)}）"
        return match.group(0)

    return _PARENS.sub(replace, line) if "(" in line else line


def _normalise_line(line: str) -> str:
    """Spacing and punctuation of one line, repeated until stable (one rule can enable another)."""
    for _ in range(4):
        normalised = _normalise_line_once(line)
        if normalised == line:
            break
        line = normalised
    return line


_SPACE_RUN = re.compile(" {2,}")


def _normalise_line_once(line: str) -> str:
    if "  " in line:
        line = _SPACE_RUN.sub(" ", line)
    line = line.strip()
    spaced = " " in line  # the spacing rules only act on a space
    if spaced:
        line = _spaced_half_to_full(line)
    line = _half_to_full(line)
    line = _full_width_parens(line)
    if spaced:
        line = _SPACE_BEFORE_PUNCT.sub("", line)
        line = _SPACE_AFTER_PUNCT.sub("", line)
    return line


def clean_text(body: str) -> CleanText:
    """The cleaned text (paragraphs joined by "\\n") and the flags of what cleaning found."""
    flags: list[str] = []
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACE_CHARS.sub(" ", text)
    text = _ascii_figures(text)
    lines, dropped_images = _drop_image_placeholders(text.split("\n"))
    if dropped_images:
        flags.append("image_placeholder_removed")
    text, censored = _cut_censor_artifacts("\n".join(lines))
    if censored:
        flags.append("censor_artifact")
    lines = [_normalise_line(line) for line in text.split("\n")]
    lines, rejoined = _rejoin_hard_wrapped([line for line in lines if line])
    if rejoined:
        flags.append("hard_wraps_joined")
    lines, fragmented = _rejoin_fragments(lines)
    if fragmented:
        flags.append("fragments_joined")
    lines, split = _rejoin_split_figures(lines)
    if split:
        flags.append("split_figures_joined")
    return CleanText(text="\n".join(lines), flags=tuple(flags))


# Text copied out of a PDF or a fixed-width page breaks paragraphs every N characters, even inside a
# figure ("新增就业岗位15" / "00个"). A line that runs to the wrap width without closing its sentence
# continues on the next line. The width is recognised as the most common length of such lines.
_LINE_END_PUNCT = tuple("。！？；：!?;:”」』）)】")
_WRAP_MIN_WIDTH = 16  # shorter lines are headings or list items, never wrapped paragraphs
_WRAP_MIN_LINES = 3  # this many lines of one width make the width a wrap, not chance
_WRAP_SLACK = 2  # columns a wrapped line may fall short of the width (a wide character did not fit)
_WRAP_MAX_WIDER = 0.05  # in a wrapped text almost no line is wider than the wrap width
_OUTLINE_LEAD = outline_start_re()  # a numbered heading starts a new line even at the wrap width


def _display_width(line: str) -> int:
    """Columns a line takes on a page: CJK characters two, ASCII one (a PDF wraps by width)."""
    return _display_widths([line])[0]


# Every character met so far, mapped to None when it is wide or full-width and to itself otherwise: a
# character is classified once per process, then the widths of all lines come from one
# ``str.translate`` of the text instead of a Python test per character.
_NARROW_TABLE: dict[int, int | None] = {}
_WIDTH_KNOWN: set[str] = set()


def _display_widths(lines: list[str]) -> list[int]:
    """``_display_width`` of every line (lines hold no "\\n")."""
    text = "\n".join(lines)
    for char in set(text) - _WIDTH_KNOWN:
        _NARROW_TABLE[ord(char)] = None if unicodedata.east_asian_width(char) in "WF" else ord(char)
        _WIDTH_KNOWN.add(char)
    narrow = text.translate(_NARROW_TABLE).split("\n")  # each line without its wide characters
    return [2 * len(line) - len(rest) for line, rest in zip(lines, narrow)]


def _rejoin_hard_wrapped(lines: list[str]) -> tuple[list[str], bool]:
    widths = _display_widths(lines)
    open_widths = Counter(w for line, w in zip(lines, widths) if w >= 2 * _WRAP_MIN_WIDTH and _is_open(line))
    if not open_widths:
        return lines, False
    width = max(open_widths, key=lambda w: sum(n for v, n in open_widths.items() if abs(v - w) <= _WRAP_SLACK))
    if sum(n for v, n in open_widths.items() if abs(v - width) <= _WRAP_SLACK) < _WRAP_MIN_LINES:
        return lines, False
    if sum(w > width + _WRAP_SLACK for w in widths) > _WRAP_MAX_WIDER * len(lines):
        return lines, False  # lines run past that width: paragraphs are not wrapped, the matches were chance
    joined: list[str] = []
    carry = False
    for line, w in zip(lines, widths):
        if carry and not _OUTLINE_LEAD.match(line):
            joined[-1] += line
        else:
            joined.append(line)
        carry = w >= width - _WRAP_SLACK and _is_open(line)
    return joined, len(joined) < len(lines)


def _is_open(line: str) -> bool:
    """A line that may continue on the next: no closing punctuation, and not a table row (cells
    separated by spaces: CJK prose has none once cleaned)."""
    return not line.endswith(_LINE_END_PUNCT) and line.count(" ") < 2


# A figure at the end of a prose line whose unit starts the next line (PDF text: "流转土地7860" /
# "亩，涉及…") is one figure split by a wrap, even where the paragraph is not wrapped at a fixed width.
# The number must follow a CJK character (not a date, code or table cell), the next line must open
# with a unit word that is not the start of a longer word (个体, 人民: see metric_rules).
_FIGURE_AT_END = re.compile(rf"[{_CJK_CHAR}][0-9]+(?:\.[0-9]+)?$")


@cache
def _unit_at_start() -> re.Pattern[str]:
    from transforms import metric_rules as R

    units = sorted((u for u in R.UNIT_WORDS if not u.isascii()), key=len, reverse=True)
    blockers = "|".join(
        f"{re.escape(u)}[{re.escape(chars)}]" for u, chars in R.UNIT_NOT_FOLLOWED_BY.items() if not u.isascii()
    )
    return re.compile(
        rf"^(?!{blockers})(?:万亿|亿|千万|百万|万|千)?(?:{'|'.join(map(re.escape, units))})(?:余|多)?(?=[{re.escape(_CJK_PUNCT)},.;:!?]|$)"
    )


def _rejoin_split_figures(lines: list[str]) -> tuple[list[str], bool]:
    joined: list[str] = []
    for line in lines:
        if joined and _FIGURE_AT_END.search(joined[-1]) and _is_open(joined[-1]) and _unit_at_start().match(line):
            joined[-1] += line
        else:
            joined.append(line)
    return joined, len(joined) < len(lines)


# Some PDF extractions put every few characters, or every figure, on a line of its own ("完成地区生产总值" /
# "XX" / "亿元，增长" / "5%" / "；"). Such a text is recognised by its share of short open lines; its lines are
# then joined as if the breaks were not there, except after closing punctuation, before a numbered heading,
# after a numbered heading that has its words, and before a line ending in a colon (各位代表：).
_FRAGMENT_MAX = 6  # characters: a line this short and open is a fragment
_FRAGMENT_MIN_LINES = 6
_FRAGMENT_MIN_SHARE = 0.25
_CLOSING = tuple("。！？；：!?;:")


def _is_fragment(line: str) -> bool:
    return len(line) <= _FRAGMENT_MAX and not line.endswith(_CLOSING) and not _OUTLINE_LEAD.match(line)


def _is_titled_heading(line: str) -> bool:
    m = _OUTLINE_LEAD.match(line)
    return m is not None and len(line) - m.end() >= 4


def _rejoin_fragments(lines: list[str]) -> tuple[list[str], bool]:
    n_fragments = sum(map(_is_fragment, lines))
    if n_fragments < _FRAGMENT_MIN_LINES or n_fragments < _FRAGMENT_MIN_SHARE * len(lines):
        return lines, False
    joined: list[str] = []
    for line in lines:
        prev = joined[-1] if joined else ""
        if (
            prev
            and not prev.endswith(_CLOSING)
            and not _is_titled_heading(prev)
            and not (_OUTLINE_LEAD.match(line) and not _is_fragment(prev))
            and not line.endswith(("：", ":"))
        ):
            joined[-1] = prev + line
        else:
            joined.append(line)
    return joined, True
