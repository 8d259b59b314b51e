"""Which years a report covers: review_year (the year whose work it reviews) and plan_year (the
year its plan or targets cover; None when it has no plan part). See WAREHOUSE.md, "Years".

Rules, strongest first:

- The top-level headings ("一、2022年工作回顾", "二、2023年工作安排") win over the title.
- The title: "2021年工作总结及2022年工作打算", "2022…2023…" (the earlier bare year looks back).
  A 政府工作报告 titled with one year is delivered to the people's congress at the start of that
  year: it plans that year and reviews the one before (unless its headings say otherwise).
- The speech line of a 政府工作报告, "——2024年1月12日在…人民代表大会…上", dates it in the first half
  of 2024: review 2023, plan 2024.
- Year + cue phrases of the body ("2023年工作总结", "回顾了2023年", "截至2023年底"; not a sentence
  opened by a year that says what will be done: "2024年，街道将…"), except that a work plan (a
  title with a plan word and no review word: 工作要点, 工作计划, 部署会) reviews only a year its body
  explicitly looks back on ("总结2023年工作"), and only an earlier one.
- A half-year report ("2023年上半年工作总结和下半年工作计划") reviews and plans the same year when it
  has a plan part and plans no year when it has none. Any other report reviewing and planning the
  same year lost its review year to a body cue that was the plan's own year ("2024年，街道将…"):
  the body-cued review year is dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from transforms.vocab import cue_pattern

_YEAR = r"(20\d{2}|19\d{2})"
# Review and plan words of a title (data/cue_words.tsv, use "title"), as one capturing group each.
_REVIEW_CUE = f"({cue_pattern('review', use='title')})"
_PLAN_CUE = f"({cue_pattern('plan', use='title')})"
_HALF = r"(上半年|半年度|前三季度|一季度|第一季度|1-6月|1—6月|1至6月)"
# The plan part of a part-year report covers the rest of the same year.
_REST_OF_YEAR = r"(下半年|第四季度|四季度)"
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(.{0,40})$", re.MULTILINE)
# "2024年政府工作报告", "2024年青禾乡人民政府工作报告" (the body's name may sit between year and report)
_GOVERNMENT_REPORT_TITLE = re.compile(_YEAR + r"\s*年?\s*(?:度)?[^\d，。：:]{0,12}?政府工作报告")
_CONGRESS_SPEECH = re.compile(
    _YEAR + r"\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日\s*在[^。]{0,40}?(?:人民代表大会|人代会|人大)"
)
# Review words that make a title more than a plan (工作要点 plans only; 工作总结和计划 does both).
_TITLE_REVIEW_WORDS = re.compile(r"总结|回顾|报告|汇报|成效|情况|成绩|答卷|晒")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def _years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(_YEAR + r"(?=年|\D|$)", text)]


def _years_from_phrase(text: str) -> tuple[int | None, int | None, bool]:
    """(review, plan, half_year) from a title or heading-like phrase."""
    review = re.search(_YEAR + r"\s*年?\s*" + _HALF + r"?[^0-9。；]{0,12}?" + _REVIEW_CUE, text)
    plan = re.search(_YEAR + r"\s*年?[^0-9。；]{0,12}?" + _PLAN_CUE, text)
    half_match = re.search(_YEAR + r"\s*年?\s*" + _HALF, text)
    half = half_match is not None
    review_year = int(review.group(1)) if review else None
    plan_year = int(plan.group(1)) if plan else None
    if review and plan and review_year == plan_year and not half:
        plan_year = None if plan.start() <= review.start() else plan_year
    if half_match and review_year is None:
        review_year = int(half_match.group(1))
    if half and re.search(_REST_OF_YEAR + r"[^。；]{0,6}" + _PLAN_CUE, text):
        plan_year = review_year
    return review_year, plan_year, half


def _arabic_years(text: str) -> str:
    """二〇二三年 -> 2023年 (formal documents write years in Chinese numerals)."""
    return re.sub(r"[〇零○一二三四五六七八九]{4}(?=年)", lambda m: m.group(0).translate(_CN_DIGITS), text)


def _title_years(title: str) -> tuple[int | None, int | None, bool]:
    """(review, plan, half_year) the title states."""
    if match := _GOVERNMENT_REPORT_TITLE.search(title):
        year = int(match.group(1))
        return year - 1, year, False
    review, plan, half = _years_from_phrase(title)
    years = _years_in(title)
    if review is None and plan is None and len(years) == 2 and years[1] == years[0] + 1:
        review, plan = years  # "2022砥砺前行2023奋楫争先": the earlier year looks back
    return review, plan, half


def _heading_years(text: str) -> tuple[int | None, int | None, bool]:
    """(review, plan, half_year) the first top-level headings that state them."""
    review = plan = None
    half = False
    for match in _HEADING.finditer(text):
        h_review, h_plan, h_half = _years_from_phrase(match.group(1))
        half = half or h_half
        review = review or h_review
        plan = plan or (h_plan if h_plan != h_review or h_half else None)
    return review, plan, half


def _congress_years(text: str) -> tuple[int | None, int | None]:
    """(review, plan) of a report delivered to a people's congress in the first half of a year."""
    match = _CONGRESS_SPEECH.search(text)
    if not match or not 1 <= int(match.group(2)) <= 6:
        return None, None
    year = int(match.group(1))
    return year - 1, year


