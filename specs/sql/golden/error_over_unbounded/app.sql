-- a watched file never ends: a window ordered by a column that is not event time would hold
-- its rows for ever, so it is a planning error that says why
CREATE STREAM items (id INTEGER, label VARCHAR, price INTEGER)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv', 'items.watching' = 'true');

CREATE STREAM out AS
SELECT id, RANK() OVER (PARTITION BY label ORDER BY price DESC) AS r FROM items
WITH ('out.type' = 'file_sink', 'out.path' = '${output}');
