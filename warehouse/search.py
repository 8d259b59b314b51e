"""Full-text search of the reports: BM25 over ``doc_terms``, in one SQL statement.

DuckDB's ``fts`` extension needs a download, which an offline machine cannot do; the load keeps
``doc_terms`` (``transforms/terms.py``) instead, and the ranking is plain SQL over it:

    score(D, Q) = sum over query terms t of  qtf(t) * idf(t) * tf(t, D) * (k1 + 1)
                                             / (tf(t, D) + k1 * (1 - b + b * |D| / avgdl))
    idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

with N the number of documents, df(t) the number of those containing t, |D| the document's
number of terms (``doc_terms.doc_length``) and avgdl their mean (the sum of all tf over N: a scan
of one integer column, where counting distinct doc_ids cost 10 ms on 2,000 reports). Filters narrow the
hits, not the statistics: a term's weight does not change with the province looked at. Ties are
broken by doc_id, so the same query on the same warehouse always gives the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from transforms.terms import query_terms

K1 = 1.2
B = 0.75
SNIPPET_CHARS = 160  # a longer best sentence is cut around its first matching term

# A sentence ends at 。！？；, a line break, or their ASCII forms.
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


class SearchError(ValueError):
    """The search cannot run as asked; the message is for people."""


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    title: str | None
    org_name: str | None
    province: str | None
    city: str | None
    district: str | None
    review_year: int | None
    score: float
    snippet: str


# Filters by name: the SQL condition on a hit ``d`` (a documents row) and its parameter.
FILTERS = {
    "province": "d.province = $province",
    "year": "d.review_year = $year",
    "topic": "EXISTS (SELECT 1 FROM sections x WHERE x.doc_id = d.doc_id AND x.topic = $topic)",
    # metrics.indicator: headline indicator code (INDICATORS.md)
    "indicator": "EXISTS (SELECT 1 FROM metrics x WHERE x.doc_id = d.doc_id AND x.indicator = $indicator)",
}

_BM25_SQL = f"""
WITH q AS (
    SELECT unnest($terms) AS term, unnest($weights) AS qtf
),
collection AS (
    SELECT n, (SELECT sum(tf) FROM doc_terms)::DOUBLE / greatest(n, 1) AS avgdl
    FROM (SELECT count(*) AS n FROM documents)
),
matches AS (
    SELECT t.doc_id, t.term, t.tf, t.doc_length, q.qtf, count(*) OVER (PARTITION BY t.term) AS df
    FROM doc_terms t JOIN q USING (term)
),
scored AS (
    SELECT m.doc_id,
           sum(m.qtf * ln(1 + (c.n - m.df + 0.5) / (m.df + 0.5))
               * m.tf * ({K1} + 1) / (m.tf + {K1} * (1 - {B} + {B} * m.doc_length / c.avgdl))) AS score
    FROM matches m, collection c
    GROUP BY m.doc_id
)
SELECT d.doc_id, d.title, d.org_name, d.province, d.city, d.district, d.review_year, s.score, d.cleaned_text
FROM scored s JOIN documents d USING (doc_id)
WHERE {{filters}}
ORDER BY s.score DESC, d.doc_id
LIMIT $limit
"""


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    limit: int = 20,
    province: str | None = None,
    year: int | None = None,
    topic: str | None = None,
    indicator: str | None = None,
) -> list[SearchHit]:
    """The documents that best match ``query`` (BM25, k1=1.2, b=0.75), best first, at most ``limit``,
    each with the sentence of its cleaned text holding the most query terms as ``snippet``.

    An empty list when nothing matches (or the query has no searchable term: only stop words,
    punctuation or figures).
    """
    if limit < 1:
        raise SearchError("the limit must be at least 1")
    terms = query_terms(query)
    if not terms:
        return []
    wanted = {"province": province, "year": year, "topic": topic, "indicator": indicator}
    wanted = {name: value for name, value in wanted.items() if value is not None}
    params = {"terms": list(terms), "weights": [float(n) for n in terms.values()], "limit": limit, **wanted}
    sql = _BM25_SQL.replace("{filters}", " AND ".join(FILTERS[name] for name in wanted) or "true")
    try:
        rows = con.execute(sql, params).fetchall()
    except duckdb.CatalogException as exc:
        if "doc_terms" in str(exc):
            raise SearchError(
                "this warehouse has no search index (doc_terms) yet: load the reports with this version of `jiedao run`"
            ) from None
        raise
    except duckdb.BinderException as exc:
        if indicator is not None and "indicator" in str(exc):
            raise SearchError(
                "this warehouse has no metrics.indicator column yet: re-run `jiedao run` with this version"
            ) from None
        raise
    return [
        SearchHit(
            doc_id, title, org, prov, city, district, review_year, round(float(score), 6), best_sentence(text, terms)
        )
        for doc_id, title, org, prov, city, district, review_year, score, text in rows
    ]


def unindexed_documents(con: duckdb.DuckDBPyConnection) -> int:
    """How many loaded documents have no search terms (loaded before search existed): search cannot find them."""
    row = con.execute(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_terms t WHERE t.doc_id = d.doc_id)"
    ).fetchone()
    return row[0] if row else 0


def best_sentence(text: str, terms) -> str:
    """The sentence of ``text`` containing the most distinct query terms (then the most matched
    characters, then the earliest), cut to ``SNIPPET_CHARS`` around its first match."""
    best, best_key = "", (0, 0)
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        lowered = sentence.lower()
        found = [term for term in terms if term in lowered]
        key = (len(found), sum(map(len, found)))
        if key > best_key:
            best, best_key = sentence, key
    return _shorten(best, terms)


def _shorten(sentence: str, terms) -> str:
    if len(sentence) <= SNIPPET_CHARS:
        return sentence
    lowered = sentence.lower()
    first = min((lowered.find(t) for t in terms if t in lowered), default=0)
    start = max(0, min(first - SNIPPET_CHARS // 4, len(sentence) - SNIPPET_CHARS))
    cut = sentence[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + cut + ("…" if start + SNIPPET_CHARS < len(sentence) else "")
