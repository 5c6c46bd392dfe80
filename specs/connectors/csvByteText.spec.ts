import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileCursor, type FileDecoding } from '../../lib/connectors/file/fileCursor.js';
import type { CsvOptions } from '../../lib/connectors/file/csvRowDecoder.js';
import { CsvRowDecoder } from '../../lib/connectors/file/csvRowDecoder.js';
import { FileTextDecoder, type InvalidUtf8 } from '../../lib/connectors/file/fileText.js';
import { LineFramer } from '../../lib/connectors/file/lineFramer.js';
import type { RecordHandler } from '../../lib/connectors/file/recordFramer.js';
import { BYTE_TEXT, textOfBytes, UTF16_TEXT, type TextForm } from '../../lib/connectors/file/textForm.js';
import { Utf8CheckingHandler } from '../../lib/connectors/file/utf8CheckingHandler.js';
import { RowBatcher } from '../../lib/connectors/rowBatcher.js';
import type { BadRecord } from '../../lib/connectors/types.js';
import { field, schemaOf, type Schema } from '../../lib/types/schema.js';
import { BOOLEAN, DOUBLE, INTEGER, STRING, decimalType } from '../../lib/types/sqlType.js';
import type { Row } from '../../lib/types/value.js';

const OPTIONS: CsvOptions = { delimiter: ';', quote: '"', hasHeader: false, nullLiteral: '' };
const SCHEMA = schemaOf([field('name', STRING), field('n', INTEGER), field('t', decimalType(4, 1))]);

interface Read {
  readonly rows: Row[];
  readonly bad: { raw: string; position: number; message: string }[];
}

interface Setting {
  readonly options: CsvOptions;
  readonly schema: Schema;
  readonly invalidUtf8: InvalidUtf8;
  readonly maxRecordBytes: number;
}

const SETTING: Setting = { options: OPTIONS, schema: SCHEMA, invalidUtf8: 'bad_record', maxRecordBytes: 1 << 20 };

function sink(): { batcher: RowBatcher; bad: Read['bad']; onBadRecord: (b: BadRecord) => void } {
  const bad: Read['bad'] = [];
  return { batcher: new RowBatcher(1_000_000), bad, onBadRecord: (b) => void bad.push({ raw: b.raw, position: b.position, message: b.error.message }) };
}

/** The file's bytes fed in chunks of `chunk` bytes through decoder, framer and row decoder of one text form (as a file cursor wires them). */
function readIn(form: TextForm, bytes: Buffer, chunk: number, setting: Setting = SETTING): Read {
  const { batcher, bad, onBadRecord } = sink();
  const text = new FileTextDecoder(setting.invalidUtf8, form);
  const framer = new LineFramer(setting.options, setting.maxRecordBytes, form);
  const decoder = new CsvRowDecoder(setting.schema, setting.options, { batcher, onBadRecord, partition: 0, topic: 'in.csv', origin: '/in.csv' }, undefined, form);
  let handler: RecordHandler = decoder;
  const feed = (piece: string): void => {
    if (setting.invalidUtf8 === 'bad_record' && handler === decoder && text.invalidSequences > 0) handler = new Utf8CheckingHandler(decoder, form);
    framer.feed(piece, handler);
  };
  for (let at = 0; at < bytes.length; at += chunk) feed(text.decode(bytes.subarray(at, at + chunk)));
  const rest = text.end();
  feed(rest);
  framer.finish(handler);
  return { rows: batcher.takePartial() ?? [], bad };
}

/** The same through a {@link FileCursor}, which picks the form itself. */
function readByCursor(bytes: Buffer, chunk: number, setting: Setting = SETTING): Read {
  const { batcher, bad, onBadRecord } = sink();
  const decoding: FileDecoding = { schema: setting.schema, format: 'csv', csv: setting.options, maxRecordBytes: setting.maxRecordBytes, invalidUtf8: setting.invalidUtf8, batcher, onBadRecord };
  const cursor = new FileCursor('/in.csv', 'in.csv', 0, false, decoding);
  for (let at = 0; at < bytes.length; at += chunk) cursor.consume(bytes.subarray(at, at + chunk));
  cursor.finish();
  return { rows: batcher.takePartial() ?? [], bad };
}

