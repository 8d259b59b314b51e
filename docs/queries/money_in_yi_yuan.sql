-- What are the three largest amounts of money each report states, in 亿元?
-- value is in 元 with every multiplier applied, so 亿元 = value / 1e8.
SELECT org_name,
       review_year,
       subject,
       mention,
       round(value / 1e8, 2) AS yi_yuan,
       is_target
FROM metrics_enriched
WHERE kind = 'money' AND unit = '元'
QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY value DESC, char_start) <= 3
ORDER BY org_name, review_year, yi_yuan DESC;
