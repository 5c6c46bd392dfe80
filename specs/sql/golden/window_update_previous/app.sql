-- a window emits when the watermark passes its end, then re-emits a corrected row for late rows
-- within the allowed lateness (30 s); the 00:00:30 row comes after that and is dropped
CREATE STREAM events (k VARCHAR, ts TIMESTAMP)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1');

CREATE STREAM out AS
SELECT k, _window_start AS window_start, COUNT(*) AS n
FROM events
GROUP BY k
WINDOW TUMBLING(ts, INTERVAL '1' MINUTE)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl',
      'late.data.strategy' = 'update_previous_window', 'late.data.allowed_lateness' = '30s');
