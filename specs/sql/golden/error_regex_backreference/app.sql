-- a backreference needs a backtracking engine; patterns run on a linear-time one (RE2)
CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv');

CREATE STREAM out AS
SELECT id
FROM items
WHERE REGEXP(label, '^(\w)\1')
WITH ('out.type' = 'file_sink', 'out.path' = '${output}');
