-- What does each report promise for its plan year? Every target figure with its indicator and sentence.
SELECT org_name,
       plan_year,
       subject,
       mention,
       indicator,
       sentence
FROM metrics_enriched
WHERE is_target
ORDER BY org_name, plan_year, doc_id, char_start;
