-- What became of an input file: which document it became (first seen, same text, republished), or why it was rejected?
-- Replace the file name to follow another input; every input of every run is in exactly one of the two.
WITH fates AS (
    SELECT s.source_uri, s.relation AS fate, d.org_name, d.review_year, d.doc_id, NULL AS reason, s.run_id
    FROM document_sources s
    JOIN documents d USING (doc_id)
    UNION ALL
    SELECT r.source_uri, 'rejected at ' || r.stage, NULL, NULL, NULL, r.reason, r.run_id
    FROM rejects r
)
SELECT *
FROM fates
WHERE source_uri LIKE '%sample_01_plain.txt'
ORDER BY run_id, source_uri;
