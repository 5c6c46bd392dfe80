-- An aggregate without GROUP BY over no rows gives one row, as in SQL: COUNT(*) is 0 and the
-- other aggregates are NULL. With GROUP BY there is no group, so no row.
CREATE STREAM trades (trade_id INTEGER, symbol VARCHAR, price DECIMAL(10,4), quantity INTEGER, side VARCHAR, trade_time TIMESTAMP)
WITH ('trades.type' = 'file_source', 'trades.path' = 'input.csv', 'trades.format' = 'csv');

CREATE STREAM out AS
SELECT COUNT(*) AS n, SUM(price) AS total, MIN(symbol) AS first_symbol, AVG(quantity) AS mean FROM trades WHERE false
UNION ALL
SELECT COUNT(*) AS n, SUM(price) AS total, MIN(symbol) AS first_symbol, AVG(quantity) AS mean FROM trades WHERE price < 0 GROUP BY side
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
