import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { isCheckpointable, type CheckpointableSource } from '../../lib/connectors/checkpointableSource.js';
import type { Row } from '../../lib/types/value.js';
import { props, tempDir, testContext } from './connectorTestKit.js';

async function open(dir: string, entries: Record<string, string>): Promise<CheckpointableSource> {
  const source = await fileSourceFactory.open(props(entries), undefined, { ...testContext(dir), checkpointing: { store: 'files', app: 'ferris', intervalMs: 1000, resumedEpoch: 0 } });
  if (!isCheckpointable(source)) throw new Error('a file source is checkpointable');
  return source;
}

/** Reads `batches` batches, returning their rows' first column and the position after them. */
async function readSome(source: CheckpointableSource, batches: number): Promise<{ ids: unknown[]; position: ReturnType<CheckpointableSource['checkpointPosition']> }> {
  const ids: unknown[] = [];
  const iterator = source.batches()[Symbol.asyncIterator]();
  for (let i = 0; i < batches; i++) {
    const next = await iterator.next();
    if (next.done) break;
    ids.push(...next.value.map((row: Row) => row[0]));
  }
  const position = source.checkpointPosition();
  await iterator.return?.();
  return { ids, position };
}

async function readRest(source: CheckpointableSource): Promise<{ ids: unknown[]; offsets: unknown[] }> {
  const ids: unknown[] = [];
  const offsets: unknown[] = [];
  for await (const batch of source.batches()) {
    for (const row of batch) {
      ids.push(row[0]);
      offsets.push(row[2]);
    }
  }
  return { ids, offsets };
}

describe('a file source resumed from a checkpoint position', () => {
  it('counts records handed out per file, across batches that join two files, and a seek continues after them', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'id\n1\n2\n3\n4\n5\n');
    writeFileSync(path.join(dir, 'b.csv'), 'id\n6\n7\n8\n');
    const first = await open(dir, { path: '*.csv', 'batch.size': '2' });
    const { ids, position } = await readSome(first, 3); // [1,2] [3,4] [5,6]: the third batch joins a.csv and b.csv
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(position).toEqual({ [path.join(dir, 'a.csv')]: 5, [path.join(dir, 'b.csv')]: 1 });
    const resumed = await open(dir, { path: '*.csv', 'batch.size': '2' });
    resumed.seek(JSON.parse(JSON.stringify(position)));
    const rest = await readRest(resumed);
    expect(rest.ids).toEqual([7, 8]);
    // Skipped records are still counted: _offset stays the record's index in its file.
    expect(rest.offsets).toEqual([1, 2]);
    expect(resumed.checkpointPosition()).toEqual({ [path.join(dir, 'a.csv')]: 5, [path.join(dir, 'b.csv')]: 3 });
  });

  it('a file shorter than its position does not make the next file skip records', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.jsonl'), '{"id":1}\n{"id":2}\n');
    writeFileSync(path.join(dir, 'b.jsonl'), '{"id":3}\n');
    const source = await open(dir, { path: '*.jsonl' });
    source.seek({ [path.join(dir, 'a.jsonl')]: 10 });
    expect((await readRest(source)).ids).toEqual([3]);
  });

  it('refuses a position that is not one of a file source, and watching', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.jsonl'), '{"id":1}\n');
    const source = await open(dir, { path: 'a.jsonl' });
    expect(() => source.seek({ 'a.jsonl': 'x' })).toThrow(/the checkpoint holds no file position for 'a.jsonl'/);
    await expect(open(dir, { path: 'a.jsonl', watching: 'true' })).rejects.toThrow(/not supported yet: 'checkpoint.dir' with a file source that is watching/);
  });
});
