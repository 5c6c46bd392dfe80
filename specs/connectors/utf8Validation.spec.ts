import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileTextDecoder } from '../../lib/connectors/file/fileText.js';
import { fileSourceFactory } from '../../lib/connectors/file/fileSourceFactory.js';
import { decodeMarkingInvalid, INVALID_UTF8_MARK } from '../../lib/connectors/file/utf8Marking.js';
import { field, schemaOf } from '../../lib/types/schema.js';
import { INTEGER, STRING } from '../../lib/types/sqlType.js';
import { declaredValues, props, readAllRows, tempDir, testContext } from './connectorTestKit.js';

const SCHEMA = schemaOf([field('id', INTEGER), field('name', STRING)]);

function writeBytes(dir: string, name: string, ...parts: (string | number[])[]): void {
  writeFileSync(path.join(dir, name), Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));
}

/** Decodes bytes fed in chunks of `size` bytes. */
function decodeInChunks(bytes: Buffer, size: number): string {
  const decoder = new FileTextDecoder('replace');
  let text = '';
  for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
  return text + decoder.end();
}

describe('invalid UTF-8 in files', () => {
  it('by default a record holding invalid UTF-8 is a bad record, reported with its line; the others are read', async () => {
    const dir = tempDir();
    writeBytes(dir, 'a.csv', 'id,name\n1,Z\u00fcrich\n2,Kra', [0xc3, 0x28], 'kow\n3,ok\n');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.csv' }), SCHEMA, ctx);
    expect(declaredValues(await readAllRows(source), 2)).toEqual([
      [1, 'Zürich'],
      [3, 'ok'],
    ]);
    expect(ctx.badRecords.map((b) => [b.position, b.raw])).toEqual([[3, '2,Kra\uFFFD(kow']]);
    expect(ctx.badRecords[0]!.error.message).toContain('invalid UTF-8 at character 6 of the record');
  });

  it("with invalid_utf8 = 'replace' the record is read with U+FFFD and the replacements are counted in a warning", async () => {
    const dir = tempDir();
    writeBytes(dir, 'a.jsonl', '{"id":1,"name":"a', [0xff], 'b', [0xe2, 0x82], '"}\n{"id":2,"name":"c"}\n');
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.jsonl', invalid_utf8: 'replace' }), SCHEMA, ctx);
    expect(declaredValues(await readAllRows(source), 2)).toEqual([
      [1, 'a\uFFFDb\uFFFD'],
      [2, 'c'],
    ]);
    expect(ctx.badRecords).toEqual([]);
    expect(ctx.logs).toContainEqual({ level: 'warn', message: 'invalid UTF-8 read as U+FFFD' });
  });

  it('a character cut at the end of the file is invalid; a U+FFFD written in the file is valid text', async () => {
    const dir = tempDir();
    writeBytes(dir, 'a.csv', 'id,name\n1,\uFFFD\n2,x', [0xe2, 0x82]);
    const ctx = testContext(dir);
    const source = await fileSourceFactory.open(props({ path: 'a.csv' }), SCHEMA, ctx);
    expect(declaredValues(await readAllRows(source), 2)).toEqual([[1, '\uFFFD']]);
    expect(ctx.badRecords.map((b) => b.position)).toEqual([3]);
  });

  it('refuses an unknown invalid_utf8 value, naming the accepted ones', async () => {
    await expect(fileSourceFactory.open(props({ path: 'a.csv', invalid_utf8: 'ignore' }), SCHEMA, testContext(tempDir()))).rejects.toThrow(
      "invalid value 'ignore' for 'invalid_utf8'; accepted values: bad_record, replace",
    );
  });

  it('marks exactly where the runtime decoder puts U+FFFD, for any bytes, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 9 }), (array, size) => {
        const bytes = Buffer.from(array);
        const expected = bytes.toString('utf8');
        const { text, invalid } = decodeMarkingInvalid(bytes, bytes.length);
        expect(text.replaceAll(INVALID_UTF8_MARK, '\uFFFD')).toBe(expected);
        expect(invalid).toBe([...text].filter((c) => c === INVALID_UTF8_MARK).length);
        expect(decodeInChunks(bytes, size)).toBe(expected.charCodeAt(0) === 0xfeff ? expected.slice(1) : expected);
      }),
      { numRuns: 2000 },
    );
  });
});
