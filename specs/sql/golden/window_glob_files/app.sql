-- the files of a glob are read one after the other, each in event-time order: watermarks are
-- tracked per file and combined as their minimum, so the second file's rows are not late
CREATE STREAM events (ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'part-*.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1');

CREATE STREAM out AS
SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) AS minute, SUM(v) AS total, COUNT(*) AS n
FROM events
GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
