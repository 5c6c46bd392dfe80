-- Every statement kind, several forms each.
-- @app: trading_analytics
-- @version: 1.0.0
-- @description: source declarations
CREATE STREAM trades (
  symbol VARCHAR NOT NULL,
  price DECIMAL(18, 4),
  quantity BIGINT,
  ts TIMESTAMP
) WITH (
  'trades.type' = 'file_source',
  'trades.path' = './data/trades.csv',
  'trades.format' = 'csv',
  'trades.has_headers' = true,
  'batch.size' = 500
);

CREATE TABLE instruments (symbol STRING PRIMARY KEY, sector TEXT, lot_size INT NOT NULL PRIMARY KEY)
  WITH ('instruments.type' = 'file_source', 'instruments.path' = 'ref.csv');

CREATE STREAM raw_ticks WITH ('raw_ticks.type' = 'kafka_source', 'raw_ticks.topic' = 'ticks', retention.ms = -1);

CREATE STREAM nested (id INT, tags ARRAY<STRING>, attrs MAP<STRING, DOUBLE>, point STRUCT<x DOUBLE, y DOUBLE>,
  deep MAP<STRING, ARRAY<STRUCT<name VARCHAR(20), v NUMERIC(10, 2)>>>, flag BOOL, small SMALLINT, tiny TINYINT,
  r REAL, f FLOAT, d DATE, dt DATETIME, c CHAR(3), i INTEGER, n NUMERIC, dec DECIMAL(10), iv INTERVAL, b BOOLEAN);

-- @job_mode: transactional
-- @metric: trade_volume_total
-- @metric_type: counter
-- @metric_labels: symbol
CREATE STREAM big_trades AS
SELECT symbol, price, quantity, price * quantity AS notional
FROM trades
WHERE price * quantity > 100000
EMIT CHANGES
WITH ('big_trades.type' = 'file_sink', 'big_trades.path' = 'out/big.jsonl', 'big_trades.format' = 'json');

CREATE TABLE symbol_totals (symbol STRING PRIMARY KEY, total DECIMAL(38, 4)) AS
SELECT symbol PRIMARY KEY, SUM(quantity) AS total FROM trades GROUP BY symbol;

CREATE STREAM counted AS SELECT COUNT(*) AS n FROM trades EMIT FINAL;

INSERT INTO big_trades SELECT symbol, price, quantity, price * quantity AS notional FROM trades WHERE quantity > 1000;

INSERT INTO audit SELECT * FROM trades EMIT CHANGES WITH ('audit.type' = 'kafka_sink', 'audit.topic' = 'audit');

SELECT symbol, price FROM trades WHERE price > 10 INTO alerts WITH ('alerts.type' = 'kafka_sink');

SELECT symbol FROM trades INTO sink_a EMIT CHANGES;

SELECT * FROM trades LIMIT 10;

SELECT 1;

SHOW STREAMS;
SHOW TABLES;
SHOW JOBS;
SHOW QUERIES;
SHOW FUNCTIONS LIKE 'TUMBLE%';
SHOW TOPICS;
SHOW SCHEMA trades;
SHOW PROPERTIES big_trades;
DESCRIBE trades;
describe "Mixed Case";
EXPLAIN SELECT symbol, AVG(price) FROM trades GROUP BY symbol;
EXPLAIN CREATE STREAM x AS SELECT * FROM trades WITH ('x.type' = 'stdout_sink');
DROP STREAM big_trades;
DROP TABLE IF EXISTS symbol_totals;
DROP STREAM if;
START JOB big_trades;
STOP JOB big_trades;
PAUSE JOB big_trades;
RESUME JOB big_trades;
DEPLOY JOB risk VERSION '2.1.0' AS SELECT symbol, price FROM trades WHERE price > 0;
DEPLOY JOB risk VERSION '2.2.0' AS SELECT symbol FROM trades WITH ('risk.type' = 'stdout_sink') STRATEGY CANARY(10);
DEPLOY JOB risk VERSION '3' AS SELECT symbol FROM trades STRATEGY blue_green;
DEPLOY JOB risk VERSION '4' AS SELECT symbol FROM trades STRATEGY ROLLING;
DEPLOY JOB risk VERSION '5' AS SELECT symbol FROM trades EMIT CHANGES STRATEGY REPLACE
