"""Where a report is from: province, city and district.

Rules (None rather than a guess):

- A sub-district name that is unique in the division data places the report (unless the text never
  names that place yet names another district at least twice: a namesake). When it is not unique
  (白杨街道 exists twice), or unknown, the places the text names decide (full district and city
  names, short forms for choosing between candidates, a district named as the governing authority
  ``临平区委`` counting twice); a tie gives None for the level that is in doubt.
- The division code of the publishing body, read from the unified social credit code at the head of
  an information-disclosure 索引号 (``11330110…/2023-00021``: 330110 = 余杭区), or stated
  (``行政区划代码：330110005000``), is the strongest evidence: it picks the namesake in its district,
  and places a report whose org is unknown.
- A government host (``*.zj.gov.cn``, ``*.hangzhou.gov.cn``, a people's congress ``*.jsrd.gov.cn``;
  data/gov_domains.tsv) counts as one mention of its province/city.
- A national-level new area replaces the district when the text refers to it.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from transforms.meta_divisions import (
    Place,
    area_index,
    divisions,
    generic_places,
    gov_domains,
    new_areas,
    place_mentions,
    place_of_code,
    short,
)

# Unified social credit code of an organ (1 = registered by 机构编制, then 1 机关 / 2 事业单位), whose
# characters 3-8 are the division code of the registering authority.
_CREDIT_CODE = re.compile(r"^\s*1[12](\d{6})[0-9A-Z]{10}(?![0-9A-Z])")


def _candidate_score(place: Place, mentions: Counter[str]) -> float:
    score = 3.0 * mentions[place.district] + 2.0 * mentions[place.city] + 0.5 * mentions[place.province]
    for name in (place.district, place.city, place.province):
        if (stem := short(name)) and stem != name:
            score += (1.0 if name != place.province else 0.25) * mentions[stem]
    # Other districts of the same city named in the text point to this city too.
    siblings = area_index().districts_of_city.get(place.city, frozenset()) - {place.district}
    return score + sum(mentions[d] for d in siblings)


def _pick(places: list[Place], mentions: Counter[str]) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) agreed by the candidates, or of the single best-scored one."""
    places = list(dict.fromkeys(places))
    if not places:
        return None, None, None
    if len(places) > 1:
        scored = sorted(((_candidate_score(p, mentions), i) for i, p in enumerate(places)), reverse=True)
        if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
            places = [places[scored[0][1]]]
    province = places[0].province if len({p.province for p in places}) == 1 else None
    city = places[0].city if len({(p.province, p.city) for p in places}) == 1 else None
    district = places[0].district if len(places) == 1 else None
    return province, city, district


def _contradicted(places: list[Place], mentions: Counter[str]) -> bool:
    """The text never names the street's places but repeatedly names a district elsewhere: a
    namesake (or a sub-district newer than the data) — trust the text, not the name."""
    if any(_candidate_score(p, mentions) > 0 for p in places):
        return False
    cities = {(p.province, p.city) for p in places}
    by_district = area_index().by_district
    return any(
        p.district not in generic_places() and (p.province, p.city) not in cities
        for name, times in mentions.items()
        if times >= 2
        for _position, p in by_district.get(name, ())
    )


def _new_area_override(province: str | None, city: str | None, district: str | None, text: str) -> str | None:
    for name, (new_province, new_city, covered) in new_areas().items():
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


# A division code stated as such (行政区划代码：330110005000): its first six digits are the district's.
_STATED_CODE = re.compile(r"(?:行政区划代码|区划代码)\s*[:：]?\s*(\d{6})(?:\d{3}|\d{6})?(?!\d)")


def coded_place(index_no: str | None, text: str = "") -> Place | None:
    """The district (or city) of the publishing body's division code in a 索引号, or of a division
    code the text states; None if there is none (or the code is not in the data)."""
    match = _CREDIT_CODE.match(index_no or "") or _STATED_CODE.search(text)
    return place_of_code(match.group(1)) if match else None


def _agrees(place: Place, coded: Place) -> bool:
    return (place.province, place.city) == (coded.province, coded.city) and coded.district in ("", place.district)


def _street_place(
    org_name: str, mentions: Counter[str], coded: Place | None
) -> tuple[str | None, str | None, str | None]:
    areas, streets, _cities = divisions()
    places = [areas[c] for c in streets[org_name]]
    if coded is not None and (matching := [p for p in places if _agrees(p, coded)]):
        return _pick(matching, mentions)
    if _contradicted(places, mentions):
        return None, None, None
    return _pick(places, mentions)


def _named_place(mentions: Counter[str]) -> tuple[str | None, str | None, str | None]:
    index = area_index()
    named = index.places_named(index.by_district, (name for name in mentions if name not in generic_places()))
    for name, (new_province, new_city, _covered) in new_areas().items():
        if mentions[name]:
            named.append(Place(new_province, new_city, name))
    if named:
        return _pick(named, mentions)
    cities = index.places_named(index.by_city, mentions)
    province, city, _ = _pick([Place(p.province, p.city, "") for p in cities], mentions)
    return province, city, None


def place(org_name: str | None, evidence: str, coded: Place | None = None) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) of a report by ``org_name`` given the text ``evidence``."""
    _areas, streets, _cities = divisions()
    if org_name:  # 云溪街道 names itself, not 云溪区: only other words are evidence of the place
        evidence = evidence.replace(org_name, "、")
    mentions = place_mentions(evidence)
    mentions.update(_governing_mentions(evidence, mentions))
    province = city = district = None
    if org_name and org_name in streets:
        province, city, district = _street_place(org_name, mentions, coded)
    if province is None and coded is not None and not (org_name and org_name in streets):
        province, city, district = coded.province, coded.city, coded.district or None
    if province is None:
        province, city, district = _named_place(mentions)
    if city is not None:
        district = _new_area_override(province, city, district, evidence)
    return province, city, district


# A people's congress site is its province's or city's label + "rd" (www.jsrd.gov.cn: 江苏人大).
_CONGRESS_HOST_SUFFIX = "rd"


def domain_evidence(source_uri: str) -> str:
    """The province/city a government host names ("www.zj.gov.cn" -> 浙江省), as text evidence."""
    host = urlsplit(source_uri).hostname or ""
    labels = host.lower().split(".")
    if len(labels) < 3 or labels[-2:] != ["gov", "cn"]:
        return ""
    label = labels[-3]
    domains = gov_domains()
    if label not in domains and label.endswith(_CONGRESS_HOST_SUFFIX):
        label = label[: -len(_CONGRESS_HOST_SUFFIX)]
    province, city = domains.get(label, ("", ""))
    return f"{province} {city}".strip()
