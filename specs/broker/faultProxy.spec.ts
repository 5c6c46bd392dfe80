import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { proxiedTestBroker, type FaultProxy } from './faultProxy.js';

/* The fault proxy of the broker-fault specs, against a broker advertising the proxy's port. */

const env = proxiedTestBroker({ retries: 10, initialRetryTime: 50, maxRetryTime: 200 });

/** How long one metadata round trip through a fresh admin client takes, in ms. */
async function listTopicsMs(): Promise<number> {
  const admin = env().kafka.admin();
  await admin.connect();
  try {
    const started = Date.now();
    await admin.listTopics();
    return Date.now() - started;
  } finally {
    await admin.disconnect();
  }
}

describe('startFaultProxy', () => {
  it('carries every client connection after the bootstrap: the broker advertises the proxy', async () => {
    const before = env().proxy.accepted;
    await listTopicsMs();
    expect(env().proxy.accepted).toBeGreaterThan(before);
    const admin = env().kafka.admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: env().proxy.port }]);
    } finally {
      await admin.disconnect();
    }
  });

  it('drops every open connection; new ones work', async () => {
    const admin = env().kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'proxied', numPartitions: 1 }], waitForLeaders: true });
      expect(env().proxy.dropConnections()).toBeGreaterThan(0);
      expect(env().proxy.dropConnections()).toBe(0);
    } finally {
      await admin.disconnect();
    }
    await listTopicsMs();
  });

  it('delays responses by the given time, keeping their order, then no more', async () => {
    const echo = await echoBehind(env().proxy);
    try {
      env().proxy.delayResponses(300);
      const started = Date.now();
      echo.socket.write('a');
      echo.socket.write('b');
      expect(await echo.received(2)).toBe('ab');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      env().proxy.delayResponses(0);
      const again = Date.now();
      echo.socket.write('c');
      expect(await echo.received(3)).toBe('abc');
      expect(Date.now() - again).toBeLessThan(290);
    } finally {
      env().proxy.delayResponses(0);
      await echo.close();
    }
  });

  it('black-holes the network for a while: bytes vanish, and the connections that lost some are reset when it ends', async () => {
    const echo = await echoBehind(env().proxy);
    try {
      const hole = env().proxy.blackHole(300);
      echo.socket.write('lost');
      await hole;
      await echo.closed;
      expect(echo.text()).toBe('');
    } finally {
      await echo.close();
    }
  });
});

/** A TCP echo server reached through `via` (re-pointed at it), with one client connection. */
async function echoBehind(via: FaultProxy): Promise<{ socket: Socket; text(): string; received(length: number): Promise<string>; closed: Promise<void>; close(): Promise<void> }> {
  const server = createServer((peer) => peer.on('data', (chunk) => peer.write(chunk)).on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  via.forwardTo((server.address() as AddressInfo).port);
  const socket = createConnection(via.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    text: () => text,
    received: async (length) => {
      while (text.length < length) await new Promise((resolve) => setTimeout(resolve, 5));
      return text;
    },
    closed,
    close: async () => {
      socket.destroy();
      via.forwardTo(env().broker.port);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
