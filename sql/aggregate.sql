-- Vitrine's estimator in standard SQL: the estimates of `vitrine aggregate --json`
-- (src/engine/measurement/estimate.rs, docs/measurement.md "The estimator" and "Survey scores")
-- for reports stored one row per reported bit (docs/collector.md, "Storage"):
--
--   report_bits(day, catalog, pairs, epsilon, bits, kind, id, key, bit)
--
-- `kind` 'offer' (`key`: impression, click or conversion) or 'answer' (`key`: an answer bucket),
-- `bits` the number of bits of the row's report, `bit` 0 or 1. Rows come from valid reports only
-- (`vitrine/collector` writes nothing else). The result has one row per offer and metric
-- (`kind` 'offer', `scale` ''), per survey and answer bucket ('answer', with the survey's
-- `scale`) and per survey score ('score': NPS, CSAT or thumbs up, `key` '', `estimate` the score
-- and `respondents` the estimated answers; 0 on the other rows), with the numbers of `vitrine
-- aggregate --json` up to floating-point summation order.
--
-- Only standard aggregates and scalar functions (SUM, COUNT, MAX, EXP, SQRT, LEAST, GREATEST,
-- COALESCE, CASE), no casts and no dialect functions: tested on DuckDB and ClickHouse (chdb);
-- written for BigQuery and Spark SQL too, untested there. The one line to adapt
-- is the source in `source` below (a table, or e.g. DuckDB's
-- `read_json('bits/day=*/*.jsonl')`). To estimate some days only, add a WHERE on `day` there.
WITH
source AS (
  SELECT catalog, pairs, epsilon, bits, kind, id, key, bit FROM report_bits
),
-- The answer buckets of each scale, their order and their weight in the score.
buckets AS (
  SELECT 'nps' AS scale, 'detractor' AS key, 0 AS pos, -1.0 AS weight
  UNION ALL SELECT 'nps', 'passive', 1, 0.0
  UNION ALL SELECT 'nps', 'promoter', 2, 1.0
  UNION ALL SELECT 'csat', '1', 0, 0.0
  UNION ALL SELECT 'csat', '2', 1, 0.0
  UNION ALL SELECT 'csat', '3', 2, 0.0
  UNION ALL SELECT 'csat', '4', 3, 1.0
  UNION ALL SELECT 'csat', '5', 4, 1.0
  UNION ALL SELECT 'thumbs', 'down', 0, 0.0
  UNION ALL SELECT 'thumbs', 'up', 1, 1.0
),
metrics AS (
  SELECT 'impression' AS key, 0 AS pos
  UNION ALL SELECT 'click', 1
  UNION ALL SELECT 'conversion', 2
),
-- Each bit's keep probability p = e^(e/k) / (1 + e^(e/k)) and its report's scale B/k.
drawn AS (
  SELECT catalog, kind, id, key, bits, bit,
         1.0 * pairs / bits AS scale,
         1.0 / (1.0 + EXP(-epsilon / bits)) AS p
  FROM source
),
-- z = (B/k) (y - (1 - p)) / (2p - 1): unbiased for the device-day's true bit.
debiased AS (
  SELECT catalog, kind, id, key, bits, scale, p,
         scale * (bit - (1.0 - p)) / (2.0 * p - 1.0) AS z
  FROM drawn
),
-- Per catalog edition and bits per report: its rows, whose reports are rows / bits exactly.
shapes AS (
  SELECT catalog, bits, COUNT(*) AS n,
         SUM(scale * p * (1.0 - p) / ((2.0 * p - 1.0) * (2.0 * p - 1.0))) AS noise,
         SUM(scale - 1.0) AS cap
  FROM debiased
  GROUP BY catalog, bits
),
-- Per catalog edition: its reports, the noise variance sum (B/k) c and the cap sum (B/k - 1),
-- each report counted once (its k rows each carry 1/k).
cohorts AS (
  SELECT catalog,
         SUM(n / bits) AS reports,
         SUM(noise / bits) AS noise,
         SUM(cap / bits) AS cap
  FROM shapes
  GROUP BY catalog
),
sums AS (
  SELECT catalog, kind, id, key, SUM(z) AS total, SUM((scale - 1.0) * z) AS spread
  FROM debiased
  GROUP BY catalog, kind, id, key
),
-- Every metric of an offer, and every bucket of a survey's scale, that a report of the edition
-- drew (a metric or bucket not drawn there still gets the edition's noise).
cells AS (
  SELECT o.catalog AS catalog, 'offer' AS kind, o.id AS id, '' AS scale, m.key AS key, m.pos AS pos
  FROM (SELECT DISTINCT catalog, id FROM debiased WHERE kind = 'offer') o
  CROSS JOIN metrics m
  UNION ALL
  SELECT s.catalog AS catalog, 'answer' AS kind, s.id AS id, b.scale AS scale, b.key AS key, b.pos AS pos
  FROM (
    SELECT DISTINCT d.catalog AS catalog, d.id AS id, b.scale AS scale
    FROM debiased d
    JOIN buckets b ON b.key = d.key
    WHERE d.kind = 'answer'
  ) s
  JOIN buckets b ON b.scale = s.scale
),
counts AS (
  SELECT c.kind AS kind, c.id AS id, c.scale AS scale, c.key AS key, c.pos AS pos,
         SUM(COALESCE(m.total, 0.0)) AS estimate,
         SUM(h.noise + LEAST(GREATEST(COALESCE(m.spread, 0.0), 0.0), h.cap)) AS variance,
         SUM(h.reports) AS reports
  FROM cells c
  JOIN cohorts h ON h.catalog = c.catalog
  LEFT JOIN sums m ON m.catalog = c.catalog AND m.kind = c.kind AND m.id = c.id AND m.key = c.key
  GROUP BY c.kind, c.id, c.scale, c.key, c.pos
),
-- Per survey: N (the estimated answers) and the score's share f = sum(w c) / N.
surveys AS (
  SELECT c.id AS id, c.scale AS scale, SUM(c.estimate) AS n,
         SUM(b.weight * c.estimate) / SUM(c.estimate) AS share,
         MAX(c.reports) AS reports
  FROM counts c
  JOIN buckets b ON b.scale = c.scale AND b.key = c.key
  WHERE c.kind = 'answer'
  GROUP BY c.id, c.scale
  HAVING SUM(c.estimate) > 0
),
-- The delta method: Var = sum_b (100 (w_b - f) / N)^2 Var(c_b).
scores AS (
  SELECT s.id AS id, s.scale AS scale, 100.0 * s.share AS value, s.n AS n, s.reports AS reports,
         SQRT(SUM((100.0 * (b.weight - s.share) / s.n) * (100.0 * (b.weight - s.share) / s.n)
                  * GREATEST(c.variance, 0.0))) AS std_error
  FROM surveys s
  JOIN counts c ON c.kind = 'answer' AND c.id = s.id AND c.scale = s.scale
  JOIN buckets b ON b.scale = c.scale AND b.key = c.key
  GROUP BY s.id, s.scale, s.share, s.n, s.reports
)
SELECT * FROM (
  SELECT kind, id, scale, key, pos, estimate, SQRT(variance) AS std_error,
         LEAST(GREATEST(estimate - 1.959963984540054 * SQRT(variance), 0.0), reports) AS ci_low,
         LEAST(GREATEST(estimate + 1.959963984540054 * SQRT(variance), 0.0), reports) AS ci_high,
         reports, 0.0 AS respondents
  FROM counts
  UNION ALL
  SELECT 'score', id, scale, '', 0, value, std_error,
         LEAST(GREATEST(value - 1.959963984540054 * std_error, CASE WHEN scale = 'nps' THEN -100.0 ELSE 0.0 END), 100.0),
         LEAST(GREATEST(value + 1.959963984540054 * std_error, CASE WHEN scale = 'nps' THEN -100.0 ELSE 0.0 END), 100.0),
         reports, n
  FROM scores
) AS estimates
ORDER BY kind, id, scale, pos
