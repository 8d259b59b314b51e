-- Which reports talk about 老旧小区改造, and what do they say? Every occurrence with up to 30 characters either side.
-- doc_terms finds the reports (the term is indexed whole and inside longer words); the text gives the context.
-- For ranked results use `jiedao search "老旧小区改造"` (BM25 over the same table).
SELECT d.org_name,
       d.review_year,
       unnest(regexp_extract_all(d.cleaned_text, '[^\n。]{0,30}老旧小区改造[^\n。]{0,30}')) AS context
FROM documents d
WHERE d.doc_id IN (SELECT doc_id FROM doc_terms WHERE term = '老旧小区改造')
ORDER BY d.org_name, d.review_year;
