-- 1 ms slides over a 1 day window: 86,400,000 windows per row; refused at planning
CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl');

CREATE STREAM out AS
SELECT k, COUNT(*) AS n
FROM events
GROUP BY k, HOP(ts, INTERVAL '1' MILLISECOND, INTERVAL '1' DAY)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
