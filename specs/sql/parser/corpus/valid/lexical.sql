/* Block comment before everything,
   spanning lines. */
-- Plain comment.
-- @app: lexical_corpus
-- @deployment.region: ${REGION:eu-west-1}
-- @observability.metrics.enabled: true
-- @name
select Symbol, "Price", `Qty` from "Trades" where "Price" > 0; -- trailing comment

/* Keyword-ish names used as columns, tables and aliases. */
SELECT timestamp, date, value, key, window, first, last, stream, table, version, start, stop, session, rows, range,
       partition, schema, properties, record, row, buffer, strategy, hour, minute, second, day, month, year, changes, final
FROM events;
SELECT e.timestamp, e.window, e.key AS k, e.value AS v FROM events e WHERE e.date > DATE '2024-01-01';
SELECT x AS window, y AS timestamp, z AS left FROM window;
SELECT x FROM stream AS s JOIN table AS tb ON s.key = tb.key;
SELECT timestamp date, x key, y first, z last FROM t;
-- Every interval form.
SELECT INTERVAL '5' SECOND, INTERVAL '5' SECONDS, INTERVAL '5 seconds', INTERVAL 5 MINUTES, INTERVAL '1.5' HOUR,
       INTERVAL '-2' DAY, INTERVAL '100' MILLISECOND, 500ms, 30s, 5m, 1h, 1d, 10S, 2H FROM t;
SELECT ts + INTERVAL '5' MINUTE, ts - 1h, INTERVAL '3' days * 2 FROM t;
-- Casts with ::, comments between tokens, mixed case keywords.
SeLeCt price /* inline */ :: decimal(10, 2) AS p -- end of line
FrOm t;;
;
SELECT 'semi;colon', 'dash -- not a comment', 'slash /* not a comment */' FROM t;
SELECT "select", "from", "Quoted.Dot" FROM "my table";
SELECT ÄÖÜ, naïve, 名前, Ωmega FROM données
