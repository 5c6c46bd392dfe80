import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';

/** Stream-table joins run end to end over real files: when the table is read, and which version a stream row sees. */
let dir: string;

function write(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return firstValueFrom(new FerrisEngine().sql<Record<string, unknown>>(sql).pipe(toArray()));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferris-table-joins-'));
});

describe('stream-table joins over files', () => {
  it('loads a CREATE TABLE file source completely before the first stream row, even declared after the stream and far larger', async () => {
    // 60,000 table rows; the keys the stream uses are only at the end of the table file.
    const table = write('accounts.csv', ['id,owner', ...Array.from({ length: 60_000 }, (_, i) => `${i},owner-${i}`)]);
    const stream = write('payments.csv', ['payment,account', ...Array.from({ length: 50 }, (_, i) => `${i},${59_950 + i}`)]);
    const result = await rows(`
      CREATE STREAM payments (payment INTEGER, account INTEGER) WITH ('payments.type' = 'file_source', 'payments.path' = '${stream}', 'payments.format' = 'csv');
      CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner VARCHAR) WITH ('accounts.type' = 'file_source', 'accounts.path' = '${table}', 'accounts.format' = 'csv');
      SELECT p.payment, a.owner FROM payments p JOIN accounts a ON p.account = a.id`);
    expect(result).toHaveLength(50);
    expect(result.every((r) => r['owner'] === `owner-${59_950 + (r['payment'] as number)}`)).toBe(true);
  });

  it('a later row of a table key replaces the earlier one (the table holds the latest row per PRIMARY KEY)', async () => {
    const table = write('prices.csv', ['sku,price', 'a,1.00', 'b,2.00', 'a,1.50']);
    const stream = write('orders.csv', ['order_id,sku', '1,a', '2,b', '3,c']);
    const result = await rows(`
      CREATE TABLE prices (sku VARCHAR PRIMARY KEY, price DECIMAL(10,2)) WITH ('prices.type' = 'file_source', 'prices.path' = '${table}', 'prices.format' = 'csv');
      CREATE STREAM orders (order_id INTEGER, sku VARCHAR) WITH ('orders.type' = 'file_source', 'orders.path' = '${stream}', 'orders.format' = 'csv');
      SELECT o.order_id, p.price FROM orders o LEFT JOIN prices p ON o.sku = p.sku`);
    expect(result.map((r) => [r['order_id'], r['price'] === null ? null : String(r['price'])]).sort()).toEqual([
      [1, '1.50'],
      [2, '2.00'],
      [3, null],
    ]);
  });

  it('a table with an event time is versioned: each stream row sees the table as of its own event time', async () => {
    const table = write('rates.csv', ['ccy,rate,valid_from', 'EUR,1.10,2024-01-01T00:00:00Z', 'EUR,1.20,2024-01-01T00:10:00Z', 'GBP,1.30,2024-01-01T00:05:00Z']);
    const stream = write('fx.csv', ['id,ccy,at', '1,EUR,2024-01-01T00:01:00Z', '2,GBP,2024-01-01T00:02:00Z', '3,EUR,2024-01-01T00:10:00Z', '4,GBP,2024-01-01T00:20:00Z']);
    const result = await rows(`
      CREATE TABLE rates (ccy VARCHAR PRIMARY KEY, rate DECIMAL(6,2), valid_from TIMESTAMP)
        WITH ('rates.type' = 'file_source', 'rates.path' = '${table}', 'rates.format' = 'csv', 'rates.event.time.field' = 'valid_from');
      CREATE STREAM fx (id INTEGER, ccy VARCHAR, at TIMESTAMP)
        WITH ('fx.type' = 'file_source', 'fx.path' = '${stream}', 'fx.format' = 'csv', 'fx.event.time.field' = 'at');
      SELECT f.id, r.rate FROM fx f LEFT JOIN rates r ON f.ccy = r.ccy`);
    expect(result.map((r) => [r['id'], r['rate'] === null ? null : String(r['rate'])]).sort()).toEqual([
      [1, '1.10'],
      [2, null],
      [3, '1.20'],
      [4, '1.30'],
    ]);
  });

  it("joins a file URI as a table: every row of the file is kept ('file://...' on the right of JOIN)", async () => {
    const tags = write('tags.csv', ['sku,tag', 'a,red', 'a,big', 'b,blue']);
    const stream = write('items.csv', ['sku', 'a', 'b', 'z']);
    const result = await rows(`
      CREATE STREAM items (sku VARCHAR) WITH ('items.type' = 'file_source', 'items.path' = '${stream}', 'items.format' = 'csv');
      SELECT i.sku, g.tag FROM items i JOIN 'file://${tags}' g ON i.sku = g.sku`);
    expect(result.map((r) => `${r['sku']}:${r['tag']}`).sort()).toEqual(['a:big', 'a:red', 'b:blue']);
  });
});