const PIECES = [
  'Oslo', 'São Paulo', 'Ağrı', '東京', '😀', '\u00a0', '\u3000', ' ', '', '12', '-3', '4.5', '-0.7', '1e3', 'x', ';', ';;', '"', '""', '"a;\nb"', '\r', '\n', '\n\n', '\r\n', '\ufeff',
];
const INVALID: number[][] = [[0xff], [0xc3], [0xe6, 0x9d], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]];

/** Pieces of text, or invalid byte sequences, as one file's bytes. */
const fileBytes = fc
  .array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...INVALID) }), { maxLength: 60 })
  .map((parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));

describe('CSV read as bytes one per character reads as CSV read as text', () => {
  it('same rows and same bad records (raw text, line, message), for any text, invalid bytes and chunk sizes in bytes', () => {
    fc.assert(
      // With a small max_record_bytes only under 'replace': a marked invalid sequence counts as its bytes in the file when read as bytes, as 3 bytes (a lone surrogate's) when read as text.
      fc.property(fileBytes, fc.integer({ min: 1, max: 40 }), fc.constantFrom<Partial<Setting>>({ invalidUtf8: 'bad_record' }, { invalidUtf8: 'replace' }, { invalidUtf8: 'replace', maxRecordBytes: 12 }), (bytes, chunk, variant) => {
        const setting = { ...SETTING, ...variant };
        expect(readIn(BYTE_TEXT, bytes, chunk, setting)).toEqual(readIn(UTF16_TEXT, bytes, chunk, setting));
      }),
      { numRuns: 600 },
    );
  });

  it('a header with names beyond ASCII, and fields parsed beyond the fast paths (DOUBLE, BOOLEAN), in both forms', () => {
    const schema = schemaOf([field('größe', DOUBLE), field('Straße', STRING), field('ja', BOOLEAN)]);
    const setting: Setting = { ...SETTING, schema, options: { ...OPTIONS, hasHeader: true } };
    const bytes = Buffer.from('\ufeffStraße;ja;Größe\n"Kö;ln";true;1.5\nZürich;false;²\nWien;vielleicht;2\n', 'utf8');
    for (const chunk of [1, 2, 3, 7, 64]) {
      const read = readIn(BYTE_TEXT, bytes, chunk, setting);
      expect(read).toEqual(readIn(UTF16_TEXT, bytes, chunk, setting));
      expect(read.rows.map((r) => r.slice(0, 3))).toEqual([[1.5, 'Kö;ln', true]]);
      expect(read.bad.map((b) => [b.position, b.raw])).toEqual([
        [3, 'Zürich;false;²'],
        [4, 'Wien;vielleicht;2'],
      ]);
    }
  });

  it('a file cursor reads an ASCII dialect as bytes, with the same rows and reports as text gives', () => {
    const bytes = Buffer.from('Ağrı;1;2.5\nOslo;x;1.0\n"東京";3;-0.5\n😀;4;9.9\nSão Paulo;5;', 'utf8');
    for (const chunk of [1, 5, 1 << 20]) {
      const byCursor = readByCursor(bytes, chunk);
      const asText = readIn(UTF16_TEXT, bytes, chunk);
      expect(byCursor.bad).toEqual(asText.bad);
      const declared = (rows: Row[]): Row[] => rows.map((row) => row.slice(0, SCHEMA.fields.length));
      expect(declared(byCursor.rows)).toEqual(declared(asText.rows));
      expect(byCursor.rows.map((r) => r[0])).toEqual(['Ağrı', '東京', '😀', 'São Paulo']);
    }
  });
});

describe('textOfBytes', () => {
  it('gives back the text whose UTF-8 bytes it is handed one per character, ASCII as the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(textOfBytes(Buffer.from(text, 'utf8').toString('latin1'))).toBe(text);
      }),
    );
    const ascii = 'plain;ascii';
    expect(textOfBytes(ascii)).toBe(ascii);
  });
});
