-- nested quantifiers on a 30-character value: exponential for a backtracking engine (the job
-- hung), immediate on the linear-time one (row 3: 3,000 characters); LIKE with many % likewise
CREATE STREAM items (id INTEGER, label VARCHAR)
WITH ('items.type' = 'file_source', 'items.path' = 'input.csv', 'items.format' = 'csv');

CREATE STREAM out AS
SELECT id, REGEXP(label, '^(a+)+$') AS nested, label LIKE '%a%a%a%a%a%a%c' AS many_wildcards
FROM items
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
