-- Jobs reading each other in process: `out` reads `positive`, declared after it. The late row
-- (00:00:05, after its window [00:00, 00:01) closed) is dropped as in the single query
-- (window_late_drop): the chain keeps the meaning of late rows.
CREATE STREAM out AS
SELECT k, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, COUNT(*) AS n, SUM(v) AS total
FROM positive
GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl', 'late.data.strategy' = 'drop');

CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1');

CREATE STREAM positive AS SELECT k, ts, v FROM events WHERE v > 0;
