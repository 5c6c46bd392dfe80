CREATE STREAM payments (id INTEGER, amount DECIMAL(10,2))
WITH ('payments.type' = 'file_source', 'payments.path' = 'input.csv', 'payments.format' = 'csv');

-- malformed records go to the dead-letter file with their raw text; nothing else is lost
CREATE STREAM out AS
SELECT id, amount * 2 AS doubled FROM payments
WITH ('out.type' = 'file_sink', 'out.path' = '${output}', 'out.format' = 'jsonl',
      'failure_strategy' = 'dead_letter', 'dlq.path' = '${dlq}');
