CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv');

CREATE STREAM out AS
SELECT label, COUNT(*) AS n FROM items
GROUP BY label
WITH ('out.type' = 'file_sink', 'out.path' = '${output}');
