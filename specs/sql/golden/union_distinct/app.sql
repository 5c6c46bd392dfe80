-- UNION (distinct) of two desks' fills: a row is emitted once, the first time it is seen, in
-- either input; equal decimals of different scales (150.5 and 150.5000) are one row, and NULLs
-- are equal for distinctness. Column names come from the first branch.
CREATE STREAM desk_a (symbol VARCHAR, price DECIMAL(10,4), side VARCHAR)
WITH ('desk_a.type' = 'file_source', 'desk_a.path' = 'desk_a.csv', 'desk_a.format' = 'csv');
CREATE STREAM desk_b (ticker VARCHAR, px DECIMAL(10,2), side VARCHAR)
WITH ('desk_b.type' = 'file_source', 'desk_b.path' = 'desk_b.jsonl', 'desk_b.format' = 'jsonl');

CREATE STREAM out AS
SELECT symbol, price, side FROM desk_a
UNION
SELECT ticker, px, side FROM desk_b
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
