import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldReaderOf } from '../../lib/connectors/file/fieldReaders.js';
import { StringInterner } from '../../lib/connectors/file/stringInterner.js';
import { isDecimal } from '../../lib/types/decimal.js';
import { DATE, DOUBLE, STRING, TIMESTAMP, decimalType, integerType, type SqlType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { parseText } from '../../lib/types/valueText.js';

/** A value as comparable text: decimals keep their scale, bigints their digits. */
function shown(v: Value): string {
  if (isDecimal(v)) return `dec ${v.toString()}`;
  return typeof v === 'bigint' ? `big ${v}` : `${typeof v} ${String(v)}`;
}

function outcome(read: () => Value): string {
  try {
    return shown(read());
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const TYPES: readonly SqlType[] = [
  decimalType(3, 1),
  decimalType(18, 4),
  decimalType(5, 0),
  decimalType(38, 20),
  decimalType(2, 2),
  integerType(8),
  integerType(16),
  integerType(32),
  integerType(64),
  DOUBLE,
  TIMESTAMP,
  DATE,
  STRING,
];

/** Field text near the numeric fast paths: digits, signs, points, spaces, exponents, junk. */
const fieldText = fc.oneof(
  fc.stringMatching(/^[-+]?[0-9]{0,20}(\.[0-9]{0,8})?$/),
  fc.array(fc.constantFrom('0', '1', '9', '-', '+', '.', ' ', 'e', 'x'), { maxLength: 8 }).map((cs) => cs.join('')),
  fc.constantFrom('', '-', '.', '-.5', '5.', '00012.30', '99.9', '-99.9', '100.0', '127', '-128', '128', '9007199254740993', '2024-01-01T00:00:00.000Z', '2024-02-29'),
);

describe('CSV field readers', () => {
  it('read every field as parseText reads its text: same value, same scale, same error (readers reused, so shared small decimals too)', () => {
    const readers = new Map(TYPES.map((type) => [type, fieldReaderOf(type)]));
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fieldText, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (type, text, before, after) => {
        const line = before + text + after;
        const reader = readers.get(type)!;
        expect(outcome(() => reader(line, before.length, before.length + text.length))).toBe(outcome(() => parseText(text, type)));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('StringInterner', () => {
  it('gives the text of the field, for repeated and new values alike', () => {
    const interner = new StringInterner();
    fc.assert(
      fc.property(fc.array(fc.constantFrom('AAPL', 'MSFT', 'São Paulo', 'a station name longer than thirteen', '', 'x'), { maxLength: 20 }), fc.string({ maxLength: 4 }), (names, pad) => {
        for (const name of names) {
          const line = `${pad}${name};1.0`;
          expect(interner.intern(line, pad.length, pad.length + name.length)).toBe(name);
        }
      }),
    );
  });

  it('keeps giving the right text once its table is full and after it stops for values that do not repeat', () => {
    const interner = new StringInterner();
    for (let i = 0; i < 20_000; i++) {
      const text = `id-${i}-${'z'.repeat(i % 17)}`;
      expect(interner.intern(`;${text};`, 1, text.length + 1)).toBe(text);
    }
    expect(interner.intern('AAPL', 0, 4)).toBe('AAPL');
    expect(interner.intern('AAPL', 1, 3)).toBe('AP');
  });
});