def _is_plan_only(title: str | None, plan: int | None, review: int | None) -> bool:
    return title is not None and plan is not None and review is None and not _TITLE_REVIEW_WORDS.search(title)


def years(title: str | None, text: str) -> tuple[int | None, int | None]:
    """(review_year, plan_year) of a report from its title and cleaned text."""
    title = _arabic_years(title) if title else title
    text = _arabic_years(text)
    t_review, t_plan, t_half = _title_years(title) if title else (None, None, False)
    h_review, h_plan, h_half = _heading_years(text)
    half = t_half or h_half
    review, plan = h_review or t_review, h_plan or t_plan
    if review is not None and plan is not None and plan <= review and not half and h_plan is None:
        plan = None  # the headings moved the review year past what the title's plan year assumed
    c_review, c_plan = _congress_years(text)
    if c_plan is not None and review in (None, c_review) and plan in (None, c_plan):
        review, plan = c_review, c_plan
    body_review = False
    if review is None and _is_plan_only(title, t_plan, t_review):
        review = _looked_back_year(text, before=t_plan)  # a plan names a year it reviews only explicitly
    elif review is None:
        review, body_review = _review_year_from_body(text), True
    if plan is None and review is not None and not half:
        plan = _plan_year_from_body(text, review)
    if half and plan is None and re.search(_REST_OF_YEAR, text):
        plan = review
    if body_review and review == plan and not half:
        review = None
    return review, plan


# A sentence opened by a year that goes on to say what will be done is the plan's, not the review's.
_PLAN_SENTENCE = re.compile(r"[^。；\n]{0,40}?(将|力争|计划|打算|要着力|目标是)")


def _review_year_from_body(text: str) -> int | None:
    cues = Counter(int(m.group(1)) for m in re.finditer(_YEAR + r"年[^。；\n]{0,20}?" + _REVIEW_CUE, text))
    cues.update(
        int(m.group(1))
        for m in re.finditer(_YEAR + r"年(是|以来|，|,)", text)
        if not _PLAN_SENTENCE.match(text, m.end())
    )
    # the state of things at the end of a year: "截至2023年底，…已全部完成"
    cues.update(int(m.group(1)) for m in re.finditer(r"(?:截至|截止|到)\s*" + _YEAR + r"年(?:底|末|12月)", text))
    # news of a report or a work conference: "总结2023年工作，部署2024年重点任务", "报告回顾了2023年…"
    cues.update(int(m.group(1)) for m in _LOOKED_BACK.finditer(text))
    if not cues:
        return None
    return cues.most_common(1)[0][0]


_LOOKED_BACK = re.compile(r"(?:总结|回顾|盘点)了?\s*" + _YEAR + r"年")


def _looked_back_year(text: str, before: int | None) -> int | None:
    """The year the text says it looks back on ("总结2023年工作"), if it is before ``before``."""
    years = Counter(int(m.group(1)) for m in _LOOKED_BACK.finditer(text))
    year = years.most_common(1)[0][0] if years else None
    return year if year is not None and before is not None and year < before else None


def _plan_year_from_body(text: str, review: int) -> int | None:
    following = review + 1
    pattern = rf"{following}年[^。\n]{{0,40}}?(将|要|计划|力争|思路|打算|目标|重点)"
    if re.search(pattern, text) or re.search(rf"{following}年工作", text):
        return following
    return None
