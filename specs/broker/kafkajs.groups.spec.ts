import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer, Kafka } from 'kafkajs';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { kafkaFor, testBroker, waitFor } from './helpers.js';

interface Assignment {
  readonly memberId: string;
  readonly leaderId: string;
  readonly partitions: readonly number[];
}

/** Starts a group member that records every assignment it receives. */
async function member(kafka: Kafka, topic: string, assignments: Map<Consumer, Assignment>): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: 'rebalancing', maxWaitTimeInMs: 100, heartbeatInterval: 100, sessionTimeout: 6000, rebalanceTimeout: 6000 });
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    assignments.set(consumer, {
      memberId: event.payload.memberId,
      leaderId: event.payload.leaderId,
      partitions: (event.payload.memberAssignment[topic] ?? []).slice().sort(),
    });
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => {} });
  return consumer;
}

/** Waits until the given consumers agree on a leader and their assignments cover `partitions` without overlap. */
function stable(assignments: Map<Consumer, Assignment>, members: readonly Consumer[], partitions: number): Promise<Assignment[]> {
  return waitFor('a stable assignment', () => {
    const current = members.map((m) => assignments.get(m));
    if (current.some((a) => a === undefined)) return undefined;
    const all = current as Assignment[];
    const owned = all.flatMap((a) => a.partitions).sort((a, b) => a - b);
    const everyPartitionOnce = owned.length === partitions && owned.every((p, i) => p === i);
    return everyPartitionOnce && new Set(all.map((a) => a.leaderId)).size === 1 ? all : undefined;
  }, 30_000);
}

describe('broker consumer groups with kafkajs', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await testBroker();
  });

  afterAll(async () => {
    await broker.close();
  });

  it('rebalances a two-member group when one joins and when one leaves', async () => {
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'groups-topic', numPartitions: 4 }] });
    const assignments = new Map<Consumer, Assignment>();
    const first = await member(kafka, 'groups-topic', assignments);
    const [alone] = await stable(assignments, [first], 4);
    expect(alone?.partitions).toEqual([0, 1, 2, 3]);
    const firstGeneration = broker.state.groups.get('rebalancing')?.generation ?? Infinity;

    const second = await member(kafka, 'groups-topic', assignments);
    const both = await stable(assignments, [first, second], 4);
    expect(both.map((a) => a.partitions.length)).toEqual([2, 2]);
    expect(broker.state.groups.get('rebalancing')?.generation).toBeGreaterThan(firstGeneration);
    const described = await admin.describeGroups(['rebalancing']);
    expect(described.groups[0]?.state).toBe('Stable');
    expect(described.groups[0]?.members).toHaveLength(2);

    await first.disconnect();
    assignments.delete(first);
    const [remaining] = await stable(assignments, [second], 4);
    expect(remaining?.partitions).toEqual([0, 1, 2, 3]);
    await second.disconnect();
    await admin.disconnect();
  }, 60_000);

  it('resumes a restarted consumer from its committed offset', async () => {
    const kafka = kafkaFor(broker);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'groups-resume', messages: [{ value: 'a' }, { value: 'b' }] });
    const read = async (count: number): Promise<string[]> => {
      const consumer = kafka.consumer({ groupId: 'resumer', maxWaitTimeInMs: 100 });
      const values: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: 'groups-resume', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => { values.push(String(message.value)); } });
      await waitFor(`${count} records`, () => (values.length >= count ? true : undefined));
      await consumer.disconnect();
      return values;
    };
    expect(await read(2)).toEqual(['a', 'b']);
    await producer.send({ topic: 'groups-resume', messages: [{ value: 'c' }] });
    expect(await read(1)).toEqual(['c']);
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchOffsets({ groupId: 'resumer', topics: ['groups-resume'] })).toEqual([
      { topic: 'groups-resume', partitions: [{ partition: 0, offset: '3', metadata: null }] },
    ]);
    await admin.disconnect();
  }, 30_000);
});
