-- PERCENTILE_DISC returns an input value, PERCENTILE_CONT interpolates (also over a descending
-- order), MEDIAN of an even count is the mean of the two middle values
CREATE STREAM t (v INTEGER) WITH ('t.type' = 'file_source', 't.path' = 'input.csv', 't.format' = 'csv');

CREATE STREAM out AS
SELECT PERCENTILE_DISC(0.25) WITHIN GROUP (ORDER BY v) AS disc_q1,
       PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY v DESC) AS cont_q1_desc,
       PERCENTILE_CONT(v, 0.5) AS cont_median,
       MEDIAN(v) AS median,
       DELTA(v) AS spread,
       STDDEV_POP(v) AS sd
FROM t
EMIT FINAL
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
