-- There is no column to select with * when there is no FROM (PostgreSQL and DuckDB refuse it too).
CREATE STREAM out AS
SELECT *
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
