/*
 * The Kafka examples of the original system's reference guide
 * (ferrisstreams-performance-guide.md), copied as written; only `localhost:9092` is replaced by
 * the test broker's address when they run. Each names the section it comes from.
 */

/** One example: its section in the guide and its SQL. */
export interface GuideExample {
  readonly section: string;
  readonly sql: string;
}

/** "Source-Specific Batch Configuration". */
export const SOURCE_BATCH: GuideExample = {
  section: 'Source-Specific Batch Configuration',
  sql: `-- Configure batch settings for specific source
CREATE STREAM orders AS
SELECT * FROM kafka_source
WITH (
    'kafka.bootstrap.servers' = 'localhost:9092',
    'kafka.topic' = 'orders',
    'batch.strategy' = 'time_window',
    'batch.window' = '5s',
    'batch.enable' = 'true'
);`,
};

/** "Sink-Specific Batch Configuration". */
export const SINK_BATCH: GuideExample = {
  section: 'Sink-Specific Batch Configuration',
  sql: `-- Configure batch settings for specific sink
INSERT INTO kafka_sink
SELECT * FROM processed_orders
WITH (
    'kafka.bootstrap.servers' = 'localhost:9092',
    'kafka.topic' = 'processed_orders',
    'batch.strategy' = 'memory_based',
    'batch.memory_size' = '2097152',
    'batch.enable' = 'true'
);`,
};

/** "Pattern 1: Kafka Configuration (ACTUALLY SUPPORTED)". */
export const PATTERN_1: GuideExample = {
  section: 'Pattern 1: Kafka Configuration',
  sql: `CREATE STREAM processed_orders AS
SELECT order_id, customer_id, amount, status
FROM orders
WHERE amount > 100.0
WITH (
    -- Kafka settings (ACTUALLY SUPPORTED)
    'source.kafka.bootstrap.servers' = 'localhost:9092',
    'source.kafka.topic' = 'orders',
    'source.kafka.group.id' = 'processor',
    'sink.kafka.topic' = 'processed-orders',
    'sink.kafka.compression.type' = 'snappy',
    'sink.kafka.batch.size' = '32768'
);`,
};

/** "Actual SQL Configuration Support". */
export const REAL_EXAMPLE: GuideExample = {
  section: 'Actual SQL Configuration Support',
  sql: `-- What IS supported: Kafka/File connector properties
CREATE STREAM real_example AS
SELECT order_id, customer_id, amount
FROM orders
WHERE amount > 100.0
WITH (
    'source.kafka.bootstrap.servers' = 'localhost:9092',
    'source.kafka.topic' = 'orders',
    'source.kafka.group.id' = 'processor',
    'source.kafka.fetch.min.bytes' = '1024',
    'sink.kafka.topic' = 'processed-orders',
    'sink.kafka.compression.type' = 'lz4',
    'sink.kafka.batch.size' = '32768'
);`,
};

/** An example with the guide's broker address replaced by `address`. */
export function against(example: GuideExample, address: string): string {
  return example.sql.replaceAll('localhost:9092', address);
}
