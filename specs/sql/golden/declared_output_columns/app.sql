CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv');

-- the column list of CREATE STREAM ... AS renames and converts the query's output
CREATE STREAM out (item_id VARCHAR PRIMARY KEY, name VARCHAR, score DECIMAL(6,2)) AS
SELECT id, UPPER(label), id * 1.5 FROM items WHERE id <> 2
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
