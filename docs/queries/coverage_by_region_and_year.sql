-- How many reports does the warehouse hold per province, city, district and review year, and of which levels (街道/镇/乡)?
SELECT coalesce(province, '(unknown)') AS province,
       coalesce(city, '(unknown)') AS city,
       coalesce(district, '(unknown)') AS district,
       review_year,
       count(*) AS reports,
       count(*) FILTER (WHERE org_level = '街道') AS jiedao,
       count(*) FILTER (WHERE org_level = '镇') AS zhen,
       count(*) FILTER (WHERE org_level = '乡') AS xiang,
       sum(char_count) AS characters
FROM documents
GROUP BY ALL
ORDER BY province, city, district, review_year;
