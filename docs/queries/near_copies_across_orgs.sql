-- Which reports of different organisations are near-copies of each other (text copied from one street to another)?
SELECT a.org_name,
       a.review_year,
       b.org_name AS other_org,
       b.review_year AS other_year,
       round(n.similarity, 3) AS similarity,
       a.title,
       b.title AS other_title
FROM near_duplicates n
JOIN documents a ON a.doc_id = n.doc_id
JOIN documents b ON b.doc_id = n.other_doc_id
WHERE NOT n.same_org
ORDER BY similarity DESC, a.org_name;
