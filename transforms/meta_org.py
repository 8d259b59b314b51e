"""Who reports: the 街道/镇/乡 a report is by (org_name, org_level).

Rules (a wrong value is worse than None):

- org_name: the first 街道/镇/乡 name of the title, else of 发布机构/信息来源 or the site's name
  (``…_大沥镇人民政府``), else the body named on
  the congress line (``在青禾乡第五届人民代表大会…上``, ``青禾乡镇长 …``), else the most frequent one
  of the body. The name's left edge is found by the division data (the longest known name ending
  there) after dropping a leading province/city/district name (鸠江区四褐山街道 -> 四褐山街道); a name
  not in the data is the whole CJK run before the suffix (2-5 characters, leading function words
  such as 关于/在 dropped) and counts only when, in a title, a year / colon / 关于 / 工作 follows it,
  or, in the body, it occurs at least three times. Generic words (城镇, 乡村, 各街道;
  data/generic_places.txt) never count. Masked names (XX街道, **镇, 某某乡) give org_name None but
  keep org_level.
- A compilation has no single org (``meta_compilation``; the facade leaves org_name and org_level None).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from transforms.meta_divisions import (
    admin_name_set,
    divisions,
    generic_places,
    strip_office,
)

_LEVELS = ("街道", "镇", "乡")
# 乡/镇 also end ordinary words (乡村, 乡土, 镇守): not when such a character follows.
_ORG_SUFFIX = re.compile(
    r"(街道办事处|街道办|街道|镇人民政府|乡人民政府|镇(?![压守静定痛])|乡(?![村镇土亲愁贤情音里间野邻]))"
)
# X/x/×/*/○/□ and blanks to fill in (__镇, template sites) stand for a name left out.
_MASK = r"(?:[XxＸｘ×*＊○〇□_＿]{1,4}|某{1,2})"
_MASKED_ORG = re.compile(rf"{_MASK}\s*(街道|镇|乡)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_NAME = 8

# Words that precede a name in a sentence ("关于青禾乡…", "在青禾乡…"): not part of a guessed name.
_LEADING_FUNCTION_WORDS = re.compile(
    r"^(关于|对于|对|在|为|向|和|与|及|是|由|从|据|经|了|的|全|各|本|我|该|推进|助力)+"
)

# After the reporting body's name in a title: its year, a colon, 关于, 工作 … ("青禾乡2023年…",
# "青禾乡：…", "青禾乡关于…"). A name guessed from the text (not in the data) must be followed by
# one of these, so that "建设幸福小镇" is not read as a town called 建设幸福小镇.
_AFTER_ORG_IN_TITLE = re.compile(
    r"^\s*($|\d|[〇零一二]{2}|[：:，,—\-《》“”（(]|关于|工作|党|上半年|下半年|全年|年度|20)"
)

# Lines that name the reporting body by its office: the congress a 政府工作报告 is delivered to
# (在青禾乡第五届人民代表大会第三次会议上) and the head who delivers it (青禾乡人民政府镇长 / 青禾乡乡长).
_CONGRESS_ANCHORS = (
    # (a long speech line may wrap before 人民代表大会)
    re.compile(r"(?:街道|镇|乡)(?=第[一二三四五六七八九十\d]{1,3}届\s*人民代表大会)"),
    re.compile(r"(?:镇|乡)(?=(?:人民政府)?(?:代理)?(?:镇长|乡长))"),
)
_LOOK_BACK = 20  # characters before the anchor that may hold the name (重庆市巴南区木洞镇)
_NAME_BREAK = re.compile(r"[，。；、：:\s]")


def _left_run(text: str, end: int) -> str:
    """The CJK characters right before ``end`` (at most _MAX_NAME + 4), cut after a year "2023年"."""
    start = end
    while start > 0 and end - start < _MAX_NAME + 4 and _CJK.match(text[start - 1]):
        start -= 1
    run = text[start:end]
    if start > 0 and text[start - 1].isdigit() and run[:1] in "年月日号":
        run = run[1:]
    return run


def _strip_admin_prefix(run: str) -> str:
    """鸠江区四褐山 -> 四褐山: drop everything up to the last known province/city/district name."""
    names = admin_name_set()
    for end in range(len(run) - 1, 2, -1):  # a name must leave at least one character after it
        if any(run[start:end] in names for start in range(end - 2)):
            return run[end:]
    return run


def _known_name(run: str, level: str) -> str | None:
    """The longest tail of ``run`` that, with its level, is a sub-district of the data."""
    _areas, streets, _cities = divisions()
    for size in range(min(len(run), _MAX_NAME), 0, -1):
        if run[-size:] + level in streets:
            return run[-size:] + level
    return None


def org_candidates(text: str) -> list[tuple[str, str, bool, int]]:
    """(name, level, known, end offset) for every 街道/镇/乡 name in ``text``; known = in the data."""
    found = []
    for match in _ORG_SUFFIX.finditer(text):
        level = next(lv for lv in _LEVELS if match.group(1).startswith(lv))
        run = _strip_admin_prefix(_left_run(text, match.start()))
        if run.endswith("某"):
            continue  # 某某街道: a masked name
        known = _known_name(run, level)
        if known is not None:
            found.append((known, level, True, match.end()))
            continue
        run = _LEADING_FUNCTION_WORDS.sub("", run)
        if 2 <= len(run) <= 5 and run + level not in generic_places() and run[-1] not in "城乡村":
            found.append((run + level, level, False, match.end()))
    return found


def _masked_level(text: str) -> str | None:
    match = _MASKED_ORG.search(text)
    return match.group(1) if match else None


def org_from_heading(text: str) -> tuple[str | None, str | None]:
    """The reporting body named in a title or a publisher field: (name, level), (None, level) if masked."""
    for name, level, known, end in org_candidates(text):
        if known or _AFTER_ORG_IN_TITLE.match(text[end:]):
            return name, level
    masked = _masked_level(text)
    return (None, masked) if masked else (None, None)


def _congress_names(text: str) -> list[str]:
    """The phrases naming a body on congress lines, each ending with its 街道/镇/乡 (anchors are
    found first, then the name is read backwards: one pass over the text per anchor)."""
    names = []
    for anchor in _CONGRESS_ANCHORS:
        for match in anchor.finditer(text):
            head = text[max(0, match.start() - _LOOK_BACK) : match.end()]
            names.append(_NAME_BREAK.split(head)[-1])
    return names


def _org_from_congress_line(text: str) -> tuple[str | None, str | None]:
    """The body whose congress hears the report, or whose head delivers it (known names only)."""
    for phrase in _congress_names(text):
        if _MASKED_ORG.search(phrase):
            return None, _masked_level(phrase)
        for name, level, known, _end in org_candidates(phrase):
            if known:
                return name, level
    return None, None


def _org_from_body(text: str) -> tuple[str | None, str | None]:
    candidates = org_candidates(text)
    known = Counter((n, lv) for n, lv, k, _end in candidates if k)
    guessed = Counter((n, lv) for n, lv, k, _end in candidates if not k)
    masked = Counter(m.group(1) for m in _MASKED_ORG.finditer(text))
    best_known = known.most_common(1)[0] if known else None
    best_guess = guessed.most_common(1)[0] if guessed else None
    best_mask = masked.most_common(1)[0] if masked else None
    if best_mask and best_mask[1] >= max(best_known[1] if best_known else 0, 2):
        return None, best_mask[0]
    if best_known and best_known[1] >= 2:
        return best_known[0]
    if best_guess and best_guess[1] >= 3:
        return best_guess[0]
    if best_known:
        return best_known[0]
    return None, None


def org(
    text: str, meta: Mapping[str, str], title: str | None, site: str | None = None
) -> tuple[str | None, str | None]:
    """(org_name, org_level) of a report from its title, page fields, site name and body."""
    if title:
        name, level = org_from_heading(title)
        if level:
            return name, level
    for value in (meta.get("publisher"), meta.get("source"), site):
        if value:
            name, level = org_from_heading(strip_office(value.strip()))
            if level:
                return name, level
    name, level = _org_from_congress_line(text)
    if level:
        return name, level
    return _org_from_body(text)
