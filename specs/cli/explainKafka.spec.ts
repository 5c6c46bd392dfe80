import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ferris = join(import.meta.dirname, '../../bin/ferris.js');

/** `ferris explain app.sql` in a fresh directory holding `sql`. */
async function explain(sql: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ferris-explain-kafka-'));
  writeFileSync(join(dir, 'app.sql'), sql);
  const { stdout } = await promisify(execFile)(process.execPath, [ferris, 'explain', 'app.sql'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FERRIS_LOG_LEVEL: 'warn' } });
  return stdout;
}

/** The lines of the settings table of `connector` in EXPLAIN's output. */
function settingsTable(output: string, connector: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${connector} (`));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('    '));
  return lines.slice(start, end < 0 ? undefined : end).map((l) => l.trimEnd());
}

/** The widest cell of the sink's table below. */
const UNSUPPORTED = 'kafkajs has no equivalent; strategy low_latency suggests 16777216, not applied';

describe('ferris explain of Kafka jobs', () => {
  it('shows the client settings of every Kafka source and sink and where each came from, without a broker', async () => {
    // Nothing listens on port 1: explain must not connect.
    const output = await explain(`CREATE STREAM orders (order_id INTEGER, amount DOUBLE) WITH (
  'orders.type' = 'kafka_source', 'orders.bootstrap.servers' = '127.0.0.1:1', 'orders.topic' = 'orders');
CREATE STREAM big AS SELECT order_id, amount FROM orders WHERE amount > 100.0 WITH (
  'batch.strategy' = 'low_latency',
  'source.fetch.max.wait.ms' = '20',
  'sink.kafka.topic' = 'big',
  'sink.linger.ms' = '50',
  'sink.kafka.batch.size' = '32768'
);
`);
    expect(output).toContain('Kafka client settings:');
    expect(settingsTable(output, 'orders')).toEqual([
      '  orders (kafka_source, batch strategy low_latency):',
      '    setting                    value     from',
      '    -------------------------  --------  -----------------------------------',
      '    fetch.min.bytes            1         strategy low_latency',
      "    fetch.max.wait.ms          20        user, as 'source.fetch.max.wait.ms'",
      '    fetch.max.bytes            10485760  default',
      '    max.partition.fetch.bytes  1048576   default',
      '    max.poll.records           10        strategy low_latency',
      '    session.timeout.ms         10000     strategy low_latency',
      '    heartbeat.interval.ms      1000      strategy low_latency',
      '    receive.buffer.bytes       -         kafkajs has no equivalent',
    ]);
    expect(settingsTable(output, 'big')).toEqual([
      '  big (kafka_sink, batch strategy low_latency):',
      '    setting           value  from',
      `    ----------------  -----  ${'-'.repeat(UNSUPPORTED.length)}`,
      "    batch.size        32768  user, as 'sink.kafka.batch.size'",
      "    linger.ms         50     user, as 'sink.linger.ms'",
      '    compression.type  none   strategy low_latency',
      '    acks              1      strategy low_latency',
      '    retries           0      strategy low_latency',
      `    buffer.memory     -      ${UNSUPPORTED}`,
    ]);
  });

  it('says which suggestions a transactional sink passes over, and prints no section for a job without Kafka', async () => {
    const output = await explain(`CREATE STREAM orders (n INTEGER) WITH ('orders.type' = 'kafka_source', 'orders.bootstrap.servers' = '127.0.0.1:1', 'orders.topic' = 'orders');
CREATE STREAM out AS SELECT n FROM orders WITH ('mode' = 'transactional', 'out.type' = 'kafka_sink', 'out.topic' = 'out', 'out.batch.strategy' = 'low_latency');
CREATE STREAM copy (n INTEGER) WITH ('copy.type' = 'file_source', 'copy.path' = 'in.jsonl');
CREATE STREAM copied AS SELECT n FROM copy WITH ('copied.type' = 'file_sink', 'copied.path' = 'out.jsonl');
`);
    const sink = settingsTable(output, 'out');
    expect(sink[0]).toBe('  out (kafka_sink, batch strategy low_latency):');
    expect(sink).toContain('    acks              all    default; strategy low_latency suggests 1, not applied: a transaction needs acks = all');
    // The source takes the job's strategy: the job has none (the sink's own is the sink's).
    expect(settingsTable(output, 'orders')[0]).toBe('  orders (kafka_source, no batch strategy):');
    expect(output.split('Kafka client settings:')).toHaveLength(2);
  });
});
