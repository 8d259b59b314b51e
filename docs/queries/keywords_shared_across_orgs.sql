-- Which keywords do the most organisations share, and which organisations use them?
SELECT k.term,
       count(DISTINCT d.org_name) AS orgs,
       string_agg(DISTINCT d.org_name, '、' ORDER BY d.org_name) AS org_names,
       round(avg(k.weight), 4) AS mean_weight
FROM keywords k
JOIN documents d USING (doc_id)
WHERE d.org_name IS NOT NULL
GROUP BY k.term
ORDER BY orgs DESC, mean_weight DESC, k.term
LIMIT 30;
