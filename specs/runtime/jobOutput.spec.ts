import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../lib/plan/app/analyzeApp.js';
import { JobOutput } from '../../lib/runtime/chain/jobOutput.js';
import { inProcessObservable } from '../../lib/runtime/chain/inProcessObservable.js';
import { FlowGate } from '../../lib/runtime/flowGate.js';
import { newJobMetrics } from '../../lib/runtime/jobMetrics.js';
import type { Message } from '../../lib/types/message.js';
import { INTEGER } from '../../lib/types/sqlType.js';
import { schemaOf } from '../../lib/types/schema.js';

const spec = { name: 'up' } as JobSpec;
const shape = { schema: schemaOf([{ name: 'x', type: INTEGER, nullable: true }]), keyColumns: [0], kind: 'STREAM' as const };
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('JobOutput', () => {
  it('makes the writer wait while a reader holds `capacity` messages, and lets it go on as the reader takes them', async () => {
    const output = new JobOutput(spec, shape, true, 2);
    const reader = output.reader();
    let sent = 0;
    const writer = (async () => {
      for (let i = 0; i < 5; i++) {
        await output.send({ kind: 'data', rows: [[i]] });
        sent++;
      }
      output.end();
    })();
    await settled();
    expect(sent).toBe(1); // the second message filled the queue: the writer waits
    const taken: Message[] = [];
    for (let message = await reader.next(); message !== undefined; message = await reader.next()) taken.push(message);
    await writer;
    expect(taken.map((m) => (m.kind === 'data' ? m.rows[0]![0] : m.kind))).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets the writer go on once a reader is closed (its job ended), dropping what it would have read', async () => {
    const output = new JobOutput(spec, shape, true, 1);
    const reader = output.reader();
    const blocked = output.send({ kind: 'data', rows: [[1]] });
    let done = false;
    void blocked.then(() => (done = true));
    await settled();
    expect(done).toBe(false);
    reader.close();
    await blocked;
    await output.send({ kind: 'watermark', ts: 5 });
    expect(await reader.next()).toBeUndefined();
  });

  it('fails its readers with an error naming the job when the job fails', async () => {
    const output = new JobOutput(spec, shape, true);
    const reader = output.reader();
    output.fail(new Error('disk full'));
    await expect(reader.next()).rejects.toThrow('job up, whose output this job reads, failed: disk full');
    expect(() => output.reader()).toThrow('has ended');
  });
});

describe('inProcessObservable', () => {
  it('passes watermarks and barriers in order, widens rows (copies of the output columns) with system columns, and pulls only while its gate has room', async () => {
    const output = new JobOutput(spec, shape, true, 8);
    const gate = new FlowGate(1);
    const metrics = newJobMetrics();
    const seen: Message[] = [];
    let completed = false;
    const subscription = inProcessObservable(output.reader(), 'up', shape, gate, metrics).subscribe({
      next: (message) => {
        seen.push(message);
        if (message.kind === 'data') gate.take();
      },
      complete: () => (completed = true),
    });
    // A row wider than the output (columns the upstream's operators carry past its select list) is cut to the output's columns.
    await output.send({ kind: 'data', rows: [[7, 'beyond the output']] });
    await output.send({ kind: 'watermark', ts: 10 });
    await output.send({ kind: 'barrier', epoch: 1 });
    await output.send({ kind: 'data', rows: [[8]] });
    output.end();
    await settled();
    // The gate's one credit is taken by the first batch: nothing more is pulled until it is given back.
    expect(seen.map((m) => m.kind)).toEqual(['data']);
    gate.give();
    await settled();
    expect(seen.map((m) => m.kind)).toEqual(['data', 'watermark', 'barrier', 'data']);
    gate.give();
    await settled();
    expect(completed).toBe(true);
    const first = seen[0]!;
    if (first.kind !== 'data') throw new Error('expected rows');
    expect(first.rows[0]).toEqual([7, expect.any(Number), 0, 0, '7', 'up', null]);
    expect(metrics.rowsIn).toBe(2);
    subscription.unsubscribe();
  });
});
