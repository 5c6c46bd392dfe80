-- '<source>.watermark.max_out_of_orderness' is the source's own bound and wins over the job's
-- (0 here): the 00:00:05 row is within 20 s of the newest event time and is counted
CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1');

CREATE STREAM out AS
SELECT k, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, COUNT(*) AS n, SUM(v) AS total
FROM events
GROUP BY k, TUMBLE(ts, INTERVAL '1' MINUTE)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl',
      'watermark.max_out_of_orderness' = '0', 'events.watermark.max_out_of_orderness' = '20s', 'events.watermark.idle_timeout' = '1 minute');
