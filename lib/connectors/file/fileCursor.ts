import type { Schema } from '../../types/schema.js';
import type { BadRecord } from '../types.js';
import type { RowBatcher } from '../rowBatcher.js';
import type { CsvOptions } from './csvRowDecoder.js';
import { CsvRowDecoder } from './csvRowDecoder.js';
import type { InvalidUtf8 } from './fileText.js';
import { FileTextDecoder } from './fileText.js';
import { JsonRowDecoder } from './jsonRowDecoder.js';
import { formatFramer } from './formatFramer.js';
import type { RecordFramer, RecordHandler } from './recordFramer.js';
import type { RowDecoder } from './rowDecoder.js';
import type { FileFormat } from './schemaInference.js';
import { csvTextForm, UTF16_TEXT, type TextForm } from './textForm.js';
import { Utf8CheckingHandler } from './utf8CheckingHandler.js';

/** How the files of one source are decoded. */
export interface FileDecoding {
  readonly schema: Schema;
  readonly format: FileFormat;
  readonly csv: CsvOptions;
  /** The most UTF-8 bytes a record may have. */
  readonly maxRecordBytes: number;
  readonly invalidUtf8: InvalidUtf8;
  readonly batcher: RowBatcher;
  readonly onBadRecord: (bad: BadRecord) => void;
  /** The columns the job reads (projection pushdown); every column when absent. */
  readonly read?: readonly boolean[];
}

/**
 * The reading state of one file: how many bytes were consumed (for tailing), the text decoder,
 * the record framer and the row decoder, all of which carry incomplete data across reads.
 */
export class FileCursor {
  /** Invalid UTF-8 sequences (replaced by U+FFFD) already logged for this file. */
  loggedInvalidSequences = 0;
  /** Bytes consumed so far (of the file; of the decompressed text for gzip, which is never tailed). */
  position = 0;
  readonly text: FileTextDecoder;
  readonly framer: RecordFramer;
  readonly decoder: RowDecoder;
  /** The last bytes consumed (up to `rememberBytes`), to recognise the file when it is checked again. */
  private recent = Buffer.alloc(0);
  /** Where records go: the decoder, or once invalid UTF-8 was marked, a check before it. */
  private handler: RecordHandler;
  private readonly checksUtf8: boolean;
  /** The form of the text the framer and decoder work on. */
  private readonly form: TextForm;

  /**
   * @param path absolute path
   * @param topic the path as shown in `_topic`
   * @param partition the file's index (`_partition`)
   * @param rememberBytes how many of the last bytes consumed to keep (for tailing; 0 keeps none)
   */
  constructor(
    readonly path: string,
    readonly topic: string,
    readonly partition: number,
    readonly gzip: boolean,
    decoding: FileDecoding,
    private readonly rememberBytes = 0,
  ) {
    const target = { batcher: decoding.batcher, onBadRecord: decoding.onBadRecord, partition, topic, origin: path };
    const csv = decoding.csv;
    // CSV in an ASCII dialect is read as bytes one per character: no UTF-8 decode of the whole file.
    this.form = decoding.format === 'csv' ? csvTextForm(csv.delimiter, csv.quote, csv.nullLiteral) : UTF16_TEXT;
    this.text = new FileTextDecoder(decoding.invalidUtf8, this.form);
    this.checksUtf8 = decoding.invalidUtf8 === 'bad_record';
    this.framer = formatFramer(decoding.format, csv, decoding.maxRecordBytes, this.form);
    this.decoder =
      decoding.format === 'csv'
        ? new CsvRowDecoder(decoding.schema, csv, target, decoding.read, this.form)
        : new JsonRowDecoder(decoding.schema, target, decoding.read);
    this.handler = this.decoder;
  }

  /** Decodes one chunk of bytes read from the file. */
  consume(chunk: Buffer): void {
    this.position += chunk.length;
    if (this.rememberBytes > 0) this.remember(chunk);
    this.decoder.now = Date.now();
    this.framer.feed(this.decodeText(chunk), this.handler);
  }

  /** The last bytes consumed, ending at `position` (at most `rememberBytes` of them). */
  get recentBytes(): Buffer {
    return this.recent;
  }

  /** The file ended: decodes what is left. */
  finish(): void {
    const rest = this.text.end();
    this.checkUtf8();
    if (rest !== '') this.framer.feed(rest, this.handler);
    this.framer.finish(this.handler);
  }

  private decodeText(chunk: Buffer): string {
    const text = this.text.decode(chunk);
    this.checkUtf8();
    return text;
  }

  /** Once the file showed invalid UTF-8 (to be reported), its records are checked for it. */
  private checkUtf8(): void {
    if (this.checksUtf8 && this.handler === this.decoder && this.text.invalidSequences > 0) {
      this.handler = new Utf8CheckingHandler(this.decoder, this.form);
    }
  }

  private remember(chunk: Buffer): void {
    const keep = this.rememberBytes;
    const joined = chunk.length >= keep ? chunk : Buffer.concat([this.recent, chunk]);
    this.recent = Buffer.from(joined.subarray(Math.max(0, joined.length - keep)));
  }
}
