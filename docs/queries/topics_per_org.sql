-- What does each organisation report on? Sections and figures per topic, by organisation.
SELECT d.org_name,
       s.topic,
       count(DISTINCT s.section_id) AS sections,
       count(m.metric_id) AS metrics
FROM sections s
JOIN documents d USING (doc_id)
LEFT JOIN metrics m ON m.section_id = s.section_id
GROUP BY d.org_name, s.topic
ORDER BY d.org_name, metrics DESC, s.topic;
