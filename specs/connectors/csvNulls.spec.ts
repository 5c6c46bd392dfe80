import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitCsvRecord } from '../../lib/connectors/file/csvRecord.js';
import { fileSinkFactory } from '../../lib/connectors/file/fileSinkFactory.js';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { Decimal } from '../../lib/types/decimal.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { decimalType, INTEGER, STRING } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';
import { declaredValues, props, readAllRows, tempDir, testContext } from './connectorTestKit.js';

const SCHEMA = schemaOf([field('id', INTEGER), field('venue', STRING), field('price', decimalType(10, 2))]);

async function read(dir: string, entries: Record<string, string>): Promise<Row[]> {
  const source = await fileSourceFactory.open(props(entries), SCHEMA, testContext(dir));
  return declaredValues(await readAllRows(source), 3);
}

describe('CSV NULL: unquoted empty is NULL, quoted empty is the empty string', () => {
  it('splits an unquoted empty field (also the first and the last) to null and "" to the empty string', () => {
    expect(splitCsvRecord(',a,', ',', '"', '')).toEqual([null, 'a', null]);
    expect(splitCsvRecord('"",a,""', ',', '"', '')).toEqual(['', 'a', '']);
    expect(splitCsvRecord('"x",,', ',', '"', '')).toEqual(['x', null, null]);
    expect(splitCsvRecord('NULL,"NULL",', ',', '"', 'NULL')).toEqual([null, 'NULL', '']);
  });

  it('reads an unquoted empty field as NULL in every column type and "" as the empty string', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'id,venue,price\n1,,1.50\n2,"",\n,NYSE,""\n');
    expect(await read(dir, { path: 'a.csv' })).toEqual([
      [1, null, Decimal.parse('1.50')],
      [2, '', null],
      [null, 'NYSE', null],
    ]);
  });

  it("with null_literal = '\\N', an unquoted \\N is NULL, a quoted one is text and an empty string field is ''", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'id,venue,price\n1,\\N,\\N\n2,"\\N",2.00\n3,,\n');
    expect(await read(dir, { path: 'a.csv', null_literal: '\\N' })).toEqual([
      [1, null, null],
      [2, '\\N', Decimal.parse('2.00')],
      [3, '', null],
    ]);
  });

  it('refuses null_literal for a format other than CSV', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.jsonl'), '{"id":1}\n');
    await expect(fileSourceFactory.open(props({ path: 'a.jsonl', null_literal: 'NULL' }), SCHEMA, testContext(dir))).rejects.toThrow(
      "'null_literal' applies to format = 'csv' only",
    );
    await expect(fileSinkFactory.open(props({ path: 'o.jsonl', null_literal: 'NULL' }), SCHEMA, testContext(dir))).rejects.toThrow(
      "'null_literal' applies to format = 'csv' only",
    );
  });

  for (const nullLiteral of [undefined, 'NULL']) {
    it(`the CSV sink writes NULL and '' apart, so a round trip keeps them (null_literal ${nullLiteral ?? 'default'})`, async () => {
      const dir = tempDir();
      const extra: Record<string, string> = nullLiteral === undefined ? {} : { null_literal: nullLiteral };
      const rows: Row[] = [
        [1, null, null],
        [2, '', Decimal.parse('2.00')],
        [3, 'NULL', Decimal.parse('3.00')],
      ];
      const sink = await fileSinkFactory.open(props({ path: 'o.csv', ...extra }), SCHEMA, testContext(dir));
      await sink.write(rows);
      await sink.close();
      const text = readFileSync(path.join(dir, 'o.csv'), 'utf8');
      expect(text).toBe(
        nullLiteral === undefined
          ? 'id,venue,price\n1,,\n2,"",2.00\n3,NULL,3.00\n'
          : 'id,venue,price\n1,NULL,NULL\n2,,2.00\n3,"NULL",3.00\n',
      );
      expect(await read(dir, { path: 'o.csv', ...extra })).toEqual(rows);
    });
  }
});
