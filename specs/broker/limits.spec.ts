import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../lib/broker/broker.js';
import type { BrokerOptions } from '../../lib/broker/options.js';
import { ErrorCode } from '../../lib/broker/protocol/errorCodes.js';
import { ApiVersions, CreatePartitions, CreateTopics, Metadata } from '../../lib/broker/protocol/messages/cluster.js';
import { Fetch } from '../../lib/broker/protocol/messages/data.js';
import { RawClient } from './rawClient.js';
import { testBroker, waitFor } from './helpers.js';

type TopicResults = { topics: { name: string; errorCode: number; errorMessage: string | null }[] };
type PartitionResults = { results: { name: string; errorCode: number; errorMessage: string | null }[] };
type MetadataBody = { topics: { name: string; errorCode: number }[] };
type FetchBody = { topics: { partitions: { errorCode: number }[] }[] };

function topic(name: string, numPartitions: number): object {
  return { name, numPartitions, replicationFactor: 1, assignments: [], configs: [] };
}

/** A size prefix announcing `size` bytes, followed by `sent` of them. */
function partialFrame(size: number, sent: number): Buffer {
  const bytes = Buffer.alloc(4 + sent);
  bytes.writeInt32BE(size, 0);
  return bytes;
}

describe('broker limits', () => {
  let broker: RunningBroker | undefined;
  const clients: RawClient[] = [];

  async function start(options: BrokerOptions): Promise<RunningBroker> {
    broker = await testBroker(options);
    return broker;
  }

  async function open(): Promise<RawClient> {
    const client = await RawClient.open((broker as RunningBroker).port);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await broker?.close();
    broker = undefined;
  });

  it('refuses CreateTopics beyond the partitions per request with POLICY_VIOLATION, and survives 2^31-1 partitions', async () => {
    await start({ maxPartitionsPerRequest: 5 });
    const client = await open();
    const body = await client.request<TopicResults>(CreateTopics, 3, { topics: [topic('a', 3), topic('b', 3), topic('c', 2), topic('huge', 2 ** 31 - 1)], timeoutMs: 1000, validateOnly: false });
    expect(body.topics.map((t) => [t.name, t.errorCode])).toEqual([['a', 0], ['b', ErrorCode.POLICY_VIOLATION], ['c', 0], ['huge', ErrorCode.POLICY_VIOLATION]]);
    expect(body.topics[1]?.errorMessage).toBe('this request would add 6 partition(s), more than --max-partitions-per-request 5');
    expect(broker?.state.topics.partitionCount).toBe(5);
  });

  it('refuses partitions beyond the broker-wide limit in CreateTopics, CreatePartitions and auto-creation', async () => {
    await start({ maxPartitions: 10, defaultPartitions: 4 });
    const client = await open();
    const created = await client.request<TopicResults>(CreateTopics, 3, { topics: [topic('six', 6), topic('five', 5)], timeoutMs: 1000, validateOnly: false });
    expect(created.topics.map((t) => t.errorCode)).toEqual([0, ErrorCode.POLICY_VIOLATION]);
    expect(created.topics[1]?.errorMessage).toBe('5 more partition(s) would bring the broker to 11, more than --max-partitions 10');
    const grown = await client.request<PartitionResults>(CreatePartitions, 1, { topics: [{ name: 'six', count: 11, assignments: null }], timeoutMs: 1000, validateOnly: false });
    expect(grown.results.map((r) => r.errorCode)).toEqual([ErrorCode.POLICY_VIOLATION]);
    const auto = await client.request<MetadataBody>(Metadata, 4, { topics: [{ name: 'auto-one' }, { name: 'auto-two' }], allowAutoTopicCreation: true });
    expect(auto.topics.map((t) => [t.name, t.errorCode])).toEqual([['auto-one', 0], ['auto-two', ErrorCode.POLICY_VIOLATION]]);
    expect(broker?.state.topics.partitionCount).toBe(10);
  });

  it('closes a connection announcing a request above --max-request-bytes before buffering it', async () => {
    await start({ maxRequestBytes: 2048, maxBufferedBytes: 8192 });
    const big = await open();
    big.send(partialFrame(4096, 10));
    await waitFor('the oversized request to close its connection', () => (big.closed ? true : undefined), 2000);
    const small = await open();
    await expect(small.request(ApiVersions, 2, {})).resolves.toMatchObject({ errorCode: 0 });
  });

  it('caps the request bytes buffered over all connections and releases them when a connection goes', async () => {
    await start({ maxRequestBytes: 4096, maxBufferedBytes: 4096 });
    const first = await open();
    first.send(partialFrame(4000, 3000));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await open();
    second.send(partialFrame(4000, 2000));
    await waitFor('the connection over the shared budget to close', () => (second.closed ? true : undefined), 2000);
    expect(first.closed).toBe(false);
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await open();
    third.send(partialFrame(4000, 3500));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third.closed).toBe(false);
  });

  it('closes idle connections but not one waiting for a long-poll fetch', async () => {
    await start({ connectionsMaxIdleMs: 300 });
    const idle = await open();
    await idle.request(ApiVersions, 2, {});
    await waitFor('the idle connection to close', () => (idle.closed ? true : undefined), 2000);
    const polling = await open();
    await polling.request(CreateTopics, 3, { topics: [topic('quiet', 1)], timeoutMs: 1000, validateOnly: false });
    const fetched = await polling.request<FetchBody>(Fetch, 9, {
      maxWaitMs: 900, minBytes: 1, maxBytes: 1024, topics: [{ topic: 'quiet', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1024 }] }],
    }, 3000);
    expect(fetched.topics[0]?.partitions[0]?.errorCode).toBe(0);
    expect(polling.closed).toBe(false);
  });
});
