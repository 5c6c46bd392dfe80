CREATE STREAM a AS SELECT k FROM b;
CREATE STREAM b AS SELECT k FROM c;
CREATE STREAM c AS SELECT k FROM a WITH ('c.type' = 'file_sink', 'c.path' = '${output}', 'c.format' = 'jsonl');
