import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { isDecimal } from '../../lib/types/decimal.js';
import type { Schema } from '../../lib/types/schema.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import type { SqlType } from '../../lib/types/sqlType.js';
import { DOUBLE, INTEGER, STRING, TIMESTAMP, decimalType, integerType } from '../../lib/types/sqlType.js';
import type { Value } from '../../lib/types/value.js';
import { declaredValues, props, readAllRows, tempDir, testContext } from './connectorTestKit.js';

/** A value as comparable text: decimals keep their scale, bigints their digits. */
function shown(v: Value): string {
  if (isDecimal(v)) return `dec ${v.toString()}`;
  return typeof v === 'bigint' ? `big ${v}` : String(v);
}

/** Reads one file with a one-column schema `v`; the values read and the bad records as `line: message`. */
async function readColumn(file: string, text: string, type: SqlType | undefined): Promise<{ values: string[]; bad: string[]; schema: Schema }> {
  const dir = tempDir();
  writeFileSync(path.join(dir, file), text);
  const ctx = testContext(dir);
  const declared = type === undefined ? undefined : schemaOf([field('v', type)]);
  const source = await fileSourceFactory.open(props({ path: file }), declared, ctx);
  const values = declaredValues(await readAllRows(source), 1).map((row) => shown(row[0]!));
  const bad = ctx.badRecords.map((b) => `${b.position}: ${b.error.message}`);
  return { values, bad, schema: source.schema };
}

/** The same numbers as JSON lines `{"v": <number>}` and as a JSON array. */
function asJsonLines(numbers: readonly string[]): string {
  return numbers.map((n) => `{"v": ${n}}\n`).join('');
}
function asJsonArray(numbers: readonly string[]): string {
  return `[\n${numbers.map((n) => `{"v": ${n}}`).join(',\n')}\n]\n`;
}

describe('exact JSON numbers (issue 7, item 2)', () => {
  for (const [format, file, layout, firstLine] of [
    ['JSON lines', 'n.jsonl', asJsonLines, 1],
    ['a JSON array', 'n.json', asJsonArray, 2],
  ] as const) {
    it(`keeps every digit of BIGINT numbers in ${format}`, async () => {
      const { values, bad } = await readColumn(file, layout(['9007199254740993', '12345678901234567890', '-9223372036854775808', '42']), integerType(64));
      expect(values).toEqual(['big 9007199254740993', 'big -9223372036854775808', '42']);
      expect(bad).toEqual([
        `${firstLine + 1}: field 'v': cannot read JSON number 12345678901234567890 as BIGINT: ` +
          '12345678901234567890 is out of range for BIGINT (64-bit): -9223372036854775808 to 9223372036854775807',
      ]);
    });

    it(`keeps every digit of DECIMAL numbers in ${format}, as the same text in a string would`, async () => {
      const d184 = await readColumn(file, layout(['12345678901234.56789', '"12345678901234.56789"']), decimalType(18, 4));
      expect(d184.values).toEqual(['dec 12345678901234.5679', 'dec 12345678901234.5679']);
      const d3820 = await readColumn(file, layout(['0.12345678901234567891', '123456789012345678.12345678901234567891']), decimalType(38, 20));
      expect(d3820.values).toEqual(['dec 0.12345678901234567891', 'dec 123456789012345678.12345678901234567891']);
      expect(d3820.bad).toEqual([]);
    });
  }

  it('reports a number that does not fit its column as a bad record naming the number and the type', async () => {
    const bigint = await readColumn('n.jsonl', asJsonLines(['1e300', '1e400', '1.5', '7']), integerType(64));
    expect(bigint.values).toEqual(['7']);
    expect(bigint.bad).toEqual([
      expect.stringMatching(/^1: field 'v': cannot read JSON number 1e\+300 as BIGINT: 1e\+300 is out of range for BIGINT/),
      expect.stringMatching(/^2: field 'v': cannot read JSON number 1e400 as BIGINT: 1e400 is out of range for BIGINT/),
      expect.stringMatching(/^3: field 'v': cannot read JSON number 1.5 as BIGINT: not a whole number/),
    ]);
    const decimal = await readColumn('n.jsonl', asJsonLines(['1e400', '123456789012345.5']), decimalType(18, 4));
    expect(decimal.values).toEqual([]);
    expect(decimal.bad).toEqual([
      expect.stringMatching(/^1: field 'v': cannot read JSON number 1e400 as DECIMAL\(18,4\)/),
      expect.stringMatching(/^2: field 'v': decimal overflow/),
    ]);
  });

  it('keeps the digits of a long number read into a STRING column', async () => {
    const { values } = await readColumn('n.jsonl', asJsonLines(['12345678901234567890', '1.5']), STRING);
    expect(values).toEqual(['12345678901234567890', '1.5']);
  });

  it('infers a schema from the exact numbers: INTEGER within 64 bits, DECIMAL(38, s) with every digit', async () => {
    const ints = await readColumn('n.jsonl', asJsonLines(['9007199254740993', '1']), undefined);
    expect(ints.schema.fields[0]!.type).toEqual(INTEGER);
    expect(ints.values).toEqual(['big 9007199254740993', '1']);
    const decimals = await readColumn('n.jsonl', asJsonLines(['0.12345678901234567891']), undefined);
    expect(decimals.schema.fields[0]!.type).toEqual(decimalType(38, 20));
    expect(decimals.values).toEqual(['dec 0.12345678901234567891']);
  });
});

