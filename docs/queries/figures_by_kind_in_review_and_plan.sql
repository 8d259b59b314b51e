-- What kinds of figures do reports give when they review a year and when they plan the next (counts, money, growth ...), and how many are targets?
SELECT coalesce(section_kind, '(outside the outline)') AS section_kind,
       kind,
       count(*) AS metrics,
       count(*) FILTER (WHERE is_target) AS targets,
       count(DISTINCT doc_id) AS reports
FROM metrics_enriched
GROUP BY ALL
ORDER BY section_kind, metrics DESC;
