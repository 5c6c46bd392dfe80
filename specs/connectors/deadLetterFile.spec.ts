import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadLetterFile } from '../../lib/connectors/deadLetterFile.js';
import { tempDir } from './connectorTestKit.js';

describe('dead-letter file', () => {
  it('appends one JSON line per dead letter with the original record, error, job, position and time', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dlq', 'trades.dlq.jsonl');
    const first = new DeadLetterFile(file);
    first.write({ raw: '3,"abc', error: 'expected 2 fields, got 1', job: 'out', origin: '/data/t.csv', position: 4 });
    expect(first.count).toBe(1);
    await first.close();
    const second = new DeadLetterFile(file);
    second.write({ row: { id: 2, amount: '123456.78' }, error: 'overflow', job: 'out', origin: 't.csv', partition: 0, offset: 1 });
    await second.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        raw: '3,"abc',
        error: 'expected 2 fields, got 1',
        job: 'out',
        origin: '/data/t.csv',
        position: 4,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
      { row: { id: 2, amount: '123456.78' }, error: 'overflow', job: 'out', origin: 't.csv', partition: 0, offset: 1, at: expect.any(String) },
    ]);
  });

  it('refuses a path that cannot be opened (a directory) at once, naming it', () => {
    const dir = tempDir();
    expect(() => new DeadLetterFile(dir)).toThrow(expect.objectContaining({ code: 'IO', message: expect.stringContaining(`cannot open the dead-letter file ${dir}`) }));
  });

  it('fails a write that the device refuses (a full disk), naming the path', async () => {
    const dlq = new DeadLetterFile('/dev/full');
    const letter = { raw: 'x'.repeat(1000), error: 'bad', job: 'out', origin: 'in.csv', position: 2 };
    const writeAll = (): void => {
      for (let i = 0; i < 100; i++) dlq.write(letter);
    };
    expect(writeAll).toThrow(expect.objectContaining({ code: 'IO', message: expect.stringContaining('cannot write the dead-letter file /dev/full: ENOSPC') }));
    await dlq.close().catch(() => undefined);
  });
});
