import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp, startApp } from '../../lib/runtime/app.js';
import { silentLogger } from '../../lib/runtime/logger.js';
import { FerrisError } from '../../lib/types/errors.js';

/**
 * SQL golden tests as data: each folder of `golden/` holds `app.sql` (writing its result to
 * `${output}`), its input files, and either `expected.jsonl` (the exact output lines) or
 * `expected-error.json` ({ code, line, column, message } the run must fail with). A folder may
 * also hold `expected-dlq.jsonl`: per record sent to `${dlq}`, the fields it must have (e.g. `raw`, `position`, `error`),
 * and an empty file `unordered` when the query defines no order of its output (a UNION ALL of
 * sources read side by side interleaves them as their reads complete): then the lines are
 * compared as a multiset.
 */
const root = join(import.meta.dirname, 'golden');

async function runCase(dir: string): Promise<{ output: string; dlq: string }> {
  const work = mkdtempSync(join(tmpdir(), 'ferris-golden-'));
  const variables: Record<string, string> = { output: join(work, 'out.jsonl'), dlq: join(work, 'dlq.jsonl') };
  const text = readFileSync(join(dir, 'app.sql'), 'utf8');
  const app = loadApp(text, { file: 'app.sql', variables: (name) => variables[name] });
  const pipeline = await startApp(app, {
    file: 'app.sql',
    baseDir: dir,
    variables: (name) => variables[name],
    log: silentLogger,
    print: () => undefined,
  });
  const outcomes = await pipeline.run();
  const failure = outcomes.find((o) => o.error !== undefined);
  if (failure) throw failure.error;
  return { output: variables.output!, dlq: variables.dlq! };
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

describe('SQL golden cases', () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    it(name, async () => {
      const errorFile = join(dir, 'expected-error.json');
      if (existsSync(errorFile)) {
        const expected = JSON.parse(readFileSync(errorFile, 'utf8')) as { code: string; line?: number; column?: number; message: string };
        const error = await runCase(dir).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(FerrisError);
        const ferrisError = error as FerrisError;
        expect(ferrisError.code).toBe(expected.code);
        expect(ferrisError.message).toContain(expected.message);
        if (expected.line !== undefined) expect(ferrisError.location).toMatchObject({ line: expected.line, column: expected.column });
        return;
      }
      const { output, dlq } = await runCase(dir);
      const unordered = existsSync(join(dir, 'unordered'));
      const arrange = (found: string[]): string[] => (unordered ? [...found].sort() : found);
      expect(arrange(lines(output))).toEqual(arrange(lines(join(dir, 'expected.jsonl'))));
      const dlqFile = join(dir, 'expected-dlq.jsonl');
      if (existsSync(dlqFile)) {
        const written = lines(dlq).map((l) => JSON.parse(l) as Record<string, unknown>);
        const expectedDlq = lines(dlqFile).map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(written).toHaveLength(expectedDlq.length);
        expectedDlq.forEach((entry, i) => expect(written[i]).toMatchObject(entry));
      }
    });
  }
});
