CREATE STREAM left_trades (trade_id INTEGER, symbol VARCHAR, price DECIMAL(10,4), quantity INTEGER, side VARCHAR, trade_time TIMESTAMP)
WITH ('left_trades.type' = 'file_source', 'left_trades.path' = 'left.csv', 'left_trades.format' = 'csv');
CREATE STREAM right_trades (trade_id INTEGER, symbol VARCHAR, price DECIMAL(10,2), quantity INTEGER, side VARCHAR, trade_time TIMESTAMP)
WITH ('right_trades.type' = 'file_source', 'right_trades.path' = 'right.csv', 'right_trades.format' = 'csv');

CREATE STREAM out AS
WITH buys AS (SELECT trade_id, symbol, price * quantity AS notional FROM left_trades WHERE side = 'BUY')
SELECT trade_id, notional FROM buys
UNION ALL
SELECT t.trade_id, t.notional FROM (SELECT trade_id, price * quantity AS notional FROM right_trades) AS t WHERE t.notional > 1
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
