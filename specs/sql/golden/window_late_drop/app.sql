-- one row per batch so the watermark moves between rows; the 00:00:05 row arrives after its
-- window [00:00, 00:01) closed and is dropped (counted and logged), nothing else is lost
CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1');

CREATE STREAM out AS
SELECT k, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, COUNT(*) AS n, SUM(v) AS total
FROM events
GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl', 'late.data.strategy' = 'drop');
