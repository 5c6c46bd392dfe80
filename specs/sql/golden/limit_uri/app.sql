-- a quoted URI in FROM reads a file by its extension; LIMIT stops after n rows
SELECT id, label, _offset AS record_index, _partition AS file_index
FROM 'file://input.csv'
LIMIT 3
INTO out
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
