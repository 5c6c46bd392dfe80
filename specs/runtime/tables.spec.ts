import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FerrisEngine } from '../../lib/engine/ferrisEngine.js';
import { recordKey } from '../../lib/runtime/recordKey.js';
import { Decimal } from '../../lib/types/decimal.js';

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ferris-tables-')), name);
  writeFileSync(path, text);
  return path;
}

describe('tables and keys', () => {
  it('joins compound record keys with | as the original did, NULL alone as no key', () => {
    expect(recordKey(['US', 'Widget', 3], [0, 1])).toBe('US|Widget');
    expect(recordKey([Decimal.parse('1.50'), 'x'], [0])).toBe('1.50');
    expect(recordKey([null], [0])).toBeNull();
    expect(recordKey(['a'], [])).toBeNull();
  });

  it('reads a source declared with CREATE TABLE as the latest row per PRIMARY KEY', async () => {
    const path = file('prices.csv', 'symbol,price\nAAPL,1.00\nMSFT,2.00\nAAPL,1.50\n');
    const sql = `CREATE TABLE prices (symbol VARCHAR PRIMARY KEY, price DECIMAL(10,2)) WITH ('prices.type' = 'file_source', 'prices.path' = '${path}', 'prices.format' = 'csv');
                 SELECT symbol, price FROM prices`;
    const rows = await firstValueFrom(new FerrisEngine().sql<{ symbol: string; price: Decimal }>(sql).pipe(toArray()));
    expect(rows.map((r) => [r.symbol, r.price.toString()])).toEqual([
      ['MSFT', '2.00'],
      ['AAPL', '1.50'],
    ]);
  });

  it('refuses a CREATE TABLE source without a PRIMARY KEY', async () => {
    const error = await firstValueFrom(new FerrisEngine().sql("CREATE TABLE t (a INTEGER) WITH ('t.type' = 'datagen'); SELECT a FROM t")).catch((e: unknown) => e);
    expect(String(error)).toMatch(/needs a PRIMARY KEY/);
  });

  it('materialises CREATE TABLE ... AS SELECT as the latest row per GROUP BY key', async () => {
    const input = file('trades.csv', 'symbol,qty\nAAPL,1\nMSFT,2\nAAPL,3\n');
    const out = join(mkdtempSync(join(tmpdir(), 'ferris-tables-')), 'out.jsonl');
    const outcomes = await new FerrisEngine().run(`
      CREATE STREAM trades (symbol VARCHAR, qty INTEGER) WITH ('trades.type' = 'file_source', 'trades.path' = '${input}', 'trades.format' = 'csv', 'trades.batch.size' = '1');
      CREATE TABLE volume AS SELECT symbol, SUM(qty) AS total FROM trades GROUP BY symbol
      WITH ('volume.type' = 'file_sink', 'volume.path' = '${out}', 'volume.format' = 'jsonl');`);
    const table = outcomes[0]!.job.table!;
    expect(outcomes[0]!.error).toBeUndefined();
    expect(table.size).toBe(2);
    expect(table.get('AAPL')).toEqual(['AAPL', 4]);
    expect(table.get('MSFT')).toEqual(['MSFT', 2]);
  });

  it('refuses CREATE TABLE ... AS without a key', async () => {
    const input = file('t.csv', 'a\n1\n');
    const error = await new FerrisEngine()
      .run(`CREATE STREAM s (a INTEGER) WITH ('s.type' = 'file_source', 's.path' = '${input}', 's.format' = 'csv');
            CREATE TABLE t AS SELECT a FROM s WITH ('t.type' = 'stdout');`)
      .catch((e: unknown) => e);
    expect(String(error)).toContain('needs a key');
  });
});
