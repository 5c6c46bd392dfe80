-- CTEs, unions, subqueries, clause combinations.
WITH big AS (SELECT * FROM trades WHERE price > 100) SELECT symbol, COUNT(*) FROM big GROUP BY symbol;
WITH a AS (SELECT x FROM t), b AS (SELECT x FROM a WHERE x > 1) SELECT * FROM a UNION ALL SELECT * FROM b;
SELECT symbol FROM nyse UNION SELECT symbol FROM nasdaq UNION ALL SELECT symbol FROM lse;
SELECT symbol FROM nyse EMIT CHANGES UNION SELECT symbol FROM nasdaq LIMIT 3;
CREATE STREAM merged AS SELECT symbol FROM nyse UNION ALL SELECT symbol FROM nasdaq EMIT CHANGES WITH ('merged.type' = 'stdout_sink');
CREATE STREAM enriched AS WITH r AS (SELECT * FROM ref) SELECT t.id, r.name FROM t JOIN r ON t.rid = r.id;
SELECT * FROM (SELECT * FROM (SELECT a FROM t) AS inner_1) AS outer_1;
SELECT symbol, SUM(qty) AS total FROM trades WHERE price > 0 GROUP BY symbol HAVING SUM(qty) > 100 ORDER BY total DESC LIMIT 10 EMIT CHANGES WITH ('k' = 'v');
SELECT * FROM trades WHERE symbol IN (SELECT symbol FROM watchlist WHERE active = TRUE) AND price > (SELECT AVG(price) FROM trades);
SELECT symbol, price * quantity AS notional, notional * 2 AS double_notional FROM trades;
SELECT symbol AS s PRIMARY KEY, region PRIMARY KEY, COUNT(*) FROM trades GROUP BY symbol, region;
