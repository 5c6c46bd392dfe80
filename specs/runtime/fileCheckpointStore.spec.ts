import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredCheckpoint } from '../../lib/runtime/checkpoint/checkpointStore.js';
import { FileCheckpointStore } from '../../lib/runtime/checkpoint/fileCheckpointStore.js';

const checkpoint = (epoch: number): StoredCheckpoint => ({
  job: 'j/1',
  epoch,
  plan: 'source#1(a)',
  sources: { s: { '/in.csv': epoch * 10 } },
  operators: [{ operatorId: 'tumbleWindow#3', epoch, watermark: 5, tables: { windows: [[1, 2]] } }],
});

describe('the file checkpoint store', () => {
  it('has nothing before the first save, then the latest checkpoint, in one file per job', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ferris-store-')), 'ckpt');
    const store = new FileCheckpointStore(dir, 'j/1');
    expect(await store.load()).toBeUndefined();
    await store.save(checkpoint(1));
    await store.save(checkpoint(2));
    expect(await store.load()).toEqual(checkpoint(2));
    expect(readdirSync(dir)).toEqual(['j%2F1.checkpoint.json']);
    expect(store.location).toBe(path.join(dir, 'j%2F1.checkpoint.json'));
  });

  it('ignores a temporary file left by a crash during a save: the previous checkpoint stands', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferris-store-'));
    const store = new FileCheckpointStore(dir, 'job');
    await store.save(checkpoint(4));
    writeFileSync(path.join(dir, '.job.checkpoint.json.tmp'), '{"job":"job","epo');
    expect((await store.load())?.epoch).toBe(4);
    await store.save(checkpoint(5));
    expect(existsSync(path.join(dir, '.job.checkpoint.json.tmp'))).toBe(false);
    expect((await store.load())?.epoch).toBe(5);
  });

  it('fails clearly on a damaged checkpoint file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferris-store-'));
    writeFileSync(path.join(dir, 'job.checkpoint.json'), 'not json');
    await expect(new FileCheckpointStore(dir, 'job').load()).rejects.toThrow(/cannot parse checkpoint .*job\.checkpoint\.json/);
  });
});
