CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv');

CREATE STREAM out AS
SELECT a.id, b.label FROM items a
LEFT JOIN items b ON a.id = b.id
WITH ('out.type' = 'file_sink', 'out.path' = '${output}');
