import type { Schema } from '../../types/schema.js';
import type { BadRecord } from '../types.js';
import type { RowBatcher } from '../rowBatcher.js';
import type { CsvOptions } from './csvRowDecoder.js';
import { CsvRowDecoder } from './csvRowDecoder.js';
import { FileTextDecoder } from './fileText.js';
import { JsonArrayFramer } from './jsonArrayFramer.js';
import { JsonRowDecoder } from './jsonRowDecoder.js';
import { LineFramer } from './lineFramer.js';
import type { RecordFramer } from './recordFramer.js';
import type { RowDecoder } from './rowDecoder.js';
import type { FileFormat } from './schemaInference.js';

/** How the files of one source are decoded. */
export interface FileDecoding {
  readonly schema: Schema;
  readonly format: FileFormat;
  readonly csv: CsvOptions;
  readonly batcher: RowBatcher;
  readonly onBadRecord: (bad: BadRecord) => void;
}

/**
 * The reading state of one file: how many bytes were consumed (for tailing), the text decoder,
 * the record framer and the row decoder, all of which carry incomplete data across reads.
 */
export class FileCursor {
  /** Bytes consumed so far (of the file; of the decompressed text for gzip, which is never tailed). */
  position = 0;
  readonly text = new FileTextDecoder();
  readonly framer: RecordFramer;
  readonly decoder: RowDecoder;
  /** The last bytes consumed (up to `rememberBytes`), to recognise the file when it is checked again. */
  private recent = Buffer.alloc(0);

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
    this.framer = decoding.format === 'json' ? new JsonArrayFramer() : new LineFramer(decoding.format === 'csv' ? decoding.csv.quote : null);
    this.decoder =
      decoding.format === 'csv'
        ? new CsvRowDecoder(decoding.schema, decoding.csv, target)
        : new JsonRowDecoder(decoding.schema, target);
  }

  /** Decodes one chunk of bytes read from the file. */
  consume(chunk: Buffer): void {
    this.position += chunk.length;
    if (this.rememberBytes > 0) this.remember(chunk);
    this.decoder.now = Date.now();
    this.framer.feed(this.text.decode(chunk), this.decoder);
  }

  /** The last bytes consumed, ending at `position` (at most `rememberBytes` of them). */
  get recentBytes(): Buffer {
    return this.recent;
  }

  /** The file ended: decodes what is left. */
  finish(): void {
    const rest = this.text.end();
    if (rest !== '') this.framer.feed(rest, this.decoder);
    this.framer.finish(this.decoder);
  }

  private remember(chunk: Buffer): void {
    const keep = this.rememberBytes;
    const joined = chunk.length >= keep ? chunk : Buffer.concat([this.recent, chunk]);
    this.recent = Buffer.from(joined.subarray(Math.max(0, joined.length - keep)));
  }
}
