-- Framing recovers and every skipped record is accounted for in the dead letter: a stray quote
-- costs its own record only (framing resumes at the next line, so the real multi-line record
-- after it is read), a closing quote followed by text is one bad record, and so is a record
-- with invalid UTF-8.
CREATE STREAM notes (id INTEGER, note VARCHAR)
WITH ('notes.type' = 'file_source', 'notes.path' = 'input.csv', 'notes.format' = 'csv');

CREATE STREAM out AS
SELECT id, note FROM notes
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl',
      'failure_strategy' = 'dead_letter', 'dlq.path' = '${dlq}');
