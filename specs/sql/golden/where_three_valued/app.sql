CREATE STREAM flags (id INTEGER, a BOOLEAN, b BOOLEAN, name VARCHAR)
WITH ('flags.type' = 'file_source', 'flags.path' = 'input.jsonl', 'flags.format' = 'jsonl');

-- NULL AND TRUE is NULL (dropped); NULL OR TRUE is TRUE; NOT binds looser than =.
CREATE STREAM out AS
SELECT id,
       a AND b AS a_and_b,
       a OR b AS a_or_b,
       NOT a = b AS not_equal,
       b IS NULL AS b_missing,
       a IS NOT DISTINCT FROM b AS same,
       name LIKE '%a' AS ends_a,
       name ILIKE 'b%' AS starts_b,
       name LIKE 'delta!%' ESCAPE '!' AS literal_percent,
       COALESCE(name, 'none') AS named
FROM flags
WHERE a OR b OR name LIKE 'delta%'
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl');
