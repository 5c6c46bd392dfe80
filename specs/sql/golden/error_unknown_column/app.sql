CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv');

CREATE STREAM out AS
SELECT id,
       lable
FROM items
WITH ('out.type' = 'file_sink', 'out.path' = '${output}');
