CREATE STREAM trades (symbol VARCHAR, price DECIMAL(18,4), quantity INTEGER, fee_rate DECIMAL(8,4))
WITH ('trades.type' = 'file_source', 'trades.path' = 'input.csv', 'trades.format' = 'csv');

-- exact decimal arithmetic: scales follow DESIGN.md §4, ROUND is HALF_UP
CREATE STREAM out AS
SELECT symbol,
       price * quantity AS notional,
       price + fee_rate AS plus,
       price - 1 AS minus_one,
       price / 3 AS third,
       ROUND(price * quantity * fee_rate, 2) AS fee,
       -price AS negated,
       quantity / 2 AS half_quantity,
       quantity % 2 AS parity,
       0.1 + 0.2 AS exact_sum
FROM trades
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
