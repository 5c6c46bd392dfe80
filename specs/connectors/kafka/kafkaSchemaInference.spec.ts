import { describe, expect, it } from 'vitest';
import { consumeJson, kafkaFor, sharedTestBroker } from '../../broker/helpers.js';
import { committedOffsets, createTopics, produce, runApp, tempDir } from './kafkaTestKit.js';


/** Undeclared JSON columns of a Kafka source, inferred from a sample of the topic (the reference guide's form). */
describe('kafka_source without declared columns', () => {
  const broker = sharedTestBroker();

  it("infers the columns from the topic's records, keeps decimals exact, and its sink writes to the source's cluster without its own bootstrap.servers", async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'orders-inferred': 2, 'big-orders': 1 });
    await produce(kafka, 'orders-inferred', [
      { value: '{"order_id": 1, "customer_id": 11, "amount": 50.25, "status": "NEW"}', partition: 0 },
      { value: '{"order_id": 2, "customer_id": 12, "amount": 150.10, "status": "NEW"}', partition: 1 },
      { value: '{"order_id": 3, "customer_id": 13, "amount": 1234567890123456.75, "status": "PAID"}', partition: 0 },
    ]);
    const logged: string[] = [];
    const app = await runApp(
      `CREATE STREAM big_orders AS SELECT order_id, customer_id, amount, status FROM orders WHERE amount > 100.0
       WITH ('source.kafka.bootstrap.servers' = '${broker().address}', 'source.kafka.topic' = 'orders-inferred', 'source.kafka.group.id' = 'g-inferred',
             'source.kafka.auto.offset.reset' = 'earliest', 'sink.kafka.topic' = 'big-orders');`,
      tempDir(),
      { log: (level, message, fields) => void logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) },
    );
    const out = await consumeJson(kafka, 'big-orders', 2, 0);
    const [outcome] = await app.stop();
    expect(outcome!.error).toBeUndefined();
    expect(out.sort((a, b) => Number(a.order_id) - Number(b.order_id))).toEqual([
      { order_id: 2, customer_id: 12, amount: '150.10', status: 'NEW' },
      { order_id: 3, customer_id: 13, amount: '1234567890123456.75', status: 'PAID' },
    ]);
    expect(logged.join('\n')).toMatch(/columns inferred from a sample of the topic .*order_id INTEGER, customer_id INTEGER, amount DECIMAL\(\d+,2\), status STRING/);
    expect(await committedOffsets(kafka, 'g-inferred', 'orders-inferred')).toEqual([2, 1]);
    // The sample's throwaway group is gone; the job's group is the only one left.
    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    await admin.disconnect();
    expect(groups.map((g) => g.groupId).filter((g) => g.startsWith('ferris-schema-sample'))).toEqual([]);
  });

  it('refuses a topic that holds no record within the sample timeout, asking for declared columns', async () => {
    const kafka = kafkaFor(broker());
    await createTopics(kafka, { 'orders-empty': 1 });
    const started = Date.now();
    await expect(
      runApp(
        `CREATE STREAM copy AS SELECT * FROM orders WITH ('source.kafka.bootstrap.servers' = '${broker().address}', 'source.kafka.topic' = 'orders-empty',
           'source.kafka.schema.sample.timeout.ms' = '300', 'sink.kafka.topic' = 'never');`,
        tempDir(),
      ),
    ).rejects.toThrow(/cannot infer the columns of undeclared JSON records: no JSON object record arrived on orders-empty within 300 ms; declare them/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
