import { spawn, type ChildProcess } from 'node:child_process';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { fileURLToPath } from 'node:url';

/**
 * Starts `ferris broker` (in memory, on a free port, topics created with `partitions`
 * partitions by default) as a child process, so its CPU does not compete with the benchmark's
 * thread; resolves with the process and its `host:port` once it listens. With
 * BENCH_BROKER_PROFILE_DIR set, the broker writes a V8 CPU profile there when it exits.
 */
export function startBrokerProcess(partitions: number): Promise<{ child: ChildProcess; address: string }> {
  const main = fileURLToPath(new URL('../lib/broker/main.js', import.meta.url));
  const profile = process.env['BENCH_BROKER_PROFILE_DIR'];
  const nodeArgs = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
  const child = spawn(process.execPath, [...nodeArgs, main, '--port', '0', '--default-partitions', String(partitions)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (\S+:\d+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve({ child, address: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`broker exited with ${code}: ${stderr}`)));
  });
}

/** What a benchmark gets from {@link withBenchBroker}: the broker's address, a kafkajs client and a connected admin. */
export interface BenchBroker {
  readonly address: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
}

/**
 * Runs `work` against a `ferris broker` child process ({@link startBrokerProcess}) with a
 * kafkajs client (logging nothing) and a connected admin; disconnects the admin and stops the
 * broker afterwards, whether `work` succeeded or not.
 */
export async function withBenchBroker(partitions: number, work: (broker: BenchBroker) => Promise<void>): Promise<void> {
  const { child, address } = await startBrokerProcess(partitions);
  const kafka = new Kafka({ brokers: [address], clientId: 'bench', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await work({ address, kafka, admin });
  } finally {
    await admin.disconnect();
    child.kill('SIGTERM');
  }
}
