"""Line rules of scraped pages: labelled metadata lines, furniture lines, title-like lines.

The patterns are data (``data/meta_labels.txt``, ``data/page_furniture.txt``); see ``transforms.page``
for the metadata keys.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from transforms.vocab import cue_pattern

_DATA = Path(__file__).parent / "data"

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_MAX_META_LINE = 160
_MAX_BREADCRUMB_LINE = 120
# A tail marker (推荐阅读, 版权所有 ...) cuts the rest of the page only past this share of the text.
_TAIL_FROM = 0.5
TITLE_MIN, TITLE_MAX = 5, 80


# ---------------------------------------------------------------- data files


def _data_rows(name: str) -> list[list[str]]:
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def _meta_labels() -> dict[str, tuple[str, bool]]:
    """label -> (canonical key, whitespace allowed as separator)."""
    return {label: (key, sep == "space") for label, key, sep in _data_rows("meta_labels.txt")}


@cache
def _meta_label_pattern() -> re.Pattern[str]:
    labels = sorted(_meta_labels(), key=len, reverse=True)
    alternation = "|".join(re.escape(label) for label in labels)
    # A label starts the line or follows whitespace / a bracket / a bar / the digits of a time
    # (portal headers glue their spans: "发布时间：2024-01-18 10:23来源：某街道"), and is followed by
    # its separator; the value runs to the next label. Counter and font-size labels are never
    # words of a value, so they count wherever they stand ("来源：某街道浏览次数：1,024").
    counters = "|".join(re.escape(label) for label in labels if _meta_labels()[label][0] in {"views", "font_size"})
    return re.compile(rf"(?:(?:^|(?<=[\s】\]|｜0-9]))({alternation})\s*(?:为)?\s*([:：]|\s)|({counters})\s*([:：]))\s*")


@cache
def _furniture_rules() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    drop: list[re.Pattern[str]] = []
    tail: list[re.Pattern[str]] = []
    for kind, pattern in _data_rows("page_furniture.txt"):
        (drop if kind == "drop" else tail).append(re.compile(pattern, re.IGNORECASE))
    return drop, tail


# ---------------------------------------------------------------- labelled metadata


REPOST_SOURCE = re.compile(r"^【(?P<title>[^】]{4,})】\s*(?:来源|稿源)\s*[:：]\s*(?P<source>\S.{0,40})$")
ORIGINAL_TITLE = re.compile(r"^_?本文原始标题\s*[:：]\s*(?P<title>.+)$")
_CONTROLS = re.compile(r"【[^】]{0,10}】|\[[^\]]{0,10}\]")


def _label_matches(line: str) -> list[re.Match[str]]:
    labels = _meta_labels()
    found = []
    for match in _meta_label_pattern().finditer(line):
        _key, space_ok = labels[_label_of(match)]
        if (match.group(2) or match.group(4)) in ":：" or space_ok:
            found.append(match)
    return found


def _label_of(match: re.Match[str]) -> str:
    return match.group(1) or match.group(3)


# A date (and time) that opens a news header line with no label of its own: "2022-02-22 来源:…",
# "2024-01-10 17:30 来源：…", or that stands alone under the title ("2023-05-06 15:24").
_LEADING_DATE = re.compile(
    r"^((?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?)\s*"
)


def parse_meta_line(line: str, *, bare_date: bool = False) -> dict[str, str] | None:
    """The labelled fields of a metadata line (``发布日期:2021-06-08 信息来源:X``), None if it is not one.

    A line opened by an unlabelled date followed by labelled fields gives that date as ``published``;
    with ``bare_date`` (the head of an article), so does a line that is only a date and time.
    """
    if len(line) > _MAX_META_LINE:
        return None
    if line.startswith(("【", "[")):  # 【发布时间：2024-02-05】【来源：某镇】: fields in brackets
        unbracketed = _SPACES.sub(" ", re.sub(r"[【】\[\]]", " ", line)).strip()
        bracketed = parse_meta_line(unbracketed) if unbracketed != line else None
        if bracketed:
            return bracketed
    fields: dict[str, str] = {}
    if date_match := _LEADING_DATE.match(line):
        rest = line[date_match.end() :]
        if not rest and bare_date:
            return {"published": date_match.group(1)}
        if rest and (rest_fields := parse_meta_line(rest)):
            return {"published": date_match.group(1), **rest_fields}
    # The fields must start the line: a line with no label at its start (most lines) is not scanned.
    if _meta_label_pattern().match(line) is None:
        return None
    matches = _label_matches(line)
    if not matches or matches[0].start() != 0:
        return None
    labels = _meta_labels()
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = _CONTROLS.sub(" ", line[match.end() : end])
        value = _SPACES.sub(" ", value).strip(" |｜:：")
        key = labels[_label_of(match)][0]
        if value and key not in fields:
            fields[key] = value
    if not fields:
        return None
    return fields


def is_bare_label(line: str, *, cell: bool = False) -> str | None:
    """The key of a line that is only a label (a table cell laid out on its own line).

    Outside table cells a colon-only label (来源, 时间) counts only with its colon: a short body
    line such as "时间" must not swallow the line after it.
    """
    stripped = line.strip()
    label = stripped.rstrip(":：").strip()
    entry = _meta_labels().get(label)
    if entry is None:
        return None
    key, space_ok = entry
    return key if cell or space_ok or stripped.endswith((":", "：")) else None


# ---------------------------------------------------------------- furniture


def is_furniture_line(line: str) -> bool:
    """True for a line of page furniture that is dropped wherever it stands."""
    if len(line) > _MAX_BREADCRUMB_LINE:
        return False
    return any(test(line) for test in _furniture_tests())


@cache
def _furniture_tests() -> tuple:
    """Tests that together say whether any furniture rule (drop or tail) finds something in a line:
    the rules anchored at the start of the line in one alternation tried at the start only
    (``match``), the others searched one by one."""
    drop, tail = _furniture_rules()
    anchored = [rule for rule in (*drop, *tail) if _is_anchored(rule)]
    others = [rule for rule in (*drop, *tail) if not _is_anchored(rule)]
    tests = [rule.search for rule in others]
    if anchored:
        try:  # every rule is compiled with IGNORECASE alone (_furniture_rules); none refers to its own groups
            tests.insert(0, re.compile("|".join(f"(?:{rule.pattern})" for rule in anchored), re.IGNORECASE).match)
        except re.error:  # e.g. a rule with inline global flags: each on its own
            tests += [rule.search for rule in anchored]
    return tuple(tests)


def _is_anchored(rule: re.Pattern[str]) -> bool:
    """True when the whole pattern starts with ``^`` (no MULTILINE, no top-level alternative without
    it, no back-reference): then ``search`` can only find it at the start of the line."""
    if rule.flags & re.MULTILINE or re.search(r"\\[1-9]|\(\?P=", rule.pattern):
        return False
    try:
        from re import _constants, _parser  # type: ignore[attr-defined,unused-ignore]  # the re module's own parser (3.11+)

        parsed = _parser.parse(rule.pattern, rule.flags)
        return len(parsed) > 0 and parsed[0] == (_constants.AT, _constants.AT_BEGINNING)
    except (ImportError, AttributeError, re.error):
        return False


def _is_tail_marker(line: str) -> bool:
    _drop, tail = _furniture_rules()
    return len(line) <= _MAX_BREADCRUMB_LINE and any(rule.search(line) for rule in tail)


def tail_cut(lines: list[str]) -> list[str]:
    """Lines before the first tail marker that lies in the last part of the page."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= _TAIL_FROM and _is_tail_marker(line):
            return lines[:i]
        seen += len(line)
    return lines


# ---------------------------------------------------------------- title


TITLE_END_PUNCT = tuple("。；;，,：:")
# Words of a report's title, which a site or column name lacks (data/cue_words.tsv), or a year.
REPORT_WORDS = re.compile(f"({cue_pattern('review', 'plan', 'report', use='report_title')}|20\\d{{2}})")
OUTLINE_START = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


def is_title_like(line: str) -> bool:
    return TITLE_MIN <= len(line) <= TITLE_MAX and not line.endswith(TITLE_END_PUNCT) and not OUTLINE_START.match(line)


# ---------------------------------------------------------------- lines


def normalise_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [normalise_line(line) for line in text.split("\n")]
