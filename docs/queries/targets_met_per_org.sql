-- Which targets did each organisation meet? Per org and plan year: targets set, targets whose result the next report states, met and missed.
SELECT org_name,
       district,
       plan_year,
       count(*) AS targets,
       count(result_value) AS with_result,
       count(*) FILTER (WHERE met) AS met,
       count(*) FILTER (WHERE NOT met) AS missed,
       string_agg(indicator || CASE WHEN met THEN ' ✓' WHEN NOT met THEN ' ✗' ELSE ' ?' END, ', ' ORDER BY indicator) AS indicators
FROM plan_vs_result
GROUP BY org_name, district, plan_year
ORDER BY org_name, plan_year;
