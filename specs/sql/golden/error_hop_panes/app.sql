-- a 1 hour window advancing by 7001 ms has a modest size/slide ratio (514.2), but its panes are
-- gcd(3600000, 7001) = 1 ms wide: 3,600,000 panes per window; refused at planning
CREATE STREAM events (k VARCHAR, ts TIMESTAMP, v INTEGER)
WITH ('events.type' = 'file_source', 'events.path' = 'input.jsonl', 'events.format' = 'jsonl');

CREATE STREAM out AS
SELECT k, COUNT(*) AS n
FROM events
GROUP BY k
WINDOW SLIDING(ts, INTERVAL '1' HOUR, INTERVAL '7001' MILLISECOND)
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
