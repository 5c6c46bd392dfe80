-- @app: trading_example
-- @description: Jobs over 5,000 bundled trades: filters, projections, exact fee
--               arithmetic, string and time functions, one-minute VWAP bars, per-symbol
--               moves and moving averages (OVER). Results go to examples/trading/output/

-- The bundled trades (CSV with a header). The declared types make prices exact DECIMALs.
CREATE STREAM trades (
  trade_id   BIGINT NOT NULL,
  symbol     VARCHAR NOT NULL,
  price      DECIMAL(18, 4) NOT NULL,
  quantity   INTEGER NOT NULL,
  side       VARCHAR NOT NULL,
  trader_id  VARCHAR NOT NULL,
  exchange   VARCHAR NOT NULL,
  trade_time TIMESTAMP NOT NULL
) WITH (
  'trades.type' = 'file_source',
  'trades.path' = 'data/trades.csv',
  'trades.format' = 'csv'
);

-- @job: large_trades
-- Block trades: notional of at least 100,000, computed exactly.
CREATE STREAM large_trades AS
SELECT trade_id,
       symbol,
       side,
       price,
       quantity,
       price * quantity AS notional,
       trade_time
FROM trades
WHERE price * quantity >= 100000
WITH (
  'large_trades.type' = 'file_sink',
  'large_trades.path' = 'output/large_trades.jsonl',
  'large_trades.format' = 'jsonl'
);

-- @job: trade_fees
-- Exchange fees in basis points, rounded HALF_UP to the cent; sells pay an extra SEC fee.
CREATE STREAM trade_fees AS
SELECT trade_id,
       trader_id,
       symbol,
       price * quantity AS notional,
       CASE exchange
         WHEN 'NYSE' THEN 0.0030
         WHEN 'NASDAQ' THEN 0.0025
         ELSE 0.0020
       END AS fee_rate,
       ROUND(price * quantity * fee_rate, 2) AS exchange_fee,
       CASE WHEN side = 'SELL' THEN ROUND(price * quantity * 0.0000278, 2) ELSE 0.00 END AS sec_fee,
       exchange_fee + sec_fee AS total_fee
FROM trades
WITH (
  'trade_fees.type' = 'file_sink',
  'trade_fees.path' = 'output/trade_fees.jsonl',
  'trade_fees.format' = 'jsonl'
);

-- @job: tech_activity
-- Big-tech buys with string and time functions, as CSV.
CREATE STREAM tech_activity AS
SELECT LOWER(trader_id) AS trader,
       symbol || '@' || exchange AS venue,
       LPAD(CAST(quantity AS VARCHAR), 6, '0') AS padded_quantity,
       EXTRACT(HOUR FROM trade_time) AS trade_hour,
       DATE_TRUNC('minute', trade_time) AS trade_minute,
       price
FROM trades
WHERE symbol IN ('AAPL', 'MSFT', 'GOOGL', 'NVDA')
  AND side = 'BUY'
  AND NOT trader_id LIKE 'T00%'
WITH (
  'tech_activity.type' = 'file_sink',
  'tech_activity.path' = 'output/tech_activity.csv',
  'tech_activity.format' = 'csv'
);

-- @job: vwap_1m
-- Per-symbol one-minute bars on event time: exact VWAP, volume, high and low. Windows close
-- when the watermark passes their end (trades may arrive up to 5 s out of order).
CREATE STREAM vwap_1m AS
SELECT symbol,
       TUMBLE_START(trade_time, INTERVAL '1' MINUTE) AS minute,
       COUNT(*) AS trades,
       SUM(quantity) AS volume,
       ROUND(SUM(price * quantity) / SUM(quantity), 4) AS vwap,
       MIN(price) AS low,
       MAX(price) AS high
FROM trades
GROUP BY symbol, TUMBLE(trade_time, INTERVAL '1' MINUTE)
WITH (
  'vwap_1m.type' = 'file_sink',
  'vwap_1m.path' = 'output/vwap_1m.jsonl',
  'vwap_1m.format' = 'jsonl',
  'watermark.max_out_of_orderness' = '5s'
);

-- @job: price_moves
-- Per-symbol tick analytics on event time: the move since the previous trade, a 5-trade moving
-- average (exact DECIMAL) and the running volume. Rows are emitted once the watermark passes
-- them, so trades arriving up to 5 s out of order are sorted in first.
CREATE STREAM price_moves AS
SELECT trade_id,
       symbol,
       trade_time,
       price,
       price - LAG(price, 1, price) OVER (PARTITION BY symbol ORDER BY trade_time) AS move,
       AVG(price) OVER (PARTITION BY symbol ORDER BY trade_time ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS ma5,
       SUM(quantity) OVER (PARTITION BY symbol ORDER BY trade_time ROWS UNBOUNDED PRECEDING) AS running_volume
FROM trades
WITH (
  'price_moves.type' = 'file_sink',
  'price_moves.path' = 'output/price_moves.jsonl',
  'price_moves.format' = 'jsonl',
  'watermark.max_out_of_orderness' = '5s'
);
