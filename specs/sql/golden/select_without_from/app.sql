-- SELECT without FROM reads one row with no columns, as in PostgreSQL and DuckDB: constants
-- give one row, a WHERE that is false gives none, and an aggregate gives one row.
CREATE STREAM out AS
SELECT 1 AS a, 'x' || 'y' AS b, 2.50 * 2 AS c, CAST(NULL AS INTEGER) AS d
UNION ALL
SELECT 2 AS a, 'never' AS b, 0.00 AS c, 0 AS d WHERE 1 = 2
UNION ALL
SELECT COUNT(*) AS a, 'count' AS b, 0.00 AS c, 0 AS d
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
