import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';

const FERRIS = fileURLToPath(new URL('../../bin/ferris.js', import.meta.url));
const BUILT_CLI = fileURLToPath(new URL('../../dist/lib/cli/main.js', import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs `ferris broker ARGS`; `whenListening` runs once it logs its address, then SIGTERM is sent. */
function runBroker(args: readonly string[], whenListening: (address: string) => Promise<void> = async () => {}): Promise<Exit> {
  const child = spawn(process.execPath, [FERRIS, 'broker', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let started = false;
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (\S+:\d+)/.exec(stderr);
      if (match?.[1] !== undefined && !started) {
        started = true;
        whenListening(match[1]).then(() => child.kill('SIGTERM'), (error: unknown) => {
          child.kill('SIGKILL');
          reject(error);
        });
      }
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('ferris broker command', () => {
  beforeAll(() => {
    if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first (npm test does)`);
  });

  it('serves clients, logs to stderr and exits 0 on SIGTERM', async () => {
    const exit = await runBroker(['--port', '0', '--default-partitions', '3'], async (address) => {
      const kafka = new Kafka({ brokers: [address], logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'auto-created', messages: [{ value: 'x' }] });
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: ['auto-created'] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);
      await admin.disconnect();
    });
    expect(exit.code).toBe(0);
    expect(exit.stderr).toMatch(/created topic auto-created with 3 partition\(s\)/);
    expect(exit.stderr).toMatch(/SIGTERM received, closing/);
  });

  it('refuses bad flags with a message naming the accepted values', async () => {
    const exit = await runBroker(['--auto-create-topics', 'maybe']);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/--auto-create-topics must be one of: true, false; got 'maybe'/);
    const contradicting = await runBroker(['--port', '0', '--max-request-bytes', '4096', '--max-buffered-bytes', '2048']);
    expect(contradicting.code).toBe(1);
    expect(contradicting.stderr).toMatch(/--max-buffered-bytes \(2048\) must be at least --max-request-bytes \(4096\)/);
    const users = join(mkdtempSync(join(tmpdir(), 'ferris-cli-users-')), 'users');
    writeFileSync(users, 'alice:one\nbob\n');
    const badUsers = await runBroker(['--port', '0', '--users', users]);
    expect(badUsers.code).toBe(1);
    expect(badUsers.stderr).toContain(`${users}:2: expected user:password, got 'bob'`);
    rmSync(dirname(users), { recursive: true, force: true });
  });
});
