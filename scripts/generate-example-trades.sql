-- Regenerates examples/trading/data/trades.csv from the deterministic datagen source:
--   node bin/ferris.js run scripts/generate-example-trades.sql
CREATE STREAM example_trades AS
SELECT trade_id, symbol, price, quantity, side, trader_id, exchange, trade_time
FROM generated
WITH (
  'generated.type' = 'datagen',
  'generated.count' = '5000',
  'generated.seed' = '7',
  'generated.interval_ms' = '250',
  'example_trades.type' = 'file_sink',
  'example_trades.path' = '../examples/trading/data/trades.csv',
  'example_trades.format' = 'csv'
);
