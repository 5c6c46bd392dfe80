import { describe, expect, it } from 'vitest';
import type { Source } from '../../lib/connectors/types.js';
import { Catalog } from '../../lib/plan/app/catalog.js';
import type { PhysicalNode } from '../../lib/plan/physicalPlan.js';
import { loadApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { openJob } from '../../lib/runtime/openJob.js';
import { schemaOf, type Schema } from '../../lib/types/schema.js';
import { INTEGER, STRING } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';

/** A source whose batches (declared columns only) are pushed by the test. */
function pushedSource(schema: Schema, bounded: boolean): { source: Source; push: (rows: Row[]) => void; end: () => void } {
  const queue: (Row[] | 'end')[] = [];
  let wake: (() => void) | undefined;
  const source: Source = {
    schema,
    bounded,
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
  return { source, push: (rows) => put(rows.map((r): Row => [...r, 0, 0, 0, null, 'mem', null])), end: () => put('end') };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

function find(node: PhysicalNode, operator: string): PhysicalNode {
  if (node.operator === operator) return node;
  for (const input of node.inputs) {
    try {
      return find(input, operator);
    } catch {
      // not below this input
    }
  }
  throw new Error(`no ${operator}`);
}

describe('a checkpoint through a job with a stream-table join', () => {
  it('aligns the barrier over both inputs; the join snapshots its table and the stream rows waiting for it', async () => {
    const orders = pushedSource(schemaOf([{ name: 'id', type: INTEGER, nullable: false }, { name: 'sku', type: STRING, nullable: false }]), false);
    const skus = pushedSource(schemaOf([{ name: 'sku', type: STRING, nullable: false }, { name: 'label', type: STRING, nullable: true }]), true);
    const written: string[] = [];
    const catalog = new Catalog();
    const declare = (name: string, kind: 'STREAM' | 'TABLE', source: Source, primaryKey: string[]): void =>
      catalog.put({ name, kind, declared: source.schema, primaryKey, connector: { type: name, properties: new Map() }, origin: 'declared', location: { line: 1, column: 1 } });
    declare('orders', 'STREAM', orders.source, []);
    declare('skus', 'TABLE', skus.source, ['sku']);
    const app = loadApp('SELECT o.id, s.label FROM orders o LEFT JOIN skus s ON o.sku = s.sku', { file: undefined, variables: () => undefined }, catalog);
    const sources: Record<string, Source> = { orders: orders.source, skus: skus.source };
    const job = await openJob(app.jobs[0]!, {
      baseDir: '.',
      log: silentLogger,
      sourceFactory: (type) => ({ type, properties: [], open: async () => sources[type]! }),
      sink: () => ({ write: async (rows) => void written.push(...rows.map((r) => r.join(':'))), flush: async () => undefined, close: async () => undefined }),
    });
    const running = job.run();
    skus.push([['a', 'Apple']]);
    orders.push([[1, 'a'], [2, 'b']]);
    await until(() => job.metrics.rowsIn >= 3);
    const checkpoint = job.checkpoint();
    // The table has not ended: the orders wait in the join, and the barrier needs both inputs.
    skus.push([['b', 'Banana']]);
    orders.push([[3, 'b']]);
    skus.end();
    expect(await checkpoint).toBe(1);
    await until(() => written.length >= 3);
    orders.end();
    await running;
    expect(written.sort()).toEqual(['1:Apple', '2:Banana', '3:Banana']);
    const join = find(job.plan.physical, 'hashJoinWith');
    const snapshot = job.snapshots.get(join.id, 1);
    expect(Object.keys(snapshot.tables)).toEqual(['table', 'waiting', 'sequence', 'input_watermarks']);
    expect(snapshot.tables.table).toHaveLength(1);
    expect(snapshot.tables.waiting).toHaveLength(2);
  });
});
