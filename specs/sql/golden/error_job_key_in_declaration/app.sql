CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl', 'late.data.strategy' = 'drop');

CREATE STREAM out AS
SELECT k, COUNT(*) AS n FROM events GROUP BY k
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
