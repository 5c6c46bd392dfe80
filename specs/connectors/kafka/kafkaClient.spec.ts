import { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kafkaClient } from '../../../lib/connectors/kafka/kafkaClient.js';
import { sharedTestBroker } from '../../broker/helpers.js';

describe('the kafkajs client of the Kafka connectors', () => {
  const broker = sharedTestBroker();

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("turns Nagle's algorithm off on its sockets (TCP_NODELAY), which kafkajs leaves on", async () => {
    const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const admin = kafkaClient({ brokers: [broker().address], clientId: 'nodelay-spec' }, { log: () => undefined }).admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toBeInstanceOf(Array);
      const ours = noDelay.mock.instances.filter((socket) => (socket as Socket).remotePort === Number(broker().address.split(':')[1]));
      expect(ours.length).toBeGreaterThan(0);
      expect(noDelay.mock.calls.every(([enabled]) => enabled === true)).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });
});
