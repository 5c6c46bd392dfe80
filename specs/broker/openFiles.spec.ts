import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenFiles } from '../../lib/broker/storage/openFiles.js';

describe('OpenFiles (partition files opened on demand)', () => {
  it('keeps at most its capacity open, closing the least recently used, and loses no write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferris-open-files-'));
    try {
      const files = new OpenFiles(2);
      const paths = ['a', 'b', 'c'].map((name) => join(dir, name));
      for (let round = 0; round < 3; round++) {
        for (const path of paths) {
          files.append(path, Buffer.from(`${round}`));
          expect(files.openCount).toBeLessThanOrEqual(2);
        }
      }
      files.close(paths[2] as string);
      expect(files.openCount).toBe(1);
      files.closeAll();
      expect(files.openCount).toBe(0);
      expect(paths.map((p) => readFileSync(p, 'utf8'))).toEqual(['012', '012', '012']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
