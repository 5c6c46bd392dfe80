import { describe, expect, it } from 'vitest';
import type { TransactionalSink } from '../../lib/connectors/transactionalSink.js';
import type { Source } from '../../lib/connectors/types.js';
import { Catalog } from '../../lib/plan/app/catalog.js';
import { loadApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { openJob } from '../../lib/runtime/openJob.js';
import { schemaOf } from '../../lib/types/schema.js';
import { INTEGER } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';

/** An unbounded source whose batches are pushed by the test. */
function pushedSource(): { source: Source; push: (values: number[]) => void; end: () => void } {
  const queue: (Row[] | 'end')[] = [];
  let wake: (() => void) | undefined;
  const source: Source = {
    schema: schemaOf([{ name: 'n', type: INTEGER, nullable: false }]),
    bounded: false,
    async *batches() {
      for (;;) {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const next = queue.shift()!;
        if (next === 'end') return;
        yield next;
      }
    },
    close: async () => undefined,
  };
  const put = (item: Row[] | 'end'): void => {
    queue.push(item);
    wake?.();
  };
  return { source, push: (values) => put(values.map((n): Row => [n, 0, 0, 0, null, 'mem', null])), end: () => put('end') };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('a checkpoint through a whole job', () => {
  it('injects a barrier between batches; the aggregate snapshots its groups and the transactional sink commits the epoch', async () => {
    const { source, push, end } = pushedSource();
    const calls: string[] = [];
    const sink: TransactionalSink = {
      write: async (rows) => void calls.push(`write ${rows.map((r) => r.join(':')).join(' ')}`),
      flush: async () => undefined,
      close: async () => void calls.push('close'),
      begin: async (epoch) => void calls.push(`begin ${epoch}`),
      preCommit: async (epoch) => void calls.push(`preCommit ${epoch}`),
      commit: async (epoch) => void calls.push(`commit ${epoch}`),
      abort: async (epoch) => void calls.push(`abort ${epoch}`),
    };
    const catalog = new Catalog();
    catalog.put({ name: 'numbers', kind: 'STREAM', declared: source.schema, primaryKey: [], connector: { type: 'test', properties: new Map() }, origin: 'declared', location: { line: 1, column: 1 } });
    const app = loadApp('SELECT n, COUNT(*) AS c FROM numbers GROUP BY n', { file: undefined, variables: () => undefined }, catalog);
    const job = await openJob(app.jobs[0]!, { baseDir: '.', log: silentLogger, sourceFactory: () => ({ type: 'test', properties: [], open: async () => source }), sink: () => sink });
    const running = job.run();
    push([1, 2, 1]);
    await until(() => calls.length >= 2);
    // Asked while the source waits for input: the barrier is emitted at once, before the next batch.
    const checkpoint = job.checkpoint();
    push([2]);
    expect(await checkpoint).toBe(1);
    await until(() => calls.includes('write 2:2'));
    end();
    await running;
    expect(calls).toEqual(['begin 1', 'write 1:2 2:1', 'preCommit 1', 'commit 1', 'begin 2', 'write 2:2', 'preCommit 2', 'commit 2', 'close']);
    const aggregate = job.plan.physical.inputs[0]!;
    expect(aggregate.operator).toBe('keyedAggregate');
    expect(job.snapshots.epochs(aggregate.id)).toEqual([1]);
    const snapshot = job.snapshots.get(aggregate.id, 1);
    expect(snapshot.tables.groups).toHaveLength(2);
    expect(() => job.snapshots.get(aggregate.id, 2)).toThrow(`no snapshot of ${aggregate.id} at epoch 2 (held: 1)`);
    await expect(job.checkpoint()).rejects.toThrow(/has ended/);
  });
});
