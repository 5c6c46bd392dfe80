CREATE STREAM trades (trade_id INTEGER, symbol VARCHAR, price DECIMAL(10,4), quantity INTEGER, side VARCHAR, trade_time TIMESTAMP)
WITH ('trades.type' = 'file_source', 'trades.path' = 'input.csv', 'trades.format' = 'csv');

CREATE STREAM out AS
SELECT trade_id,
       UPPER(symbol) AS ticker,
       CASE side WHEN 'BUY' THEN 1 WHEN 'SELL' THEN -1 END AS direction,
       CASE WHEN price > 200 THEN 'high' ELSE 'low' END AS band,
       CAST(price AS INTEGER) AS whole_price,
       price::DECIMAL(10,1) AS price_1dp,
       CAST(quantity AS VARCHAR) || ' shares' AS label,
       EXTRACT(YEAR FROM trade_time) AS year,
       EXTRACT(HOUR FROM trade_time) AS hour,
       DATE_TRUNC('hour', trade_time) AS hour_start,
       LPAD(symbol, 6, '*') AS padded,
       SUBSTRING(symbol, 2, 2) AS middle,
       LENGTH(side) AS side_length,
       trade_time + INTERVAL '1' DAY AS next_day
FROM trades
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
