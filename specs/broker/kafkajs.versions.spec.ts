import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { ALL_APIS } from '../../lib/broker/protocol/messages/index.js';
import { ROUTES } from '../../lib/broker/handlers/index.js';
import type { Route } from '../../lib/broker/handlers/route.js';
import { consumeAll, kafkaFor, testBroker } from './helpers.js';

/** The oldest versions kafkajs can still work with (it needs controller_id and coordinator types). */
const FLOORS: Readonly<Record<number, number>> = { 3: 1, 8: 2, 10: 1 };

describe('broker with kafkajs at the oldest advertised versions', () => {
  let broker: RunningBroker;
  const used = new Map<string, Set<number>>();
  const originals = new Map<Route, Route['handle']>();

  beforeAll(async () => {
    for (const route of ROUTES.values()) {
      const handle = route.handle;
      originals.set(route, handle);
      (route as { handle: Route['handle'] }).handle = (state, request, context) => {
        const versions = used.get(route.schema.name) ?? new Set<number>();
        versions.add(context.version);
        used.set(route.schema.name, versions);
        return handle(state, request, context);
      };
    }
    const maxVersions = Object.fromEntries(ALL_APIS.map((a) => [a.key, FLOORS[a.key] ?? a.minVersion]));
    broker = await testBroker({ maxVersions });
  });

  afterAll(async () => {
    for (const [route, handle] of originals) (route as { handle: Route['handle'] }).handle = handle;
    await broker.close();
  });

  it('produces, consumes in a group, commits and runs a transaction on the lowest versions', async () => {
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'old-versions', numPartitions: 2 }] });
    const producer = kafka.producer({ transactionalId: 'old-versions', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'old-versions', messages: [{ key: 'a', value: '1', partition: 0 }, { key: 'b', value: '2', partition: 1 }] });
    await txn.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'old-versions', messages: [{ value: 'never', partition: 0 }] });
    await aborted.abort();
    await producer.disconnect();
    const seen = await consumeAll(kafka, 'old-versions', 2);
    expect(seen.map((r) => r.value).sort()).toEqual(['1', '2']);
    expect(await admin.fetchTopicOffsets('old-versions')).toEqual([
      { partition: 0, offset: '4', high: '4', low: '0' },
      { partition: 1, offset: '2', high: '2', low: '0' },
    ]);
    await admin.disconnect();
    const versionsOf = (name: string): number[] => [...(used.get(name) ?? [])];
    expect(versionsOf('Produce')).toEqual([3]);
    expect(versionsOf('Fetch')).toEqual([4]);
    expect(versionsOf('JoinGroup')).toEqual([0]);
    expect(versionsOf('SyncGroup')).toEqual([0]);
    expect(versionsOf('Metadata')).toEqual([1]);
    expect(versionsOf('ListOffsets')).toEqual([1]);
    expect(versionsOf('EndTxn')).toEqual([0]);
  });
});
