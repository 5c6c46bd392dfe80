CREATE STREAM trades (trade_id BIGINT, qty INTEGER, price DECIMAL(18,4), rate DECIMAL(38,20), x DOUBLE, ts TIMESTAMP)
WITH ('trades.type' = 'file_source', 'trades.path' = 'input.jsonl', 'trades.format' = 'jsonl');

-- JSON numbers keep every digit of their text; a value outside its column's range is a bad record
CREATE STREAM out AS
SELECT trade_id, trade_id + 1 AS next_id, qty, price, rate, x, ts FROM trades
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl',
      'failure_strategy' = 'dead_letter', 'dlq.path' = '${dlq}');
