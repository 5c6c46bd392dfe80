-- ORDER BY without aggregation on bounded input: a full sort at the end (stable), as PostgreSQL:
-- NULLs last ascending and first descending unless NULLS is written; a bare name is an output
-- column first (price here is the negated one); a key need not be selected (id breaks ties).
CREATE STREAM t (id INTEGER, venue VARCHAR, qty INTEGER, price DECIMAL(10,2))
WITH ('t.type' = 'file_source', 't.path' = 'input.csv', 't.format' = 'csv');

CREATE STREAM out AS
SELECT venue, qty, -price AS price
FROM t
WHERE id <> 4
ORDER BY qty DESC, venue NULLS FIRST, price, id
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