describe('range checks on every path (issue 7, item 3)', () => {
  const csv = (values: readonly string[]): string => `v\n${values.join('\n')}\n`;

  it('checks INTEGER (32-bit) and BIGINT (64-bit) in CSV and JSON, even for 400 digits', async () => {
    const huge = `1${'0'.repeat(400)}`;
    for (const [file, text] of [
      ['n.csv', csv(['2147483647', '2147483648', '-2147483648', '-2147483649', huge])],
      ['n.jsonl', asJsonLines(['2147483647', '2147483648', '-2147483648', '-2147483649', huge])],
    ] as const) {
      const { values, bad } = await readColumn(file, text, integerType(32));
      expect(values).toEqual(['2147483647', '-2147483648']);
      expect(bad).toHaveLength(3);
      expect(bad[0]).toMatch(/2147483648.* is out of range for INTEGER \(32-bit\): -2147483648 to 2147483647/);
      expect(bad[2]).toMatch(/out of range for INTEGER/);
    }
    const big = await readColumn('n.csv', csv(['9223372036854775807', '9223372036854775808', huge]), integerType(64));
    expect(big.values).toEqual(['big 9223372036854775807']);
    expect(big.bad).toEqual([
      expect.stringMatching(/^3: column 'v': .*'9223372036854775808' is out of range for BIGINT \(64-bit\)/),
      expect.stringMatching(/^4: column 'v': .*out of range for BIGINT \(64-bit\)/),
    ]);
  });

  it('reports DOUBLE overflow and underflow instead of Infinity and 0, keeping explicit Infinity and subnormals', async () => {
    for (const [file, text] of [
      ['n.csv', csv(['1e400', '-1e400', '1e-400', '0e-400', '1e-310', 'Infinity', '1.5'])],
      ['n.jsonl', asJsonLines(['1e400', '-1e400', '1e-400', '0e-400', '1e-310', '"Infinity"', '1.5'])],
    ] as const) {
      const { values, bad } = await readColumn(file, text, DOUBLE);
      const first = file === 'n.csv' ? 2 : 1;
      expect(values).toEqual(['0', '1e-310', 'Infinity', '1.5']);
      expect(bad).toEqual([
        expect.stringMatching(new RegExp(`^${first}: .*'?1e400'? is out of the DOUBLE range \\(beyond`)),
        expect.stringMatching(new RegExp(`^${first + 1}: .*'?-1e400'? is out of the DOUBLE range`)),
        expect.stringMatching(new RegExp(`^${first + 2}: .*'?1e-400'? is out of the DOUBLE range \\(too close to zero`)),
      ]);
    }
  });

  it('checks the TIMESTAMP range of epoch milliseconds in CSV and JSON', async () => {
    for (const [file, text] of [
      ['n.csv', csv(['1704067200000', '99999999999999999999', '8640000000000001'])],
      ['n.jsonl', asJsonLines(['1704067200000', '99999999999999999999', '8640000000000001'])],
    ] as const) {
      const { values, bad } = await readColumn(file, text, TIMESTAMP);
      expect(values).toEqual(['1704067200000']);
      expect(bad).toHaveLength(2);
      expect(bad[0]).toMatch(/99999999999999999999.* is out of the TIMESTAMP range: epoch milliseconds from -8640000000000000 to 8640000000000000/);
      expect(bad[1]).toMatch(/8640000000000001.* is out of the TIMESTAMP range/);
    }
  });
});
