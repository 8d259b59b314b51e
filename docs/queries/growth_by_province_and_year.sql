-- How did towns' 固定资产投资 growth compare across provinces and years (median, lowest and highest stated growth)?
-- Growth figures of the year under review (not targets), by the province of the reporting body.
SELECT province,
       review_year AS year,
       count(DISTINCT org_name) AS orgs,
       round(median(value), 1) AS median_growth_pct,
       min(value) AS lowest_pct,
       max(value) AS highest_pct
FROM metrics_enriched
WHERE indicator = 'fixed_asset_investment'
  AND kind = 'growth'
  AND unit = '%'
  AND NOT is_target
GROUP BY province, review_year
ORDER BY province, year;
