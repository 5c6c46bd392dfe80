import { describe, expect, it } from 'vitest';
import { datagenSourceFactory } from '../../lib/connectors/datagen/datagenSourceFactory.js';
import { pacedBatchSize } from '../../lib/connectors/datagen/datagenSource.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { STRING } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import { props, readAllRows, testContext } from './connectorTestKit.js';

const open = (entries: Record<string, string>, ctx = testContext('/')) => datagenSourceFactory.open(props(entries), undefined, ctx);

function plain(rows: readonly Row[]): unknown[][] {
  return rows.map((r) => r.slice(0, 8).map((v) => (isDecimal(v) ? v.toString() : v)));
}

describe('datagen source', () => {
  it('generates count trades with the trade schema, deterministic for a seed', async () => {
    const source = await open({ count: '2500', 'batch.size': '1000' });
    expect(source.bounded).toBe(true);
    expect(source.schema.fields.map((f) => f.name)).toEqual([
      'trade_id', 'symbol', 'price', 'quantity', 'side', 'trader_id', 'exchange', 'trade_time',
    ]);
    const sizes: number[] = [];
    const rows: Row[] = [];
    for await (const batch of source.batches()) {
      sizes.push(batch.length);
      rows.push(...batch);
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    const again = await readAllRows(await open({ count: '2500' }));
    expect(plain(again)).toEqual(plain(rows));
    const other = await readAllRows(await open({ count: '2500', seed: '7' }));
    expect(plain(other)).not.toEqual(plain(rows));
  });

  it('produces plausible trades: ids, prices at scale 4 walking slowly, sides, event times', async () => {
    const rows = await readAllRows(await open({ count: '1000', symbols: 'AAA, BBB', start_time: '2024-03-01T09:30:00Z', interval_ms: '250' }));
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['AAA', 'BBB']));
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set(['BUY', 'SELL']));
    expect(rows[3]![7]).toBe(Date.UTC(2024, 2, 1, 9, 30, 0) + 750);
    const last = new Map<unknown, number>();
    for (const row of rows) {
      const price = row[2];
      if (!isDecimal(price)) throw new Error('price is not a Decimal');
      expect(price.scale).toBe(4);
      const value = price.toNumber();
      const previous = last.get(row[1]);
      if (previous !== undefined) expect(Math.abs(value - previous) / previous).toBeLessThanOrEqual(0.0021);
      last.set(row[1], value);
      expect(row[3] as number).toBeGreaterThanOrEqual(10);
      expect(String(row[5])).toMatch(/^T\d{3}$/);
    }
    expect(rows[0]!.slice(8)).toEqual([expect.any(Number), 0, 0, null, 'datagen', null]);
  });

  it('is unbounded without a count and ends when the signal aborts', async () => {
    const ctx = testContext('/');
    const source = await open({ 'batch.size': '100' }, ctx);
    expect(source.bounded).toBe(false);
    let batches = 0;
    for await (const batch of source.batches()) {
      expect(batch).toHaveLength(100);
      if (++batches === 5) ctx.controller.abort();
    }
    expect(batches).toBe(5);
  });

  it('paces rows to the rate, in about ten batches a second', async () => {
    const source = await open({ count: '60', rate: '200' });
    const started = Date.now();
    const emitted: number[] = [];
    let rows = 0;
    for await (const batch of source.batches()) {
      emitted.push(Date.now() - started);
      rows += batch.length;
      expect(batch).toHaveLength(20);
    }
    expect(rows).toBe(60);
    emitted.forEach((at, k) => expect(at).toBeGreaterThanOrEqual(k * 100 - 5));
    expect(pacedBatchSize(1000, 200)).toBe(20);
    expect(pacedBatchSize(1000, undefined)).toBe(1000);
    expect(pacedBatchSize(1000, 5)).toBe(1);
  });

  it('rejects a declared schema that differs from the generated columns', async () => {
    await expect(datagenSourceFactory.open(props({}), schemaOf([field('x', STRING)]), testContext('/'))).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });
});
