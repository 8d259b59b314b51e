"""Document metadata: who reports (org, level, place), which years, when and by whom it was published.

A thin facade over one module per job (a wrong value is worse than None in each):

- ``meta_divisions``: the division data (provinces … 街道/镇/乡) and the place names of a text;
- ``meta_org``: org_name / org_level;
- ``meta_compilation``: whether a page collects several bodies' reports, and where each one lies;
- ``meta_place``: province / city / district (division codes, the text's places, the host);
- ``meta_years``: review_year / plan_year;
- ``meta_dates``: published_date and publisher;
- ``meta_script``: a simplified view of traditional-character pages for org and place lookups.
"""

from __future__ import annotations

from functools import lru_cache

from transforms.meta_compilation import Part, compilation_parts, is_compilation
from transforms.meta_dates import parse_date, published, publisher
from transforms.meta_org import org
from transforms.meta_place import coded_place, domain_evidence, place
from transforms.meta_script import is_traditional, simplified, without_pinyin_glosses
from transforms.meta_years import years
from transforms.records import DocumentMeta, Page

__all__ = ["Part", "compilation_parts", "extract_metadata", "is_compilation_page", "parse_date"]


def _lookup_view(text: str, page: Page, title: str | None) -> tuple[str, dict[str, str], str | None, bool]:
    """Text, page fields (the site's name under ``site``) and title, in simplified characters when
    the page is written in traditional ones; and whether the page is a compilation (read in that view).

    A document asks this three times (is its page a compilation, twice, then its metadata): the
    answers for the last two views are kept (``_view_of``), so the page is read once. Read-only."""
    return _view_of(text, title, page.site, tuple(page.meta.items()))


@lru_cache(maxsize=2)
def _view_of(
    text: str, title: str | None, site: str | None, fields: tuple[tuple[str, str], ...]
) -> tuple[str, dict[str, str], str | None, bool]:
    meta = {**dict(fields), "site": site} if site else dict(fields)
    text, title = without_pinyin_glosses(text), without_pinyin_glosses(title) if title else title
    if is_traditional(f"{title or ''}\n{text}"):
        meta = {key: simplified(value) for key, value in meta.items()}
        text, title = simplified(text), simplified(title) if title else title
    return text, meta, title, is_compilation(text, title)


def is_compilation_page(text: str, page: Page) -> bool:
    """True for a page that collects several bodies' reports (flagged ``compilation``; no org)."""
    title = page.title or page.meta.get("original_title")
    return _lookup_view(text, page, title)[3]


def extract_metadata(text: str, page: Page, source_uri: str) -> DocumentMeta:
    """Metadata of one report from its cleaned text, its page and where it came from."""
    title = page.title or page.meta.get("original_title")
    look_text, look_meta, look_title, compilation = _lookup_view(text, page, title)
    if compilation:
        org_name, org_level = None, None
    else:
        org_name, org_level = org(look_text, look_meta, look_title, look_meta.get("site"))
    evidence = "\n".join([look_title or "", *look_meta.values(), domain_evidence(source_uri), look_text])
    province, city, district = place(org_name, evidence, coded_place(page.meta.get("index_no"), evidence))
    review_year, plan_year = years(look_title, look_text)
    return DocumentMeta(
        title=title,
        org_name=org_name,
        org_level=org_level,
        province=province,
        city=city,
        district=district,
        review_year=review_year,
        plan_year=plan_year,
        published_date=published(page.meta, text),
        publisher=publisher(page.meta.get("publisher") or page.meta.get("source")),
        index_no=page.meta.get("index_no"),
    )
