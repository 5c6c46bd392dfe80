-- one row per batch so the watermark (10 s behind the latest time) moves between rows; a@2 is
-- out of order within the bound and is sorted in; a@5 arrives after the watermark passed 10 s,
-- after its place in a's order was emitted, and goes to the dead-letter file; LEAD waits for
-- the next row of its partition, or the end of input (its default 0)
CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'events.batch.size' = '1');

CREATE STREAM out AS
SELECT k, ts, v,
       ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS n,
       LAG(v) OVER (PARTITION BY k ORDER BY ts) AS prev,
       LEAD(v, 1, 0) OVER (PARTITION BY k ORDER BY ts) AS next,
       SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair_sum
FROM events
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl',
      'watermark.max_out_of_orderness' = '10s', 'late.data.strategy' = 'dead_letter', 'dlq.path' = '${dlq}');
