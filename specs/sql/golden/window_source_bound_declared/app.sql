-- the job-level key written in the source's declaration applies to that source: with a 20 s
-- bound the 00:00:05 row arrives before the watermark passes 00:01 and is counted, not dropped
CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1',
      'watermark.max_out_of_orderness' = '20s');

CREATE STREAM out AS
SELECT k, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, COUNT(*) AS n, SUM(v) AS total
FROM events
GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl', 'late.data.strategy' = 'drop');
