import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadLetterFile } from '../../lib/connectors/deadLetterFile.js';
import { FerrisError } from '../../lib/types/errors.js';
import { tempDir } from './connectorTestKit.js';

describe('dead-letter file', () => {
  it('appends one JSON line per bad record with raw text, error, origin, position and time', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dlq', 'trades.dlq.jsonl');
    const first = new DeadLetterFile(file);
    first.write({ raw: '3,"abc', origin: '/data/t.csv', position: 4, error: new FerrisError('BAD_RECORD', 'expected 2 fields, got 1') });
    expect(first.count).toBe(1);
    await first.close();
    const second = new DeadLetterFile(file);
    second.write({ raw: 'x', origin: 'o', position: 9, error: new Error('nope') });
    await second.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { raw: '3,"abc', error: 'expected 2 fields, got 1', origin: '/data/t.csv', position: 4, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
      { raw: 'x', error: 'nope', origin: 'o', position: 9, at: expect.any(String) },
    ]);
  });

  it('reports a file that cannot be written as an IO error', async () => {
    const dir = tempDir();
    const dlq = new DeadLetterFile(dir);
    await expect(dlq.close()).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining(dir) });
  });
});
