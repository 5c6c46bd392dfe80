import { appendFileSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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

  describe('a watched file that is replaced', () => {
    const numbers = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join('');
    const values = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const declared = schemaOf([field('v', INTEGER)]);

    it('truncated and regrown past the old offset between two polls: read again from its start, no torn line', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'a.csv');
      writeFileSync(file, `v\n${numbers(1, 3)}`);
      const ctx = testContext(dir);
      const source = await fileSourceFactory.open(props({ path: 'a.csv', watching: 'true', polling_interval: '200' }), declared, ctx);
      let rewritten = false;
      const rows = await collectUntil(source, ctx, 3 + 90, (all) => {
        if (all.length === 3 && !rewritten) {
          rewritten = true;
          writeFileSync(file, `v\n${numbers(10, 99)}`);
        }
      });
      expect(rows.map((r) => r[0])).toEqual([...values(1, 3), ...values(10, 99)]);
      expect(ctx.badRecords).toEqual([]);
      expect(ctx.logs).toContainEqual({ level: 'warn', message: 'watched file rewritten in place; reading it again from its start' });
    });

    it('deleted and recreated: the old file is read to its end, the new one from its start, the deletion logged', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'a.csv');
      writeFileSync(file, `v\n${numbers(1, 2)}`);
      const ctx = testContext(dir);
      const source = await fileSourceFactory.open(props({ path: '*.csv', watching: 'true', polling_interval: '100' }), declared, ctx);
      let step = 0;
      const rows = await collectUntil(source, ctx, 4 + 40 + 1, (all) => {
        if (all.length >= 2 && step === 0) {
          step = 1;
          appendFileSync(file, '3\n4'); // the last line has no newline: the file's end completes it
          unlinkSync(file);
          writeFileSync(file, `v\n${numbers(100, 139)}`);
        } else if (all.length >= 44 && step === 1) {
          step = 2;
          unlinkSync(file);
          setTimeout(() => writeFileSync(file, 'v\n500\n'), 300);
        }
      });
      expect(rows.map((r) => r[0])).toEqual([...values(1, 4), ...values(100, 139), 500]);
      expect(rows.every((r) => r[3] === 0)).toBe(true);
      expect(ctx.badRecords).toEqual([]);
      expect(ctx.logs).toContainEqual({ level: 'warn', message: 'watched file deleted or renamed away; finished reading it' });
    });

    it('rotated by rename within the glob: the renamed file is finished once, the new file read from its start', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'app.jsonl');
      const lines = (from: number, to: number): string => values(from, to).map((v) => `{"v":${v}}\n`).join('');
      writeFileSync(file, lines(1, 5));
      const ctx = testContext(dir);
      const source = await fileSourceFactory.open(props({ path: '*.jsonl', watching: 'true', polling_interval: '100' }), declared, ctx);
      let rotated = false;
      // runs on for 300 ms after the expected rows arrived, so rows read again would show
      const rows = await collectUntil(source, ctx, Infinity, (all) => {
        if (all.length === 5 && !rotated) {
          rotated = true;
          appendFileSync(file, lines(6, 8));
          renameSync(file, path.join(dir, 'app-1.jsonl'));
          writeFileSync(file, lines(20, 39));
        } else if (all.length === 8 + 20) {
          setTimeout(() => ctx.controller.abort(), 300);
        }
      });
      expect(rows.map((r) => r[0])).toEqual([...values(1, 8), ...values(20, 39)]);
      expect(ctx.badRecords).toEqual([]);
    });
  });
});
