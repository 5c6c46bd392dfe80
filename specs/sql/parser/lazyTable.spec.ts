import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The generated parser, loaded afresh (not the instance lib/sql/parser.ts holds). */
const generatedPath = join(import.meta.dirname, '../../../lib/sql/grammar/parser.generated.cjs');

interface FreshParser {
  readonly table: readonly unknown[];
  yy: Record<string, unknown>;
}

function freshParser(): FreshParser {
  const require = createRequire(import.meta.url);
  delete require.cache[require.resolve(generatedPath)];
  return (require(generatedPath) as { parser: FreshParser }).parser;
}

/** The states of the LR table already decoded (data properties; undecoded ones are accessors). */
function decodedStates(table: readonly unknown[]): number {
  let decoded = 0;
  for (let state = 0; state < table.length; state++) if (Object.getOwnPropertyDescriptor(table, state)?.get === undefined) decoded++;
  return decoded;
}

describe('the generated parser loads its LR table lazily', () => {
  it('decodes no state when loaded, a state the first time it is read, and the same object afterwards', () => {
    const { table } = freshParser();
    expect(table.length).toBeGreaterThan(100);
    expect(decodedStates(table)).toBe(0);
    const first = table[0];
    expect(first).toBeTypeOf('object');
    expect(table[0]).toBe(first);
    expect(decodedStates(table)).toBe(1);
  });

  it('decodes every state to an action map keyed by symbol number', () => {
    const { table } = freshParser();
    for (let state = 0; state < table.length; state++) {
      const actions = table[state] as Record<string, unknown>;
      expect(Object.keys(actions).every((key) => /^\d+$/.test(key))).toBe(true);
    }
    expect(decodedStates(table)).toBe(table.length);
  });
});
