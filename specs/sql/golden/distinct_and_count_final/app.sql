-- GROUP BY without a window emits once at the end with EMIT FINAL; NULL keys form one group;
-- ORDER BY sorts what is emitted together
CREATE STREAM t (symbol VARCHAR, side VARCHAR, qty INTEGER)
WITH ('t.type' = 'file_source', 't.path' = 'input.jsonl', 't.format' = 'jsonl');

CREATE STREAM out AS
SELECT symbol, COUNT(*) AS n, SUM(qty) AS total, STRING_AGG(side, '/') AS sides, COUNT(DISTINCT side) AS distinct_sides
FROM t
GROUP BY symbol
ORDER BY total DESC
EMIT FINAL
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
