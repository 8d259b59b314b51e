-- Views for the questions researchers ask (shared/spec/WAREHOUSE.md, shared/spec/INDICATORS.md).
-- Executed by warehouse/db.py after the tables are created, whenever the warehouse's schema is not current:
-- each view is replaced and its comments set again (CREATE OR REPLACE drops a view's comments). Derived from the
-- contract tables only; run as one script (DuckDB executes every statement of it in order).

-- Every metric with its document's and section's context. Its metrics.* columns are described from the
-- schema by warehouse/db.py (METRICS_ENRICHED_COMMENTS), after this script.
CREATE OR REPLACE VIEW metrics_enriched AS
SELECT m.*, d.org_name, d.org_level, d.province, d.city, d.district,
       d.review_year, d.plan_year, s.heading AS section_heading,
       s.kind AS section_kind, s.topic
FROM metrics m
JOIN documents d USING (doc_id)
LEFT JOIN sections s ON s.section_id = m.section_id;
COMMENT ON COLUMN metrics_enriched.org_name IS 'The reporting body (documents.org_name).';
COMMENT ON COLUMN metrics_enriched.org_level IS 'Its level: 街道, 镇 or 乡 (documents.org_level).';
COMMENT ON COLUMN metrics_enriched.province IS 'Province of the reporting body (documents.province).';
COMMENT ON COLUMN metrics_enriched.city IS 'City of the reporting body (documents.city).';
COMMENT ON COLUMN metrics_enriched.district IS 'District or county of the reporting body (documents.district).';
COMMENT ON COLUMN metrics_enriched.review_year IS 'The year the report reviews (documents.review_year).';
COMMENT ON COLUMN metrics_enriched.plan_year IS 'The year the report''s plan covers (documents.plan_year).';
COMMENT ON COLUMN metrics_enriched.section_heading IS 'Heading of the metric''s innermost section (sections.heading).';
COMMENT ON COLUMN metrics_enriched.section_kind IS 'review, plan or other: kind of the metric''s section (sections.kind).';
COMMENT ON COLUMN metrics_enriched.topic IS 'Topic of the metric''s section (sections.topic).';
COMMENT ON VIEW metrics_enriched IS 'Every metric (all metrics columns) with its document''s org, region and years and its section''s heading, kind and topic; v_metrics adds a readable value.';

-- Every input's fate in one place: `jiedao sql "SELECT * FROM input_fates WHERE source_uri LIKE '%x%'"`.
CREATE OR REPLACE VIEW input_fates AS
SELECT source_uri, 'document' AS fate, relation AS detail, doc_id, run_id, last_run_id, seen_at AS at
FROM document_sources
UNION ALL
SELECT source_uri, 'rejected', stage || ': ' || reason, NULL, run_id, run_id, rejected_at
FROM rejects WHERE stage <> 'quarantine'  -- quarantined metric rows are not inputs
UNION ALL
SELECT source_uri, 'not a report', reason, NULL, run_id, run_id, seen_at FROM not_reports;
COMMENT ON VIEW input_fates IS 'What became of every input (file or URL) of every run: a document, rejected, or not a report.';
COMMENT ON COLUMN input_fates.source_uri IS 'The input: file:///... or https://... (a compilation page''s reports as <uri>#part-<n>).';
COMMENT ON COLUMN input_fates.fate IS 'document, rejected or not a report.';
COMMENT ON COLUMN input_fates.detail IS 'For a document its relation (first, same_text, republished); else the stage and reason.';
COMMENT ON COLUMN input_fates.doc_id IS 'The document it became or joined (→ documents); null otherwise.';
COMMENT ON COLUMN input_fates.run_id IS 'The run that decided its fate (→ pipeline_runs).';
COMMENT ON COLUMN input_fates.last_run_id IS 'The newest run that saw it (unchanged inputs are seen again without a new row).';
COMMENT ON COLUMN input_fates.at IS 'When its fate was decided (UTC).';

-- Every metric with the context a reader needs, and its value written for people.
CREATE OR REPLACE VIEW v_metrics AS
SELECT
    m.metric_id, m.indicator, m.doc_id, m.section_id, m.mention, m.value, m.unit, m.qualifier, m.kind,
    m.subject, m.period, m.is_target, m.sentence, m.char_start, m.char_end,
    CASE
        WHEN m.unit IN ('元', '美元', '欧元', '港元', '日元') AND abs(m.value) >= 1e8
            THEN rtrim(rtrim(printf('%.6f', m.value / 1e8), '0'), '.') || '亿' || m.unit
        WHEN m.unit IN ('元', '美元', '欧元', '港元', '日元') AND abs(m.value) >= 1e4
            THEN rtrim(rtrim(printf('%.6f', m.value / 1e4), '0'), '.') || '万' || m.unit
        ELSE rtrim(rtrim(printf('%.6f', m.value), '0'), '.') || m.unit
    END AS value_text,
    d.title, d.org_name, d.org_level, d.province, d.city, d.district, d.review_year, d.plan_year,
    d.published_date, d.source_uri,
    s.heading AS section_heading, s.kind AS section_kind, s.topic
FROM metrics m
JOIN documents d USING (doc_id)
LEFT JOIN sections s ON s.section_id = m.section_id;

COMMENT ON VIEW v_metrics IS 'Every metric with its document''s organisation, region and years, its section''s kind and topic, and a human-readable value (18.35亿元).';
COMMENT ON COLUMN v_metrics.metric_id IS 'metrics.metric_id: stable id (document and mention position)';
COMMENT ON COLUMN v_metrics.indicator IS 'headline indicator code (INDICATORS.md), null for most metrics';
COMMENT ON COLUMN v_metrics.doc_id IS 'the report (documents.doc_id)';
COMMENT ON COLUMN v_metrics.section_id IS 'innermost section containing the metric (sections.section_id)';
COMMENT ON COLUMN v_metrics.mention IS 'the quantity as written: number, multiplier, unit, glued qualifier word';
COMMENT ON COLUMN v_metrics.value IS 'the number with every multiplier applied, in the canonical unit';
COMMENT ON COLUMN v_metrics.unit IS 'canonical unit (元, %, 平方米, 个百分点, or the measure word as written)';
COMMENT ON COLUMN v_metrics.qualifier IS 'exact, over, nearly, about or under';
COMMENT ON COLUMN v_metrics.kind IS 'count, money, ratio, growth, rank or measure';
COMMENT ON COLUMN v_metrics.subject IS 'what is measured, copied from the sentence';
COMMENT ON COLUMN v_metrics.period IS 'the time span the figure covers when the sentence states it (1-11月, 全年), else null';
COMMENT ON COLUMN v_metrics.is_target IS 'true when the figure is a goal for the plan year rather than a result';
COMMENT ON COLUMN v_metrics.sentence IS 'the sentence the metric was found in';
COMMENT ON COLUMN v_metrics.char_start IS 'start of mention in documents.cleaned_text (0-based)';
COMMENT ON COLUMN v_metrics.char_end IS 'end of mention in documents.cleaned_text (exclusive)';
COMMENT ON COLUMN v_metrics.value_text IS 'value and unit for people: money in 亿/万 (18.35亿元), others as value + unit';
COMMENT ON COLUMN v_metrics.title IS 'the report''s title';
COMMENT ON COLUMN v_metrics.org_name IS 'the reporting body (街道/镇/乡), null if masked or unknown';
COMMENT ON COLUMN v_metrics.org_level IS '街道, 镇, 乡 or null';
COMMENT ON COLUMN v_metrics.province IS 'province of the reporting body';
COMMENT ON COLUMN v_metrics.city IS 'city of the reporting body';
COMMENT ON COLUMN v_metrics.district IS 'district or county of the reporting body';
COMMENT ON COLUMN v_metrics.review_year IS 'the year the report reviews';
COMMENT ON COLUMN v_metrics.plan_year IS 'the year its plan part covers, null if none';
COMMENT ON COLUMN v_metrics.published_date IS 'publication date of the report';
COMMENT ON COLUMN v_metrics.source_uri IS 'where the report was first found';
COMMENT ON COLUMN v_metrics.section_heading IS 'heading of the innermost section';
COMMENT ON COLUMN v_metrics.section_kind IS 'review, plan or other: the kind of the innermost section';
COMMENT ON COLUMN v_metrics.topic IS 'topic of the innermost section (topic vocabulary of WAREHOUSE.md)';

-- Plan versus result (INDICATORS.md): one row per target metric with an indicator code; its result is
-- the first fitting whole-year result of the same org_name and district, indicator, kind and unit in a
-- report reviewing the target's plan year. Result columns are null when no report states one.
-- A whole-year result: no period, 全年 or the year itself (2024年); never from a half-year summary
-- (review_year = plan_year) nor a part-year figure (1-6月). "First" is by publication date (nulls last), source,
-- offset: one aggregation per target (its indicator a key too, so that a filter on it reaches the aggregation).
CREATE OR REPLACE VIEW plan_vs_result AS
WITH targets AS (
    SELECT m.*, d.org_name, d.district, d.plan_year
    FROM metrics m JOIN documents d USING (doc_id)
    WHERE m.is_target AND m.indicator IS NOT NULL
),
results AS (
    SELECT m.*, d.org_name, d.district, d.review_year, d.published_date, d.source_uri
    FROM metrics m JOIN documents d USING (doc_id)
    WHERE NOT m.is_target AND m.indicator IS NOT NULL AND d.review_year IS NOT NULL
      AND d.plan_year IS DISTINCT FROM d.review_year
      AND (m.period IS NULL OR m.period IN ('全年', d.review_year || '年', d.review_year || '年全年'))
),
firsts AS (
    SELECT t.metric_id AS target_metric_id, t.indicator,
           arg_min({'metric_id': r.metric_id, 'value': r.value, 'qualifier': r.qualifier, 'sentence': r.sentence},
                   (r.published_date IS NULL, r.published_date, r.source_uri, r.char_start)) AS first
    FROM targets t
    JOIN results r
      ON r.org_name = t.org_name AND r.district IS NOT DISTINCT FROM t.district
     AND r.indicator = t.indicator AND r.kind = t.kind AND r.unit = t.unit
     AND r.review_year = t.plan_year
    GROUP BY t.metric_id, t.indicator
)
SELECT t.org_name, t.district, t.indicator, t.plan_year,
       t.value AS target_value, t.qualifier AS target_qualifier, t.unit,
       p.first.value AS result_value, p.first.qualifier AS result_qualifier,
       CASE
           WHEN p.first.value IS NULL THEN NULL
           WHEN t.qualifier = 'under' OR t.indicator IN ('unemployment_rate', 'pm25')
               THEN p.first.value <= t.value
           ELSE p.first.value >= t.value
       END AS met,
       t.metric_id AS target_metric_id, p.first.metric_id AS result_metric_id,
       t.sentence AS target_sentence, p.first.sentence AS result_sentence
FROM targets t
LEFT JOIN firsts p ON p.target_metric_id = t.metric_id AND p.indicator = t.indicator;

COMMENT ON VIEW plan_vs_result IS 'What was promised and what the next report says: one row per target metric with an indicator code, paired with the first whole-year result of the same org_name and district, indicator, kind and unit in a report reviewing the plan year (INDICATORS.md). Result columns are null when none is stated.';
COMMENT ON COLUMN plan_vs_result.org_name IS 'the reporting body that set the target';
COMMENT ON COLUMN plan_vs_result.district IS 'its district; a result must come from the same org_name and district';
COMMENT ON COLUMN plan_vs_result.indicator IS 'headline indicator code (INDICATORS.md)';
COMMENT ON COLUMN plan_vs_result.plan_year IS 'the year the target is set for (documents.plan_year of the target''s report)';
COMMENT ON COLUMN plan_vs_result.target_value IS 'the target''s value, in unit';
COMMENT ON COLUMN plan_vs_result.target_qualifier IS 'the target''s qualifier: under makes it a ceiling (met when the result is at most the target)';
COMMENT ON COLUMN plan_vs_result.unit IS 'canonical unit of target and result (they must agree)';
COMMENT ON COLUMN plan_vs_result.result_value IS 'the whole-year result reported for plan_year, null if no report states one';
COMMENT ON COLUMN plan_vs_result.result_qualifier IS 'the result''s qualifier, null without a result';
COMMENT ON COLUMN plan_vs_result.met IS 'result reaches the target: result >= target, or result <= target for under targets and for unemployment_rate and pm25; null without a result';
COMMENT ON COLUMN plan_vs_result.target_metric_id IS 'metrics.metric_id of the target';
COMMENT ON COLUMN plan_vs_result.result_metric_id IS 'metrics.metric_id of the result, null without one';
COMMENT ON COLUMN plan_vs_result.target_sentence IS 'the sentence stating the target';
COMMENT ON COLUMN plan_vs_result.result_sentence IS 'the sentence stating the result, null without one';

-- The long panel: one row per organisation, year, indicator and unit, with the year's whole-year
-- result, its growth in percent, and the target set for that year (first stated wins for each: the
-- smallest publication date, nulls last, then source and offset). Levels (one row per unit) and growths
-- (in %, whatever the level's unit) are each reduced to their first figure per key in one aggregation,
-- then set side by side; a growth without any level of its indicator that year gets a row of its own.
CREATE OR REPLACE VIEW v_indicator_panel AS
WITH stated AS (
    SELECT m.doc_id, m.indicator, m.unit, m.value, m.char_start, m.is_target,
           d.org_name, d.district, d.province, d.city, d.published_date, d.source_uri,
           CASE WHEN m.is_target THEN d.plan_year ELSE d.review_year END AS year,
           m.kind = 'growth' AS is_growth
    FROM metrics m JOIN documents d USING (doc_id)
    WHERE m.indicator IS NOT NULL AND d.org_name IS NOT NULL
      AND (m.kind <> 'growth' OR m.unit = '%')
      AND (m.is_target AND d.plan_year IS NOT NULL
           OR NOT m.is_target AND d.review_year IS NOT NULL AND d.plan_year IS DISTINCT FROM d.review_year
              AND (m.period IS NULL OR m.period IN ('全年', d.review_year || '年', d.review_year || '年全年')))
),
firsts AS (
    SELECT org_name, district, province, city, year, indicator, is_target, is_growth,
           CASE WHEN is_growth THEN NULL ELSE unit END AS unit,
           arg_min({'value': value, 'doc_id': doc_id},
                   (published_date IS NULL, published_date, source_uri, char_start)) AS first
    FROM stated
    GROUP BY ALL
),
levels AS (
    SELECT org_name, district, province, city, year, indicator, unit,
           any_value(first.value) FILTER (WHERE NOT is_target) AS result_value,
           any_value(first.doc_id) FILTER (WHERE NOT is_target) AS result_doc,
           any_value(first.value) FILTER (WHERE is_target) AS target_value
    FROM firsts WHERE NOT is_growth GROUP BY ALL
),
growths AS (
    SELECT org_name, district, province, city, year, indicator,
           any_value(first.value) FILTER (WHERE NOT is_target) AS growth,
           any_value(first.doc_id) FILTER (WHERE NOT is_target) AS growth_doc,
           any_value(first.value) FILTER (WHERE is_target) AS growth_target
    FROM firsts WHERE is_growth GROUP BY ALL
)
SELECT coalesce(l.org_name, g.org_name) AS org_name, coalesce(l.district, g.district) AS district,
       coalesce(l.province, g.province) AS province, coalesce(l.city, g.city) AS city,
       coalesce(l.year, g.year) AS year, coalesce(l.indicator, g.indicator) AS indicator, l.unit,
       l.result_value, g.growth, l.target_value, g.growth_target,
       coalesce(l.result_doc, g.growth_doc) AS doc_id
FROM levels l
FULL JOIN growths g
  ON g.org_name = l.org_name AND g.district IS NOT DISTINCT FROM l.district
 AND g.province IS NOT DISTINCT FROM l.province AND g.city IS NOT DISTINCT FROM l.city
 AND g.year = l.year AND g.indicator = l.indicator;

COMMENT ON VIEW v_indicator_panel IS 'The long panel for R or Stata: one row per organisation, region, year, indicator and unit, with the year''s whole-year result and growth (from the report reviewing that year) and the targets set for that year (from the report planning it). The first stated figure wins.';
COMMENT ON COLUMN v_indicator_panel.org_name IS 'the reporting body';
COMMENT ON COLUMN v_indicator_panel.district IS 'its district or county';
COMMENT ON COLUMN v_indicator_panel.province IS 'its province';
COMMENT ON COLUMN v_indicator_panel.city IS 'its city';
COMMENT ON COLUMN v_indicator_panel.year IS 'the year the figures are for: review_year of a result, plan_year of a target';
COMMENT ON COLUMN v_indicator_panel.indicator IS 'headline indicator code (INDICATORS.md)';
COMMENT ON COLUMN v_indicator_panel.unit IS 'canonical unit of result_value and target_value; null on a row that has only growth figures';
COMMENT ON COLUMN v_indicator_panel.result_value IS 'the year''s whole-year result, in unit; null if not stated';
COMMENT ON COLUMN v_indicator_panel.growth IS 'the year''s growth of the indicator in percent, when stated';
COMMENT ON COLUMN v_indicator_panel.target_value IS 'the target set for that year, in unit (from the previous year''s plan)';
COMMENT ON COLUMN v_indicator_panel.growth_target IS 'the growth target in percent set for that year, when stated';
COMMENT ON COLUMN v_indicator_panel.doc_id IS 'the report giving the result (or the growth, when only that is stated); null on a target-only row';
