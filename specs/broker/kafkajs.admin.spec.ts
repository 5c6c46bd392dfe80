import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, type Admin } from 'kafkajs';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { kafkaFor, testBroker } from './helpers.js';

describe('broker with the kafkajs admin client', () => {
  let broker: RunningBroker;
  let admin: Admin;

  beforeAll(async () => {
    broker = await testBroker({ defaultPartitions: 3 });
    admin = kafkaFor(broker).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await broker.close();
  });

  it('reports itself as the only broker and the controller', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }]);
    expect(cluster.controller).toBe(1);
    expect(cluster.clusterId).toBe('ferris-broker');
  });

  it('creates topics, refuses duplicates, lists, describes and deletes them', async () => {
    expect(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 4 }, { topic: 'admin-b' }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'admin-a' }] })).toBe(false);
    await expect(admin.createTopics({ topics: [{ topic: 'admin-r', replicationFactor: 3 }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })],
    });
    expect((await admin.listTopics()).sort()).toEqual(expect.arrayContaining(['admin-a', 'admin-b']));
    const meta = await admin.fetchTopicMetadata({ topics: ['admin-a', 'admin-b'] });
    expect(meta.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([['admin-a', 4], ['admin-b', 3]]);
    await admin.deleteTopics({ topics: ['admin-b'] });
    expect(await admin.listTopics()).not.toContain('admin-b');
    expect(await admin.createTopics({ topics: [{ topic: 'admin-b', numPartitions: 1 }] })).toBe(true);
    expect((await admin.fetchTopicMetadata({ topics: ['admin-b'] })).topics[0]?.partitions).toHaveLength(1);
  });

  it('grows partitions and rejects shrinking', async () => {
    await admin.createTopics({ topics: [{ topic: 'admin-grow', numPartitions: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'admin-grow', count: 3 }] });
    expect((await admin.fetchTopicMetadata({ topics: ['admin-grow'] })).topics[0]?.partitions).toHaveLength(3);
    await expect(admin.createPartitions({ topicPartitions: [{ topic: 'admin-grow', count: 2 }] })).rejects.toThrow();
  });

  it('reports offsets, moves the log start with deleteTopicRecords, and sets group offsets', async () => {
    await admin.createTopics({ topics: [{ topic: 'admin-offsets', numPartitions: 1 }] });
    const producer = kafkaFor(broker).producer();
    await producer.connect();
    await producer.send({ topic: 'admin-offsets', messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}` })) });
    await producer.disconnect();
    expect(await admin.fetchTopicOffsets('admin-offsets')).toEqual([{ partition: 0, offset: '10', high: '10', low: '0' }]);
    await admin.deleteTopicRecords({ topic: 'admin-offsets', partitions: [{ partition: 0, offset: '4' }] });
    expect(await admin.fetchTopicOffsets('admin-offsets')).toEqual([{ partition: 0, offset: '10', high: '10', low: '4' }]);
    const byTime = await admin.fetchTopicOffsetsByTimestamp('admin-offsets', Date.now() + 60_000);
    expect(byTime).toEqual([{ partition: 0, offset: '10' }]);
    await admin.setOffsets({ groupId: 'admin-group', topic: 'admin-offsets', partitions: [{ partition: 0, offset: '7' }] });
    const fetched = await admin.fetchOffsets({ groupId: 'admin-group', topics: ['admin-offsets'] });
    expect(fetched).toEqual([{ topic: 'admin-offsets', partitions: [{ partition: 0, offset: '7', metadata: null }] }]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain('admin-group');
    await admin.deleteGroups(['admin-group']);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain('admin-group');
  });

  it.each([CompressionTypes.None, CompressionTypes.GZIP])('finds the first record at or after a timestamp (codec %i)', async (compression) => {
    const topic = `admin-times-${compression}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafkaFor(broker).producer();
    await producer.connect();
    await producer.send({ topic, compression, messages: [{ value: 'a', timestamp: '1000' }, { value: 'b', timestamp: '3000' }, { value: 'c', timestamp: '2000' }] });
    await producer.send({ topic, compression, messages: [{ value: 'd', timestamp: '5000' }] });
    await producer.disconnect();
    const at = async (ts: number): Promise<string | undefined> => (await admin.fetchTopicOffsetsByTimestamp(topic, ts))[0]?.offset;
    expect(await at(500)).toBe('0');
    expect(await at(1500)).toBe('1');
    expect(await at(2500)).toBe('1');
    expect(await at(4000)).toBe('3');
    expect(await at(6000)).toBe('4');
  });

  it('drops the oldest batches beyond retention.bytes and rejects a malformed value', async () => {
    await admin.createTopics({ topics: [{ topic: 'admin-retention', numPartitions: 1, configEntries: [{ name: 'retention.bytes', value: '1000' }] }] });
    await expect(admin.createTopics({ topics: [{ topic: 'admin-retention-bad', configEntries: [{ name: 'retention.bytes', value: 'lots' }] }] }))
      .rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    const producer = kafkaFor(broker).producer();
    await producer.connect();
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'admin-retention', messages: [{ value: 'x'.repeat(300) }] });
    await producer.disconnect();
    const [offsets] = await admin.fetchTopicOffsets('admin-retention');
    expect(offsets?.high).toBe('10');
    expect(Number(offsets?.low)).toBeGreaterThanOrEqual(7);
    expect(Number(offsets?.low)).toBeLessThan(10);
  });

  it('describes broker and topic configs', async () => {
    await admin.createTopics({ topics: [{ topic: 'admin-configs', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const { resources } = await admin.describeConfigs({
      resources: [{ type: 4, name: '1', configNames: ['transaction.max.timeout.ms'] }, { type: 2, name: 'admin-configs' }],
      includeSynonyms: false,
    });
    expect(resources[0]?.configEntries.map((e) => [e.configName, e.configValue])).toEqual([['transaction.max.timeout.ms', '900000']]);
    expect(resources[1]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue).toBe('compact');
  });

  it('binds all interfaces while advertising a reachable host', async () => {
    const wide = await testBroker({ host: '0.0.0.0', advertisedHost: 'localhost' });
    try {
      expect(wide.address).toBe(`localhost:${wide.port}`);
      const wideAdmin = kafkaFor(wide).admin();
      await wideAdmin.connect();
      expect((await wideAdmin.describeCluster()).brokers).toEqual([{ nodeId: 1, host: 'localhost', port: wide.port }]);
      await wideAdmin.disconnect();
    } finally {
      await wide.close();
    }
  });
});
