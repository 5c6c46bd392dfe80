-- Trades declared after the quotes, the instruments table declared last: it is still loaded
-- before any trade is looked up. Each trade is matched with the quotes of its symbol from
-- 1 s before to 1 s after it (bounds inclusive); FULL keeps unmatched trades and quotes once.
CREATE STREAM quotes (quote_id INTEGER, symbol VARCHAR, bid DECIMAL(10,2), quote_time TIMESTAMP)
WITH ('quotes.type' = 'file_source', 'quotes.path' = 'quotes.csv', 'quotes.format' = 'csv',
      'quotes.event.time.field' = 'quote_time', 'quotes.watermark.max_out_of_orderness' = '2s');
CREATE STREAM trades (trade_id INTEGER, symbol VARCHAR, price DECIMAL(10,2), trade_time TIMESTAMP)
WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'trades.format' = 'csv',
      'trades.event.time.field' = 'trade_time', 'trades.watermark.max_out_of_orderness' = '2s');
CREATE TABLE instruments (symbol VARCHAR PRIMARY KEY, name VARCHAR)
WITH ('instruments.type' = 'file_source', 'instruments.path' = 'instruments.csv', 'instruments.format' = 'csv');

CREATE STREAM out AS
SELECT e.trade_id, e.name, q.quote_id, e.price - q.bid AS spread
FROM (SELECT t.trade_id, t.symbol, t.price, t.trade_time, i.name FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol) e
FULL JOIN quotes q ON e.symbol = q.symbol AND q.quote_time BETWEEN e.trade_time - INTERVAL '1' SECOND AND e.trade_time + INTERVAL '1' SECOND
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
