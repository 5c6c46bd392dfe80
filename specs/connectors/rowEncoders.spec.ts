import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsoTimestampParser } from '../../lib/connectors/file/isoTimestampParser.js';
import { CsvRowEncoder } from '../../lib/connectors/output/csvRowEncoder.js';
import { IsoTimestampText } from '../../lib/connectors/output/isoTimestampText.js';
import { JsonRowEncoder } from '../../lib/connectors/output/jsonRowEncoder.js';
import { Decimal } from '../../lib/types/decimal.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { BOOLEAN, DATE, decimalType, DOUBLE, INTEGER, STRING, TIMESTAMP } from '../../lib/types/sqlType.js';
import { formatTimestamp, parseTimestamp } from '../../lib/types/time.js';
import type { Row } from '../../lib/types/value.js';
import type { FormatOptions } from '../../lib/types/valueText.js';
import { toJsonValue, toText } from '../../lib/types/valueText.js';

const SCHEMA = schemaOf([
  field('i', INTEGER),
  field('s', STRING),
  field('d', decimalType(18, 4)),
  field('t', TIMESTAMP),
  field('b', BOOLEAN),
  field('x', DOUBLE),
  field('day', DATE),
]);

const rowArbitrary = fc.tuple(
  fc.option(fc.oneof(fc.integer(), fc.bigInt({ min: 2n ** 60n, max: 2n ** 62n }))),
  fc.option(fc.string()),
  fc.option(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((u) => Decimal.fromUnscaled(u, 4))),
  fc.option(fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 })),
  fc.option(fc.boolean()),
  fc.option(fc.double()),
  fc.option(fc.integer({ min: -100_000, max: 100_000 })),
);

const OPTIONS: FormatOptions[] = [
  { decimalFormat: 'string', timestampFormat: 'iso8601' },
  { decimalFormat: 'number', timestampFormat: 'epoch_millis' },
];

describe('row encoders', () => {
  it('JSON: the hand-built text equals JSON.stringify of toJsonValue per column', () => {
    for (const options of OPTIONS) {
      const encoder = new JsonRowEncoder(SCHEMA, options);
      fc.assert(
        fc.property(rowArbitrary, (values) => {
          const row = values as unknown as Row;
          const expected: Record<string, unknown> = {};
          SCHEMA.fields.forEach((f, i) => (expected[f.name] = toJsonValue(row[i]!, f.type, options)));
          expect(encoder.encode(row)).toBe(JSON.stringify(expected));
        }),
      );
    }
  });

  it('CSV: each field is toText of the value, quoted when it is empty or holds the delimiter, a quote or a line break; NULL is an empty field', () => {
    const encoder = new CsvRowEncoder(SCHEMA, ',', '', OPTIONS[0]!);
    fc.assert(
      fc.property(rowArbitrary, (values) => {
        const row = values as unknown as Row;
        const expected = SCHEMA.fields
          .map((f, i) => {
            if (row[i] === null) return '';
            const text = toText(row[i]!, f.type, OPTIONS[0]!);
            return text === '' || /[,"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
          })
          .join(',');
        expect(encoder.encode(row)).toBe(expected);
      }),
    );
  });

  it('ISO timestamps from the day cache equal formatTimestamp, across days and before 1970', () => {
    const text = new IsoTimestampText();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times) {
          expect(text.format(ms)).toBe(formatTimestamp(ms));
          expect(text.format(ms + 1)).toBe(formatTimestamp(ms + 1));
        }
      }),
    );
    expect(text.format(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(text.format(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('canonical ISO timestamp parser', () => {
  it('reads what the encoders write, equal to the general parser, across days and before 1970', () => {
    const parser = new IsoTimestampParser();
    const text = new IsoTimestampText();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_000_000_000_000, max: 253_402_300_798_999 }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times) {
          expect(parser.parse(text.format(ms))).toBe(ms);
          expect(parser.parse(text.format(ms + 999))).toBe(parseTimestamp(text.format(ms + 999)));
        }
      }),
    );
  });

  it('gives NaN for any other text, so the general path decides', () => {
    const parser = new IsoTimestampParser();
    for (const text of ['2024-01-01 00:00:00.000Z', '2024-01-01T00:00:00Z', '2024-01-01T24:00:00.000Z', '2024-13-01T00:00:00.000Z', '2024-01-01T00:00:00.0a0Z', '2024-01-01T00:00:00.000+', '']) {
      expect(parser.parse(text)).toBeNaN();
    }
    expect(parser.parse('2024-02-29T12:34:56.789Z')).toBe(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
  });
});
