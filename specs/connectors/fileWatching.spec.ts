import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { INTEGER, STRING } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import type { Source } from '../../lib/connectors/types.js';
import type { TestContext } from './connectorTestKit.js';
import { props, tempDir, testContext } from './connectorTestKit.js';

/** Pulls rows in the background until `count` arrived; then aborts the context. */
async function collectUntil(source: Source, ctx: TestContext, count: number, onRows: (rows: Row[]) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const deadline = setTimeout(() => ctx.controller.abort(), 10_000);
  for await (const batch of source.batches()) {
    rows.push(...batch);
    onRows(rows);
    if (rows.length >= count) ctx.controller.abort();
  }
  clearTimeout(deadline);
  return rows;
}

describe('file source: watching', () => {
  it('picks up appended lines (a partial last line only once completed) and new files matching the glob', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'id,name\n1,one\n');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: '*.csv', watching: 'true', polling_interval: '20' }), undefined, ctx);
    expect(source.bounded).toBe(false);
    let reacted = 0;
    const rows = await collectUntil(source, ctx, 3, (all) => {
      if (all.length === 1 && reacted === 0) {
        reacted = 1;
        appendFileSync(path.join(dir, 'a.csv'), '2,tw');
        setTimeout(() => appendFileSync(path.join(dir, 'a.csv'), 'o\n'), 100);
      } else if (all.length === 2 && reacted === 1) {
        reacted = 2;
        writeFileSync(path.join(dir, 'b.csv'), 'name,id\nthree,3\n');
      }
    });
    expect(rows.map((r) => [r[0], r[1], r[3], r[4], r[6]])).toEqual([
      [1, 'one', 0, 0, 'a.csv'],
      [2, 'two', 1, 0, 'a.csv'],
      [3, 'three', 0, 1, 'b.csv'],
    ]);
    expect(ctx.badRecords).toEqual([]);
  });

  it('waits for a file to appear when none matches yet, then ends when the signal aborts', async () => {
    const dir = tempDir();
    const ctx = testContext(dir);
    const declared = schemaOf([field('id', INTEGER), field('s', STRING)]);
    const source = await fileSourceFactory.open(props({ path: 'in/*.jsonl', watching: 'true', polling_interval: '20' }), declared, ctx);
    setTimeout(() => {
      mkdirSync(path.join(dir, 'in'));
      writeFileSync(path.join(dir, 'in', 'x.jsonl'), '{"id":7,"s":"late"}\n');
    }, 60);
    const rows = await collectUntil(source, ctx, 1, () => {});
    expect(rows.map((r) => r.slice(0, 2))).toEqual([[7, 'late']]);
  });

  it('rejects watching a JSON array file as not supported yet', async () => {
    const dir = tempDir();
    await expect(fileSourceFactory.open(props({ path: 'a.json', watching: 'true' }), undefined, testContext(dir))).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
    });
  });
});
