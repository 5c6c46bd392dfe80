import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaFor, sharedTestBroker } from '../broker/helpers.js';
import { committedOffsets, createTopics, produce, tempDir } from '../connectors/kafka/kafkaTestKit.js';
import { endOffsets, heldPartitions, readCommitted, runToEnd, waitLogged, WINDOWED } from './kafkaJobKit.js';
import { startServerProcess, type ServerProcess } from './serverProcess.js';

/*
 * Scale-out under `ferris server` (run `npm run build` first): the same transactional job
 * deployed to two servers shares its consumer group's partitions as two `ferris run`
 * processes do (specs/cli/kafkaScaleOut.spec.ts). One server is killed with SIGKILL mid-run;
 * the other takes its partitions over with their state, and the read_committed output equals
 * one `ferris run` process's over the same records.
 */

async function deploy(server: ServerProcess, sql: string): Promise<void> {
  const response = await fetch(`${server.url}/sql`, { method: 'POST', body: sql, headers: { 'content-type': 'text/plain' } });
  expect(await response.json(), server.stderr()).toEqual({ jobs: ['per_second'] });
}

async function offsetsAtEnd(kafka: Kafka, group: string, topic: string): Promise<true | undefined> {
  return (await committedOffsets(kafka, group, topic)).join() === (await endOffsets(kafka, topic)).join() ? true : undefined;
}

describe('two ferris server processes with the same job deployed', () => {
  const broker = sharedTestBroker();

  it('share its partitions; one killed with SIGKILL, the other takes its partitions and window state over: every window once', async () => {
    const kafka = kafkaFor(broker());
    const address = broker().address;
    await createTopics(kafka, { 'ss-in-clean': 4, 'ss-in': 4, 'ss-clean': 1, 'ss-scaled': 1 });
    const t0 = Date.UTC(2026, 0, 1);
    // Grouped by k, not by the record key: the job runs in two stages through its repartition topic.
    const records = Array.from({ length: 16_000 }, (_, i) => ({ key: `r${(i * 7919) % 1000}`, value: JSON.stringify({ k: `k${i % 5}`, ts: t0 + i * 10, v: i % 7 }), partition: i % 4 }));
    const [first, second] = [records.slice(0, 8_000), records.slice(8_000)];
    // A server stops its jobs with drain (their open windows emitted): the reference run drains too.
    const jobKeys = { shutdown: 'drain' };

    await produce(kafka, 'ss-in-clean', records);
    const clean = tempDir();
    writeFileSync(join(clean, 'app.sql'), WINDOWED({ address, input: 'ss-in-clean', group: 'ss-g-clean', out: 'ss-clean', jobKeys }));
    await runToEnd(kafka, clean, 'ss-g-clean', 'ss-in-clean');
    const expected = await readCommitted(kafka, 'ss-clean');
    expect(expected.length).toBeGreaterThan(100);

    const group = 'ss-g';
    const sql = WINDOWED({ address, input: 'ss-in', group, out: 'ss-scaled', jobKeys });
    await produce(kafka, 'ss-in', first);
    const survivor = await startServerProcess([]);
    const victim = await startServerProcess([]);
    try {
      await Promise.all([deploy(survivor, sql), deploy(victim, sql)]);
      await waitLogged('the two servers sharing the partitions', [survivor, victim], () => (heldPartitions(survivor, 'ss-in').length === 2 && heldPartitions(victim, 'ss-in').length === 2 ? true : undefined));
      expect(survivor.stderr()).toContain('scaled out:');
      // The windows' state is in the second stage's tasks, which commit under <group>-repartition.
      const stage2 = { group: `${group}-repartition`, topic: `${group}-per_second-repartition` };
      await waitLogged('a checkpoint of a second-stage task of the victim committed', [survivor, victim], async () => {
        const offsets = await committedOffsets(kafka, stage2.group, stage2.topic);
        return heldPartitions(victim, stage2.topic).some((p) => (offsets[Number(p.slice(p.lastIndexOf('-') + 1))] ?? -1) > 0) ? true : undefined;
      });
      const logBeforeKill = survivor.stderr().length;
      victim.child.kill('SIGKILL');
      await victim.exited;
      await produce(kafka, 'ss-in', second);
      await waitLogged('the survivor holding every partition', [survivor], () => (heldPartitions(survivor, 'ss-in').length === 4 ? true : undefined));
      await waitLogged(`offsets of ${group} at the end`, [survivor], () => offsetsAtEnd(kafka, group, 'ss-in'));
      const jobs = (await (await fetch(`${survivor.url}/jobs`)).json()) as { name: string; status: string }[];
      expect(jobs.map((job) => [job.name, job.status])).toEqual([['per_second', 'running']]);
      survivor.child.kill('SIGTERM');
      expect(await survivor.exited, survivor.stderr()).toBe(0);
      // The victim's tasks moved with their state: the survivor restored them from their checkpoints.
      expect(survivor.stderr().slice(logBeforeKill)).toContain('resuming from checkpoint');
    } finally {
      survivor.child.kill('SIGKILL');
      victim.child.kill('SIGKILL');
    }
    expect(await readCommitted(kafka, 'ss-scaled')).toEqual(expected);
  }, 240_000);
});
