-- How did each organisation's headline indicators change from one year to the next: the result against the year before, next to the growth the report states?
SELECT org_name,
       district,
       indicator,
       unit,
       year,
       result_value,
       lag(result_value) OVER w AS previous_year_value,
       round(100 * (result_value / nullif(lag(result_value) OVER w, 0) - 1), 1) AS computed_growth_pct,
       growth AS stated_growth_pct,
       target_value
FROM v_indicator_panel
WHERE result_value IS NOT NULL
WINDOW w AS (PARTITION BY org_name, district, indicator, unit ORDER BY year)
ORDER BY org_name, indicator, unit, year;
