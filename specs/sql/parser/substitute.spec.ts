import { describe, expect, it } from 'vitest';
import { substituteVariables } from '../../../lib/sql/substitute.js';
import { FerrisError } from '../../../lib/types/errors.js';

const values: Record<string, string> = { TOPIC: 'trades', 'batch.size': '500', EMPTY: '' };
const lookup = (name: string): string | undefined => values[name];

function errorOf(text: string): FerrisError {
  try {
    substituteVariables(text, lookup);
  } catch (error) {
    if (error instanceof FerrisError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('substituteVariables', () => {
  it('replaces ${name} and ${name:default}', () => {
    expect(substituteVariables("WITH ('t.topic' = '${TOPIC}', 'n' = ${batch.size}, 'g' = '${GROUP:ferris-group}')", lookup)).toBe(
      "WITH ('t.topic' = 'trades', 'n' = 500, 'g' = 'ferris-group')",
    );
  });

  it('prefers the value over the default, and an empty value is a value', () => {
    expect(substituteVariables('${TOPIC:other} ${EMPTY:fallback}| ${MISSING:}|', lookup)).toBe('trades | |');
  });

  it('leaves text without variables alone, including lone $ and {', () => {
    const text = "SELECT '$5', '{x}', price FROM t -- costs $ {}";
    expect(substituteVariables(text, lookup)).toBe(text);
  });

  it('names every variable without a value, located at the first', () => {
    const error = errorOf('SELECT 1\nFROM ${SOURCE}\nWHERE x = ${LIMIT_VALUE} AND y = ${TOPIC}');
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('${SOURCE} at 2:6');
    expect(error.message).toContain('${LIMIT_VALUE} at 3:11');
    expect(error.message).not.toContain('TOPIC');
    expect(error.location).toEqual({ line: 2, column: 6 });
  });

  it('rejects an unterminated or invalid reference with its position', () => {
    expect(errorOf("SELECT '${TOPIC' FROM t\n}").message).toBe('unterminated ${ at 1:9');
    expect(errorOf('x ${1abc}').message).toContain("invalid variable name '1abc'");
    expect(errorOf('x ${}').location).toEqual({ line: 1, column: 3 });
  });
});
