import { describe, expect, it } from 'vitest';
import { consumeJson, kafkaFor, sharedTestBroker, waitFor } from '../broker/helpers.js';
import { committedOffsets, createTopics, produce } from '../connectors/kafka/kafkaTestKit.js';
import { startServerProcess } from './serverProcess.js';


/** `ferris server` (the built binary) with a Kafka-to-Kafka job against our broker over TCP. */
describe('ferris server with Kafka', () => {
  const broker = sharedTestBroker();

  it('on SIGTERM drains the deployed job (its open window emitted), commits every offset read and exits 0', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'srv-ticks': 2, 'srv-per-minute': 1 });
    const base = Date.UTC(2024, 0, 1);
    const ticks = [
      { value: JSON.stringify({ symbol: 'AAPL', ts: base + 1000, qty: 1 }), partition: 0 },
      { value: JSON.stringify({ symbol: 'AAPL', ts: base + 2000, qty: 2 }), partition: 1 },
      { value: JSON.stringify({ symbol: 'AAPL', ts: base + 61_000, qty: 10 }), partition: 0 },
      { value: JSON.stringify({ symbol: 'AAPL', ts: base + 62_000, qty: 20 }), partition: 1 },
    ];
    await produce(kafka, 'srv-ticks', ticks);
    const server = await startServerProcess([]);
    const sql =
      `CREATE STREAM ticks (symbol STRING, ts TIMESTAMP, qty INTEGER) WITH ('ticks.type' = 'kafka_source', 'ticks.bootstrap.servers' = '${broker().address}',
         'ticks.topic' = 'srv-ticks', 'ticks.group.id' = 'srv-group', 'ticks.auto.offset.reset' = 'earliest', 'ticks.session.timeout.ms' = '1000');
       CREATE STREAM per_minute AS SELECT symbol, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS minute, SUM(qty) AS total
       FROM ticks GROUP BY symbol, TUMBLE(ts, INTERVAL '1' MINUTE)
       WITH ('event.time.field' = 'ts', 'per_minute.type' = 'kafka_sink', 'per_minute.bootstrap.servers' = '${broker().address}', 'per_minute.topic' = 'srv-per-minute');`;
    const deployed = await fetch(`${server.url}/sql`, { method: 'POST', body: sql, headers: { 'content-type': 'text/plain' } });
    expect(await deployed.json()).toEqual({ jobs: ['per_minute'] });
    expect(await consumeJson(kafka, 'srv-per-minute', 1, 200, 20_000)).toEqual([{ symbol: 'AAPL', minute: '2024-01-01T00:00:00.000Z', total: 3 }]);
    expect(await committedOffsets(kafka, 'srv-group', 'srv-ticks')).toEqual([-1, -1]);
    // /metrics: no lag left on either partition once all is read; the bytes in are those of the four values.
    const sample = (text: string, series: string): number | undefined => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const lagOf = (text: string, partition: number): number | undefined => sample(text, `ferris_kafka_consumer_lag{job="per_minute",topic="srv-ticks",partition="${partition}"}`);
    const metrics = await waitFor('no lag on either partition', async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return lagOf(text, 0) === 0 && lagOf(text, 1) === 0 ? text : undefined;
    }, 10_000);
    expect(sample(metrics, 'ferris_bytes_in_total{job="per_minute"}')).toBe(ticks.reduce((sum, t) => sum + Buffer.byteLength(t.value), 0));
    expect(sample(metrics, 'ferris_bytes_out_total{job="per_minute"}')).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect((await consumeJson(kafka, 'srv-per-minute', 2, 200, 20_000))[1]).toEqual({ symbol: 'AAPL', minute: '2024-01-01T00:01:00.000Z', total: 30 });
    expect(await committedOffsets(kafka, 'srv-group', 'srv-ticks')).toEqual([2, 2]);
  }, 60_000);
});
