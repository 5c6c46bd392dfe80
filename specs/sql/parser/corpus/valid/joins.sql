-- Joins: kinds, aliases, WITHIN, subqueries and URIs as inputs.
SELECT t.symbol, t.price, q.bid FROM trades t JOIN quotes q ON t.symbol = q.symbol WITHIN 5s;
SELECT t.symbol, q.bid FROM trades AS t INNER JOIN quotes AS q ON t.symbol = q.symbol WITHIN INTERVAL '1' MINUTE;
SELECT t.symbol, i.sector FROM trades t LEFT JOIN instruments i ON t.symbol = i.symbol;
SELECT t.symbol, i.sector FROM trades t LEFT OUTER JOIN instruments i ON t.symbol = i.symbol;
SELECT o.id, s.ts FROM orders o RIGHT JOIN shipments s ON o.id = s.order_id WITHIN 24h;
SELECT o.id, s.ts FROM orders o RIGHT OUTER JOIN shipments s ON o.id = s.order_id;
SELECT o.id, s.ts FROM orders o FULL OUTER JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '24' HOUR;
SELECT o.id FROM orders o FULL JOIN shipments s ON o.id = s.order_id;
SELECT a.x, b.y, c.z FROM a JOIN b ON a.id = b.id LEFT JOIN c ON b.id = c.id WITHIN 10m;
SELECT t.*, i.sector FROM trades t JOIN instruments i ON t.symbol = i.symbol;
SELECT big.symbol FROM (SELECT symbol, price FROM trades WHERE price > 100) AS big JOIN instruments i ON big.symbol = i.symbol;
SELECT s.symbol FROM (SELECT symbol FROM trades) s;
SELECT * FROM 'file://data/trades.csv' t;
SELECT * FROM 'file://data/trades.csv' AS t JOIN 'kafka://quotes' q ON t.symbol = q.symbol;
SELECT * FROM trades t JOIN quotes q ON t.symbol = q.symbol AND ABS(t.ts - q.ts) < 1000;
