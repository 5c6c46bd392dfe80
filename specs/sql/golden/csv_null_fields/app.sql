-- CSV NULL (PostgreSQL COPY CSV, DuckDB): an unquoted empty field is NULL in every column type,
-- a quoted empty field ("") is the empty string. So ids 2 and 5 form the NULL group, id 3 the
-- '' group, COALESCE replaces only NULL, and COUNT(col) skips only NULL.
CREATE STREAM t (id INTEGER, venue VARCHAR, qty INTEGER, price DECIMAL(10,2))
WITH ('t.type' = 'file_source', 't.path' = 'input.csv', 't.format' = 'csv');

CREATE STREAM out AS
SELECT venue, COALESCE(venue, 'UNKNOWN') AS label, venue IS NULL AS missing, COUNT(*) AS n,
       SUM(qty) AS qty, COUNT(qty) AS with_qty, COUNT(price) AS priced, COUNT(DISTINCT venue) AS venues
FROM t
GROUP BY venue
ORDER BY n DESC, label
EMIT FINAL
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
