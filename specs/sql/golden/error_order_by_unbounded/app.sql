-- a watched file never ends, so a full ORDER BY could never emit: a planning error that says why
CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv', 'items.watching' = 'true');

CREATE STREAM out AS
SELECT id, label FROM items
ORDER BY label DESC
WITH ('out.type' = 'file_sink', 'out.path' = '${output}');
