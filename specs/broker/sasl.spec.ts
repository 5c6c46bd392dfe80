import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SASLOptions } from 'kafkajs';
import { exposureWarning } from '../../lib/broker/auth/exposure.js';
import { loadUsers } from '../../lib/broker/auth/users.js';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { consumeAll, kafkaFor, testBroker } from './helpers.js';

describe('broker SASL authentication (--users)', () => {
  let dir: string;
  let broker: RunningBroker;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferris-sasl-'));
    writeFileSync(join(dir, 'users'), '# who may connect\nalice:s3cret:with:colons\n\nbob:hunter2\n');
    broker = await testBroker({ usersFile: join(dir, 'users') });
  });

  afterAll(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function client(sasl: SASLOptions | undefined) {
    return kafkaFor(broker, { retry: { retries: 0 }, ...(sasl === undefined ? {} : { sasl }) });
  }

  it('lets a user in with SASL/PLAIN and serves it', async () => {
    const kafka = client({ mechanism: 'plain', username: 'alice', password: 's3cret:with:colons' });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'sasl-plain', messages: [{ value: 'authenticated' }] });
    await producer.disconnect();
    expect((await consumeAll(kafka, 'sasl-plain', 1)).map((r) => r.value)).toEqual(['authenticated']);
  });

  it('lets a user in with SCRAM-SHA-256', async () => {
    const producer = client({ mechanism: 'scram-sha-256', username: 'bob', password: 'hunter2' }).producer();
    await producer.connect();
    await expect(producer.send({ topic: 'sasl-scram', messages: [{ value: 'x' }] })).resolves.toHaveLength(1);
    await producer.disconnect();
  });

  it.each([
    ['plain', 'alice', 'wrong'],
    ['plain', 'mallory', 's3cret:with:colons'],
    ['scram-sha-256', 'bob', 'wrong'],
    ['scram-sha-256', 'mallory', 'hunter2'],
  ] as const)('refuses %s for %s with a wrong password or an unknown user', async (mechanism, username, password) => {
    const admin = client({ mechanism, username, password } as SASLOptions).admin();
    await expect(admin.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    await admin.disconnect();
  });

  it('closes a connection that sends requests without authenticating', async () => {
    const admin = client(undefined).admin();
    await expect(admin.connect().then(() => admin.createTopics({ topics: [{ topic: 'never-created' }] }))).rejects.toThrow();
    await admin.disconnect();
    expect(broker.state.topics.get('never-created')).toBeUndefined();
  });

  it('reads the users file strictly, naming the file and line', () => {
    const bad = join(dir, 'bad-users');
    writeFileSync(bad, 'alice:one\nno-colon-here\n');
    expect(() => loadUsers(bad)).toThrow(`${bad}:2: expected user:password, got 'no-colon-here'`);
    writeFileSync(bad, 'alice:one\n# x\nalice:two\n');
    expect(() => loadUsers(bad)).toThrow(`${bad}:3: user 'alice' is listed twice (first on line 1)`);
    writeFileSync(bad, '# nobody\n');
    expect(() => loadUsers(bad)).toThrow('no user in it');
  });

  it('warns when binding beyond loopback without authentication', () => {
    expect(exposureWarning('0.0.0.0', false)).toMatch(/^WARNING: listening on 0\.0\.0\.0 without authentication.*--users FILE/);
    expect(exposureWarning('::', false)).toMatch(/WARNING/);
    expect(exposureWarning('0.0.0.0', true)).toBeUndefined();
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].map((h) => exposureWarning(h, false))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
